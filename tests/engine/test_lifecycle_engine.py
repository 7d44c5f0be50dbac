"""The engine backend's rename, pause, kill, top and container prune on a live engine: the
same models and the same words as the simulator of that engine's profile."""

from __future__ import annotations

import re
from typing import Any

import pytest
from engine_support import THIS_MACHINE

from coursekit.backends.base import ContainerSpec
from coursekit.backends.sim import SimBackend
from coursekit.errors import Conflict, DockerError


def _both(engine_backend: Any) -> tuple[Any, SimBackend]:
    """The live backend and a simulator of its profile, each with ``ra`` running."""
    sim = SimBackend(profile=engine_backend.profile(), **THIS_MACHINE)
    for backend in (engine_backend, sim):
        backend.create_container(ContainerSpec("busybox", ("sleep", "300"), name="ra"))
        backend.start("ra")
    return engine_backend, sim


def _message(call: Any) -> tuple[type[DockerError], str]:
    """The kind and words of the refusal ``call`` meets, its container ids blanked."""
    with pytest.raises(DockerError) as refused:
        call()
    return type(refused.value), re.sub(r"[0-9a-f]{64}", "<ID>", refused.value.message)


def test_pause_refuses_exec_as_the_simulator_does(engine_backend: Any) -> None:
    """Paused on both: state ``paused``, exec refused in the same words, address kept."""
    for backend in _both(engine_backend):
        backend.pause("ra")
        paused = backend.container("ra")
        assert (paused.state, paused.running, bool(paused.endpoints[0].ip)) == (
            "paused", True, True)
        with pytest.raises(Conflict, match="^Container ra is paused, unpause the container "
                           "before exec$"):
            backend.exec("ra", ("true",))
        backend.unpause("ra")


def test_kill_and_its_refusals_match(engine_backend: Any) -> None:
    """SIGKILL gives 137 on both; a second kill is refused in the same words."""
    live, sim = _both(engine_backend)
    for backend in (live, sim):
        backend.kill("ra")
        assert (backend.container("ra").state, backend.container("ra").exit_code) == (
            "exited", 137)
    assert _message(lambda: live.kill("ra")) == _message(lambda: sim.kill("ra"))
    assert _message(lambda: live.kill("ra", "bogus")) == _message(lambda: sim.kill("ra", "bogus"))


def test_rename_and_top(engine_backend: Any) -> None:
    """The new name is the container's; top lists its one process with the same titles."""
    for backend in _both(engine_backend):
        backend.rename("ra", "ra2")
        assert backend.container("ra2").name == "ra2"
        titles, rows = backend.top("ra2")
        assert titles == ("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD")
        assert [row[-1] for row in rows] == ["sleep 300"]


def test_prune_touches_only_the_labs_containers(engine_backend: Any, engine: Any) -> None:
    """A stopped container without the lab's label survives the lab's prune."""
    own = engine.containers.create("busybox", ["true"], name="not-the-labs")
    try:
        engine_backend.create_container(ContainerSpec("busybox", ("true",), name="spare"))
        spare = engine_backend.container("spare").id
        assert engine_backend.prune_containers()[0] == (spare,)
        assert engine.containers.get(own.id).status == "created"
    finally:
        own.remove(force=True)

"""The simulated daemon's rename, pause/unpause, kill, top and container prune, on both
profiles, with the daemon's words observed on engines 28.5 and 20.10."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from coursekit.backends.base import ContainerSpec, NetworkSpec
from coursekit.backends.sim import SimBackend
from coursekit.backends.sim.daemon.names import check_signal, parse_signal
from coursekit.errors import Conflict, InvalidArgument, NotFound
from coursekit.wire.status import Lifetime, read_status
from tests.sim.profile_labs import BOTH, run, sim


def _two_on_a_network(backend: SimBackend) -> None:
    backend.create_network(NetworkSpec("rn"))
    run(backend, "ra", "rn")
    run(backend, "rb", "rn")


@BOTH
def test_rename_moves_the_name_and_the_dns_names(engine: str) -> None:
    """After a rename the container answers to the new name only; its hostname stays."""
    backend = sim(engine)
    _two_on_a_network(backend)
    before = backend.container("ra")
    backend.rename("ra", "ra2")
    after = backend.container("ra2")
    assert (after.id, after.name, after.hostname) == (before.id, "ra2", before.hostname)
    assert "ra" not in after.endpoint("rn").dns_names  # type: ignore[union-attr]
    with pytest.raises(NotFound, match="^No such container: ra$"):
        backend.container("ra")


@BOTH
def test_rename_refusals_are_the_daemons(engine: str) -> None:
    """Same name, a name in use and an invalid name are refused as the daemon words them."""
    backend = sim(engine)
    _two_on_a_network(backend)
    rb = backend.container("rb").id
    with pytest.raises(InvalidArgument, match="^Renaming a container with the same name as "
                       "its current name$"):
        backend.rename("ra", "/ra")
    with pytest.raises(Conflict) as taken:
        backend.rename("ra", "rb")
    assert taken.value.message == (
        'Error when allocating new name: Conflict. The container name "/rb" is already in '
        f'use by container "{rb}". You have to remove (or rename) that container to be able '
        "to reuse that name.")
    with pytest.raises(InvalidArgument) as bad:
        backend.rename("ra", "xx!")
    assert bad.value.message == ("Error when allocating new name: Invalid container name "
                                 "(/xx!), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")


@BOTH
def test_paused_keeps_its_address_and_refuses_exec(engine: str) -> None:
    """Paused: state ``paused``, still up with its address; exec is refused, naming REF."""
    backend = sim(engine)
    _two_on_a_network(backend)
    address = backend.container("ra").endpoints[0].ip
    backend.pause("ra")
    paused = backend.container("ra")
    assert (paused.state, paused.running, paused.endpoints[0].ip) == ("paused", True, address)
    with pytest.raises(Conflict, match="^Container ra is paused, unpause the container "
                       "before exec$"):
        backend.exec("ra", ("true",))
    assert backend.snapshot().container("ra").state == "paused"  # type: ignore[union-attr]


@BOTH
def test_pause_and_unpause_refusals(engine: str) -> None:
    """Pausing twice, pausing a stopped one and unpausing a running one are refused."""
    backend = sim(engine)
    run(backend, "ra")
    ra = backend.container("ra").id
    backend.pause("ra")
    with pytest.raises(Conflict, match=f"^Container {ra} is already paused$"):
        backend.pause("ra")
    with pytest.raises(Conflict, match="^cannot start a paused container, try unpause instead$"):
        backend.start("ra")
    with pytest.raises(Conflict, match="^(cannot remove container \"ra\": container is paused "
                       "and must be unpaused first|You cannot remove a paused container "
                       f"{ra}. Unpause and then stop the container before attempting removal "
                       "or force remove)$"):
        backend.remove_container("ra")
    backend.unpause("ra")
    with pytest.raises(Conflict, match=f"^Container {ra} is not paused$"):
        backend.unpause("ra")
    backend.stop("ra")
    with pytest.raises(Conflict, match=f"^[cC]ontainer {ra} is not running$"):
        backend.pause("ra")


@pytest.mark.parametrize(("engine", "cannot", "container"), [
    ("28.5", "cannot", "container"), ("20.10", "Cannot", "Container")])
def test_kill_exits_137_and_releases_the_address(engine: str, cannot: str,
                                                 container: str) -> None:
    """SIGKILL: exited with 137, no address; a second kill is refused naming REF."""
    backend = sim(engine)
    run(backend, "kk")
    kk = backend.container("kk").id
    backend.kill("kk")
    killed = backend.container("kk")
    assert (killed.state, killed.exit_code, killed.endpoints[0].ip) == ("exited", 137, "")
    with pytest.raises(Conflict, match=f"^{cannot} kill container: kk: {container} {kk} is "
                       "not running$"):
        backend.kill("kk")
    with pytest.raises(NotFound, match=f"^{cannot} kill container: no: No such container: "
                       "no$"):
        backend.kill("no")


@pytest.mark.parametrize(("engine", "line", "message"), [
    ("28.5", ("bogus", "no"), "cannot kill container: no: invalid signal: bogus"),
    ("28.5", ("99", "no"), "cannot kill container: no: the linux daemon does not support "
                           "signal 99"),
    ("20.10", ("bogus", "no"), "Invalid signal: bogus"),
    ("20.10", ("99", "no"), "Cannot kill container: no: No such container: no"),
    ("20.10", ("99", "kk"), "Cannot kill container: kk: The linux daemon does not support "
                            "signal 99")])
def test_bad_signals_in_each_engines_order(engine: str, line: tuple[str, str],
                                           message: str) -> None:
    """28.5 checks the signal first, wrapped; 20.10 refuses a bad name unwrapped and an
    unknown number only once it found the container (observed on both)."""
    backend = sim(engine)
    run(backend, "kk")
    with pytest.raises((InvalidArgument, NotFound)) as refused:
        backend.kill(line[1], line[0])
    assert refused.value.message == message


@BOTH
def test_pid_1_without_handlers_ignores_term_and_hup(engine: str) -> None:
    """``sleep`` as PID 1 has no handlers: TERM, HUP and INT change nothing (observed)."""
    backend = sim(engine)
    run(backend, "k2")
    for signal in ("TERM", "SIGHUP", "int", "2"):
        backend.kill("k2", signal)
    assert backend.container("k2").state == "running"
    with pytest.raises(NotImplementedError, match="signal STOP"):
        backend.kill("k2", "STOP")  # the kernel stops even PID 1: not modelled


@BOTH
def test_kill_of_a_paused_container(engine: str) -> None:
    """SIGKILL ends a paused container too (exit 137)."""
    backend = sim(engine)
    run(backend, "ra")
    backend.pause("ra")
    backend.kill("ra", "9")
    assert (backend.container("ra").state, backend.container("ra").exit_code) == ("exited", 137)


def test_a_signal_a_server_handles_otherwise_is_not_simulated() -> None:
    """nginx handles TERM (exits as on stop); what HUP does to it is refused, not guessed."""
    backend = SimBackend()
    backend.create_container(ContainerSpec("nginx", name="web"))
    backend.start("web")
    with pytest.raises(NotImplementedError, match="signal HUP"):
        backend.kill("web", "HUP")
    assert backend.container("web").state == "running"
    backend.kill("web", "TERM")
    assert backend.container("web").state == "exited"


@pytest.mark.parametrize(("text", "number"), [
    ("KILL", 9), ("sigkill", 9), ("9", 9), ("TERM", 15), ("RTMIN", 34), ("RTMIN+3", 37),
    ("RTMAX-1", 63), ("CLD", 17), ("64", 64)])
def test_signal_names_and_numbers(text: str, number: int) -> None:
    """Names (any case, with or without SIG) and numbers, as moby/sys/signal reads them."""
    assert parse_signal(text) == number


@pytest.mark.parametrize(("text", "message"), [
    ("bogus", "invalid signal: bogus"), ("0", "invalid signal: 0"),
    ("99", "the linux daemon does not support signal 99"),
    ("32", "the linux daemon does not support signal 32"),
    ("-1", "the linux daemon does not support signal -1")])
def test_signal_refusals(text: str, message: str) -> None:
    """An unknown name or a number Linux lacks is refused in the daemon's words."""
    with pytest.raises(InvalidArgument, match=f"^{message}$"):
        check_signal(parse_signal(text))


@BOTH
def test_top_shows_the_main_process_with_inspects_pid(engine: str) -> None:
    """One ``ps -ef`` row: the main process, PID as ``State.Pid``; refused when not up."""
    backend = sim(engine)
    run(backend, "ra")
    titles, rows = backend.top("ra")
    assert titles == ("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD")
    assert rows[0][0] == "root" and rows[0][-1] == "sleep 1d" and rows[0][5] == "?"
    backend.stop("ra")
    with pytest.raises(Conflict, match="is not running$"):
        backend.top("ra")


@BOTH
def test_prune_removes_what_is_not_up_newest_first(engine: str) -> None:
    """Created and exited containers go, newest first; running and paused ones stay."""
    backend = sim(engine)
    run(backend, "old")
    backend.stop("old")
    created, _ = backend.create_container(ContainerSpec("busybox", ("true",), name="new"))
    run(backend, "up")
    run(backend, "frozen")
    backend.pause("frozen")
    old = backend.container("old").id
    assert backend.prune_containers() == ((created.id, old), 0)
    assert {c.name for c in backend.containers()} == {"up", "frozen"}
    assert backend.prune_containers() == ((), 0)


def test_a_paused_containers_list_status_reads_back() -> None:
    """``Up 3 seconds (Paused)`` in a container list gives the start 3.5 s before now."""
    now = datetime(2026, 12, 2, 1, 0, 0, tzinfo=timezone.utc)
    assert read_status("Up 3 seconds (Paused)", now) == Lifetime(
        started_at="2026-12-02T00:59:56.500000Z")

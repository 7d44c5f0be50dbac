"""Lab: choosing a backend, saying which, and answering even without an engine."""

from __future__ import annotations

import gc
import logging
import os
import socket
import subprocess
import sys
import warnings

import nbformat
import pytest
from engine_support import CANNOT, NOWHERE
from nbclient import NotebookClient

from coursekit import CommandResult, Lab
from coursekit.backends.engine.errors import knock
from coursekit.errors import DaemonUnavailable


@pytest.fixture
def no_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COURSEKIT_ENGINE", raising=False)


def test_auto_falls_back_to_the_simulator_and_says_why(no_daemon: None) -> None:
    """With no engine, Lab() uses the simulator, and its note gives the reason and the
    engine it plays in one line."""
    lab = Lab()
    assert lab.kind == "sim"
    assert lab.note == (f"coursekit: no Docker Engine reachable ({CANNOT}); using the "
                        "simulated Docker Engine 28.5.2+dfsg4")
    assert "\n" not in lab.note


@pytest.mark.parametrize(("engine", "version"), [(None, "28.5.2+dfsg4"),
                                                 ("28.5", "28.5.2+dfsg4"),
                                                 ("20.10", "20.10.24+dfsg1")])
def test_simulator_plays_the_engine_asked_for(no_override: None, engine: str | None,
                                              version: str) -> None:
    """Lab(backend="sim", engine=...) answers as that engine (28.5 by default) and says so."""
    lab = Lab(backend="sim", engine=engine)
    assert lab.note == f"coursekit: using the simulated Docker Engine {version}"
    assert lab.backend.version() == version == lab.snapshot().engine_version
    assert lab.backend.profile().server.version == version


def test_engine_variable_overrides_the_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    """COURSEKIT_ENGINE=20.10 wins over engine="28.5" (and picks the default's engine)."""
    monkeypatch.setenv("COURSEKIT_ENGINE", "20.10")
    assert Lab(backend="sim", engine="28.5").backend.version() == "20.10.24+dfsg1"
    assert Lab(backend="sim").sh("docker run -d --name c1 busybox sleep 1d").exit_code == 0


def test_unknown_engine_is_refused(no_override: None) -> None:
    """A typo in the engine name is a programming error, reported at once."""
    with pytest.raises(ValueError, match="engine must be one of 28.5, 20.10, not '27'"):
        Lab(backend="sim", engine="27")


def test_the_profiles_answer_differently(no_override: None) -> None:
    """The same line, two engines: 28.5's random MAC and first-free pool, 20.10's 02:42
    MAC and round-robin pool (tests/golden/*/02-ip-changes, 10-pools)."""
    lines = ["docker network create p1", "docker network rm p1", "docker network create p2",
             "docker run -d --name u1 busybox sleep 1d",
             "docker inspect -f '{{.NetworkSettings.MacAddress}}' u1",
             "docker network inspect p2 -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}'"]
    new, old = Lab(backend="sim", engine="28.5"), Lab(backend="sim", engine="20.10")
    *_, new_mac, new_subnet = [new.sh(line).stdout for line in lines]
    *_, old_mac, old_subnet = [old.sh(line).stdout for line in lines]
    assert (old_mac, old_subnet) == ("02:42:ac:11:00:02\n", "172.19.0.0/16\n")
    assert new_subnet == "172.18.0.0/16\n" and not new_mac.startswith("02:42")


def test_environment_variable_overrides_the_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    """COURSEKIT_BACKEND=sim wins over backend="docker"."""
    monkeypatch.setenv("COURSEKIT_BACKEND", "sim")
    assert Lab(backend="docker").kind == "sim"


def test_unknown_backend_is_refused() -> None:
    """A typo in the backend name is a programming error, reported at once."""
    with pytest.raises(ValueError, match="backend must be one of auto, sim, docker"):
        Lab(backend="simulator")


@pytest.mark.parametrize(("line", "stdout", "stderr", "code"), [
    ("docker ps", "", f"{CANNOT}\n", 1),
    ("docker network ls", "", f"{CANNOT}\n", 1),
    ("docker run -d busybox sleep 1d", "",
     f"docker: {CANNOT}\n\nRun 'docker run --help' for more information\n", 125),
    ("docker inspect u1", "[]\n", f"{CANNOT}\n", 1),
])
def test_missing_daemon_gets_the_clis_message(no_daemon: None, line: str, stdout: str,
                                              stderr: str, code: int) -> None:
    """Lab(backend="docker") without a daemon answers every line as the docker CLI does."""
    lab = Lab(backend="docker")
    assert lab.kind == "docker"
    assert lab.sh(line) == CommandResult(stdout, stderr, code)


def test_same_seed_same_output() -> None:
    """Two simulated labs with one seed print byte-identical ids, names and MACs."""
    lines = ["docker run -d busybox sleep 1d", "docker ps -a --no-trunc",
             "docker network create n1", "docker network ls --no-trunc",
             "docker network inspect -f '{{.Id}} {{.Created}}' n1"]
    first, second = Lab(backend="sim", seed=3), Lab(backend="sim", seed=3)
    assert [first.sh(x) for x in lines] == [second.sh(x) for x in lines]
    assert Lab(backend="sim", seed=4).sh(lines[0]) != Lab(backend="sim", seed=3).sh(lines[0])


def test_a_bug_reaches_the_learner_as_one_line_not_a_traceback() -> None:
    """If the library itself fails, sh() still returns a result naming the problem."""
    lab = Lab(backend="sim")

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    lab.backend.containers = broken  # type: ignore[method-assign]
    result = lab.sh("docker ps")
    assert result.exit_code == 1 and "internal error" in result.stderr and "boom" in result.stderr
    assert "Traceback" not in result.stderr


def test_reset_starts_over() -> None:
    """After reset() the simulated engine is fresh: no containers, only the three networks."""
    lab = Lab(backend="sim")
    lab.sh("docker network create n1")
    lab.sh("docker run -d --name c1 busybox sleep 1d")
    lab.reset()
    topo = lab.snapshot()
    assert topo.containers == () and sorted(n.name for n in topo.networks) == [
        "bridge", "host", "none"]


def test_lab_label_can_be_chosen(engine: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """COURSEKIT_LAB_LABEL keeps two labs on one engine apart: each resets only its own."""
    monkeypatch.delenv("COURSEKIT_BACKEND", raising=False)
    monkeypatch.setenv("COURSEKIT_LAB_LABEL", "test-label-a")
    first = Lab(backend="docker")
    monkeypatch.setenv("COURSEKIT_LAB_LABEL", "test-label-b")
    second = Lab(backend="docker")
    try:
        assert first.sh("docker network create test-label-net-a").exit_code == 0
        second.reset()
        assert "test-label-net-a" in first.sh("docker network ls").stdout
    finally:
        first.reset()
    assert "test-label-net-a" not in first.sh("docker network ls").stdout


class FakeIPython:
    """Records the line magics registered on it, by name."""

    def __init__(self) -> None:
        self.magics: dict[str, object] = {}

    def register_magic_function(self, func: object, magic_kind: str, magic_name: str) -> None:
        assert magic_kind == "line"
        self.magics[magic_name] = func


def test_register_magic_binds_docker_and_sh_to_this_lab() -> None:
    """After lab.register_magic(), `%docker ARGS` is lab.sh("docker ARGS") and `%sh` a host line."""
    lab, ipython = Lab(backend="sim"), FakeIPython()
    lab.register_magic(ipython)
    docker, sh = ipython.magics["docker"], ipython.magics["sh"]
    assert callable(docker) and callable(sh)
    assert docker("network ls --format '{{.Name}}'") == lab.sh(
        "docker network ls --format '{{.Name}}'")
    assert sh("hostname") == lab.sh("hostname")


def test_load_ext_coursekit_puts_a_fresh_lab_behind_the_magics(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`%load_ext coursekit` registers the magics on a default Lab()."""
    import coursekit

    monkeypatch.setenv("COURSEKIT_BACKEND", "sim")
    ipython = FakeIPython()
    coursekit.load_ipython_extension(ipython)
    docker = ipython.magics["docker"]
    assert callable(docker) and docker("ps -q") == CommandResult("", "", 0)


NOTE = (f"coursekit: no Docker Engine reachable ({CANNOT}); using the simulated Docker Engine "
        "28.5.2+dfsg4")
"""What ``Lab()`` says with no engine at ``NOWHERE`` (the simulator answers instead)."""


def test_lab_says_which_backend_it_chose_on_the_coursekit_logger(
        no_daemon: None, caplog: pytest.LogCaptureFixture) -> None:
    """Lab() records its choice once, at INFO on the ``coursekit`` logger; a lab whose
    backend the caller named (or built) chooses nothing and says nothing."""
    lab = Lab()
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == [
        ("coursekit", logging.INFO, NOTE)] and lab.note == NOTE
    caplog.clear()
    Lab(backend="sim")
    Lab(backend="docker")
    Lab.using(Lab(backend="sim").backend)
    assert caplog.records == []


def unforced() -> dict[str, str]:
    """This environment with no engine at NOWHERE and no backend or engine forced."""
    forced = ("COURSEKIT_BACKEND", "COURSEKIT_ENGINE")
    return {**{k: v for k, v in os.environ.items() if k not in forced}, "DOCKER_HOST": NOWHERE}


def run_script(code: str) -> subprocess.CompletedProcess[str]:
    """``python -c CODE`` in the :func:`unforced` environment."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=unforced(), timeout=60, check=True)


def test_in_a_script_the_line_goes_to_stderr() -> None:
    """A script that configured no logging sees the line once on stderr, nothing on stdout."""
    done = run_script("from coursekit import Lab; Lab(); Lab(backend='sim')")
    assert (done.stdout, done.stderr) == ("", NOTE + "\n")


def test_a_program_that_configured_logging_gets_the_record_once() -> None:
    """With the root logger configured, the record reaches its handler and nothing else
    writes it (no second copy on stderr)."""
    done = run_script("import logging; logging.basicConfig(format='%(name)s %(levelname)s: "
                      "%(message)s', level=logging.INFO); from coursekit import Lab; Lab()")
    assert done.stderr == f"coursekit INFO: {NOTE}\n"


def test_in_a_notebook_the_line_is_the_cells_plain_output() -> None:
    """In a Jupyter kernel the line is the cell's own plain-text output (no stderr box)."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from coursekit import Lab\nlab = Lab()\nlab2 = Lab(backend='sim')")])
    NotebookClient(nb, timeout=60, kernel_name="python3").execute(env=unforced())
    outputs = nb.cells[0].outputs
    assert [(o.output_type, o.data) for o in outputs] == [("display_data", {"text/plain": NOTE})]


def test_no_engine_leaves_no_socket_open(no_daemon: None) -> None:
    """Looking for an engine that is not there (Lab() and every line of an unreachable
    Lab(backend="docker")) closes each socket it opened: no ResourceWarning."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        Lab().sh("docker ps")
        assert Lab(backend="docker").sh("docker ps").exit_code == 1
        gc.collect()
    assert [str(w.message) for w in seen if w.category is ResourceWarning] == []


@pytest.mark.parametrize(("failure", "message"), [
    (FileNotFoundError(2, "No such file or directory"), CANNOT),
    (ConnectionRefusedError(111, "Connection refused"), CANNOT),
    (PermissionError(13, "Permission denied"),
     f"permission denied while trying to connect to the Docker daemon socket at {NOWHERE}: "
     'Get "http://%2Ftmp%2Fcoursekit-no-daemon.sock/v1.50/_ping": dial unix '
     "/tmp/coursekit-no-daemon.sock: connect: permission denied"),
])
def test_the_engine_probe_says_what_the_cli_says(monkeypatch: pytest.MonkeyPatch,
                                                 failure: OSError, message: str) -> None:
    """The probe of a unix socket reports a missing, refusing or forbidden socket in the
    docker CLI's words."""
    def connect(self: socket.socket, address: str) -> None:
        raise failure

    monkeypatch.setattr(socket.socket, "connect", connect)
    with pytest.raises(DaemonUnavailable) as caught:
        knock(NOWHERE)
    assert caught.value.message == message

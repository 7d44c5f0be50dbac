"""The Engine API server: the socket, the protocol, and the daemon's answers over HTTP.

Driven with the docker SDK (what coursekit's engine backend and learners' scripts use) and
with plain HTTP/1.1 over the unix socket where a test needs the bytes themselves.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

from coursekit import Lab
from coursekit.api import ServeError, Server
from coursekit.backends.engine.backend import EngineBackend
from coursekit.backends.sim.served import ServedSim
from coursekit.profiles import profile


class UnixHTTP(http.client.HTTPConnection):
    """http.client over a unix socket."""

    def __init__(self, path: str) -> None:
        super().__init__("localhost", timeout=10)
        self.path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(self.path)


def request(path: str, method: str, target: str, body: object = None
            ) -> tuple[int, dict[str, str], bytes]:
    conn = UnixHTTP(path)
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if data else {}
    try:
        conn.request(method, target, body=data, headers=headers)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "run"
    d.mkdir(mode=0o700)
    return d


@pytest.fixture(params=["28.5", "20.10"])
def served(request: pytest.FixtureRequest, folder: Path) -> Iterator[tuple[str, str]]:
    engine = str(request.param)
    path = str(folder / "docker.sock")
    running = Server(ServedSim(seed=0, profile=profile(engine))).start(socket=path)
    yield path, engine
    running.stop()


def client(path: str) -> docker.APIClient:
    return docker.APIClient(base_url=f"unix://{path}", version="auto", timeout=10)


def test_the_socket_is_private(served: tuple[str, str]) -> None:
    """The socket file is mode 0600: only its owner can drive the lab."""
    path, _ = served
    assert stat.S_IMODE(Path(path).stat().st_mode) == 0o600


@pytest.mark.parametrize("umask", [0o000, 0o177])
def test_the_folder_and_socket_are_private_whatever_the_umask(tmp_path: Path, umask: int
                                                              ) -> None:
    """A missing folder is made 0700 and the socket 0600 under a loose or a tight umask, and
    the process's umask is left as it was (a library must not change it under other
    threads: a child started meanwhile would inherit it, as CI once saw)."""
    old = os.umask(umask)
    try:
        running = Server(ServedSim()).start(socket=str(tmp_path / "new" / "run" / "d.sock"))
        try:
            assert os.umask(umask) == umask
            assert stat.S_IMODE((tmp_path / "new" / "run").stat().st_mode) == 0o700
            assert stat.S_IMODE(Path(running.socket).stat().st_mode) == 0o600
        finally:
            running.stop()
    finally:
        os.umask(old)


def test_a_folder_others_can_write_is_refused(tmp_path: Path) -> None:
    """A socket in a world-writable folder could be swapped by anyone: refused."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    with pytest.raises(ServeError, match="written by others"):
        Server(ServedSim()).start(socket=str(shared / "d.sock"))


def test_tcp_is_loopback_only() -> None:
    """TCP only on an explicit loopback address: the lab is never offered to the network."""
    with pytest.raises(ServeError, match="loopback"):
        Server(ServedSim()).start(tcp="0.0.0.0:2375")


def test_ping_carries_the_negotiation_headers(served: tuple[str, str]) -> None:
    """HEAD /_ping answers with the engine's API version and name, as a client negotiates."""
    path, engine = served
    status, headers, body = request(path, "HEAD", "/_ping")
    server = profile(engine).server
    assert status == 200 and body == b""
    assert headers["api-version"] == server.api_version
    assert headers["server"] == f"Docker/{server.version} (linux)"
    assert headers["ostype"] == "linux"
    assert request(path, "GET", "/_ping")[2] == b"OK"


def test_versions_outside_the_engines_range_are_refused(served: tuple[str, str]) -> None:
    """A client version above the maximum or below the minimum: the daemon's 400."""
    path, engine = served
    server = profile(engine).server
    status, _, body = request(path, "GET", "/v9.99/version")
    assert status == 400
    assert json.loads(body)["message"] == (
        f"client version 9.99 is too new. Maximum supported API version is {server.api_version}")
    status, _, body = request(path, "GET", "/v1.0/version")
    assert status == 400 and "is too old" in json.loads(body)["message"]


def test_unknown_and_unsimulated_routes(served: tuple[str, str]) -> None:
    """No route: 404 page not found; a Docker route the lab does not simulate: 400, one
    coursekit line (what the CLI prints after "Error response from daemon:")."""
    path, _ = served
    status, _, body = request(path, "GET", "/nothing/here")
    assert (status, json.loads(body)) == (404, {"message": "page not found"})
    status, _, body = request(path, "GET", "/volumes")
    assert status == 400 and json.loads(body)["message"].startswith("coursekit: ")


def test_errors_carry_the_daemons_words_and_status(served: tuple[str, str]) -> None:
    """A missing container is 404 "No such container: x"; a name in use is 409."""
    path, _ = served
    status, _, body = request(path, "GET", "/containers/nosuch/json")
    assert (status, json.loads(body)["message"]) == (404, "No such container: nosuch")
    api = client(path)
    api.create_container("busybox", "true", name="dup")
    with pytest.raises(docker.errors.APIError) as err:
        api.create_container("busybox", "true", name="dup")
    assert err.value.status_code == 409 and "already in use" in err.value.explanation


def test_unmodelled_create_fields_are_refused_not_ignored(served: tuple[str, str]) -> None:
    """A HostConfig field the lab does not model (memory) answers one coursekit line and
    creates nothing."""
    path, _ = served
    api = client(path)
    config = api.create_host_config(mem_limit="64m")
    with pytest.raises(docker.errors.APIError) as err:
        api.create_container("busybox", "true", name="big", host_config=config)
    assert err.value.status_code == 400 and "Memory" in err.value.explanation
    assert api.containers(all=True, filters={"name": "big"}) == []


def test_a_container_runs_and_execs_through_the_sdk(served: tuple[str, str]) -> None:
    """create, start, exec (with its exit code), inspect: what the engine backend does."""
    path, engine = served
    api = client(path)
    net = api.create_network("lab1", driver="bridge")
    c = api.create_container("busybox", ["sleep", "300"], name="c1",
                             host_config=api.create_host_config(network_mode="lab1"))
    api.start(c["Id"])
    exec_id = api.exec_create(c["Id"], ["ping", "-c", "1", "-W", "1", "c1"])["Id"]
    output = api.exec_start(exec_id, demux=True)
    assert b"1 packets received" in output[0]
    assert api.exec_inspect(exec_id)["ExitCode"] == 0
    missing = api.exec_create(c["Id"], ["nosuch"])["Id"]
    api.exec_start(missing)
    # as each engine's goldens recorded: 28.5 says 127, 20.10 126
    assert api.exec_inspect(missing)["ExitCode"] == (127 if engine == "28.5" else 126)
    doc = api.inspect_container("c1")
    assert doc["State"]["Running"] and net["Id"] == doc["NetworkSettings"]["Networks"][
        "lab1"]["NetworkID"]


def test_wait_answers_once_the_container_ends(served: tuple[str, str]) -> None:
    """POST /wait blocks until the exit, then gives its code."""
    path, _ = served
    api = client(path)
    c = api.create_container("busybox", ["sh", "-c", "exit 3"], name="three")
    api.start(c["Id"])
    assert api.wait(c["Id"], timeout=5)["StatusCode"] == 3
    c = api.create_container("busybox", ["sleep", "300"], name="long")
    api.start(c["Id"])
    with pytest.raises(Exception):  # noqa: B017  (a read timeout: still running)
        client(path).wait(c["Id"], timeout=1)
    api.kill(c["Id"])
    assert api.wait(c["Id"], timeout=5)["StatusCode"] == 137


def test_the_notebook_and_the_server_share_one_lab(folder: Path) -> None:
    """Lab.serve: what a client creates, lab.sh sees, and the other way round."""
    lab = Lab(backend="sim")
    running = lab.serve(str(folder / "d.sock"), wall_clock=False)
    try:
        api = client(str(folder / "d.sock"))
        lab.sh("docker network create fromcell")
        assert "fromcell" in [n["Name"] for n in api.networks()]
        c = api.create_container("busybox", ["sleep", "300"], name="fromapi")
        api.start(c["Id"])
        assert "fromapi" in lab.sh("docker ps --format '{{.Names}}'").stdout
    finally:
        running.stop()
    assert not (folder / "d.sock").exists()


def test_coursekit_serve_stops_cleanly_on_sigterm(folder: Path) -> None:
    """`coursekit serve` answers until SIGTERM, then removes its socket and exits 0."""
    path = folder / "d.sock"
    proc = subprocess.Popen([sys.executable, "-m", "coursekit", "serve", "--socket",
                             str(path), "--engine", "20.10"], stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            if path.exists():
                break
            time.sleep(0.05)
        assert client(str(path)).version()["ApiVersion"] == "1.41"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert not path.exists()
    assert b"export DOCKER_HOST=unix://" in err


def test_a_notebook_on_a_served_lab_has_the_simulated_host(folder: Path) -> None:
    """Through the engine backend, a served lab's host commands (iptables, ip netns) run on
    the simulated host, as on the simulator; reset starts the whole lab over."""
    lab = Lab(backend="sim")
    running = lab.serve(str(folder / "d.sock"), wall_clock=False)
    try:
        sdk = docker.DockerClient(base_url=running.docker_host, version="auto", timeout=10)
        served = Lab.using(EngineBackend(client=sdk))
        served.sh("docker network create lab1")
        assert served.sh("iptables -S").stdout == lab.sh("iptables -S").stdout
        assert "-A DOCKER-ISOLATION" in served.sh("iptables -S").stdout
        assert served.sh("ip netns add red").exit_code == 0
        assert lab.sh("ip netns list").stdout == "red\n"
        lab.sh("docker run -d --name fromterm busybox sleep 300")
        served.reset()
        assert lab.sh("docker ps -a -q").stdout == ""
        assert lab.sh("ip netns list").stdout == ""
        sdk.close()
    finally:
        running.stop()


def test_lab_in_auto_mode_names_the_coursekit_server(folder: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Lab() finds the server behind DOCKER_HOST, says it is coursekit's simulator (not a
    Docker Engine), and drives the same lab."""
    lab = Lab(backend="sim", engine="20.10")
    running = lab.serve(str(folder / "d.sock"), wall_clock=False)
    try:
        monkeypatch.setenv("DOCKER_HOST", running.docker_host)
        monkeypatch.delenv("COURSEKIT_BACKEND", raising=False)
        other = Lab()
        assert other.kind == "docker"
        assert other.note == (f"coursekit: using the coursekit server at {running.docker_host}"
                              " (the simulated Docker Engine 20.10.24+dfsg1, shared with its "
                              "terminals)")
        other.sh("docker network create seen")
        assert "seen" in lab.sh("docker network ls").stdout
        other.backend.client.close()  # type: ignore[attr-defined]
    finally:
        running.stop()


def test_a_second_server_does_not_take_a_live_socket(served: tuple[str, str]) -> None:
    """Serving on a socket another server listens at is refused (the first keeps it)."""
    path, _ = served
    with pytest.raises(ServeError, match="another server listens"):
        Server(ServedSim()).start(socket=path)
    assert request(path, "GET", "/_ping")[0] == 200


@pytest.mark.parametrize(("target", "body", "field"), [
    ("/containers/create", {"Image": "busybox", "Cmd": 5}, "Cmd"),
    ("/containers/create", {"Image": "busybox", "HostConfig": []}, "HostConfig"),
    ("/containers/create", {"Image": "busybox", "HostConfig": {"PortBindings": {"80/tcp": 3}}},
     "PortBindings"),
    ("/networks/create", {"Name": "n1", "IPAM": {"Config": [None, 7]}}, "IPAM.Config"),
    ("/networks/create", {"Name": "n1", "Labels": {"a": 1}}, "Labels"),
])
def test_a_value_of_the_wrong_type_is_refused_as_the_decoder_does(
        served: tuple[str, str], target: str, body: object, field: str) -> None:
    """A body field of the wrong JSON type: 400 and the decoder's words, nothing made."""
    path, _ = served
    status, _, answer = request(path, "POST", target, body)
    message = json.loads(answer)["message"]
    assert status == 400 and message.startswith("json: cannot unmarshal") and field in message
    assert json.loads(request(path, "GET", "/containers/json?all=1")[2]) == []
    assert "n1" not in [n["Name"] for n in json.loads(request(path, "GET", "/networks")[2])]

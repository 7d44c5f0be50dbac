"""EngineBackend against a real Docker Engine: models, errors, exec, and a safe reset.

Every resource is named ``he5<run>...`` and labelled with a value unique to the test,
so tests sharing an engine never touch each other's (or anybody else's) resources.
"""

from __future__ import annotations

import contextlib
import gc
import ipaddress
import random
import socket
import threading
import uuid
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import docker
import pytest
import requests
import urllib3

from coursekit import errors
from coursekit.backends.base import LAB_LABEL, Backend, ContainerSpec, NetworkSpec
from coursekit.backends.engine.backend import EngineBackend
from coursekit.backends.engine.errors import translate
from coursekit.backends.engine.iface import parse_ip_addr
from coursekit.models import NetworkMode, PortBinding
from coursekit.wire import decode_network, default_gateway

SLEEP = ("sleep", "1d")


@pytest.fixture
def prefix(lab_label: str) -> str:
    """A name prefix unique to this test run (``he5`` + 8 hex)."""
    return "he5" + lab_label[-8:]


def run(backend: EngineBackend, spec: ContainerSpec) -> Any:
    container, _ = backend.create_container(spec)
    return backend.start(container.id)


def user_network(backend: EngineBackend, name: str, **kw: Any) -> Any:
    """A labelled user network on a random 10.x.y.0/24 (retrying if another holds it)."""
    for _ in range(10):
        subnet = f"10.{random.randint(150, 250)}.{random.randint(0, 255)}.0/24"
        try:
            return backend.create_network(NetworkSpec(name=name, subnet=subnet, **kw))
        except errors.DockerError as exc:
            if "overlaps" not in exc.message:
                raise
    raise AssertionError("no free subnet found")


@pytest.mark.engine
def test_engine_backend_implements_the_protocol(engine_backend: EngineBackend) -> None:
    """EngineBackend satisfies the Backend protocol (statically and at run time)."""
    backend: Backend = engine_backend
    assert isinstance(backend, Backend) and backend.name == "docker"


# --- a daemon that is missing, refuses, or dies ------------------------------------


def test_missing_daemon_gives_the_cli_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """With nothing listening at DOCKER_HOST, construction fails with the CLI's own line."""
    host = f"unix:///tmp/he5-none-{uuid.uuid4().hex[:8]}.sock"
    monkeypatch.setenv("DOCKER_HOST", host)
    with pytest.raises(errors.DaemonUnavailable) as info:
        EngineBackend()
    assert str(info.value) == (f"Cannot connect to the Docker daemon at {host}. "
                               "Is the docker daemon running?")
    assert info.value.exit_code == 1 and info.value.from_daemon is False


def test_given_client_without_daemon_gives_the_cli_message() -> None:
    """A client pointed at a dead socket is refused the same way at construction."""
    client = docker.DockerClient(base_url="unix:///tmp/he5-none.sock", version="1.41")
    with pytest.raises(errors.DaemonUnavailable, match=r"^Cannot connect to the Docker daemon "
                       r"at unix:///tmp/he5-none\.sock\. Is the docker daemon running\?$"):
        EngineBackend(client=client)


def test_permission_denied_gives_the_cli_message() -> None:
    """EACCES on the socket reads as CLI 28 prints it, naming the request's path."""
    request = requests.Request("GET", "http+docker://localhost/v1.41/containers/json").prepare()
    reason = urllib3.exceptions.ProtocolError("Connection aborted.",
                                              PermissionError(13, "Permission denied"))
    exc = requests.exceptions.ConnectionError(reason, request=request)
    mapped = translate(exc, "unix:///var/run/docker.sock")
    assert isinstance(mapped, errors.DaemonUnavailable)
    assert str(mapped) == (
        "permission denied while trying to connect to the Docker daemon socket at "
        'unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.50/'
        'containers/json": dial unix /var/run/docker.sock: connect: permission denied')


class SocketProxy:
    """A unix socket relaying to the engine's, which the test can pull the plug on."""

    def __init__(self, path: str, target: str = "/var/run/docker.sock") -> None:
        self.path, self.target = path, target
        self.listener = socket.socket(socket.AF_UNIX)
        self.listener.bind(path)
        self.listener.listen()
        self.open: list[socket.socket] = [self.listener]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.socket(socket.AF_UNIX)
            upstream.connect(self.target)
            self.open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass

    def kill(self) -> None:
        for s in self.open:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
        Path(self.path).unlink()


@pytest.mark.engine
def test_daemon_dying_mid_lesson_gives_the_cli_message(engine: Any, lab_label: str) -> None:
    """Once the daemon's socket goes away, every call says the daemon cannot be reached."""
    path = f"/tmp/he5-proxy-{uuid.uuid4().hex[:8]}.sock"
    proxy = SocketProxy(path)
    client = docker.DockerClient(base_url=f"unix://{path}", version="auto")
    backend = EngineBackend(client=client, label_value=lab_label)
    assert backend.version()
    proxy.kill()
    message = f"Cannot connect to the Docker daemon at unix://{path}. Is the docker daemon running?"
    with warnings.catch_warnings():
        # docker-py leaves the socket of a failed connect to the garbage collector (a
        # ResourceWarning): once per call here, where the daemon goes away mid-lesson.
        warnings.simplefilter("ignore", ResourceWarning)
        for call in (backend.networks, backend.containers, lambda: backend.container("x")):
            with pytest.raises(errors.DaemonUnavailable) as info:
                call()
            assert str(info.value) == message
            del info
        gc.collect()
    client.close()


# --- reset and prune touch only the lab's own resources ----------------------------


@pytest.mark.engine
def test_reset_removes_only_this_labs_resources(engine: Any, engine_backend: EngineBackend,
                                                prefix: str) -> None:
    """reset() removes this lab's containers and networks, not unlabelled or other labs'."""
    other = EngineBackend(client=engine, label_value=f"{engine_backend.label_value}-other")
    free_net = engine.api.create_network(f"{prefix}-free", check_duplicate=True)["Id"]
    free_c = engine.api.create_container("busybox", SLEEP, name=f"{prefix}-free")["Id"]
    try:
        net = user_network(engine_backend, f"{prefix}-net")
        mine = run(engine_backend, ContainerSpec("busybox", SLEEP, name=f"{prefix}-mine",
                                                 network=NetworkMode.parse(net.name)))
        theirs, _ = other.create_container(ContainerSpec("busybox", SLEEP, name=f"{prefix}-th"))
        engine_backend.reset()
        remaining = {c.id for c in engine_backend.containers()}
        assert mine.id not in remaining
        assert {free_c, theirs.id} <= remaining
        names = {n.name for n in engine_backend.networks()}
        assert net.name not in names and f"{prefix}-free" in names
    finally:
        other.reset()
        engine.api.remove_container(free_c, force=True)
        engine.api.remove_network(free_net)


@pytest.mark.engine
def test_prune_removes_only_labelled_unused_networks(engine: Any, engine_backend: EngineBackend,
                                                     prefix: str) -> None:
    """prune_networks() removes the lab's unused networks and leaves a learner's own."""
    free_net = engine.api.create_network(f"{prefix}-free", check_duplicate=True)["Id"]
    try:
        net = user_network(engine_backend, f"{prefix}-net")
        assert engine_backend.prune_networks() == (net.name,)
        names = {n.name for n in engine_backend.networks()}
        assert f"{prefix}-free" in names and net.name not in names
    finally:
        engine.api.remove_network(free_net)


@pytest.mark.engine
def test_everything_created_carries_the_lab_label(engine_backend: EngineBackend,
                                                  prefix: str) -> None:
    """Networks and containers the lab creates carry io.coursekit.lab=<label value>."""
    net = user_network(engine_backend, f"{prefix}-net", labels=(("k", "v"),))
    c, _ = engine_backend.create_container(ContainerSpec("busybox", name=f"{prefix}-c"))
    assert ("k", "v") in net.labels, "the learner's labels are kept"
    assert LAB_LABEL not in dict(net.labels) and LAB_LABEL not in dict(c.labels), \
        "the lab's bookkeeping label is not shown"
    raw = engine_backend.api.inspect_network(net.id)["Labels"]
    assert raw[LAB_LABEL] == engine_backend.label_value, "but the engine carries it"


# --- conversions: the modes, a user network, stopped containers --------------------


@pytest.mark.engine
def test_default_bridge_container(engine_backend: EngineBackend, prefix: str) -> None:
    """A plain run: mode default, one bridge endpoint on eth0 inside 172.17/16-like subnet."""
    c = run(engine_backend, ContainerSpec("busybox", SLEEP, name=f"{prefix}-b"))
    bridge = engine_backend.network("bridge")
    unnamed = "bridge" if engine_backend.profile().name == "28.5" else "default"  # 20.10
    assert (c.state, str(c.network_mode), c.name) == ("running", unnamed, f"{prefix}-b")
    assert c.command == SLEEP
    (ep,) = c.endpoints
    assert ep.network_name == "bridge" and ep.network_id == bridge.id
    assert ipaddress.ip_address(ep.ip) in ipaddress.ip_network(bridge.subnet or "")
    assert ep.gateway == bridge.gateway and bridge.bridge == "docker0"
    assert c.hostname == c.id[:12]
    live = engine_backend.snapshot().container(c.id)
    assert live is not None and live.endpoints[0].ifname == "eth0"
    eth0 = next(i for i in live.interfaces if i.name == "eth0")
    assert eth0.ipv4 == (ep.cidr,) and eth0.mac == ep.mac and eth0.peer_index is not None
    assert eth0.kind == "veth" and [i.name for i in live.interfaces] == ["lo", "eth0"]
    member = next(m for m in engine_backend.network("bridge").members if m.container_id == c.id)
    assert (member.name, member.ipv4, member.mac) == (c.name, ep.cidr, ep.mac)


@pytest.mark.engine
def test_host_mode_container(engine_backend: EngineBackend, prefix: str) -> None:
    """Host mode: the daemon warns about -p; no address; it sees the host's interfaces."""
    c, warnings = engine_backend.create_container(ContainerSpec(
        "busybox", SLEEP, name=f"{prefix}-h", network=NetworkMode("host"),
        ports=(PortBinding(80, "tcp", "", 8090),)))
    assert warnings == ("Published ports are discarded when using host network mode",)
    engine_backend.start(c.id)
    topo = engine_backend.snapshot()
    live = topo.container(c.id)
    assert live is not None and str(live.network_mode) == "host" and live.ports == ()
    assert [(e.network_name, e.ip) for e in live.endpoints] == [("host", "")]
    assert {i.name for i in live.interfaces} == {i.name for i in topo.host_interfaces}
    assert any(i.name == "docker0" and i.kind == "bridge" for i in topo.host_interfaces)


@pytest.mark.engine
def test_none_mode_container(engine_backend: EngineBackend, prefix: str) -> None:
    """None mode: a 'none' endpoint without an address, and only lo inside."""
    spec = ContainerSpec("busybox", SLEEP, name=f"{prefix}-n", network=NetworkMode("none"))
    c = run(engine_backend, spec)
    assert str(c.network_mode) == "none"
    assert [(e.network_name, e.ip, e.mac) for e in c.endpoints] == [("none", "", "")]
    live = engine_backend.snapshot().container(c.id)
    assert live is not None and [(i.name, i.kind) for i in live.interfaces] == [("lo", "loopback")]


@pytest.mark.engine
def test_container_mode_shares_the_owners_namespace(engine_backend: EngineBackend,
                                                    prefix: str) -> None:
    """container:NAME is stored with the owner's full id, has no endpoints, sees its eth0."""
    owner = run(engine_backend, ContainerSpec("busybox", SLEEP, name=f"{prefix}-o"))
    guest = run(engine_backend, ContainerSpec("busybox", SLEEP, name=f"{prefix}-g",
                                              network=NetworkMode.parse(f"container:{owner.name}")))
    assert str(guest.network_mode) == f"container:{owner.id}" and guest.namespace_owner == owner.id
    assert guest.endpoints == ()
    live = engine_backend.snapshot().container(guest.id)
    assert live is not None
    assert [i.ipv4 for i in live.interfaces if i.name == "eth0"] == [(owner.endpoints[0].cidr,)]


@pytest.mark.engine
def test_user_network_with_ip_and_alias(engine_backend: EngineBackend, prefix: str) -> None:
    """--ip and --network-alias land on the endpoint; the network lists the member."""
    net = user_network(engine_backend, f"{prefix}-net")
    subnet = ipaddress.ip_network(net.subnet or "")
    ip = str(subnet.network_address + 9)
    c = run(engine_backend, ContainerSpec("busybox", SLEEP, name=f"{prefix}-u",
                                          network=NetworkMode.parse(net.name),
                                          ip=ip, aliases=("web",)))
    assert (net.driver, net.bridge, net.gateway) == ("bridge", f"br-{net.id[:12]}",
                                                    str(subnet.network_address + 1))
    assert net.ipam_gateway_shown is False  # --subnet without --gateway: IPAM lists no Gateway
    (ep,) = c.endpoints
    assert (ep.network_name, ep.ip, ep.requested_ip, ep.prefixlen) == (net.name, ip, ip, 24)
    assert ep.gateway == net.gateway and ep.aliases[0] == "web"
    member = engine_backend.network(net.name).members[0]
    assert (member.container_id, member.ipv4) == (c.id, f"{ip}/24")


@pytest.mark.engine
def test_network_with_gateway_and_range(engine_backend: EngineBackend, prefix: str) -> None:
    """An explicit --gateway shows in IPAM; without one the range's first address serves."""
    shown = user_network(engine_backend, f"{prefix}-g")
    subnet = ipaddress.ip_network(shown.subnet or "")
    engine_backend.remove_network(shown.id)
    gw = str(subnet.network_address + 254)
    net = engine_backend.create_network(NetworkSpec(f"{prefix}-g", subnet=str(subnet), gateway=gw))
    assert (net.gateway, net.ipam_gateway_shown) == (gw, True)
    engine_backend.remove_network(net.id)
    rng = f"{subnet.network_address + 128}/25"
    ranged = engine_backend.create_network(NetworkSpec(f"{prefix}-g", subnet=str(subnet),
                                                       ip_range=rng))
    c = run(engine_backend, ContainerSpec("busybox", SLEEP, name=f"{prefix}-r",
                                          network=NetworkMode.parse(ranged.name)))
    assert ranged.ip_range == rng and c.endpoints[0].gateway == ranged.gateway


@pytest.mark.engine
def test_stopped_and_created_containers(engine_backend: EngineBackend, prefix: str) -> None:
    """A stopped container keeps its attachment without runtime fields; created never ran."""
    created, _ = engine_backend.create_container(
        ContainerSpec("busybox", SLEEP, name=f"{prefix}-c"))
    assert created.state == "created" and created.started_at.startswith("0001-")
    c = run(engine_backend, ContainerSpec("busybox", SLEEP, name=f"{prefix}-s"))
    stopped = engine_backend.stop(c.id)
    assert (stopped.state, stopped.exit_code) == ("exited", 137)  # PID 1 ignores SIGTERM
    (ep,) = stopped.endpoints
    assert ep.network_id == c.endpoints[0].network_id
    assert (ep.ip, ep.mac, ep.endpoint_id, ep.gateway, ep.prefixlen) == ("", "", "", "", 0)
    assert engine_backend.snapshot().container(c.id).interfaces == ()  # type: ignore[union-attr]
    assert engine_backend.restart(c.id).state == "running"


@pytest.mark.engine
def test_published_ports(engine_backend: EngineBackend, prefix: str) -> None:
    """-p 127.0.0.1::80 asks for any port; the live binding names the one given."""
    c = run(engine_backend, ContainerSpec("busybox", SLEEP, name=f"{prefix}-p",
                                          ports=(PortBinding(80, "tcp", "127.0.0.1", 0),)))
    assert c.port_requests == (PortBinding(80, "tcp", "127.0.0.1", 0),)
    (live,) = c.ports
    assert (live.container_port, live.host_ip) == (80, "127.0.0.1") and live.host_port > 0
    assert c.exposed == ("80/tcp",)


@pytest.mark.engine
def test_connect_orders_endpoints_by_interface(engine_backend: EngineBackend, prefix: str) -> None:
    """network connect adds eth1; the snapshot lists endpoints eth0 then eth1."""
    net = user_network(engine_backend, f"{prefix}-zz")
    c = run(engine_backend, ContainerSpec("busybox", SLEEP, name=f"{prefix}-m",
                                          network=NetworkMode.parse(net.name)))
    engine_backend.connect("bridge", c.id)
    live = engine_backend.snapshot().container(c.id)
    assert live is not None
    assert [(e.network_name, e.ifname) for e in live.endpoints] == [(net.name, "eth0"),
                                                                   ("bridge", "eth1")]
    engine_backend.disconnect("bridge", c.id)
    assert [e.network_name for e in engine_backend.container(c.id).endpoints] == [net.name]


# --- daemon errors carry the daemon's text -----------------------------------------


@pytest.mark.engine
def test_daemon_errors_map_to_coursekit_errors(engine_backend: EngineBackend, prefix: str) -> None:
    """404/409/400/403 become NotFound/Conflict/InvalidArgument/Forbidden with daemon text."""
    with pytest.raises(errors.NotFound, match=f"^network {prefix}-x not found$"):
        engine_backend.network(f"{prefix}-x")
    with pytest.raises(errors.NotFound, match=f"^No such container: {prefix}-x$"):
        engine_backend.container(f"{prefix}-x")
    with pytest.raises(errors.Forbidden,
                       match="^bridge is a pre-defined network and cannot be removed$"):
        engine_backend.remove_network("bridge")
    with pytest.raises(errors.InvalidArgument, match=r"^Invalid container name \(a\)"):
        engine_backend.create_container(ContainerSpec("busybox", name="a"))
    _c, _ = engine_backend.create_container(ContainerSpec("busybox", name=f"{prefix}-d"))
    with pytest.raises(errors.Conflict, match=f'^Conflict. The container name "/{prefix}-d"'):
        engine_backend.create_container(ContainerSpec("busybox", name=f"{prefix}-d"))


@pytest.mark.engine
def test_start_failure_carries_the_container(engine_backend: EngineBackend, prefix: str) -> None:
    """--ip on the default bridge: 20.10 creates it, then StartFailed with the daemon's
    reason; 28.5 refuses at create, with both reasons, and leaves nothing behind."""
    spec = ContainerSpec("busybox", SLEEP, name=f"{prefix}-i", ip="172.17.0.250")
    if engine_backend.profile().name == "28.5":
        with pytest.raises(errors.InvalidArgument) as refused:
            engine_backend.create_container(spec)
        assert refused.value.message == (
            "invalid config for network bridge: invalid endpoint settings:\n"
            "* user specified IP address is supported on user defined networks only\n"
            "* user specified IP address is supported only when connecting to networks with "
            "user configured subnets")
        assert f"{prefix}-i" not in {c.name for c in engine_backend.containers()}
        return
    c, _ = engine_backend.create_container(spec)
    with pytest.raises(errors.StartFailed) as info:
        engine_backend.start(c.id)
    assert info.value.message == ("user specified IP address is supported on user defined "
                                  "networks only")
    assert info.value.container_id == c.id
    assert engine_backend.container(c.id).state == "created"


# --- commands -----------------------------------------------------------------------


@pytest.mark.engine
def test_exec_splits_streams_and_exit_code(engine_backend: EngineBackend, prefix: str) -> None:
    """exec returns stdout, stderr and the exit code apart; argv is never a shell line."""
    c = run(engine_backend, ContainerSpec("busybox", SLEEP, name=f"{prefix}-e"))
    r = engine_backend.exec(c.id, ("sh", "-c", "echo out; echo err >&2; exit 3"))
    assert (r.stdout, r.stderr, r.exit_code) == ("out\n", "err\n", 3)
    assert engine_backend.exec(c.id, ("echo", "a;b", "$HOME")).stdout == "a;b $HOME\n"
    missing = engine_backend.exec(c.id, ("nosuch",))
    code = 127 if engine_backend.profile().name == "28.5" else 126
    assert missing.exit_code == code and "executable file not found" in missing.stdout
    engine_backend.stop(c.id)
    word = "container" if engine_backend.profile().name == "28.5" else "Container"
    with pytest.raises(errors.Conflict, match=f"^{word} {c.id} is not running$"):
        engine_backend.exec(c.id, ("true",))


@pytest.mark.engine
def test_logs_keep_streams_apart(engine_backend: EngineBackend, prefix: str) -> None:
    """logs(ref) returns what the main process wrote to stdout and to stderr."""
    c = run(engine_backend, ContainerSpec("busybox", ("sh", "-c", "echo out; echo err >&2"),
                                          name=f"{prefix}-l"))
    engine_backend.api.wait(c.id, timeout=30)
    r = engine_backend.logs(c.id)
    assert (r.stdout, r.stderr) == ("out\n", "err\n")


@pytest.mark.engine
def test_host_exec_runs_on_the_host_and_leaves_nothing(engine_backend: EngineBackend) -> None:
    """host_exec runs in a host-network helper (host's hostname) removed afterwards."""
    r = engine_backend.host_exec(("hostname",))
    assert r.exit_code == 0 and r.stdout.strip() == engine_backend.snapshot().host_name
    assert engine_backend.api.containers(all=True, filters=engine_backend.label_filter) == []


@pytest.mark.engine
def test_version_clock_and_images(engine_backend: EngineBackend) -> None:
    """version() is the server's, now() the engine's clock, images() lists busybox:latest."""
    assert engine_backend.version() == engine_backend.api.version()["Version"]
    assert abs((engine_backend.now() - datetime.now(timezone.utc)).total_seconds()) < 30
    assert "busybox:latest" in engine_backend.images()


@pytest.mark.engine
def test_snapshot_names_the_engine(engine_backend: EngineBackend) -> None:
    """A snapshot says which backend and engine version it comes from."""
    topo = engine_backend.snapshot()
    assert topo.backend == "docker" and topo.engine_version == engine_backend.version()



@pytest.mark.engine
def test_links_are_kept_as_target_alias_pairs(engine_backend: EngineBackend, prefix: str) -> None:
    """--link a:alias (HostConfig.Links /a:/b/alias) is kept in the models' form: a:alias."""
    a = run(engine_backend, ContainerSpec("busybox", SLEEP, name=f"{prefix}-a"))
    b = run(engine_backend, ContainerSpec("busybox", SLEEP, name=f"{prefix}-b",
                                          links=(f"{a.name}:al",)))
    assert b.links == (f"{a.name}:al",)
    hosts = engine_backend.exec(b.id, ("cat", "/etc/hosts")).stdout
    assert f"{a.endpoints[0].ip}\tal {a.id[:12]} {a.name}\n" in hosts


# --- pure conversions (no engine needed) ---------------------------------------------

IP_ADDR = """\
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
5: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue
    link/ether 02:42:c2:b9:87:b7 brd ff:ff:ff:ff:ff:ff
    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0
26: veth2033a86@if25: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue master docker0
    link/ether b2:bf:a9:ea:1c:b6 brd ff:ff:ff:ff:ff:ff
"""


def test_parse_ip_addr_reads_index_peer_flags_and_addresses() -> None:
    """busybox `ip addr` becomes Interfaces with kind, peer, master, carrier and addresses."""
    lo, docker0, veth = parse_ip_addr(IP_ADDR)
    assert (lo.index, lo.kind, lo.ipv4, lo.mtu) == (1, "loopback", ("127.0.0.1/8",), 65536)
    assert (docker0.kind, docker0.up, docker0.carrier) == ("bridge", True, False)
    assert (veth.name, veth.peer_index, veth.master, veth.kind) == ("veth2033a86", 25,
                                                                    "docker0", "veth")
    assert veth.display_name == "veth2033a86@if25" and veth.mac == "b2:bf:a9:ea:1c:b6"


def test_parse_ip_oneline_link() -> None:
    """`ip -o link` (continuation lines joined by a backslash) parses the same way."""
    line = ("25: eth0@if26: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue "
            "\\    link/ether 02:42:ac:11:00:04 brd ff:ff:ff:ff:ff:ff\n")
    (eth0,) = parse_ip_addr(line)
    assert (eth0.index, eth0.name, eth0.peer_index, eth0.mac) == (25, "eth0", 26,
                                                                  "02:42:ac:11:00:04")


def test_default_bridge_gateway_is_derived_when_ipam_hides_it() -> None:
    """A fresh 20.10 bridge lists only its subnet: gateway .1, ipam_gateway_shown False."""
    net = decode_network({
        "Name": "bridge", "Id": "bc45" + "0" * 60, "Driver": "bridge",
        "IPAM": {"Config": [{"Subnet": "172.17.0.0/16"}]},
        "Options": {"com.docker.network.bridge.name": "docker0"}, "Containers": {}})
    assert (net.gateway, net.ipam_gateway_shown, net.bridge) == ("172.17.0.1", False, "docker0")
    assert default_gateway("10.56.0.0/24", "10.56.0.128/25") == "10.56.0.128"


def test_curl_on_the_host_is_sent_through_nc() -> None:
    """The host helper (busybox) has no curl: `curl -s URL` becomes a GET through nc."""
    from coursekit.backends.engine.run import curl_request, curl_result
    from coursekit.result import CommandResult

    argv = ("curl", "-s", "http://127.0.0.1:8080/index.html")
    request = curl_request(argv)
    assert request is not None and request[:2] == ("sh", "-c")
    assert "GET /index.html HTTP/1.0" in request[2] and "nc -w 2 127.0.0.1 8080" in request[2]
    assert curl_request(("curl", "-o", "/dev/null", "http://x/")) is None
    assert curl_request(("ip", "addr")) is None
    raw = CommandResult("HTTP/1.0 404 Not Found\r\nContent-type: text/html\r\n\r\n<h1>404</h1>\n")
    assert curl_result(argv, raw) == CommandResult("<h1>404</h1>\n", "", 0)
    assert curl_result(argv, CommandResult("", "nc: can't connect", 1)) == CommandResult("", "", 7)


def test_the_host_helper_says_what_it_cannot_do() -> None:
    """On a real engine the host's iptables needs root on that machine, and the helper's
    curl fetches `curl -s URL` only: each answers one plain line (exit 1), not "not found"."""
    from coursekit.backends.engine.run import helper_refusal

    rules = helper_refusal(("iptables", "-t", "nat", "-S"))
    assert rules is not None and rules.exit_code == 1 and rules.stdout == ""
    assert rules.stderr.startswith("coursekit: the host's firewall rules cannot be read")
    assert rules.stderr.endswith("run: sudo iptables -t nat -S\n")
    curl = helper_refusal(("curl", "-w", "%{http_code}", "http://127.0.0.1:8080/"))
    assert curl is not None and curl.exit_code == 1
    assert "`curl -w '%{http_code}' http://127.0.0.1:8080/` did not run" in curl.stderr
    assert helper_refusal(("curl", "-s", "http://127.0.0.1:8080/")) is None
    assert helper_refusal(("ip", "addr")) is None


@pytest.mark.engine
def test_host_curl_fetches_a_published_page(engine_backend: EngineBackend, prefix: str) -> None:
    """`curl -s http://127.0.0.1:PORT/` on the host reaches a published busybox httpd."""
    c = run(engine_backend, ContainerSpec("busybox", ("httpd", "-f", "-p", "8080"),
                                          name=f"{prefix}-web",
                                          ports=(PortBinding(8080, host_port=18481),)))
    assert c.running
    result = engine_backend.host_exec(("curl", "-s", "http://127.0.0.1:18481/"))
    assert result.exit_code == 0 and "404 Not Found" in result.stdout


def test_host_ends_get_their_peer_from_the_container_end() -> None:
    """28's host veth end shows ``@ifb0`` to busybox; the container's ``eth0@if5013`` pairs it."""
    from coursekit.backends.engine.iface import pair_host_ends, parse_ip_addr
    from coursekit.models import Container

    host = parse_ip_addr(
        "5013: vethe43ede9@ifb0: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc "
        "noqueue master docker0 \n    link/ether c6:2f:2b:85:93:28 brd ff:ff:ff:ff:ff:ff\n"
        "7: vetha000001@ifb0: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc "
        "noqueue master docker0 \n    link/ether c6:2f:2b:85:93:29 brd ff:ff:ff:ff:ff:ff\n")
    assert [(i.kind, i.peer_index) for i in host] == [("veth", None), ("veth", None)]
    inside = parse_ip_addr(
        "2: eth0@if5013: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n"
        "    link/ether 1a:8a:ae:5d:02:60 brd ff:ff:ff:ff:ff:ff\n")
    c = Container(id="c" * 64, name="c", image="busybox", state="running", interfaces=inside)
    paired = pair_host_ends(host, [c])
    assert [(i.display_name, i.peer_index) for i in paired] == [
        ("vethe43ede9@if2", 2), ("vetha000001", None)]

"""SimBackend scenarios, each checked against what Docker Engine 20.10.24 did.

Facts both engines share run on the default profile (28.5); those 28.5 changed run on
the 20.10 profile (``@ON_20_10``), and tests/sim/test_profiles.py checks both answers.

Expected messages were observed on the real engine (docker CLI 28.2 / SDK 7): the text
after ``Error response from daemon: `` is what the simulator must raise.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from coursekit.backends.base import Backend, ContainerSpec, NetworkSpec
from coursekit.backends.sim import SimBackend
from coursekit.errors import (
    Conflict,
    DockerError,
    Forbidden,
    InvalidArgument,
    NotFound,
    StartFailed,
)
from coursekit.models import Container, NetworkMode, PortBinding
from coursekit.profiles import PROFILES

HEX64 = "[0-9a-f]{64}"


@pytest.fixture()
def sim(request: pytest.FixtureRequest) -> SimBackend:
    """The simulated engine: the default profile (28.5), or the engine a test names with
    :data:`ON_20_10` (a fact observed on 20.10 that 28.5 changed; test_profiles.py holds
    both engines' answers)."""
    engine = getattr(request, "param", None)
    return SimBackend() if engine is None else SimBackend(profile=PROFILES[engine])


ON_20_10 = pytest.mark.parametrize("sim", ["20.10"], indirect=True)
"""Run the test on the 20.10 profile (what the real engine was observed to do)."""


def run(sim: SimBackend, name: str, *argv: str, **options: object) -> Container:
    """``docker run -d --name NAME [options] IMAGE ARGV`` (image: busybox unless given)."""
    image = str(options.pop("image", "busybox"))
    if "network" in options:
        options["network"] = NetworkMode.parse(str(options["network"] or ""))
    spec = ContainerSpec(image, argv or ("sleep", "1d"), name=name, **options)  # type: ignore[arg-type]
    sim.create_container(spec)
    return sim.start(name)


def ip_of(sim: SimBackend, name: str) -> str:
    return sim.container(name).endpoints[0].ip


def fails(kind: type[DockerError], message: str) -> Any:
    """pytest.raises(kind) whose message must match ``message`` (a regex) entirely."""
    return pytest.raises(kind, match="^" + message + "$")


# ---- protocol, version, clock ------------------------------------------------------


def test_implements_backend_protocol(sim: SimBackend) -> None:
    """SimBackend satisfies the Backend protocol; it answers as its profile's engine."""
    assert isinstance(sim, Backend)
    assert (sim.name, sim.version()) == ("sim", sim.profile().server.version)
    assert sim.snapshot().engine_version == sim.version()


def test_clock_moves_with_changes_only(sim: SimBackend) -> None:
    """Reads leave the clock alone; a change moves it about a second."""
    before = sim.now()
    sim.networks()
    assert sim.now() == before
    run(sim, "c1")
    assert 2 <= (sim.now() - before).total_seconds() < 3


def test_stop_of_sleep_takes_the_timeout(sim: SimBackend) -> None:
    """sleep ignores SIGTERM as PID 1: stop waits 10 s and the exit code is 137."""
    run(sim, "c1")
    before = sim.now()
    stopped = sim.stop("c1")
    assert (stopped.state, stopped.exit_code) == ("exited", 137)
    assert (sim.now() - before).total_seconds() >= 10


# ---- addresses -----------------------------------------------------------------------


@ON_20_10
def test_u1_u2_u3_address_reuse(sim: SimBackend) -> None:
    """u1=.2, u2=.3; stop u2 (empty IP); u3 takes .3; u2 comes back as .4."""
    run(sim, "u1")
    run(sim, "u2")
    assert (ip_of(sim, "u1"), ip_of(sim, "u2")) == ("172.17.0.2", "172.17.0.3")
    sim.stop("u2")
    assert ip_of(sim, "u2") == "" and sim.container("u2").endpoints[0].mac == ""
    u3 = run(sim, "u3")
    assert (u3.endpoints[0].ip, u3.endpoints[0].mac) == ("172.17.0.3", "02:42:ac:11:00:03")
    sim.start("u2")
    assert ip_of(sim, "u2") == "172.17.0.4"


def test_restart_keeps_or_takes_lowest(sim: SimBackend) -> None:
    """A lone restart keeps .2; with r1=.2 stopped, restarting r2=.3 gives .2."""
    run(sim, "r1")
    sim.restart("r1")
    assert ip_of(sim, "r1") == "172.17.0.2"
    run(sim, "r2")
    sim.stop("r1")
    sim.restart("r2")
    assert ip_of(sim, "r2") == "172.17.0.2"


@ON_20_10
def test_round_robin_pools(sim: SimBackend) -> None:
    """n1 gets 172.18; after removing it, n2 gets 172.19 (cursor, not first free)."""
    assert sim.create_network(NetworkSpec("n1")).subnet == "172.18.0.0/16"
    sim.remove_network("n1")
    n2 = sim.create_network(NetworkSpec("n2"))
    assert (n2.subnet, n2.gateway, n2.ipam_gateway_shown) == ("172.19.0.0/16", "172.19.0.1", True)


def test_user_subnet_and_gateway(sim: SimBackend) -> None:
    """--gateway .254: first container .1; --subnet alone hides the gateway in IPAM."""
    net = sim.create_network(NetworkSpec("gw", subnet="10.10.0.0/24", gateway="10.10.0.254"))
    assert net.ipam_gateway_shown
    first = run(sim, "g1", network="gw").endpoints[0]
    assert (first.ip, first.gateway, first.prefixlen) == ("10.10.0.1", "10.10.0.254", 24)
    plain = sim.create_network(NetworkSpec("plain", subnet="10.20.0.0/24"))
    assert (plain.gateway, plain.ipam_gateway_shown) == ("10.20.0.1", False)


@ON_20_10
def test_network_create_errors(sim: SimBackend) -> None:
    """Duplicate, predefined, bad CIDR, overlap: the daemon's words and classes."""
    sim.create_network(NetworkSpec("dup"))
    with fails(Conflict, "network with name dup already exists"):
        sim.create_network(NetworkSpec("dup"))
    for name in ("bridge", "host", "none"):
        with fails(Forbidden, f"operation is not permitted on predefined {name} network "):
            sim.create_network(NetworkSpec(name))
    with fails(InvalidArgument, "Invalid subnet 10.10.0.0/33 : invalid CIDR address: "
                                "10.10.0.0/33"):
        sim.create_network(NetworkSpec("bad", subnet="10.10.0.0/33"))
    with fails(Conflict, "Pool overlaps with other one on this address space"):
        sim.create_network(NetworkSpec("over", subnet="172.17.0.0/16"))
    with fails(Forbidden, 'only one instance of "host" network is allowed'):
        sim.create_network(NetworkSpec("h2", driver="host"))


def test_unused_pool_subnet_is_accepted(sim: SimBackend) -> None:
    """172.18.0.0/16 while no network holds it is fine; the cursor then skips it."""
    sim.create_network(NetworkSpec("mine", subnet="172.18.0.0/16"))
    assert sim.create_network(NetworkSpec("auto")).subnet == "172.19.0.0/16"


@ON_20_10
def test_network_remove_errors(sim: SimBackend) -> None:
    """Predefined, active endpoints, unknown."""
    for name in ("bridge", "host", "none"):
        with fails(Forbidden, f"{name} is a pre-defined network and cannot be removed"):
            sim.remove_network(name)
    net = sim.create_network(NetworkSpec("dup"))
    run(sim, "dupc", network="dup")
    with fails(Conflict, f"error while removing network: network dup id {net.id} has active "
                         "endpoints"):
        sim.remove_network("dup")
    with fails(NotFound, "network nosuchnet not found"):
        sim.remove_network("nosuchnet")
    sim.stop("dupc")
    sim.remove_network("dup")
    assert [n.name for n in sim.networks()] == ["none", "host", "bridge"]


def test_prune_removes_only_unused(sim: SimBackend) -> None:
    """prune keeps predefined networks and those with running members."""
    sim.create_network(NetworkSpec("idle"))
    sim.create_network(NetworkSpec("busy"))
    run(sim, "b1", network="busy")
    assert sim.prune_networks() == ("idle",)
    assert {n.name for n in sim.networks()} == {"none", "host", "bridge", "busy"}


@ON_20_10
def test_fixed_ip_rules(sim: SimBackend) -> None:
    """--ip: refused on the default bridge and on nets without --subnet; taken -> in use."""
    sim.create_container(ContainerSpec("busybox", ("sleep", "1d"), name="fixed", ip="172.17.0.9"))
    with fails(StartFailed, "user specified IP address is supported on user defined networks "
                            "only") as err:
        sim.start("fixed")
    assert err.value.container_id == sim.container("fixed").id
    assert (sim.container("fixed").state, sim.container("fixed").exit_code) == ("created", 128)
    sim.create_network(NetworkSpec("auto"))
    with fails(StartFailed, "user specified IP address is supported only when connecting to "
                            "networks with user configured subnets"):
        run(sim, "f2", network="auto", ip="172.18.0.50")
    sim.create_network(NetworkSpec("fixednet", subnet="10.20.0.0/24"))
    assert run(sim, "f3", network="fixednet", ip="10.20.0.50").endpoints[0].ip == "10.20.0.50"
    with fails(StartFailed, "Address already in use"):
        run(sim, "f4", network="fixednet", ip="10.20.0.50")
    assert run(sim, "f5", network="fixednet").endpoints[0].ip == "10.20.0.2"


# ---- containers: create and start failures ------------------------------------------


def test_create_errors(sim: SimBackend) -> None:
    """Unknown image, bad name, name in use (with the holder's full ID)."""
    with fails(NotFound, "No such image: foo:latest"):
        sim.create_container(ContainerSpec("foo"))
    with fails(InvalidArgument, re.escape("Invalid container name (a), only "
                                          "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")):
        sim.create_container(ContainerSpec("busybox", name="a"))
    holder = run(sim, "dupc")
    with fails(Conflict, f'Conflict. The container name "/dupc" is already in use by container '
                         f'"{holder.id}". You have to remove \\(or rename\\) that container to '
                         "be able to reuse that name."):
        sim.create_container(ContainerSpec("busybox", name="dupc"))


@ON_20_10
def test_unknown_network_fails_at_start(sim: SimBackend) -> None:
    """--network nosuchnet: created (auto-named), then start fails."""
    created, _ = sim.create_container(ContainerSpec("busybox", ("sleep", "1d"),
                                                    network=NetworkMode("network", "nosuchnet")))
    assert re.fullmatch(r"[a-z]+_[a-z]+\d?", created.name)
    with fails(StartFailed, "network nosuchnet not found"):
        sim.start(created.id)
    assert sim.container(created.id).state == "created"


def test_missing_program_fails_at_start_with_127(sim: SimBackend) -> None:
    """A program not in the image: created, exit code 127, the runtime's message."""
    with pytest.raises(StartFailed) as err:
        run(sim, "u1", "foo")
    assert err.value.exit_code == 127 and 'exec: "foo": executable file not found' in str(err.value)
    assert (sim.container("u1").state, sim.container("u1").exit_code) == ("created", 127)


def test_one_shot_commands(sim: SimBackend) -> None:
    """echo hi exits 0 with hi in the logs; false exits 1; --rm removes at exit."""
    assert run(sim, "e1", "echo", "hi").state == "exited"
    assert sim.logs("e1").stdout == "hi\n"
    assert run(sim, "e2", "false").exit_code == 1
    assert run(sim, "e3", "sh").state == "exited"
    assert run(sim, "e4", "sh", tty=True, stdin_open=True).state == "running"
    run(sim, "e5", "true", auto_remove=True)
    assert "e5" not in {c.name for c in sim.containers()}


def test_auto_remove_at_stop(sim: SimBackend) -> None:
    """--rm: docker stop removes the container."""
    run(sim, "r1", auto_remove=True)
    sim.stop("r1")
    with fails(NotFound, "No such container: r1"):
        sim.container("r1")


@ON_20_10
def test_auto_remove_when_start_fails(sim: SimBackend) -> None:
    """--rm: a container that cannot start is removed by the daemon."""
    with pytest.raises(StartFailed):
        run(sim, "r1", ip="172.17.0.77", auto_remove=True)
    assert sim.containers() == ()


def test_remove_running_needs_force(sim: SimBackend) -> None:
    """rm of a running container names its full ID; rm -f works."""
    c1 = run(sim, "c1")
    with fails(Conflict, f"You cannot remove a running container {c1.id}. Stop the container "
                         "before attempting removal or force remove"):
        sim.remove_container("c1")
    sim.remove_container("c1", force=True)
    assert sim.containers() == ()
    assert not sim.snapshot().networks[2].members


def test_links_need_existing_running_targets(sim: SimBackend) -> None:
    """--link to an unknown container fails at create; to a stopped one at start."""
    with fails(NotFound, "could not get container for nosuch: No such container: nosuch"):
        sim.create_container(ContainerSpec("busybox", name="l1", links=("nosuch:db",)))
    sim.create_container(ContainerSpec("busybox", ("sleep", "1d"), name="db1"))
    with fails(StartFailed, "Cannot link to a non running container: /db1 AS /l2/db"):
        run(sim, "l2", links=("db1:db",))
    sim.start("db1")
    assert sim.start("l2").links == ("db1:db",)


# ---- ports ---------------------------------------------------------------------------


def tomcat(sim: SimBackend, name: str, host_port: int, network: str | None = None) -> Container:
    return run(sim, name, "httpd", "-f", "-p", "8080", network=network,
               ports=(PortBinding(8080, "tcp", "", host_port),))


@ON_20_10
@pytest.mark.parametrize("network", [None, "mynet"])
def test_port_clash_tomcat81_82(sim: SimBackend, network: str | None) -> None:
    """Second -p 8081 is created, not started; the endpoint ID is in the message."""
    if network:
        sim.create_network(NetworkSpec(network))
    first = tomcat(sim, "tomcat81", 8081, network)
    assert [(p.host_ip, p.host_port) for p in first.ports] == [("0.0.0.0", 8081), ("::", 8081)]
    assert first.listening == (8080,)
    with pytest.raises(StartFailed) as err:
        tomcat(sim, "tomcat82", 8081, network)
    assert re.fullmatch(f"driver failed programming external connectivity on endpoint tomcat82 "
                        f"\\({HEX64}\\): Bind for 0.0.0.0:8081 failed: port is already "
                        "allocated", err.value.message)
    second = sim.container("tomcat82")
    assert (second.state, second.exit_code, second.ports, second.endpoints[0].ip) == (
        "created", 128, (), "")
    assert tomcat(sim, "tomcat83", 8082, network).state == "running"


def test_publish_all_and_loopback_binding(sim: SimBackend) -> None:
    """-P uses 32768 up; -p 127.0.0.1:8090:8080 binds only that address."""
    w3 = run(sim, "w3", "httpd", "-f", "-p", "8080", publish_all=True, exposed=("8080/tcp",))
    assert {(p.container_port, p.host_port) for p in w3.ports} == {(8080, 32768)}
    w4 = run(sim, "w4", "httpd", "-f", "-p", "8080",
             ports=(PortBinding(8080, "tcp", "127.0.0.1", 8090),))
    assert w4.ports == (PortBinding(8080, "tcp", "127.0.0.1", 8090),)
    sim.stop("w3")
    assert sim.container("w3").ports == ()


# ---- modes ----------------------------------------------------------------------------


def test_host_mode(sim: SimBackend) -> None:
    """Warning for -p, no own interfaces or address, the host's name, member of host."""
    published = (PortBinding(8080, "tcp", "", 8083),)
    _, warnings = sim.create_container(ContainerSpec("busybox", ("sleep", "1d"), name="h1",
                                                     network=NetworkMode("host"), ports=published))
    assert warnings == ("Published ports are discarded when using host network mode",)
    h1 = sim.start("h1")
    assert (str(h1.network_mode), h1.hostname, h1.ports) == ("host", "vm", ())
    assert h1.port_requests == (PortBinding(8080, "tcp", "", 8083),)
    assert h1.interfaces == sim.snapshot().host_interfaces
    assert h1.endpoints[0].network_name == "host" and h1.endpoints[0].ip == ""
    assert [m.name for m in sim.network("host").members] == ["h1"]


def test_host_mode_servers_clash(sim: SimBackend) -> None:
    """Two servers on the host's port 80, or one on a published port: bind fails, exit 1."""
    run(sim, "hh1", "httpd", "-f", "-p", "80", network="host")
    assert run(sim, "hh2", "httpd", "-f", "-p", "80", network="host").exit_code == 1
    assert sim.logs("hh2").stderr == "httpd: bind: Address already in use\n"
    tomcat(sim, "pub", 18556)
    assert run(sim, "hh3", "httpd", "-f", "-p", "18556", network="host").state == "exited"


def test_none_mode(sim: SimBackend) -> None:
    """Only lo; -p accepted but nothing published."""
    n1 = run(sim, "n1", network="none", ports=(PortBinding(80, "tcp", "", 8080),))
    assert [i.name for i in n1.interfaces] == ["lo"] and n1.ports == ()
    assert n1.endpoints[0].network_name == "none" and n1.endpoints[0].endpoint_id


def test_container_mode_alpine1_alpine2(sim: SimBackend) -> None:
    """The follower shares the owner's namespace; keeps only lo once the owner stops."""
    alpine1 = run(sim, "alpine1")
    alpine2 = run(sim, "alpine2", network="container:alpine1")
    assert str(alpine2.network_mode) == f"container:{alpine1.id}" and alpine2.endpoints == ()
    assert alpine2.interfaces == alpine1.interfaces
    assert alpine2.hostname == alpine1.hostname
    sim.stop("alpine1")
    assert sim.container("alpine2").state == "running"
    assert [i.name for i in sim.container("alpine2").interfaces] == ["lo"]
    sim.start("alpine1")
    assert [i.name for i in sim.container("alpine2").interfaces] == ["lo"]
    sim.restart("alpine2")
    assert sim.container("alpine2").interfaces == sim.container("alpine1").interfaces


@ON_20_10
def test_container_mode_start_errors(sim: SimBackend) -> None:
    """Owner stopped, owner removed: the follower cannot start."""
    owner = run(sim, "o1")
    run(sim, "f1", network="container:o1")
    sim.stop("f1")
    sim.stop("o1")
    with fails(StartFailed, f"cannot join network of a non running container: {owner.id}"):
        sim.start("f1")
    sim.remove_container("o1")
    with fails(StartFailed, f"No such container: {owner.id}"):
        sim.start("f1")


def test_container_mode_option_conflicts(sim: SimBackend) -> None:
    """-p, --expose, --hostname with container mode are refused at create."""
    run(sim, "o1")
    cases = [({"ports": (PortBinding(80),)}, "port publishing and the container type network mode"),
             ({"exposed": ("80/tcp",)}, "port exposing and the container type network mode"),
             ({"hostname": "zz"}, "hostname and the network mode")]
    for options, text in cases:
        with fails(InvalidArgument, f"conflicting options: {text}"):
            mode = NetworkMode.parse("container:o1")
            sim.create_container(ContainerSpec("busybox", network=mode, **options))  # type: ignore[arg-type]
    assert [c.name for c in sim.containers()] == ["o1"]


def test_shared_namespace_port_taken(sim: SimBackend) -> None:
    """tomcat86 in tomcat85's namespace cannot bind 8080: exits 1 with httpd's words."""
    tomcat(sim, "tomcat85", 8085)
    t86 = run(sim, "tomcat86", "httpd", "-f", "-p", "8080", network="container:tomcat85")
    assert (t86.state, t86.exit_code) == ("exited", 1)
    assert sim.logs("tomcat86").stderr == "httpd: bind: Address already in use\n"


# ---- interfaces ------------------------------------------------------------------------


@ON_20_10
def test_interface_indexes_and_bridges(sim: SimBackend) -> None:
    """lo 1, enp0s3 2, virbr0 3, docker0 4; first pair eth0=5 <-> veth 6; br- per net."""
    host = sim.snapshot().host_interfaces
    assert [(i.index, i.name) for i in host] == [(1, "lo"), (2, "enp0s3"), (3, "virbr0"),
                                                  (4, "docker0")]
    assert not host[3].carrier
    c1 = run(sim, "c1")
    assert [i.display_name for i in c1.interfaces] == ["lo", "eth0@if6"]
    veth = sim.snapshot().host_interfaces[-1]
    assert re.fullmatch(r"veth[0-9a-f]{7}@if5", veth.display_name) and veth.master == "docker0"
    assert sim.snapshot().host_interfaces[3].carrier
    net = sim.create_network(NetworkSpec("n1"))
    bridge = sim.snapshot().host_interfaces[-1]
    assert (bridge.name, bridge.index, bridge.ipv4) == (f"br-{net.id[:12]}", 7, ("172.18.0.1/16",))


def test_without_virbr0() -> None:
    """SimBackend(virbr0=False) has no libvirt bridge."""
    names = [i.name for i in SimBackend(virbr0=False).snapshot().host_interfaces]
    assert names == ["lo", "enp0s3", "docker0"]


# ---- connect and disconnect ----------------------------------------------------------


@ON_20_10
def test_connect_adds_eth1_and_disconnect_numbering(sim: SimBackend) -> None:
    """connect adds eth1; after disconnecting all, a new attachment is eth2."""
    sim.create_network(NetworkSpec("n2"))
    c1 = run(sim, "c1")
    sim.connect("n2", "c1", aliases=("web",))
    c1 = sim.container("c1")
    assert [i.name for i in c1.interfaces] == ["lo", "eth0", "eth1"]
    assert c1.endpoint("n2").aliases == ("web", c1.id[:12])  # type: ignore[union-attr]
    sim.disconnect("n2", "c1")
    sim.disconnect("bridge", "c1")
    assert [i.name for i in sim.container("c1").interfaces] == ["lo"]
    sim.connect("bridge", "c1")
    assert [i.name for i in sim.container("c1").interfaces] == ["lo", "eth2"]
    sim.restart("c1")
    assert [i.name for i in sim.container("c1").interfaces] == ["lo", "eth0"]


@ON_20_10
def test_connect_errors(sim: SimBackend) -> None:
    """Already connected, host, none, shared namespaces, unknown names."""
    c1 = run(sim, "c1")
    with fails(Conflict, "endpoint with name c1 already exists in network bridge"):
        sim.connect("bridge", "c1")
    with fails(Forbidden, "container cannot be disconnected from host network or connected "
                          "to host network"):
        sim.connect("host", "c1")
    with fails(InvalidArgument, "container cannot be connected to multiple networks with one "
                                "of the networks in private \\(none\\) mode"):
        sim.connect("none", "c1")
    run(sim, "h1", network="host")
    run(sim, "f1", network="container:c1")
    for name in ("h1", "f1"):
        with fails(Forbidden, "container sharing network namespace with another container or "
                              "host cannot be connected to any other network"):
            sim.connect("bridge", name)
    with fails(NotFound, "No such container: nosuchc"):
        sim.connect("nosuchnet", "nosuchc")
    with fails(NotFound, "network nosuchnet not found"):
        sim.connect("nosuchnet", "c1")
    with fails(InvalidArgument, "network-scoped alias is supported only for containers in user "
                                "defined networks"):
        sim.connect("bridge", "c1", aliases=("x",))
    assert c1.id


@ON_20_10
def test_connect_stopped_container_records_the_wish(sim: SimBackend) -> None:
    """A stopped container accepts even an unknown network; start then fails."""
    sim.create_container(ContainerSpec("busybox", ("sleep", "1d"), name="k1"))
    sim.connect("nosuchnet", "k1")
    assert [e.network_name for e in sim.container("k1").endpoints] == ["bridge", "nosuchnet"]
    with fails(StartFailed, "network nosuchnet not found"):
        sim.start("k1")
    sim.disconnect("nosuchnet", "k1")
    assert sim.start("k1").state == "running"


def test_disconnect_messages(sim: SimBackend) -> None:
    """Running: 'not connected to network X'; stopped: 'not connected to the network X'."""
    sim.create_network(NetworkSpec("n2"))
    c1 = run(sim, "c1")
    with fails(Conflict, f"container {c1.id} is not connected to network n2"):
        sim.disconnect("n2", "c1")
    sim.stop("c1")
    with fails(Conflict, f"container {c1.id} is not connected to the network n2"):
        sim.disconnect("n2", "c1")


# ---- exec, logs, snapshot ---------------------------------------------------------------


def test_exec_on_stopped_or_unknown(sim: SimBackend) -> None:
    """exec needs a running container (28.5 words it in lower case, 20.10 capitalised)."""
    sim.create_container(ContainerSpec("busybox", name="cr"))
    cr = sim.container("cr")
    word = "container" if sim.profile().name == "28.5" else "Container"
    with fails(Conflict, f"{word} {cr.id} is not running"):
        sim.exec("cr", ("ls",))
    with fails(NotFound, "No such container: nosuch"):
        sim.exec("nosuch", ("ls",))


def test_exec_delegates_to_shell(sim: SimBackend) -> None:
    """exec and host_exec hand the topology to the shell simulator."""
    pytest.importorskip("coursekit.backends.sim.userland.shell")
    run(sim, "c1")
    result = sim.exec("c1", ("hostname",))
    assert result.stdout.strip() == sim.container("c1").hostname
    assert "enp0s3" in sim.host_exec(("ip", "addr")).stdout


@ON_20_10
def test_snapshot_members_and_stopped_endpoints(sim: SimBackend) -> None:
    """Running members appear in their networks; a created container has no network ID."""
    run(sim, "c1")
    sim.create_container(ContainerSpec("busybox", name="cr"))
    bridge = sim.network("bridge")
    assert [(m.name, m.ipv4, m.mac) for m in bridge.members] == [
        ("c1", "172.17.0.2/16", "02:42:ac:11:00:02")]
    assert sim.container("cr").endpoints[0].network_id == ""
    assert sim.container("c1").endpoints[0].network_id == bridge.id


@ON_20_10
def test_follow_default_bridge_shows_the_gateway_in_inspect(sim: SimBackend) -> None:
    """A 20.10 simulator told the daemon restarted lists the default bridge's Gateway."""
    from coursekit import Lab

    backend = sim
    lab = Lab.using(backend)
    template = "docker network inspect bridge -f '{{json .IPAM.Config}}'"
    assert lab.sh(template).stdout == '[{"Subnet":"172.17.0.0/16"}]\n'
    backend.follow_default_bridge(True)
    assert lab.sh(template).stdout == '[{"Subnet":"172.17.0.0/16","Gateway":"172.17.0.1"}]\n'

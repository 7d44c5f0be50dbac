"""Engine profiles in the simulator's daemon: endpoint names and checks, network modes,
messages, on both engines (backends.sim.profiles.endpoints, .messages).

Every expected value was observed on the live engines (tests/golden/20.10 and
tests/golden/28.5; tests/cli/data/engine_observed*.json).
"""

from __future__ import annotations

import pytest
from profile_labs import BOTH, lab, run, sim

from coursekit.backends.base import ContainerSpec, NetworkSpec
from coursekit.backends.sim import SimBackend
from coursekit.errors import Conflict, InvalidArgument, NotFound, StartFailed
from coursekit.models import NetworkMode, PortBinding

SETUP = "failed to set up container networking: "
"""What 28.5 puts before a failure while a start sets up networking."""


# ---- endpoints: names and checks -----------------------------------------------------


def names_of(backend: SimBackend, ctr: str, net: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    ep = backend.container(ctr).endpoint(net)
    assert ep is not None
    return ep.aliases, ep.dns_names


def test_28_5_reports_dns_names_and_the_users_aliases() -> None:
    """Aliases as asked; DNSNames [name, aliases..., short id, hostname], kept after a stop,
    empty on the default bridge (engine_observed-28.5.json hr3m1, hr3n2, hr3s1, hr3u1)."""
    backend = sim("28.5")
    backend.create_network(NetworkSpec("n1"))
    run(backend, "c1", "n1", aliases=("web", "www"))
    run(backend, "c2")
    backend.connect("n1", "c2")
    short_a, short_b = backend.container("c1").short_id, backend.container("c2").short_id
    assert names_of(backend, "c1", "n1") == (("web", "www"), ("c1", "web", "www", short_a))
    assert names_of(backend, "c2", "n1") == ((), ("c2", short_b))
    assert names_of(backend, "c2", "bridge") == ((), ())
    backend.stop("c1")
    assert names_of(backend, "c1", "n1") == (("web", "www"), ("c1", "web", "www", short_a))


def test_28_5_dns_names_end_with_a_hostname_of_its_own() -> None:
    """``--hostname`` joins DNSNames after the short id (buildEndpointDNSNames)."""
    backend = sim("28.5")
    backend.create_network(NetworkSpec("n1"))
    run(backend, "c1", "n1", hostname="myhost")
    assert names_of(backend, "c1", "n1")[1] == ("c1", backend.container("c1").short_id, "myhost")


def test_20_10_adds_the_short_id_and_hostname_to_the_aliases() -> None:
    """Aliases [aliases..., short id, hostname] on a user network, no DNSNames
    (engine_observed.json; 20.10 11-profiles steps 6 and 9)."""
    backend = sim("20.10")
    backend.create_network(NetworkSpec("n1"))
    run(backend, "c1", "n1", aliases=("web",), hostname="pchost")
    run(backend, "c2")
    backend.connect("n1", "c2")
    short = backend.container("c1").short_id
    assert names_of(backend, "c1", "n1") == (("web", short, "pchost"), ())
    assert names_of(backend, "c2", "n1") == ((backend.container("c2").short_id,), ())
    assert names_of(backend, "c2", "bridge") == ((), ())


@pytest.mark.parametrize(("engine", "aliases", "dns"), [
    ("28.5", ("pa3",), ("ps1", "pa3", "SHORT")), ("20.10", ("pa3", "SHORT"), ())])
def test_connecting_a_stopped_container_names_it_at_once(
        engine: str, aliases: tuple[str, ...], dns: tuple[str, ...]) -> None:
    """``docker network connect --alias pa3 pn1 ps1`` before ``docker start ps1``: the names
    are there at once and stay after the start (11-profiles steps 13, 16)."""
    backend = sim(engine)
    backend.create_network(NetworkSpec("pn1"))
    backend.create_container(ContainerSpec("busybox", ("sleep", "1d"), name="ps1"))
    backend.connect("pn1", "ps1", aliases=("pa3",))
    short = backend.container("ps1").short_id
    expected = (tuple(a.replace("SHORT", short) for a in aliases),
                tuple(d.replace("SHORT", short) for d in dns))
    assert names_of(backend, "ps1", "pn1") == expected
    backend.start("ps1")
    assert names_of(backend, "ps1", "pn1") == expected
    assert [i.name for i in backend.container("ps1").interfaces] == ["lo", "eth0", "eth1"]


@pytest.mark.parametrize(("engine", "many", "one"), [
    ("28.5", "invalid endpoint settings:\n* user specified IP address is supported on user "
             "defined networks only\n* user specified IP address is supported only when "
             "connecting to networks with user configured subnets",
     "invalid endpoint settings:\nnetwork-scoped alias is supported only for containers in "
     "user defined networks"),
    ("20.10", "user specified IP address is supported on user defined networks only",
     "network-scoped alias is supported only for containers in user defined networks")])
def test_connect_checks_ip_and_alias(engine: str, many: str, one: str) -> None:
    """``network connect --ip``/``--alias`` to the default bridge: 28.5 lists the reasons,
    one bare or several as ``*`` lines (11-profiles steps 17, 18)."""
    backend = sim(engine)
    backend.create_network(NetworkSpec("pn1"))
    run(backend, "pc1", "pn1")
    with pytest.raises(InvalidArgument) as ip:
        backend.connect("bridge", "pc1", ip="172.17.0.50")
    with pytest.raises(InvalidArgument) as alias:
        backend.connect("bridge", "pc1", aliases=("pa4",))
    assert (ip.value.message, alias.value.message) == (many, one)


@pytest.mark.parametrize(("engine", "missing", "stopped"), [
    ("28.5", "joining network namespace of container: No such container: nosuch",
     "cannot join network namespace of a non running container: container pc1 is exited"),
    ("20.10", "No such container: nosuch",
     "cannot join network of a non running container: {id}")])
def test_container_mode_owner_missing_or_stopped(engine: str, missing: str,
                                                 stopped: str) -> None:
    """``--network container:X`` at start (11-profiles steps 20 and 24)."""
    backend = sim(engine)
    run(backend, "pc1")
    for name, owner in (("pf1", "nosuch"), ("pf4", "pc1")):
        backend.create_container(ContainerSpec("busybox", ("sleep", "1d"), name=name,
                                               network=NetworkMode.parse(f"container:{owner}")))
    backend.stop("pc1")
    with pytest.raises(StartFailed) as gone:
        backend.start("pf1")
    with pytest.raises(StartFailed) as down:
        backend.start("pf4")
    assert gone.value.message == missing
    assert down.value.message == stopped.format(id=backend.container("pc1").id)


@BOTH
def test_a_never_started_container_reports_only_what_was_asked(engine: str) -> None:
    """Created, not started: Aliases as given, no DNSNames (hr3k2 on both engines)."""
    backend = sim(engine)
    backend.create_network(NetworkSpec("n1"))
    backend.create_container(ContainerSpec("busybox", ("sleep", "1d"), name="k1",
                                           network=NetworkMode.parse("n1"), aliases=("web",)))
    assert names_of(backend, "k1", "n1") == (("web",), ())


REFUSED_ON_BRIDGE = ("invalid config for network bridge: invalid endpoint settings:\n"
                     "* user specified IP address is supported on user defined networks only\n"
                     "* user specified IP address is supported only when connecting to "
                     "networks with user configured subnets")


@pytest.mark.parametrize(("engine", "created", "message"), [
    ("28.5", False, "invalid config for network pn1: invalid endpoint settings:\nuser "
                    "specified IP address is supported only when connecting to networks "
                    "with user configured subnets"),
    ("20.10", True, "user specified IP address is supported only when connecting to networks "
                    "with user configured subnets")])
def test_a_fixed_ip_needs_a_subnet(engine: str, created: bool, message: str) -> None:
    """``--ip`` on a network made without ``--subnet`` (11-profiles step 19)."""
    backend = sim(engine)
    backend.create_network(NetworkSpec("pn1"))
    spec = ContainerSpec("busybox", ("sleep", "1d"), name="pf3",
                         network=NetworkMode.parse("pn1"), ip="172.18.0.50")
    with pytest.raises((InvalidArgument, StartFailed)) as err:
        backend.create_container(spec)
        backend.start("pf3")
    assert err.value.message == message
    assert [c.name for c in backend.containers()] == (["pf3"] if created else [])


def test_28_5_refuses_a_fixed_ip_on_the_bridge_at_create() -> None:
    """Every reason, at create; no container is left (28.5 09-messages step 14)."""
    backend = sim("28.5")
    with pytest.raises(InvalidArgument) as err:
        backend.create_container(ContainerSpec("busybox", ("sleep", "1d"), name="fixed",
                                               ip="172.17.0.9"))
    assert err.value.message == REFUSED_ON_BRIDGE
    assert backend.containers() == ()


def test_20_10_creates_it_and_fails_the_start_with_the_first_reason() -> None:
    """The container exists; its start fails (20.10 09-messages step 14)."""
    backend = sim("20.10")
    backend.create_container(ContainerSpec("busybox", ("sleep", "1d"), name="fixed",
                                           ip="172.17.0.9"))
    with pytest.raises(StartFailed, match="^user specified IP address is supported on user "
                                          "defined networks only$"):
        backend.start("fixed")
    assert [c.name for c in backend.containers()] == ["fixed"]


@pytest.mark.parametrize(("engine", "prefix"), [("28.5", SETUP), ("20.10", "")])
def test_a_network_missing_at_create_fails_at_start(engine: str, prefix: str) -> None:
    """``--network nosuchnet``: created, then the start fails (09-messages step 15)."""
    backend = sim(engine)
    backend.create_container(ContainerSpec("busybox", ("sleep", "1d"), name="c3",
                                           network=NetworkMode.parse("nosuchnet")))
    with pytest.raises(StartFailed) as err:
        backend.start("c3")
    assert err.value.message == prefix + "network nosuchnet not found"


# ---- network modes, the default bridge -----------------------------------------------


@pytest.mark.parametrize(("engine", "mode"), [("28.5", "bridge"), ("20.10", "default")])
def test_no_network_given_is_shown_as(engine: str, mode: str) -> None:
    """``HostConfig.NetworkMode`` without ``--network`` (engine_observed*.json)."""
    played = lab(engine)
    played.sh("docker run -d --name c1 busybox sleep 1d")
    assert played.sh("docker inspect -f '{{.HostConfig.NetworkMode}}' c1").stdout == mode + "\n"
    assert played.sh("docker exec c1 ip -o -4 addr").stdout.count("172.17.0.2/16") == 1


@pytest.mark.parametrize(("engine", "config"), [
    ("28.5", '[{"Subnet":"172.17.0.0/16","Gateway":"172.17.0.1"}]'),
    ("20.10", '[{"Subnet":"172.17.0.0/16"}]')])
def test_default_bridge_ipam_on_a_fresh_daemon(engine: str, config: str) -> None:
    """01-basics step 2: 28.5 shows the default bridge's Gateway from the first start."""
    played = lab(engine)
    assert played.sh("docker network inspect bridge -f '{{json .IPAM.Config}}'").stdout == (
        config + "\n")


@pytest.mark.parametrize(("engine", "gateway", "ping"), [
    ("28.5", "", "ping: sendto: Network is unreachable\n"), ("20.10", "172.18.0.1", "")])
def test_an_internal_network_routes_out_on_20_10_only(engine: str, gateway: str,
                                                      ping: str) -> None:
    """28.5: an endpoint on an ``--internal`` network has no gateway (hr3m1 on hr3net2 in
    engine_observed-28.5.json), so no default route; 20.10 keeps both (11-profiles)."""
    played = lab(engine)
    played.sh("docker network create --internal pi1")
    played.sh("docker run -d --name pi --network pi1 busybox sleep 1d")
    ep = played.backend.container("pi").endpoint("pi1")
    assert ep is not None and ep.gateway == gateway
    routes = played.sh("docker exec pi ip route").stdout
    assert routes.startswith("default via ") == bool(gateway)
    assert played.sh("docker exec pi ping -c 1 -W 1 172.17.0.1").stderr == ping
    assert played.sh("docker exec pi ping -c 1 -W 1 172.18.0.1").exit_code == 0


# ---- messages ------------------------------------------------------------------------


def test_28_5_names_the_active_endpoints() -> None:
    """``network rm`` of a network in use lists name and short endpoint id of each member,
    20.10 the network's id (07-user-defined step 19, 09-messages step 4)."""
    for engine, expected in (("28.5", 'network n1 has active endpoints (name:"c1" id:"{c1}", '
                                      'name:"c2" id:"{c2}")'),
                             ("20.10", "network n1 id {net} has active endpoints")):
        backend = sim(engine)
        net = backend.create_network(NetworkSpec("n1"))
        run(backend, "c1", "n1")
        run(backend, "c2", "n1")
        ids = {c.name: c.endpoint("n1").endpoint_id[:12]  # type: ignore[union-attr]
               for c in backend.containers()}
        with pytest.raises(Conflict) as err:
            backend.remove_network("n1")
        assert err.value.message == "error while removing network: " + expected.format(
            net=net.id, **ids)


@pytest.mark.parametrize(("engine", "words"), [
    ("28.5", ("invalid network config:\ninvalid subnet 10.10.0.0/33: invalid CIDR block "
              "notation", "invalid pool request: Pool overlaps with other one on this address "
              "space", "all predefined address pools have been fully subnetted")),
    ("20.10", ("Invalid subnet 10.10.0.0/33 : invalid CIDR address: 10.10.0.0/33",
               "Pool overlaps with other one on this address space",
               "could not find an available, non-overlapping IPv4 address pool among the "
               "defaults to assign to the network")),
])
def test_ipam_messages(engine: str, words: tuple[str, str, str]) -> None:
    """09-messages steps 12 and 13, 10-pools step 38."""
    backend = sim(engine)
    bad, overlap, exhausted = words
    with pytest.raises(InvalidArgument) as err:
        backend.create_network(NetworkSpec("x", subnet="10.10.0.0/33"))
    assert err.value.message == bad
    with pytest.raises(Conflict) as clash:
        backend.create_network(NetworkSpec("x", subnet="172.17.0.0/16"))
    assert clash.value.message == overlap
    for n in range(30):
        backend.create_network(NetworkSpec(f"q{n}"))
    with pytest.raises(NotFound) as none_left:
        backend.create_network(NetworkSpec("q31"))
    assert none_left.value.message == exhausted


@pytest.mark.parametrize(("engine", "prefix"), [("28.5", SETUP), ("20.10", "")])
def test_start_failures_name_the_networking_step(engine: str, prefix: str) -> None:
    """Port clash (03-bridge 12) and an ``--ip`` in use (07-user-defined 18)."""
    backend = sim(engine)
    published = (PortBinding(8080, "tcp", "", 8081),)
    run(backend, "w1", ports=published)
    backend.create_container(ContainerSpec("busybox", ("sleep", "1d"), name="w2",
                                           ports=published))
    with pytest.raises(StartFailed) as clash:
        backend.start("w2")
    assert clash.value.message.startswith(prefix + "driver failed programming external "
                                          "connectivity on endpoint w2 (")
    assert clash.value.message.endswith("): Bind for 0.0.0.0:8081 failed: port is already "
                                        "allocated")
    backend.create_network(NetworkSpec("o", subnet="10.10.0.0/24"))
    run(backend, "o1", "o", ip="10.10.0.50")
    backend.create_container(ContainerSpec("busybox", ("sleep", "1d"), name="o2",
                                           network=NetworkMode.parse("o"), ip="10.10.0.50"))
    with pytest.raises(StartFailed) as err:
        backend.start("o2")
    assert err.value.message == prefix + "Address already in use"

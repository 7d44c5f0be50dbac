"""Bridge options, ports that follow endpoints, /udp and /sctp (both engine profiles)."""

from __future__ import annotations

import pytest
from profile_labs import run_lines

from coursekit import Lab
from coursekit.backends.sim import SimBackend
from coursekit.profiles import PROFILES
from coursekit.result import CommandResult

ENGINES = ("28.5", "20.10")


@pytest.fixture(params=ENGINES)
def lab(request: pytest.FixtureRequest) -> Lab:
    return Lab(backend="sim", engine=request.param)


def test_options_are_shown_as_typed(lab: Lab) -> None:
    """-o values, known or not, are kept and shown exactly as given under Options."""
    run_lines(lab, "docker network create -o com.docker.network.bridge.enable_icc=false "
             "-o foo=bar n1")
    out = lab.sh("docker network inspect -f '{{json .Options}}' n1").stdout
    assert out == '{"com.docker.network.bridge.enable_icc":"false","foo":"bar"}\n'
    net = lab.snapshot().network("n1")
    assert net is not None and ("com.docker.network.bridge.enable_icc", "false") in net.options


@pytest.mark.parametrize(("option", "error"), [
    ("com.docker.network.bridge.enable_icc=maybe",
     'com.docker.network.bridge.enable_icc value: maybe (strconv.ParseBool: parsing "maybe": '
     "invalid syntax)"),
    ("com.docker.network.bridge.enable_ip_masquerade=nope",
     'com.docker.network.bridge.enable_ip_masquerade value: nope (strconv.ParseBool: parsing '
     '"nope": invalid syntax)'),
    ("com.docker.network.driver.mtu=abc",
     'com.docker.network.driver.mtu value: abc (strconv.Atoi: parsing "abc": invalid syntax)'),
    ("com.docker.network.bridge.host_binding_ipv4=nope",
     "com.docker.network.bridge.host_binding_ipv4 value: nope (nil ip)"),
])
def test_bad_option_values_get_the_daemons_words(lab: Lab, option: str, error: str) -> None:
    """A value Go cannot parse is refused as the daemon refuses it; nothing is created."""
    result = lab.sh(f"docker network create -o {option} bad")
    assert result == CommandResult("", f"Error response from daemon: failed to parse {error}\n", 1)
    assert lab.snapshot().network("bad") is None


def test_go_bool_spellings_are_accepted(lab: Lab) -> None:
    """ParseBool's other spellings (0, F, TRUE) pass."""
    result = lab.sh("docker network create -o com.docker.network.bridge.enable_icc=0 n0")
    assert result.exit_code == 0


def test_mtu_option_sets_the_container_link(lab: Lab) -> None:
    """-o com.docker.network.driver.mtu=1400: eth0 inside has mtu 1400."""
    out = run_lines(lab, "docker network create -o com.docker.network.driver.mtu=1400 m",
              "docker run -d --name c1 --network m busybox sleep 1d",
              "docker exec c1 ip link show eth0").stdout
    assert " mtu 1400 " in out


def test_host_binding_ipv4_binds_one_address(lab: Lab) -> None:
    """host_binding_ipv4=127.0.0.1: a plain -p binds 127.0.0.1 alone (no [::] binding)."""
    result = run_lines(lab, "docker network create -o com.docker.network.bridge.host_binding_ipv4="
                      "127.0.0.1 hb", "docker run -d --name h1 --network hb -p 8085:80 busybox "
                      "sleep 1d", "docker port h1")
    assert result.stdout == "80/tcp -> 127.0.0.1:8085\n"


def test_internal_network_publishes_nothing(lab: Lab) -> None:
    """--internal with -p: docker port, ps PORTS and NetworkSettings.Ports are empty."""
    run_lines(lab, "docker network create --internal i",
        "docker run -d --name ip1 --network i -p 8090:80 busybox httpd -f -p 80")
    assert lab.sh("docker port ip1") == CommandResult()
    assert lab.sh("docker port ip1 80") == CommandResult(
        "", "Error: No public port '80' published for ip1\n", 1)
    assert lab.sh("docker ps --format '{{.Ports}}'").stdout == "\n"
    inspected = lab.sh("docker inspect -f '{{json .NetworkSettings.Ports}} "
                       "{{json .HostConfig.PortBindings}}' ip1").stdout
    assert inspected == '{} {"80/tcp":[{"HostIp":"","HostPort":"8090"}]}\n'
    container = lab.snapshot().container("ip1")
    assert container is not None and container.ports == () and container.ports_hidden


def test_disconnect_takes_the_bindings_and_connect_brings_them_back(lab: Lab) -> None:
    """disconnect bridge: no ports, the host port is free; connect bridge: the same again."""
    run_lines(lab, "docker run -d --name web -p 8080:80 busybox httpd -f -p 80",
        "docker network disconnect bridge web")
    assert lab.sh("docker port web") == CommandResult()
    assert lab.sh("docker ps --format '{{.Ports}}' -f name=web").stdout == "\n"
    assert lab.sh("docker inspect -f '{{json .NetworkSettings.Ports}}' web").stdout == "{}\n"
    assert run_lines(lab, "docker network connect bridge web", "docker port web").stdout == (
        "80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n")


def test_disconnected_port_is_free_for_another(lab: Lab) -> None:
    """While web is disconnected, another container may take its host port."""
    result = run_lines(lab, "docker run -d --name web -p 8080:80 busybox httpd -f -p 80",
                 "docker network disconnect bridge web",
                 "docker run -d --name other -p 8080:80 busybox httpd -f -p 80")
    assert result.exit_code == 0


def test_user_network_connect_publishes_again(lab: Lab) -> None:
    """After disconnecting bridge, connecting a user bridge network publishes the ports."""
    result = run_lines(lab, "docker run -d --name web -p 8080:80 busybox httpd -f -p 80",
                 "docker network disconnect bridge web", "docker network create u",
                 "docker network connect u web", "docker port web")
    assert result.stdout == "80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n"


def test_udp_and_ranges(lab: Lab) -> None:
    """/udp bindings and a range, in ps PORTS as the CLI groups them."""
    out = run_lines(lab, "docker run -d --name pu -p 5353:53/udp -p 8081:80 "
                    "-p 9000-9001:9000-9001/udp busybox sleep 1d",
                    "docker ps --format '{{.Ports}}'").stdout
    assert out == ("0.0.0.0:9000-9001->9000-9001/udp, [::]:9000-9001->9000-9001/udp, "
                   "0.0.0.0:5353->53/udp, [::]:5353->53/udp, 0.0.0.0:8081->80/tcp, "
                   "[::]:8081->80/tcp\n")
    assert lab.sh("docker port pu 53/udp").stdout == "0.0.0.0:5353\n[::]:5353\n"


def test_same_port_tcp_and_udp(lab: Lab) -> None:
    """7000/tcp and 7000/udp on one host port do not clash."""
    result = run_lines(lab, "docker run -d --name pe -p 7000:7000/tcp -p 7000:7000/udp busybox "
                      "sleep 1d", "docker port pe")
    assert result.stdout.count("7000") == 8


@pytest.mark.parametrize("engine", ["28.5", "20.10"])
def test_sctp_fails_like_a_kernel_without_sctp(engine: str) -> None:
    """-p PORT/sctp on a kernel without SCTP (the observed machines'): the proxy cannot
    listen; the container stays Created, no port held."""
    lab = Lab.using(SimBackend(profile=PROFILES[engine], sctp=False))
    result = lab.sh("docker run -d --name ps1 -p 3868:3868/sctp busybox sleep 1d")
    assert result.exit_code == 125
    proxy = ("error starting userland proxy: failed to listen on 0.0.0.0:3868: protocol not "
             "supported" if lab.backend.version().startswith("28") else
             "Error starting userland proxy: protocol not supported")
    assert proxy in result.stderr and "driver failed programming external connectivity" in \
        result.stderr
    assert lab.sh("docker ps -a --format '{{.Status}}|{{.Ports}}'").stdout == "Created|\n"
    assert run_lines(lab, "docker run -d --name t2 -p 3868:3868 busybox sleep 1d").exit_code == 0


@pytest.mark.parametrize("engine", ["28.5", "20.10"])
def test_sctp_is_published_on_a_kernel_with_sctp(engine: str) -> None:
    """On a learner's usual Linux (the lab's default kernel) an /sctp port is published."""
    lab = Lab.using(SimBackend(profile=PROFILES[engine]))
    assert lab.sh("docker run -d --name ps1 -p 3868:3868/sctp busybox sleep 1d").exit_code == 0
    assert lab.sh("docker port ps1").stdout == ("3868/sctp -> 0.0.0.0:3868\n"
                                                "3868/sctp -> [::]:3868\n")


def test_ipv6_network_addresses_and_inspect(lab: Lab) -> None:
    """--ipv6 --subnet fd00::/64: gateway fd00::1, containers fd00::2 on, inspect fields."""
    run_lines(lab, "docker network create --ipv6 --subnet fd00::/64 v6",
        "docker run -d --name a6 --network v6 busybox sleep 1d")
    fields = lab.sh("docker inspect -f '{{range .NetworkSettings.Networks}}{{.GlobalIPv6Address}}"
                    "/{{.GlobalIPv6PrefixLen}} {{.IPv6Gateway}}{{end}}' a6").stdout
    assert fields == "fd00::2/64 fd00::1\n"
    assert lab.sh("docker network inspect -f '{{.EnableIPv6}}' v6").stdout == "true\n"
    member = lab.sh("docker network inspect -f '{{range .Containers}}{{.IPv6Address}}{{end}}' "
                    "v6").stdout
    assert member == "fd00::2/64\n"


def test_ipam_config_order_follows_the_engine(lab: Lab) -> None:
    """28.5 lists the given IPv6 subnet first, then the IPv4 pool it picked; 20.10 IPv4 first."""
    run_lines(lab, "docker network create --ipv6 --subnet fd00::/64 v6")
    config = lab.sh("docker network inspect -f '{{json .IPAM.Config}}' v6").stdout
    v4 = '{"Subnet":"172.18.0.0/16","Gateway":"172.18.0.1"}'
    v6 = '{"Subnet":"fd00::/64"}'
    first_v6 = lab.backend.version().startswith("28")
    assert config == (f"[{v6},{v4}]\n" if first_v6 else f"[{v4},{v6}]\n")


def test_ipv6_without_subnet(lab: Lab) -> None:
    """--ipv6 alone: 28.5 picks a ULA /64 (gateway ::1); 20.10 has no IPv6 pool."""
    result = lab.sh("docker network create --ipv6 v6auto")
    if lab.backend.version().startswith("28"):
        net = lab.snapshot().network("v6auto")
        assert result.exit_code == 0 and net is not None and net.subnet6 is not None
        assert net.subnet6.startswith("fd") and net.subnet6.endswith("::/64")
        assert net.gateway6 == net.subnet6.replace("::/64", "::1")
    else:
        assert result == CommandResult("", "Error response from daemon: could not find an "
                                       "available, non-overlapping IPv6 address pool among the "
                                       "defaults to assign to the network\n", 1)


def test_ipv6_subnet_without_flag_gives_no_addresses(lab: Lab) -> None:
    """--subnet fd00:2::/64 without --ipv6: listed in IPAM, EnableIPv6 false, no v6 address."""
    out = run_lines(lab, "docker network create --subnet fd00:2::/64 off",
              "docker run -d --name n6 --network off busybox sleep 1d",
              "docker exec n6 ip -o addr").stdout
    assert "fd00:2::" not in out
    assert lab.sh("docker network inspect -f '{{.EnableIPv6}}' off").stdout == "false\n"


def test_ip_addr_shows_global_and_link_local_lines(lab: Lab) -> None:
    """ip addr: the global address (flags 02), then the EUI-64 link-local from the MAC."""
    run_lines(lab, "docker network create --ipv6 --subnet fd00::/64 v6",
        "docker run -d --name a6 --network v6 busybox sleep 1d")
    c = lab.snapshot().container("a6")
    assert c is not None
    mac = [int(b, 16) for b in c.endpoints[0].mac.split(":")]
    link = (f"fe80::{(mac[0] ^ 2) << 8 | mac[1]:x}:{mac[2]:x}ff:fe{mac[3]:02x}:"
            f"{mac[4] << 8 | mac[5]:x}/64")
    lines = [line.split()[1:] for line in lab.sh("docker exec a6 ip -6 addr").stdout.splitlines()
             if line.strip().startswith("inet6")]
    assert lines[-2:] == [["fd00::2/64", "scope", "global", "flags", "02"],
                         [link, "scope", "link"]]


def test_connect_with_ip6(lab: Lab) -> None:
    """docker network connect --ip6 fd00::42: that address, and IPAMConfig records it."""
    run_lines(lab, "docker network create --ipv6 --subnet fd00::/64 v6",
        "docker run -d --name b6 busybox sleep 1d", "docker network connect --ip6 fd00::42 v6 b6")
    assert lab.sh("docker inspect -f '{{.NetworkSettings.Networks.v6.GlobalIPv6Address}} "
                  "{{json .NetworkSettings.Networks.v6.IPAMConfig}}' b6").stdout == \
        'fd00::42 {"IPv6Address":"fd00::42"}\n'


@pytest.mark.parametrize("engine", ["28.5", "20.10"])
def test_overlay_and_macvlan_answers(engine: str) -> None:
    """overlay needs a swarm; macvlan/ipvlan meet the observed machines' kernel (no vlan
    links); nosuch is no plugin."""
    lab = Lab.using(SimBackend(profile=PROFILES[engine], vlan_links=False))
    refusal = lab.sh("docker network create -d overlay o").stderr
    assert "This node is not a swarm manager." in refusal
    assert lab.sh("docker network create -d macvlan mv") == CommandResult(
        "", "Error response from daemon: operation not supported\n", 1)
    assert lab.sh("docker network create -d nosuch n").stderr == (
        'Error response from daemon: plugin "nosuch" not found\n')
    assert [n.name for n in lab.snapshot().networks] == ["none", "host", "bridge"]


def test_ip6_needs_a_user_network(lab: Lab) -> None:
    """--ip6 on the default bridge is refused as --ip is (28.5 at create, 20.10 at start)."""
    result = lab.sh("docker run -d --name d6 --ip6 fd00::43 busybox sleep 1d")
    assert result.exit_code == 125
    assert "user specified IP address is supported on user defined networks only" in \
        result.stderr


def test_connect_link_is_a_name_for_this_container_only(lab: Lab) -> None:
    """connect --link db:dbal lab c1: Links on the endpoint; c1 resolves dbal, db does not."""
    run_lines(lab, "docker network create lab", "docker run -d --name db --network lab busybox "
             "sleep 1d", "docker run -d --name c1 busybox sleep 1d",
        "docker network connect --link db:dbal lab c1")
    assert lab.sh("docker inspect -f '{{json .NetworkSettings.Networks.lab.Links}} "
                  "{{json .HostConfig.Links}}' c1").stdout == '["db:dbal"] null\n'
    assert lab.sh("docker exec c1 ping -c 1 -W 1 dbal").exit_code == 0
    assert lab.sh("docker exec db ping -c 1 -W 1 dbal").stderr == "ping: bad address 'dbal'\n"


@pytest.mark.parametrize("engine", ["28.5", "20.10"])
def test_a_stopped_container_records_a_network_wish_once(engine: str) -> None:
    """A stopped container may be connected to a network that does not exist yet (the
    daemon records the wish); connecting it again to the same name succeeds and replaces
    the wish (observed on both engines: the second ``--alias`` is the one kept), and once
    the network exists the container joins it with one address (found by the property
    test: a second record gave two addresses)."""
    lab = Lab.using(SimBackend(profile=PROFILES[engine]))
    lab.sh("docker create --name c1 --network n1 busybox sleep 1d")
    run_lines(lab, "docker network connect --alias q n1 c1",
              "docker network connect --alias r n1 c1")
    aliases = lab.sh("docker inspect -f '{{json .NetworkSettings.Networks.n1.Aliases}}' c1")
    assert aliases.stdout == '["r"]\n'
    run_lines(lab, "docker network create n1", "docker start c1")
    members = lab.sh("docker network inspect -f '{{range .Containers}}{{.IPv4Address}} {{end}}' "
                     "n1").stdout
    assert members == "172.18.0.2/16 \n"


@pytest.mark.parametrize(("engine", "subnets"), [
    ("20.10", ["172.18.0.0/16", "172.20.0.0/16", "172.23.0.0/16", "172.25.0.0/16"]),
    ("28.5", ["172.18.0.0/16", "172.19.0.0/16", "172.20.0.0/16", "172.21.0.0/16"])])
def test_a_create_refused_for_an_option_still_moves_20_10s_pool(engine: str,
                                                                subnets: list[str]) -> None:
    """Observed on both engines: 20.10 takes a pool before the bridge driver parses its
    options, so each refused create moves its round-robin cursor on; 28.5 starts at the
    first free pool anyway."""
    lab = Lab(backend="sim", engine=engine)
    bad = ("docker network create -o com.docker.network.bridge.enable_icc=maybe bad",
           "docker network create -o com.docker.network.driver.mtu=abc bad")
    for line in ("docker network create pa", bad[0], "docker network create pb", bad[1],
                 bad[1], "docker network create pc", bad[0] + " --internal",
                 "docker network create pd"):
        lab.sh(line)
    shown = lab.sh("docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' "
                   "pa pb pc pd")
    assert shown.stdout.split() == subnets

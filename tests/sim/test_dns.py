"""Name resolution in the simulator: /etc/hosts, /etc/resolv.conf, the embedded DNS.

Expected texts were observed on Docker Engine 20.10 with busybox containers named as in
:mod:`shell_fixtures` (same ids, addresses and links).
"""

from __future__ import annotations

import pytest
from shell_fixtures import IDS, lab, replace

from coursekit.backends.sim.userland import dns

HEADER = ("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
          "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\n"
          "ff02::2\tip6-allrouters\n")
EMBEDDED = "nameserver 127.0.0.11\noptions ndots:0\n"
"""What Engine 20.10 writes on a user-defined network when the host has no search domain."""


def test_hosts_of_a_container_on_two_networks_has_a_line_per_address() -> None:
    """hs2a (bridge + hs2net) lists its hostname once per address, eth0 first."""
    assert dns.hosts_file(lab(), "hs2a") == (
        HEADER + "172.17.0.2\te4875b2c31cb\n172.19.0.5\te4875b2c31cb\n")


def test_link_line_names_alias_hostname_and_name() -> None:
    """``--link hs2a:web`` writes ``IP<TAB>web <hostname> hs2a`` before the own line."""
    assert dns.hosts_file(lab(), "hs2b") == (
        HEADER + "172.17.0.2\tweb e4875b2c31cb hs2a\n172.17.0.3\tf7cff9136a57\n")


def test_link_without_alias_omits_the_repeated_name() -> None:
    """``--link hs2a`` (alias = name) writes the name once; ``--link hs2w:www`` all three."""
    assert dns.hosts_file(lab(), "hs2g") == (
        HEADER + "172.17.0.2\ths2a e4875b2c31cb\n172.17.0.19\twww 88afc7d5a643 hs2w\n"
        "172.17.0.21\t581f49d570cf\n")


def test_custom_hostname_is_written_with_its_short_form() -> None:
    """``--hostname myhost`` replaces the id; a dotted name adds its first label."""
    topo = lab()
    assert dns.hosts_file(topo, "hs2d").endswith("172.19.0.3\tmyhost\n")
    dotted = replace(topo, "hs2d", hostname="h.example")
    assert dns.hosts_file(dotted, "hs2d").endswith("172.19.0.3\th.example h\n")
    assert dns.hostname(dotted, "hs2d") == "h.example"


def test_none_mode_hosts_has_only_the_header() -> None:
    """``--network none``: no address, so no hostname line."""
    assert dns.hosts_file(lab(), "hs2n") == HEADER


def test_follower_shares_owner_files_and_hostname() -> None:
    """``container:hs2c`` sees hs2c's hosts, resolv.conf and hostname."""
    topo = lab()
    assert dns.hosts_file(topo, "hs2f") == dns.hosts_file(topo, "hs2c")
    assert dns.hostname(topo, "hs2f") == IDS["hs2c"][:12]
    assert dns.resolv_conf(topo, "hs2f") == "nameserver 127.0.0.11\noptions ndots:0\n"


def test_follower_of_a_stopped_owner_keeps_header_and_resolver() -> None:
    """When the owner stops, its hosts loses the address line; resolv.conf stays."""
    topo = replace(lab(), "hs2c", state="exited", interfaces=())
    assert dns.hosts_file(topo, "hs2f") == HEADER
    assert dns.resolv_conf(topo, "hs2f") == EMBEDDED


def test_host_mode_uses_the_host_files() -> None:
    """``--network host``: the host's hostname, hosts file and resolv.conf."""
    topo = lab()
    assert dns.hostname(topo, "hs2h") == "vm"
    assert "127.0.1.1\tvm\n" in dns.hosts_file(topo, "hs2h")
    assert dns.resolv_conf(topo, "hs2h") == dns.HOST_RESOLV_CONF


@pytest.mark.parametrize(("name", "expected"), [
    ("hs2a", EMBEDDED), ("hs2c", EMBEDDED),
    ("hs2b", dns.HOST_RESOLV_CONF), ("hs2n", dns.HOST_RESOLV_CONF),
    ("hs2i1", EMBEDDED),
])
def test_resolv_conf_follows_user_networks(name: str, expected: str) -> None:
    """Embedded DNS once a container is on a user network; else a copy of the host's."""
    assert dns.resolv_conf(lab(), name) == expected


@pytest.mark.parametrize(("asker", "name", "ip"), [
    ("hs2c", "hs2d", "172.19.0.3"),          # container name
    ("hs2c", "myhost", "172.19.0.3"),        # hostname
    ("hs2d", "svc", "172.19.0.2"),           # --network-alias
    ("hs2d", IDS["hs2c"][:12], "172.19.0.2"),  # short id
    ("hs2d", "hs2c.hs2net", "172.19.0.2"),   # name.network
    ("hs2d", "HS2C", "172.19.0.2"),          # case-insensitive
    ("hs2c", "hs2a", "172.19.0.5"),          # the shared network's address
    ("hs2a", "hs2c", "172.19.0.2"),          # from a container on bridge + hs2net
    ("hs2b", "web", "172.17.0.2"),           # legacy link alias via /etc/hosts
    ("hs2b", "hs2a", "172.17.0.2"),          # linked name
    ("hs2a", "localhost", "127.0.0.1"),      # /etc/hosts before DNS
    ("hs2f", "hs2d", "172.19.0.3"),          # a follower asks through its owner
    ("hs2i1", "hs2i2", "172.30.0.3"),        # internal networks resolve too
    ("hs2a", "10.1.2.3", "10.1.2.3"),        # a literal stays itself
])
def test_resolve_finds(asker: str, name: str, ip: str) -> None:
    """Names resolve as observed with ``ping NAME`` inside the asker."""
    assert dns.resolve(lab(), asker, name) == ip


@pytest.mark.parametrize(("asker", "name"), [
    ("hs2a", "hs2b"),    # default bridge: no embedded DNS for hs2b
    ("hs2c", "hs2b"),    # hs2b is on no network hs2c shares
    ("hs2c", "old"),     # stopped containers do not resolve
    ("hs2n", "hs2c"),    # none mode has no DNS
    ("hs2h", "hs2c"),    # host mode asks the host's resolver
    ("hs2c", "hs2i1"),   # other network
    ("hs2c", "dbx"),     # unknown
])
def test_resolve_fails(asker: str, name: str) -> None:
    """These lookups fail (busybox: ``ping: bad address 'NAME'``)."""
    assert dns.resolve(lab(), asker, name) is None


def test_resolve_from_the_host_uses_only_its_hosts_file() -> None:
    """The host knows localhost and its own name, not containers."""
    topo = lab()
    assert dns.resolve(topo, None, "vm") == "127.0.1.1"
    assert dns.resolve(topo, None, "hs2c") is None


def test_link_on_a_user_network_is_a_dns_alias_for_the_linker_only() -> None:
    """``--link hs2c:dbx`` on a user network resolves dbx for that container alone."""
    from dataclasses import replace as dc_replace
    topo = lab()
    d = topo.container("hs2d")
    assert d is not None
    linked = replace(topo, "hs2d", endpoints=(dc_replace(d.endpoints[0], links=("hs2c:dbx",)),))
    assert dns.resolve(linked, "hs2d", "dbx") == "172.19.0.2"
    assert dns.resolve(linked, "hs2c", "dbx") is None


def test_shared_alias_answers_every_holder() -> None:
    """Two containers with one ``--network-alias`` are both answered (round robin)."""
    from dataclasses import replace as dc_replace
    topo = lab()
    d = topo.container("hs2d")
    assert d is not None
    both = replace(topo, "hs2d", endpoints=(dc_replace(d.endpoints[0], aliases=("svc",)),))
    assert dns.resolve_all(both, "hs2a", "svc") == ("172.19.0.2", "172.19.0.3")


def test_reverse_lookup_answers_name_dot_network() -> None:
    """``nslookup 172.19.0.3`` on hs2net: ``hs2d.hs2net``; none off the shared nets."""
    topo = lab()
    assert dns.reverse_lookup(topo, "hs2c", "172.19.0.3") == "hs2d.hs2net"
    assert dns.reverse_lookup(topo, "hs2c", "172.17.0.3") is None
    assert dns.reverse_lookup(topo, "hs2b", "172.17.0.2") is None


@pytest.mark.parametrize(("links", "pairs"), [
    (("/hs2a:/hs2b/web",), [("hs2a", "web")]),
    (("hs2c:dbx",), [("hs2c", "dbx")]),
    (("hs2a",), [("hs2a", "hs2a")]),
    (("",), []),
])
def test_parse_links_reads_every_form(links: tuple[str, ...],
                                      pairs: list[tuple[str, str]]) -> None:
    """Inspect's ``/a:/b/alias``, the CLI's ``a:alias`` and a bare ``a``."""
    assert dns.parse_links(links) == pairs


def test_unknown_container_resolves_nothing() -> None:
    """An id that is not in the topology gets no answer rather than an error."""
    assert dns.resolve(lab(), "nosuch", "localhost") is None

"""The simulated host: the machine the Docker daemon runs on, as ``ip addr`` shows it.

A fresh host has a loopback ``lo``, one physical NIC (``enp0s3``, a VirtualBox-style
NAT card at 10.0.2.15/24), optionally libvirt's ``virbr0`` (192.168.122.1/24, not
Docker's: it is there when virtualization packages are installed), and Docker's
default bridge ``docker0`` (172.17.0.1/16). Every interface has a host-wide index
that the kernel never reuses: ``docker network create`` adds a Linux bridge
``br-<first 12 hex of the network id>`` (one index), and each container attachment
adds a veth pair whose host end ``vethXXXXXXX`` is plugged into the bridge. Where the
pair is made on the host (engine 20.10) the container end takes a host index too (the
container end ``N`` becomes ``eth0`` inside the container, the host end is ``N+1``);
where the engine creates the container end inside the container (28.5) that end is
numbered there (``2: eth0``) and only the host end takes a host index
(:mod:`coursekit.backends.sim.profiles.links`).

A bridge with nothing plugged in shows ``NO-CARRIER ... state DOWN``; once a veth end
is attached it has carrier (and from then on an IPv6 link-local address, the EUI-64
one the kernel derives from the MAC: :func:`link_local_ipv6`).

This module is the kernel's side only (the link table, indexes, carrier); which links
a network or an attachment needs is its driver's decision
(:mod:`coursekit.backends.sim.drivers`). Both halves of the simulator read it: the
daemon changes it, the userland only reads :data:`LOOPBACK`, :class:`HostConfig` and
:data:`OUTSIDE`.

Beyond the machine: the uplink and a small simulated internet
-------------------------------------------------------------
The NIC is the host's uplink. Its default route goes through the LAN router
(``HostConfig.gateway``, 10.0.2.2, VirtualBox's NAT router), and its
``/etc/resolv.conf`` names the LAN's DNS forwarder (10.0.2.3), which default-bridge
containers copy and Docker's embedded DNS forwards to. Past the router lies
:data:`OUTSIDE`, the only internet the lab has: a few :class:`PublicHost` records with
documentation addresses (RFC 5737), each answering what its flags say:

==============  ===============================  ==================================
address         names                            answers
==============  ===============================  ==================================
10.0.2.2        (the LAN router)                 ping
10.0.2.3        (the LAN's DNS forwarder)        ping, DNS (udp/53)
203.0.113.10    example.com, www.example.com     ping, HTTP on tcp/80 (a small page)
198.51.100.10   example.org, www.example.org     ping, HTTP on tcp/80
192.0.2.53      dns.example.net                  ping, DNS
8.8.8.8         dns.google                       ping, DNS
1.1.1.1         one.one.one.one                  ping, DNS
==============  ===============================  ==================================

The well-known public resolvers learners type first (``ping 8.8.8.8``, ``nslookup
example.com 1.1.1.1``) answer ping and DNS, as they do from any connected machine:
the lesson they carry is "the container has a way out", so the lab gives one. Every
other address beyond the router is silent (100% packet loss, TCP times out), and a
closed port on a public host times out too (internet hosts drop rather than reset).
The resolvers answer the names above and NXDOMAIN for the rest. None of this exists
on a real engine: no test or recording sends a packet beyond the machine, so the
shapes of these answers are those the engine gives for hosts on the machine itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from coursekit.backends.sim.netns import ROOT, HandNet
from coursekit.backends.sim.netns import link_local_ipv6 as link_local_ipv6  # re-exported
from coursekit.models import Interface, InterfaceKind, Netns
from coursekit.result import CommandResult

LOOPBACK = Interface(index=1, name="lo", kind="loopback", ipv4=("127.0.0.1/8",),
                     mtu=65536)
"""``lo`` as a container sees it (index 1 in every network namespace)."""


@dataclass(frozen=True)
class HostConfig:
    """What the simulated machine looks like before Docker adds anything."""

    hostname: str = "vm"
    nic: str = "enp0s3"
    nic_mac: str = "08:00:27:3a:5c:d1"
    nic_ipv4: str = "10.0.2.15/24"
    resolv_conf: str = "nameserver 10.0.2.3\n"
    gateway: str = "10.0.2.2"
    """The LAN router: the next hop of the host's default route (``ip route``)."""
    virbr0: bool = True
    virbr0_mac: str = "52:54:00:8e:2f:41"
    virbr0_ipv4: str = "192.168.122.1/24"
    vlan_links: bool = True
    """The kernel can make dummy, macvlan and ipvlan links, as a learner's usual Linux can.
    The machines both engines were observed on cannot (``docker network create -d
    macvlan``: ``operation not supported``): the golden and contract tests compare with
    ``vlan_links=False``."""
    sctp: bool = True
    """The kernel has SCTP, as a learner's usual Linux has (the observed machines have not:
    ``-p 3868:3868/sctp`` fails there, and the tests compare with ``sctp=False``)."""


@dataclass(frozen=True)
class PublicHost:
    """One machine of the simulated internet: its address, DNS names and services."""

    address: str
    names: tuple[str, ...] = ()
    dns: bool = False
    """Answers DNS queries (udp/53) for the names of :data:`OUTSIDE`."""
    web: bool = False
    """Serves a small page over HTTP on tcp/80."""


OUTSIDE: tuple[PublicHost, ...] = (
    PublicHost("10.0.2.2"),
    PublicHost("10.0.2.3", dns=True),
    PublicHost("203.0.113.10", ("example.com", "www.example.com"), web=True),
    PublicHost("198.51.100.10", ("example.org", "www.example.org"), web=True),
    PublicHost("192.0.2.53", ("dns.example.net",), dns=True),
    PublicHost("8.8.8.8", ("dns.google",), dns=True),
    PublicHost("1.1.1.1", ("one.one.one.one",), dns=True),
)
"""The simulated internet beyond the host's uplink (the table in the module docstring)."""


def public_host(address: str) -> PublicHost | None:
    """The public host holding ``address``, or None (nobody: packets are lost)."""
    return next((h for h in OUTSIDE if h.address == address), None)


def public_lookup(name: str) -> str | None:
    """The address a public resolver gives ``name`` (case-insensitive), or None."""
    wanted = name.lower().rstrip(".")
    return next((h.address for h in OUTSIDE if wanted in h.names), None)


@dataclass
class HostLink:
    """One host interface (mutable while the simulation runs)."""

    index: int
    name: str
    kind: InterfaceKind
    mac: str
    ipv4: tuple[str, ...] = ()
    peer_index: int | None = None
    master: str | None = None
    mtu: int = 1500
    static_carrier: bool | None = True
    ever_carried: bool = False
    ipv6: tuple[str, ...] = field(default=())


class Host:
    """The host's interfaces, keyed by index, and the counter that numbers them."""

    def __init__(self, config: HostConfig, user_chain: tuple[str, ...] = ()) -> None:
        self.config = config
        self.user_chain = user_chain
        """``DOCKER-USER`` as the engine writes it (20.10: ``-j RETURN``; 28.5: empty)."""
        self.docker_user: tuple[str, ...] | None = None
        """The learner's ``DOCKER-USER`` chain once changed (:mod:`.netfilter.user`)."""
        self.links: dict[int, HostLink] = {}
        self.next_index = 1
        self._ports_on: dict[str, int] = {}
        self._bridges: dict[str, HostLink] = {}
        self.hand = HandNet(self.take_index, lambda: {k.name for k in self.links.values()})
        """The namespaces and links the learner made with ``ip`` (:mod:`.netns`)."""
        lo = HostLink(0, "lo", "loopback", "00:00:00:00:00:00", ("127.0.0.1/8",),
                      mtu=65536, ipv6=("::1/128",))
        self._add(lo)
        nic = HostLink(0, config.nic, "ether", config.nic_mac, (config.nic_ipv4,),
                       ipv6=(link_local_ipv6(config.nic_mac),))
        self._add(nic)
        if config.virbr0:
            self._add(HostLink(0, "virbr0", "bridge", config.virbr0_mac,
                               (config.virbr0_ipv4,), static_carrier=False))

    def take_index(self) -> int:
        """The next host-wide interface index, now taken (for a link made elsewhere too)."""
        self.next_index += 1
        return self.next_index - 1

    def _add(self, link: HostLink) -> int:
        link.index = self.take_index()
        self.links[link.index] = link
        return link.index

    def add_bridge(self, name: str, mac: str, cidr: str) -> int:
        """A Linux bridge for a network (``docker0``, ``br-...``); returns its index."""
        self._ports_on[name] = 0
        link = HostLink(0, name, "bridge", mac, (cidr,), static_carrier=None)
        self._bridges[name] = link
        return self._add(link)

    def remove_bridge(self, name: str) -> None:
        """Delete a network's bridge (``docker network rm``)."""
        self._ports_on.pop(name, None)
        link = self._bridges.pop(name, None)
        if link is not None:
            del self.links[link.index]

    def add_veth(self, veth_name: str, mac: str, master: str,
                 container_end: int | None = None) -> tuple[int, int]:
        """Create a veth pair whose container end has index ``container_end`` (None: the
        next host index, taken first); returns (container end index, host end index)."""
        if container_end is None:
            container_end = self.take_index()
        host_end = self._add(HostLink(0, veth_name, "veth", mac, peer_index=container_end,
                                      master=master, ipv6=(link_local_ipv6(mac),)))
        if master in self._ports_on:
            self._ports_on[master] += 1
            self._bridges[master].ever_carried = True
        return container_end, host_end

    def remove_veth(self, host_index: int) -> None:
        """Delete a veth pair by its host end (container stopped or disconnected)."""
        link = self.links.pop(host_index, None)
        if link is not None and link.master in self._ports_on:
            self._ports_on[link.master] -= 1

    def add_link(self, name: str, kind: InterfaceKind, mac: str) -> int:
        """A plain link (the dummy ``dm-...`` a macvlan network without a parent gets)."""
        return self._add(HostLink(0, name, kind, mac))

    def remove_link(self, name: str) -> None:
        """Delete a plain link by name (``docker network rm`` of that network)."""
        for index in [i for i, link in self.links.items() if link.name == name]:
            del self.links[index]

    def link_index(self, name: str) -> int | None:
        """The index of the host link called ``name`` (``-o parent=NAME``), or None."""
        return next((i for i, link in self.links.items() if link.name == name), None)

    def has_carrier(self, link: HostLink) -> bool:
        if link.static_carrier is not None:
            return link.static_carrier
        return self._ports_on.get(link.name, 0) > 0

    def interfaces(self) -> tuple[Interface, ...]:
        """Every host interface in index order, as ``ip addr`` on the host lists them (the
        learner's own links of the host's namespace among them)."""
        ifaces = [self._to_model(link) for link in self.links.values()]
        return tuple(sorted([*ifaces, *self.hand.interfaces(ROOT)], key=lambda i: i.index))

    def netns(self) -> tuple[Netns, ...]:
        """The learner's namespaces (``ip netns list`` order) with their links and routes."""
        return self.hand.views()

    def run_ip(self, argv: tuple[str, ...], touch: Callable[[], None]) -> CommandResult | None:
        """Apply a host ``ip`` line that changes links or enters a learner's namespace
        (:mod:`.netns_ip`; ``touch`` marks the state changed); None for every other line
        (the userland answers those from a snapshot)."""
        from coursekit.backends.sim.netns_ip import run_ip

        words = list(argv)
        while words[:1] == ["sudo"]:
            words.pop(0)
        result = self._iptables(words[1:]) if words[:1] == ["iptables"] else run_ip(
            self.hand, words)
        if result is not None:
            touch()
        return result

    def _iptables(self, args: list[str]) -> CommandResult | None:
        """A change to ``DOCKER-USER`` (None: a reading, or a change the lab does not
        model; the userland answers both)."""
        from coursekit.backends.sim.netfilter import user

        if not user.is_change(args):
            return None
        chain = self.user_chain if self.docker_user is None else self.docker_user
        try:
            changed, result = user.apply(chain, args)
        except user.Unmodelled:
            return None
        if result.exit_code == 0:
            self.docker_user = changed
        return result

    def _to_model(self, link: HostLink) -> Interface:
        ipv6 = link.ipv6
        if link.kind == "bridge" and link.static_carrier is None and link.ever_carried:
            ipv6 = (link_local_ipv6(link.mac),)
        return Interface(index=link.index, name=link.name, kind=link.kind, mac=link.mac,
                         ipv4=link.ipv4, ipv6=ipv6, peer_index=link.peer_index,
                         master=link.master, up=True, carrier=self.has_carrier(link),
                         mtu=link.mtu)

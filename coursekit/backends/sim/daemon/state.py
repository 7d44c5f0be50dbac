"""The simulated daemon's memory: networks, containers, their attachments, and a clock.

Everything the simulator knows lives in one :class:`State` (one per lab, rebuilt by
``reset``). It holds mutable records, not the frozen models: a :class:`NetRec` per
network, a :class:`CtrRec` per container with one :class:`EpRec` per network it is
attached to (``NetworkSettings.Networks``), and a :class:`Sandbox` per running network
namespace. ``snapshot.py`` turns the records into :class:`~coursekit.models.Topology`.

Vocabulary of libnetwork (Docker's Container Network Model): a *sandbox* is a
container's network namespace; an *endpoint* joins a sandbox to a network (on a bridge:
one veth pair, one address); a *network* is served by a *driver* (bridge, host, null:
:mod:`coursekit.backends.sim.drivers`) and may have an address pool. A container started
with ``--network container:web`` has no sandbox of its own: it joins ``web``'s, and
keeps the one it joined even after ``web`` stops (it then sees only ``lo``).

Lookups follow the daemon: a full ID, then an exact name, then an unambiguous ID
prefix, failing with the daemon's words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from coursekit.backends.sim.daemon.images import ImageStore
from coursekit.backends.sim.daemon.ipam import AddressPool, SubnetAllocator
from coursekit.backends.sim.daemon.names import NameGenerator
from coursekit.backends.sim.daemon.ports import PortAllocator
from coursekit.backends.sim.daemon.process import ProcessPlan
from coursekit.backends.sim.host import Host, HostConfig
from coursekit.backends.sim.netfilter.rules import default_user_chain
from coursekit.backends.sim.profiles import SimProfile, strategies
from coursekit.errors import InvalidArgument, NotFound
from coursekit.models import (
    PREDEFINED_NETWORKS,
    ContainerState,
    Driver,
    Interface,
    NetworkMode,
    PortBinding,
    RunOptions,
)
from coursekit.profiles import profile as engine_profile

EPOCH = datetime(2025, 3, 3, 9, 0, 0, 123456, tzinfo=timezone.utc)
"""The instant a fresh simulated daemon starts (any fixed instant would do)."""


def rfc3339(moment: datetime) -> str:
    """``2025-03-03T09:00:01.123456Z`` (Go's RFC3339Nano drops trailing zeros)."""
    text = moment.strftime("%Y-%m-%dT%H:%M:%S.%f").rstrip("0").rstrip(".")
    return text + "Z"


@dataclass
class NetRec:
    """A network (``docker network inspect``)."""

    id: str
    name: str
    driver: Driver
    created: str
    pool: AddressPool | None = None
    subnet_text: str | None = None
    gateway_shown: bool = True
    ip_range: str | None = None
    user_subnet: bool = False
    internal: bool = False
    attachable: bool = False
    bridge: str | None = None
    options: tuple[tuple[str, str], ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    parent: str | None = None
    """macvlan/ipvlan: the host link the children hang off (the driver's choice)."""
    enable_ipv6: bool = False
    pool6: AddressPool | None = None
    subnet6_text: str | None = None
    user_subnet6: bool = False  # the IPv6 --subnet was the user's (not the engine's pick)
    gateway6_shown: bool = True
    ipv6_first: bool = False

    @property
    def predefined(self) -> bool:
        return self.name in PREDEFINED_NETWORKS


@dataclass
class EpRec:
    """A container's attachment to one network; runtime fields empty while stopped."""

    network_name: str
    network_id: str = ""
    aliases: tuple[str, ...] = ()
    dns_names: tuple[str, ...] = ()
    """``DNSNames`` (engine 28): set at join, kept while stopped (see ``profiles.endpoints``)."""
    requested_ip: str = ""
    requested_mac: str = ""  # --mac-address (28.5: per endpoint)
    links: tuple[str, ...] = ()
    endpoint_id: str = ""
    ip: str = ""
    prefixlen: int = 0
    gateway: str = ""
    mac: str = ""
    requested_ip6: str = ""
    ip6: str = ""
    prefixlen6: int = 0
    gateway6: str = ""
    connected: bool = False
    """Made by ``docker network connect`` (kept from then on): the engine keeps the
    EndpointConfig the CLI sent, whose empty values show as ``[]`` and ``{}``."""
    iface: Interface | None = None
    """The container end of the endpoint's link, as ``ip addr`` shows it inside (set by
    the network's driver at join; None without one: host, none, or while stopped)."""

    @property
    def ifname(self) -> str:
        """``eth0``, ``eth1``... inside the container; ``""`` without an interface."""
        return self.iface.name if self.iface is not None else ""

    def clear_runtime(self) -> None:
        self.endpoint_id = self.ip = self.gateway = self.mac = self.ip6 = self.gateway6 = ""
        self.prefixlen, self.prefixlen6, self.iface = 0, 0, None


@dataclass(eq=False)
class Sandbox:
    """A network namespace of a running container; names its ``ethN`` interfaces and,
    where the engine creates them inside (28.5), numbers them after ``lo`` (1)."""

    owner_id: str
    next_eth: int = 0
    next_index: int = 2

    def eth_name(self) -> str:
        name = f"eth{self.next_eth}"
        self.next_eth += 1
        return name

    def take_index(self) -> int:
        """The namespace's next interface index (the kernel does not reuse them)."""
        self.next_index += 1
        return self.next_index - 1


@dataclass
class CtrRec:
    """A container (``docker inspect``)."""

    id: str
    name: str
    image: str
    image_id: str
    command: tuple[str, ...]
    entrypoint: tuple[str, ...]
    created: str
    hostname: str
    network_mode: NetworkMode
    endpoints: list[EpRec] = field(default_factory=list)
    port_requests: tuple[PortBinding, ...] = ()
    publish_all: bool = False
    exposed: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    tty: bool = False
    stdin_open: bool = False
    auto_remove: bool = False
    labels: tuple[tuple[str, str], ...] = ()
    detached: bool = True
    options: RunOptions = field(default_factory=RunOptions)
    state: ContainerState = "created"
    exit_code: int = 0
    error: str = ""
    started_at: str = "0001-01-01T00:00:00Z"
    finished_at: str = "0001-01-01T00:00:00Z"
    ports: tuple[PortBinding, ...] = ()
    listening: tuple[int, ...] = ()
    stdout: str = ""
    stderr: str = ""
    sandbox: Sandbox | None = None
    joined: Sandbox | None = None
    process: ProcessPlan | None = None
    execs: int = 0
    contacted: tuple[str, ...] = ()
    listed: tuple[EpRec, ...] = ()
    """Copies of the endpoints as a start that failed at its ports had joined them: the
    engine's container list keeps showing them until the container changes again."""
    failed_connects: dict[str, EpRec] = field(default_factory=dict)
    """By network name: the settings a failed ``docker network connect`` left while the
    container runs (inspect only); they join ``endpoints`` when it stops."""

    @property
    def running(self) -> bool:
        """Up, with its namespace and addresses: running or paused (``State.Running``)."""
        return self.state in ("running", "paused")

    @property
    def paused(self) -> bool:
        """Frozen by ``docker pause``: still up, but its processes do not run."""
        return self.state == "paused"

    def endpoint(self, network_name: str) -> EpRec | None:
        for ep in self.endpoints:
            if ep.network_name == network_name:
                return ep
        return None


DEPARTED_KEPT = 64
"""How many removed containers' last words :attr:`State.departed` keeps."""


class State:
    """One simulated daemon: records, allocators, host, clock and ID source, and the
    engine profile whose strategies it follows (default: :func:`coursekit.profiles.profile`)."""

    def __init__(self, seed: int = 0, host: HostConfig | None = None,
                 profile: SimProfile | None = None) -> None:
        self.seed = seed
        self.profile = profile or strategies(engine_profile())
        self.names = NameGenerator(seed)
        self.clock_rng = NameGenerator(seed + 0x5EED)
        self.clock = EPOCH
        self.host = Host(host or HostConfig(), default_user_chain(self.profile.engine.name))
        self.host_sandbox = Sandbox(owner_id="host")
        self.subnets = SubnetAllocator(self.profile.pools, self.profile.words)
        self.ports = PortAllocator(self.profile.words, self.host.config.sctp)
        self.images = ImageStore()
        self.networks: dict[str, NetRec] = {}
        self.containers: dict[str, CtrRec] = {}
        self.traffic: dict[tuple[str, str, str], tuple[int, int, int, int]] = {}
        """Per-interface counters the lab's commands moved (``userland.traffic``)."""
        self.container_names: dict[str, str] = {}
        self.departed: dict[str, tuple[str, str, int]] = {}
        """What the last removed containers printed and how they ended (stdout, stderr,
        exit code), for whoever was attached when an ``--rm`` container went away."""
        self.version = 0
        self.wall: Callable[[], datetime] | None = None
        """When set (a served lab), the clock never falls behind this one."""

    def tick(self, seconds: float = 1.0) -> str:
        """Advance the clock (one state-changing call); returns the new time as text."""
        jitter = self.clock_rng.jitter_us(1_000, 250_000)
        if self.wall is not None:  # real time passes by itself: only what a call waits for
            waited = timedelta(seconds=seconds if seconds > 1 else 0, microseconds=jitter)
            self.clock = max(self.clock + waited, self.wall())
        else:
            self.clock += timedelta(seconds=seconds, microseconds=jitter)
        self.version += 1
        return rfc3339(self.clock)

    def touch(self) -> None:
        """Mark the state changed (snapshots are cached per version)."""
        self.version += 1

    def taken_ids(self) -> set[str]:
        return set(self.networks) | set(self.containers)

    def network_by_name(self, name: str) -> NetRec | None:
        for net in self.networks.values():
            if net.name == name:
                return net
        return None

    def find_network(self, ref: str, ambiguous: str = "inspect") -> NetRec:
        """Full ID, exact name, then ID prefix; NotFound ``network REF not found``.

        ``ambiguous`` picks the daemon's wording for a prefix that matches several:
        ``inspect`` or ``remove`` (they differ on 20.10).
        """
        net = self.networks.get(ref) or self.network_by_name(ref)
        if net is not None:
            return net
        hits = [n for n in self.networks.values() if ref and n.id.startswith(ref)]
        if len(hits) == 1:
            return hits[0]
        if hits and ambiguous == "remove":
            raise InvalidArgument(f"network {ref} is ambiguous ({len(hits)} matches found "
                                  "based on ID prefix)")
        if hits:
            raise InvalidArgument(f"{len(hits)} matches found based on ID prefix: "
                                  f"network {ref} is ambiguous")
        raise NotFound(f"network {ref} not found")

    def find_container(self, ref: str) -> CtrRec:
        """Full ID, exact name (``/name`` too), then ID prefix."""
        found = self.containers.get(ref)
        if found is not None:
            return found
        by_name = self.container_by_name(ref[1:] if ref.startswith("/") else ref)
        if by_name is not None:
            return by_name
        hits = [c for c in self.containers.values() if ref and c.id.startswith(ref)]
        if len(hits) > 1:
            raise InvalidArgument(f"Multiple IDs found with provided prefix: {ref}")
        if hits:
            return hits[0]
        raise NotFound(f"No such container: {ref}")

    def container_by_name(self, name: str) -> CtrRec | None:
        ctr_id = self.container_names.get(name)
        return None if ctr_id is None else self.containers[ctr_id]

    def add_container(self, ctr: CtrRec) -> None:
        self.containers[ctr.id] = ctr
        self.container_names[ctr.name] = ctr.id

    def rename_container(self, ctr: CtrRec, name: str) -> None:
        """Give ``ctr`` the (claimed) ``name``; the names its endpoints answer to follow
        (and the list forgets the endpoints of a failed start, as the engine's does)."""
        self.container_names.pop(ctr.name, None)
        ctr.listed = ()
        for ep in ctr.endpoints:
            ep.dns_names = tuple(name if n == ctr.name else n for n in ep.dns_names)
        ctr.name = name
        self.container_names[name] = ctr.id
        self.touch()

    def drop_container(self, ctr: CtrRec) -> None:
        self.departed[ctr.id] = (ctr.stdout, ctr.stderr, ctr.exit_code)
        while len(self.departed) > DEPARTED_KEPT:
            self.departed.pop(next(iter(self.departed)))
        self.containers.pop(ctr.id, None)
        self.container_names.pop(ctr.name, None)

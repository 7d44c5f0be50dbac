"""The frozen records of coursekit's models: ports, interfaces, endpoints, networks,
containers and the :class:`Topology` that holds them all (see :mod:`coursekit.models`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from coursekit.models.kinds import (
    DEFAULT_MODE,
    PREDEFINED_NETWORKS,
    ContainerState,
    Driver,
    InterfaceKind,
    NetworkMode,
)


@dataclass(frozen=True)
class PortBinding:
    """One published port: ``host_ip:host_port -> container_port/protocol``.

    ``host_ip`` is what the engine reports: ``0.0.0.0`` and ``::`` for a plain
    ``-p 8081:8080`` (two bindings), ``127.0.0.1`` for ``-p 127.0.0.1:8081:8080``.
    A requested binding (``HostConfig.PortBindings``) may leave ``host_ip`` empty and
    ``host_port`` 0 (meaning "any", as ``-P`` or ``-p 8080`` ask).
    """

    container_port: int
    protocol: str = "tcp"
    host_ip: str = ""
    host_port: int = 0


@dataclass(frozen=True)
class Interface:
    """A network interface as ``ip addr`` shows it, in a container or on the host.

    ``kind`` is ``loopback``, ``ether`` (a physical NIC), ``bridge`` (docker0, br-*,
    virbr0) or ``veth``. ``ipv4`` holds CIDR strings (``172.17.0.2/16``). For a veth
    end, ``peer_index`` is the index of the other end (printed as ``@ifN``) and
    ``master`` the bridge it is plugged into (host ends only).
    """

    index: int
    name: str
    kind: InterfaceKind
    mac: str = "00:00:00:00:00:00"
    ipv4: tuple[str, ...] = ()
    ipv6: tuple[str, ...] = ()
    peer_index: int | None = None
    master: str | None = None
    up: bool = True
    carrier: bool = True
    mtu: int = 1500
    traffic: tuple[int, int, int, int] = (0, 0, 0, 0)  # RX, RX bytes, TX, TX bytes by the lab
    by_hand: bool = False  # made by the learner's `ip link add` (qlen 1000, no brd); sim only
    peer_name: str = ""  # a veth whose peer shares its namespace: `ip link` prints `a@b`
    operstate: str = ""  # set where flags do not decide it (UNKNOWN: a bridge never ported)

    @property
    def display_name(self) -> str:
        """Name as ``ip link`` prints it: ``eth0@if7`` for a veth end (``a@b`` when its
        peer ``b`` lives in the same namespace)."""
        if self.peer_name:
            return f"{self.name}@{self.peer_name}"
        if self.peer_index is None:
            return self.name
        return f"{self.name}@if{self.peer_index}"


@dataclass(frozen=True)
class Endpoint:
    """A container's attachment to one network (``NetworkSettings.Networks[name]``).

    While the container is stopped the attachment is kept but its runtime fields
    are empty, exactly as ``docker inspect`` shows: ``ip == ""``, ``mac == ""``,
    ``endpoint_id == ""``, ``gateway == ""``, ``prefixlen == 0``. ``aliases`` and
    ``dns_names`` are what the engine reports (``Aliases``; ``DNSNames``, from 28: the
    names the embedded DNS answers for on this network).
    """

    network_id: str
    network_name: str
    endpoint_id: str = ""
    ip: str = ""
    prefixlen: int = 0
    gateway: str = ""
    mac: str = ""
    aliases: tuple[str, ...] = ()
    dns_names: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    requested_ip: str = ""
    ifname: str = ""
    ipv6: str = ""  # GlobalIPv6Address, on an --ipv6 network
    ipv6_prefixlen: int = 0
    ipv6_gateway: str = ""
    requested_ip6: str = ""  # --ip6 as asked
    connected: bool = False
    """Made by ``docker network connect`` (its document shows empty values as [] and {})."""

    @property
    def cidr(self) -> str:
        """``ip/prefixlen`` or ``""`` when the endpoint has no address."""
        return f"{self.ip}/{self.prefixlen}" if self.ip else ""


@dataclass(frozen=True)
class NetworkMember:
    """A running container as ``docker network inspect`` lists it under Containers."""

    container_id: str
    name: str
    endpoint_id: str
    mac: str
    ipv4: str  # CIDR, e.g. "172.18.0.2/16"
    ipv6: str = ""


@dataclass(frozen=True)
class Network:
    """A Docker network (``docker network inspect``).

    ``driver`` is ``bridge``, ``host`` or ``null``. ``bridge`` is the Linux bridge on
    the host (``docker0`` or ``br-<first 12 of id>``), ``None`` for host and none.
    ``ipam_gateway_shown`` is False where the engine's IPAM Config lists only the
    subnet (the default bridge on a fresh 20.10 daemon) although it has a gateway.
    """

    id: str
    name: str
    driver: Driver
    scope: str = "local"
    created: str = ""
    subnet: str | None = None
    gateway: str | None = None
    ipam_gateway_shown: bool = True
    ip_range: str | None = None
    internal: bool = False
    attachable: bool = False
    enable_ipv6: bool = False
    bridge: str | None = None
    options: tuple[tuple[str, str], ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    members: tuple[NetworkMember, ...] = ()
    subnet6: str | None = None  # an --ipv6 network's IPv6 subnet (fd00::/64)
    gateway6: str | None = None  # as IPAM Config shows it (None: not listed)
    ipv6_first: bool = False  # IPAM Config lists the IPv6 entry first
    parent: str | None = None  # macvlan/ipvlan: the host link its children hang off

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def predefined(self) -> bool:
        """bridge, host and none are created by the daemon and cannot be removed."""
        return self.name in PREDEFINED_NETWORKS


@dataclass(frozen=True)
class RunOptions:
    """``-e`` (Config.Env), ``--add-host`` (HostConfig.ExtraHosts, ``name:ip``), ``--dns*``
    (HostConfig.Dns, DnsSearch, DnsOptions) and ``--mac-address``, as the engine keeps them."""

    env: tuple[str, ...] = ()
    extra_hosts: tuple[str, ...] = ()
    dns: tuple[str, ...] = ()
    dns_search: tuple[str, ...] = ()
    dns_options: tuple[str, ...] = ()
    mac_address: str = ""


@dataclass(frozen=True)
class Container:
    """A container as ``docker inspect`` describes it.

    ``state`` is ``created``, ``running`` or ``exited``. ``network_mode`` is what
    ``HostConfig.NetworkMode`` holds, parsed (:class:`NetworkMode`; its ``str`` is the
    text: ``default``, ``bridge``, ``host``, ``none``, ``container:<full id>``, a user
    network's name).
    ``endpoints`` are in attachment order (eth0, eth1, ...). ``ports`` are the live
    bindings (``NetworkSettings.Ports``), ``port_requests`` what ``-p``/``-P`` asked
    (``HostConfig.PortBindings``). ``interfaces`` are what ``ip addr`` shows inside the
    container's network namespace while it runs (a container-mode follower sees its
    owner's). ``listening`` lists the TCP ports its main process serves, when known.
    ``links`` are ``target:alias`` pairs (``--link db:database``). ``detached`` is False
    when the CLI attached to its output (``docker create``, ``run`` without ``-d``);
    ``error`` is the daemon's reason for a failed start (``State.Error``).
    """

    id: str
    name: str
    image: str
    command: tuple[str, ...] = ()
    entrypoint: tuple[str, ...] = ()
    created: str = ""
    state: ContainerState = "created"
    exit_code: int = 0
    started_at: str = "0001-01-01T00:00:00Z"
    finished_at: str = "0001-01-01T00:00:00Z"
    hostname: str = ""
    network_mode: NetworkMode = DEFAULT_MODE
    endpoints: tuple[Endpoint, ...] = ()
    listed_endpoints: tuple[Endpoint, ...] = ()
    """The endpoints of a start that failed at its ports, as ``GET /containers/json``
    still lists them (the engine's list view kept the joined state; inspect is empty)."""
    failed_connects: tuple[Endpoint, ...] = ()
    """The settings a running container's failed ``docker network connect`` recorded:
    inspect's ``Networks`` shows them (no IDs), the list does not."""
    ports: tuple[PortBinding, ...] = ()
    port_requests: tuple[PortBinding, ...] = ()
    publish_all: bool = False
    exposed: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    tty: bool = False
    stdin_open: bool = False
    auto_remove: bool = False
    labels: tuple[tuple[str, str], ...] = ()
    interfaces: tuple[Interface, ...] = ()
    listening: tuple[int, ...] = ()
    image_id: str = ""
    detached: bool = True
    error: str = ""
    options: RunOptions = field(default_factory=RunOptions)
    execs: int = 0  # ``docker exec`` processes started (``ps`` numbers the latest from it)
    contacted: tuple[str, ...] = ()  # addresses its commands sent packets to (neighbours)
    ports_hidden: bool = False  # running with exposed ports but no way out: Ports shows {}

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def running(self) -> bool:
        """Up (``State.Running``): running or paused (a paused one keeps its addresses)."""
        return self.state in ("running", "paused")

    @property
    def namespace_owner(self) -> str | None:
        """Full id of the container whose network namespace this one shares."""
        return self.network_mode.owner

    def endpoint(self, network_name: str) -> Endpoint | None:
        for ep in self.endpoints:
            if ep.network_name == network_name:
                return ep
        return None


@dataclass(frozen=True)
class Netns:
    """A network namespace the learner made (``ip netns add``; simulator only): its links
    and the routes added by hand (``(dest, dev, gateway)``); ``nsid`` as ``ip netns list``
    shows it once the host's namespace holds an id for it."""

    name: str
    interfaces: tuple[Interface, ...] = ()
    routes: tuple[tuple[str, str, str], ...] = ()
    nsid: int | None = None


@dataclass(frozen=True)
class Topology:
    """Everything the plot and the quizzes need, from either backend.

    ``host_interfaces`` are the host's own (lo, the physical NIC, docker0, br-*,
    virbr0 when present, and the host ends of veth pairs); ``outside`` the public hosts
    the simulator puts beyond the NIC's default route (empty from a real engine).
    """

    backend: str
    host_name: str
    host_interfaces: tuple[Interface, ...]
    networks: tuple[Network, ...]
    containers: tuple[Container, ...]
    engine_version: str = ""
    notes: tuple[str, ...] = field(default=())
    outside: tuple[tuple[str, str], ...] = ()  # (address, names) past the uplink; sim only
    netns: tuple[Netns, ...] = ()  # the learner's `ip netns add` ones; sim only
    docker_user: tuple[str, ...] | None = None
    """The learner's ``DOCKER-USER`` rules (``iptables -S`` lines without ``-A CHAIN``);
    None while the chain is as the engine wrote it. Simulator only."""

    def network(self, name_or_id: str) -> Network | None:
        for net in self.networks:
            if name_or_id in (net.name, net.id):
                return net
        return None

    def container(self, name_or_id: str) -> Container | None:
        for c in self.containers:
            if name_or_id in (c.name, c.id):
                return c
        return None

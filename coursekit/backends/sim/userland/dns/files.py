"""The files a container reads names from: ``/etc/hosts``, ``/etc/resolv.conf``, hostname.

What Docker writes in them is described in :mod:`coursekit.backends.sim.userland.dns`.
"""

from __future__ import annotations

from coursekit.backends.sim.host import HostConfig
from coursekit.backends.sim.profiles import for_topology
from coursekit.backends.sim.profiles.files import (
    Overrides,
    Source,
    extra_host_lines,
    nameservers,
)
from coursekit.backends.sim.userland.namespace import (
    find_container,
    is_user_defined,
    live_endpoints,
    network_of,
    owner_of,
)
from coursekit.models import Container, Topology

HOST_RESOLV_CONF = HostConfig().resolv_conf
"""The simulated host's /etc/resolv.conf; default-bridge and none containers use its servers."""
HOST_NAMESERVER = nameservers(HOST_RESOLV_CONF)[0]


def host_hosts_file(topology: Topology) -> str:
    """The simulated host's /etc/hosts (Debian's default layout)."""
    return (f"127.0.0.1\tlocalhost\n127.0.1.1\t{topology.host_name}\n\n"
            "# The following lines are desirable for IPv6 capable hosts\n"
            "::1     localhost ip6-localhost ip6-loopback\n"
            "ff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n")


def files_owner(topology: Topology, container_id: str | None) -> Container | None:
    """Whose /etc/hosts, resolv.conf and hostname the container uses (None: the host's).

    A ``container:`` follower shares its owner's files (they stay the owner's even when
    the owner stopped); a ``host``-mode container uses the host's.
    """
    if container_id is None:
        return None
    container = find_container(topology, container_id)
    return None if container is None else owner_of(topology, container)


def hostname(topology: Topology, container_id: str | None) -> str:
    """What ``hostname`` prints in the container (``None``: on the host)."""
    owner = files_owner(topology, container_id)
    if owner is None:
        return topology.host_name
    return owner.hostname or owner.short_id


def hosts_file(topology: Topology, container_id: str | None) -> str:
    """``cat /etc/hosts`` in the container (``None``: on the host); ``--add-host`` lines
    follow the header (host mode: Docker's file then, not the host's)."""
    owner = files_owner(topology, container_id)
    header = for_topology(topology).files.hosts_header
    bridge = topology.network("bridge")  # host-gateway is docker0's address
    gateway = bridge.gateway if bridge else None
    if owner is None:
        own_ctr = find_container(topology, container_id) if container_id else None
        if own_ctr is not None and own_ctr.options.extra_hosts:
            return header + extra_host_lines(own_ctr.options.extra_hosts, gateway)
        return host_hosts_file(topology)
    name = owner.hostname or owner.short_id
    entry = f"{name} {name.split('.')[0]}" if "." in name else name
    own = "".join(f"{ep.ip}\t{entry}\n" + (f"{ep.ipv6}\t{entry}\n" if ep.ipv6 else "")
                  for ep in live_endpoints(owner))  # an --ipv6 network adds its address
    extra = extra_host_lines(owner.options.extra_hosts, gateway)
    return header + extra + "".join(_link_lines(topology, owner)) + own


def _link_lines(topology: Topology, owner: Container) -> list[str]:
    """``IP<TAB>alias hostname [name]`` for each legacy link on the default bridge."""
    if not any(ep.network_name == "bridge" for ep in live_endpoints(owner)):
        return []
    lines = []
    for target_name, alias in parse_links(owner.links):
        target = find_container(topology, target_name)
        ep = target.endpoint("bridge") if target is not None and target.running else None
        if target is None or ep is None or not ep.ip:
            continue
        names = [alias, target.hostname or target.short_id]
        if alias != target.name:
            names.append(target.name)
        lines.append(f"{ep.ip}\t{' '.join(names)}\n")
    return lines


def parse_links(links: tuple[str, ...]) -> list[tuple[str, str]]:
    """(target name, alias) from ``/u1:/u2/alias``, ``u1:alias`` or ``u1`` forms."""
    pairs = []
    for link in links:
        target, _, alias = link.partition(":")
        target = target.strip("/")
        alias = alias.rsplit("/", 1)[-1] if alias else target
        if target:
            pairs.append((target, alias or target))
    return pairs


def resolv_conf(topology: Topology, container_id: str | None) -> str:
    """``cat /etc/resolv.conf`` in the container (``None``: on the host)."""
    if container_id is None or find_container(topology, container_id) is None:
        return HOST_RESOLV_CONF
    owner = files_owner(topology, container_id)
    source: Source = "host" if owner is None else (
        "embedded" if _on_user_network(topology, owner) else "copy")
    asked = owner or find_container(topology, container_id)
    overrides = Overrides(asked.options.dns, asked.options.dns_search,
                          asked.options.dns_options) if asked else Overrides()
    return for_topology(topology).files.resolv_conf(HOST_RESOLV_CONF, source, overrides)


def _on_user_network(topology: Topology, owner: Container) -> bool:
    """Docker writes the embedded DNS server once a container joins a user network."""
    return any(is_user_defined(network_of(topology, ep)) for ep in owner.endpoints)


def nameserver(topology: Topology, container_id: str | None) -> str:
    """The first ``nameserver`` of the container's resolv.conf."""
    return nameservers(resolv_conf(topology, container_id))[0]


def hosts_lookup(text: str, name: str, family: int = 4) -> str | None:
    """The first address of ``family`` (4 or 6) an /etc/hosts text gives ``name``
    (case-insensitive)."""
    wanted = name.lower().rstrip(".")
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) > 1 and wanted in (f.lower() for f in fields[1:]) \
                and (":" in fields[0]) == (family == 6):
            return fields[0]
    return None

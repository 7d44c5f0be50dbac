"""Who resolves which name where: /etc/hosts, /etc/resolv.conf and the embedded DNS.

A program in a container turns a name into an address the way libc does: first
``/etc/hosts``, then the DNS server named in ``/etc/resolv.conf``. Docker writes both
files for each container (observed on Engines 20.10 and 28.5; the text around the
entries is the engine's, :mod:`coursekit.backends.sim.profiles.files`):

- ``/etc/hosts``: the localhost and ip6 lines, then one line per legacy ``--link``
  (``IP<TAB>alias hostname [name]``, the name only when it differs from the alias),
  then ``IP<TAB>hostname`` for each attached network (``IP<TAB>h.example h`` for a
  dotted hostname). ``none`` mode gets the header only; ``host`` mode the host's file;
  a ``container:`` follower its owner's (and the owner's hostname).
- ``/etc/resolv.conf``: on any user-defined network the embedded DNS server
  (``nameserver 127.0.0.11`` / ``options ndots:0``); otherwise the host's servers
  (:data:`HOST_RESOLV_CONF`: a copy on 20.10, generated around them on 28.5, also in
  ``host`` mode).
- The embedded DNS (127.0.0.11) answers for running containers on a user-defined
  network the asker shares: their name, hostname, short id, ``--network-alias``
  aliases, each also as ``NAME.NETWORK``, and the asker's own ``--link`` aliases on
  that network (what the endpoint reports of these names is the engine's:
  :mod:`coursekit.backends.sim.profiles.endpoints`). Anything else is forwarded to the
  container's external servers: 28.5's ``# ExtServers:`` list (``host(X)`` asked from
  the host's namespace, so even a network without masquerading resolves; a bare ``X``,
  ``--dns``, from the container's), 20.10's host or ``--dns`` servers from the
  container's. With no way out (only ``--internal`` networks) nothing is forwarded:
  ``SERVFAIL``. Any server is asked through the network like any packet
  (:func:`reach.trace_from`): the resolvers of ``host.OUTSIDE`` answer its names
  (``example.com``), NXDOMAIN for the rest; an unreachable one times out.
- The default bridge has no embedded DNS: names of other containers do not resolve
  there (busybox ``ping: bad address 'NAME'``) unless ``--link`` wrote them into
  ``/etc/hosts``.
"""

from __future__ import annotations

import ipaddress

from coursekit.backends.sim.host import HostConfig, public_lookup
from coursekit.backends.sim.profiles import for_topology
from coursekit.backends.sim.profiles.files import (
    EMBEDDED_DNS,
    Overrides,
    Source,
    extra_host_lines,
    nameservers,
)
from coursekit.backends.sim.userland.namespace import (
    Namespace,
    find_container,
    is_user_defined,
    live_endpoints,
    namespace_of,
    network_of,
    owner_of,
)
from coursekit.backends.sim.userland.reach import REPLY, trace_from
from coursekit.models import Container, Endpoint, Topology

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
    own = "".join(f"{ep.ip}\t{entry}\n" for ep in live_endpoints(owner))
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


def uses_embedded_dns(topology: Topology, ns: Namespace) -> bool:
    """True when the stack is attached to at least one user-defined network."""
    return any(is_user_defined(network_of(topology, ep)) for ep in ns.endpoints)


def nameserver(topology: Topology, container_id: str | None) -> str:
    """The first ``nameserver`` of the container's resolv.conf."""
    return nameservers(resolv_conf(topology, container_id))[0]


def hosts_lookup(text: str, name: str) -> str | None:
    """The first address an /etc/hosts text gives ``name`` (case-insensitive)."""
    wanted = name.lower().rstrip(".")
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) > 1 and wanted in (f.lower() for f in fields[1:]):
            return fields[0]
    return None


def resolve(topology: Topology, container_id: str | None, name: str) -> str | None:
    """The IPv4 address ``ping NAME`` would use in the container, or None.

    ``container_id`` None asks on the host. Order as libc: an address literal, then
    /etc/hosts, then the embedded DNS (user-defined networks only).
    """
    return next(iter(resolve_all(topology, container_id, name)), None)


def resolve_all(topology: Topology, container_id: str | None, name: str) -> tuple[str, ...]:
    """Every address the name resolves to (several for a shared network alias)."""
    if _is_ipv4(name):
        return (name,)
    ns = _namespace(topology, container_id)
    if ns is None:
        return ()
    found = hosts_lookup(hosts_file(topology, container_id), name)
    if found is not None:
        return (found,)
    if ns.owner is not None and uses_embedded_dns(topology, ns):
        return embedded_lookup(topology, container_id, name) or \
            (forwarded(topology, ns, name) or ())
    for server in nameservers(resolv_conf(topology, container_id)):
        answer = ask(topology, ns, server, name)
        if answer is not None:
            return answer
    return ()


def ask(topology: Topology, ns: Namespace, server: str, name: str) -> tuple[str, ...] | None:
    """What DNS server ``server`` answers ``ns`` for ``name``: addresses, ``()`` for
    NXDOMAIN, None when no answer comes back (unreachable, or no DNS server there)."""
    if not _is_ipv4(server):
        return None
    path = trace_from(topology, ns, server)
    if path.outcome != REPLY or path.public is None or not path.public.dns:
        return None
    found = public_lookup(name)
    return () if found is None else (found,)


def query(topology: Topology, container_id: str | None, server: str,
          name: str) -> tuple[str, tuple[str, ...]]:
    """``nslookup NAME SERVER`` as the server answers: (``NOERROR``, addresses),
    (``NXDOMAIN``, ()), (``SERVFAIL``, ()) or (``TIMEOUT``, ()) when nothing comes back."""
    ns = _namespace(topology, container_id)
    embedded = server == EMBEDDED_DNS
    if ns is None or (embedded and (ns.owner is None or not uses_embedded_dns(topology, ns))):
        return "TIMEOUT", ()
    found = (embedded_lookup(topology, container_id, name) or forwarded(topology, ns, name)
             ) if embedded else ask(topology, ns, server, name)
    if found is None:
        return ("SERVFAIL" if embedded else "TIMEOUT"), ()
    return ("NOERROR" if found else "NXDOMAIN"), found


def forwarders(topology: Topology, owner: Container) -> tuple[tuple[str, bool], ...]:
    """The embedded DNS's external servers for ``owner``: (address, asked from the host)."""
    for line in resolv_conf(topology, owner.id).splitlines():
        if line.startswith("# ExtServers: [") and line.endswith("]"):
            items = line[len("# ExtServers: ["):-1].replace(",", " ").split()  # --dns: a b
            return tuple((i[5:-1], True) if i.startswith("host(") else (i, False)
                         for i in items)
    given = owner.options.dns  # ``--dns`` servers, which 20.10 keeps out of the file
    return tuple((server, False) for server in given or nameservers(HOST_RESOLV_CONF))


def forwarded(topology: Topology, ns: Namespace, name: str) -> tuple[str, ...] | None:
    """What the embedded DNS gets back for a name it does not know: the first answer of
    its external servers; None (it answers SERVFAIL) when none answers or the container
    has no way out."""
    nets = [network_of(topology, ep) for ep in ns.endpoints]
    if ns.owner is None or all(net is None or net.internal for net in nets):
        return None
    host = namespace_of(topology, None)
    answers = (ask(topology, host if from_host else ns, server, name)
               for server, from_host in forwarders(topology, ns.owner))
    return next((a for a in answers if a is not None), None)


def embedded_lookup(topology: Topology, container_id: str | None, name: str) -> tuple[str, ...]:
    """What 127.0.0.11 answers the container for ``name`` (A records), first network first."""
    ns = _namespace(topology, container_id)
    if ns is None or ns.owner is None:
        return ()
    wanted = name.lower().rstrip(".")
    for ep in ns.endpoints:
        if is_user_defined(network_of(topology, ep)):
            found = _answers_on(topology, ep, wanted)
            if found:
                return found
    return ()


def _answers_on(topology: Topology, asker: Endpoint, wanted: str) -> tuple[str, ...]:
    """Addresses on the asker's network for ``wanted`` (names, aliases, links)."""
    net = asker.network_name
    found = [ep.ip for c in topology.containers for ep in live_endpoints(c)
             if ep.network_name == net and wanted in _dns_names(c, ep)]
    for target_name, alias in parse_links(asker.links):
        target = find_container(topology, target_name)
        ep = target.endpoint(net) if target is not None and target.running else None
        if ep is not None and ep.ip and wanted in (alias.lower(), f"{alias}.{net}".lower()):
            found.append(ep.ip)
    return tuple(dict.fromkeys(found))


def _dns_names(container: Container, ep: Endpoint) -> set[str]:
    """The names a container answers to on one network (bare and ``.network``)."""
    base = {container.name.lstrip("/"), container.short_id,
            container.hostname or container.short_id, *ep.aliases}
    names = {n.lower() for n in base if n}
    return names | {f"{n}.{ep.network_name.lower()}" for n in names}


def reverse_lookup(topology: Topology, container_id: str | None, ip: str) -> str | None:
    """The PTR answer of 127.0.0.11 for ``ip``: ``name.network``, or None."""
    ns = _namespace(topology, container_id)
    if ns is None or ns.owner is None or not uses_embedded_dns(topology, ns):
        return None
    shared = {ep.network_name for ep in ns.endpoints if is_user_defined(network_of(topology, ep))}
    for c in topology.containers:
        for ep in live_endpoints(c):
            if ep.ip == ip and ep.network_name in shared:
                return f"{c.name.lstrip('/')}.{ep.network_name}"
    return None


def _namespace(topology: Topology, container_id: str | None) -> Namespace | None:
    """The stack of the container (or the host for None); None for an unknown id."""
    if container_id is None:
        return namespace_of(topology, None)
    container = find_container(topology, container_id)
    return None if container is None else namespace_of(topology, container)


def _is_ipv4(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True

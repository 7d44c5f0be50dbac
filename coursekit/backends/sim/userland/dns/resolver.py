"""The resolver: libc's order (literal, /etc/hosts, DNS), the embedded DNS and forwarding.

What each server answers is described in :mod:`coursekit.backends.sim.userland.dns`.
"""

from __future__ import annotations

import ipaddress

from coursekit.backends.sim.host import public_lookup
from coursekit.backends.sim.profiles.files import EMBEDDED_DNS, nameservers
from coursekit.backends.sim.userland.dns.files import (
    HOST_RESOLV_CONF,
    hosts_file,
    hosts_lookup,
    parse_links,
    resolv_conf,
)
from coursekit.backends.sim.userland.namespace import (
    Namespace,
    find_container,
    is_user_defined,
    live_endpoints,
    namespace_of,
    network_of,
)
from coursekit.backends.sim.userland.reach import REPLY, trace_from
from coursekit.models import Container, Endpoint, Topology


def uses_embedded_dns(topology: Topology, ns: Namespace) -> bool:
    """True when the stack is attached to at least one user-defined network."""
    return any(is_user_defined(network_of(topology, ep)) for ep in ns.endpoints)


def resolve(topology: Topology, container_id: str | None, name: str,
            family: int = 4) -> str | None:
    """The address of ``family`` (4 or 6) ``ping NAME`` would use in the container, or None.

    ``container_id`` None asks on the host. Order as libc: an address literal, then
    /etc/hosts, then the embedded DNS (user-defined networks only; AAAA records for the
    endpoints an ``--ipv6`` network addressed), then the external servers (IPv4 only).
    """
    return next(iter(resolve_all(topology, container_id, name, family)), None)


def resolve_all(topology: Topology, container_id: str | None, name: str,
                family: int = 4) -> tuple[str, ...]:
    """Every address the name resolves to (several for a shared network alias)."""
    if _is_ip(name, family):
        return (name,)
    ns = _namespace(topology, container_id)
    if ns is None or _is_ip(name, 10 - family):
        return ()
    found = hosts_lookup(hosts_file(topology, container_id), name, family)
    if found is not None:
        return (found,)
    if ns.owner is not None and uses_embedded_dns(topology, ns):
        return embedded_lookup(topology, container_id, name, family) or \
            ((forwarded(topology, ns, name) or ()) if family == 4 else ())
    for server in nameservers(resolv_conf(topology, container_id)) if family == 4 else ():
        answer = ask(topology, ns, server, name)
        if answer is not None:
            return answer
    return ()


def ask(topology: Topology, ns: Namespace, server: str, name: str) -> tuple[str, ...] | None:
    """What DNS server ``server`` answers ``ns`` for ``name``: addresses, ``()`` for
    NXDOMAIN, None when no answer comes back (unreachable, or no DNS server there)."""
    if not _is_ip(server, 4):
        return None
    path = trace_from(topology, ns, server)
    if path.outcome != REPLY or path.public is None or not path.public.dns:
        return None
    found = public_lookup(name)
    return () if found is None else (found,)


def query(topology: Topology, container_id: str | None, server: str,
          name: str, family: int = 4) -> tuple[str, tuple[str, ...]]:
    """``nslookup NAME SERVER`` as the server answers (A records, or AAAA for ``family``
    6): (``NOERROR``, addresses), (``NXDOMAIN``, ()), (``SERVFAIL``, ()) or (``TIMEOUT``,
    ()) when nothing comes back. A name the embedded DNS knows without an IPv6 address
    has no AAAA record: NOERROR and nothing."""
    ns = _namespace(topology, container_id)
    embedded = server == EMBEDDED_DNS
    if ns is None or (embedded and (ns.owner is None or not uses_embedded_dns(topology, ns))):
        return "TIMEOUT", ()
    if family == 6:
        known = embedded and bool(embedded_lookup(topology, container_id, name))
        return ("NOERROR" if known else "NXDOMAIN"), \
            embedded_lookup(topology, container_id, name, 6) if embedded else ()
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


def embedded_lookup(topology: Topology, container_id: str | None, name: str,
                    family: int = 4) -> tuple[str, ...]:
    """What 127.0.0.11 answers the container for ``name`` (A records, AAAA for ``family``
    6), first network first."""
    ns = _namespace(topology, container_id)
    if ns is None or ns.owner is None:
        return ()
    wanted = name.lower().rstrip(".")
    for ep in ns.endpoints:
        if is_user_defined(network_of(topology, ep)):
            found = _answers_on(topology, ep, wanted, family)
            if found:
                return found
    return ()


def _answers_on(topology: Topology, asker: Endpoint, wanted: str,
                family: int) -> tuple[str, ...]:
    """Addresses on the asker's network for ``wanted`` (names, aliases, links)."""
    net = asker.network_name
    found = [_address(ep, family) for c in topology.containers for ep in live_endpoints(c)
             if ep.network_name == net and wanted in _dns_names(c, ep)]
    for target_name, alias in parse_links(asker.links):
        target = find_container(topology, target_name)
        ep = target.endpoint(net) if target is not None and target.running else None
        if ep is not None and ep.ip and wanted in (alias.lower(), f"{alias}.{net}".lower()):
            found.append(_address(ep, family))
    return tuple(a for a in dict.fromkeys(found) if a)


def _address(ep: Endpoint, family: int) -> str:
    return ep.ip if family == 4 else ep.ipv6


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
            if ip in (ep.ip, ep.ipv6) and ep.network_name in shared:
                return f"{c.name.lstrip('/')}.{ep.network_name}"
    return None


def _namespace(topology: Topology, container_id: str | None) -> Namespace | None:
    """The stack of the container (or the host for None); None for an unknown id."""
    if container_id is None:
        return namespace_of(topology, None)
    container = find_container(topology, container_id)
    return None if container is None else namespace_of(topology, container)


def _is_ip(text: str, family: int) -> bool:
    """Is ``text`` an address of ``family`` (4 or 6)?"""
    try:
        return ipaddress.ip_address(text).version == family
    except ValueError:
        return False

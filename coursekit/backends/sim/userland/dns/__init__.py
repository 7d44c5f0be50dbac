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

from coursekit.backends.sim.userland.dns.files import (
    HOST_NAMESERVER,
    HOST_RESOLV_CONF,
    files_owner,
    host_hosts_file,
    hostname,
    hosts_file,
    hosts_lookup,
    nameserver,
    parse_links,
    resolv_conf,
)
from coursekit.backends.sim.userland.dns.resolver import (
    ask,
    embedded_lookup,
    forwarded,
    forwarders,
    query,
    resolve,
    resolve_all,
    reverse_lookup,
    uses_embedded_dns,
)

__all__ = [
    "HOST_NAMESERVER", "HOST_RESOLV_CONF", "ask", "embedded_lookup", "files_owner",
    "forwarded", "forwarders", "host_hosts_file", "hostname", "hosts_file", "hosts_lookup",
    "nameserver", "parse_links", "query", "resolv_conf", "resolve", "resolve_all",
    "reverse_lookup", "uses_embedded_dns",
]

"""Who can reach whom: the simulated kernel's routes and bridges, and the host's netfilter rules.

One walk decides every ping, TCP connect and DNS query, from the sender's namespace
to an IPv4 address, following the kernel's routes and the rules ``iptables -S``
prints (each rule below names the one it stands for):

1. ``127.0.0.0/8`` (and ``0.0.0.0``) is the sender's own loopback: in a container that
   is the container itself (its owner's namespace for a ``container:`` follower, the
   host for ``host`` mode), on the host the host. The sender's own addresses too.
2. A namespace with only ``lo`` (``none`` mode, a follower whose owner stopped) has
   no route: ``ping: sendto: Network is unreachable``.
3. On a network the sender is attached to (a connected route): the gateway is the
   host and answers; a running container holding the address answers; nobody else
   (a stopped container's old address): ARP fails, no reply, TCP ``No route to
   host``. A *paused* container keeps its address and its kernel still answers ping
   (the freezer stops processes, not the network stack); its servers accept a
   connection and then never answer. On a bridge made with
   ``-o com.docker.network.bridge.enable_icc=false`` Docker drops traffic between two
   containers (``-A DOCKER-FORWARD -i br-X -o br-X -j DROP``); the gateway, the
   host's side, still answers. macvlan and ipvlan children of one parent reach each
   other directly.
4. Anything beyond needs a default route, through an endpoint with a gateway: an
   ``--internal`` network gives none on engine 28.5 (its endpoints have no gateway),
   so there ``ping: sendto: Network is unreachable``.
5. Any address of the host (NIC, docker0, any br-*, even another bridge's gateway)
   answers a container whose default route is a bridge: traffic to the host itself
   is not forwarded, so isolation and ``--internal`` do not stop it (observed on
   20.10, where an internal network keeps its default route). A macvlan or ipvlan
   child's default route leaves through the parent interface, never through the
   host: the host and its children cannot reach each other (the classic surprise);
   nor can the host reach them (it has no route but its default one).
6. An address on another Docker network is dropped (DOCKER-ISOLATION-STAGE-1/2):
   different bridges cannot talk; ``ping`` shows 100% packet loss, TCP times out.
7. Beyond the host, through its uplink (:data:`coursekit.backends.sim.host.OUTSIDE`):
   an ``--internal`` network drops it (``-A DOCKER-ISOLATION-STAGE-1 -i br-X ! -d
   SUBNET -j DROP``); a network made with ``enable_ip_masquerade=false`` has no
   ``-A POSTROUTING -s SUBNET ! -o br-X -j MASQUERADE`` rule, so the packet leaves
   with the container's private source address and no answer finds its way back;
   otherwise the host rewrites the source to its own (MASQUERADE) and a public host
   answers what it serves. Nobody else answers out there.

The host reaches every container address on every bridge (rules 1, 3 for every
bridge, 7). TCP (:func:`connect`) then asks who listens: the ports of every running
container in the target namespace, on the host its published ports (``-p``; a
``127.0.0.1:`` binding only for 127.0.0.1, ``0.0.0.0`` for any host address) and the
ports of ``host``-mode containers, and a public host's web server on port 80. A
published port whose container does not listen on the target port is reset by
docker-proxy.

Wherever a packet crosses the host (forwarded between bridges, bridged between two
neighbours, out through the uplink, DNAT'd to a published port), the decision is the
host's rules' own: :mod:`.filtering` walks the lines ``iptables -S`` prints, Docker's and
the learner's ``DOCKER-USER`` ones, so the rules above are what those lines do, never a
second model beside them. Modules: :mod:`.walk` (the IPv4 walk), :mod:`.filtering` (the
netfilter hooks), :mod:`.tcp` (who accepts a connection).
"""

from __future__ import annotations

from coursekit.backends.sim.userland.reach.tcp import Connection, connect, connect_from
from coursekit.backends.sim.userland.reach.walk import (
    ABSENT,
    LOST,
    NO_ROUTE,
    REPLY,
    Probe,
    Trace,
    can_reach,
    egress,
    reach_reason,
    source,
    trace,
    trace_from,
)

__all__ = ["ABSENT", "LOST", "NO_ROUTE", "REPLY", "Connection", "Probe", "Trace", "can_reach",
           "connect", "connect_from", "egress", "reach_reason", "source", "trace", "trace_from"]

"""Published ports: which host ports are bound, and which one ``-P`` picks.

``docker run -p 8081:8080`` asks the daemon to forward the host's port 8081 to the
container's 8080. The engine binds it on every IPv4 and IPv6 address (two bindings,
``0.0.0.0:8081`` and ``[::]:8081``) unless an address is given
(``-p 127.0.0.1:8081:8080``). A host port can be held by one container only: a
second container asking for it is created but fails to start with ``Bind for
0.0.0.0:8081 failed: port is already allocated``. ``-P`` and ``-p 8080`` pick a free
port from the kernel's ephemeral range (32768-60999), continuing after the last one
picked rather than reusing the lowest. Bindings are released when the container stops,
and when it loses its last endpoint with a way out (``docker network disconnect``).

A network made with ``-o com.docker.network.bridge.host_binding_ipv4=127.0.0.1`` binds a
plain ``-p 8085:80`` on that address alone (``80/tcp -> 127.0.0.1:8085``). ``/udp`` and
``/sctp`` ports are held apart from TCP (``-p 7000:7000/tcp -p 7000:7000/udp`` is fine);
the machines the engines were observed on have no SCTP in their kernel, so the
``docker-proxy`` for an ``/sctp`` port cannot listen and the container stays ``Created``
(the simulated host has none either, unless ``HostConfig(sctp=True)``).
"""

from __future__ import annotations

from coursekit.backends.sim.profiles.messages import WORDS_20_10, DaemonWords
from coursekit.errors import Conflict
from coursekit.models import PortBinding

EPHEMERAL_FIRST = 32768
EPHEMERAL_LAST = 60999
ANY_V4 = "0.0.0.0"
ANY_V6 = "::"


def bind_label(host_ip: str, port: int) -> str:
    """``0.0.0.0:8081`` or ``[::]:8081``, as the daemon names a binding in errors."""
    return f"[{host_ip}]:{port}" if ":" in host_ip else f"{host_ip}:{port}"


def _family(host_ip: str) -> str:
    return "6" if ":" in host_ip else "4"


def overlaps(one: str, other: str) -> bool:
    """Two different addresses of one family, one of them the wildcard: a socket on
    ``0.0.0.0:8080`` leaves no ``127.0.0.1:8080`` to bind (``::`` likewise for IPv6)."""
    if one == other or _family(one) != _family(other):
        return False
    return ANY_V4 in (one, other) or ANY_V6 in (one, other)


class PortAllocator:
    """Host ports held by running containers, per (address, protocol).

    A binding that overlaps one already held (the wildcard and a specific address of the
    same family, on the same port and protocol) is refused in the profile's words
    (:attr:`DaemonWords.proxy_in_use`): 28.5's allocator names the binding that holds the
    port, 20.10's lets it through to a userland proxy that cannot listen."""

    def __init__(self, words: DaemonWords = WORDS_20_10, sctp: bool = True) -> None:
        self.held: set[tuple[str, str, int]] = set()
        self.last: dict[tuple[str, str], int] = {}
        self.words = words
        self.sctp = sctp
        """The kernel has SCTP; without it an ``/sctp`` port's proxy cannot listen."""

    def _take(self, host_ip: str, proto: str, port: int) -> int:
        if (host_ip, proto, port) in self.held:
            raise Conflict(f"Bind for {bind_label(host_ip, port)} failed: "
                           "port is already allocated")
        self._refuse_overlap(host_ip, proto, port)
        self.held.add((host_ip, proto, port))
        return port

    def _refuse_overlap(self, host_ip: str, proto: str, port: int) -> None:
        held = sorted(ip for ip, p, n in self.held if p == proto and n == port
                      and overlaps(ip, host_ip))
        if not held:
            return
        template = self.words.proxy_in_use
        if template is None:
            raise Conflict(f"Bind for {bind_label(held[0], port)} failed: "
                           "port is already allocated")
        raise Conflict(template.format(net=f"{proto}{_family(host_ip)}",
                                       address=bind_label(host_ip, port)))

    def _dynamic(self, host_ip: str, proto: str) -> int:
        start = self.last.get((host_ip, proto), EPHEMERAL_FIRST - 1)
        span = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1
        for step in range(1, span + 1):
            port = EPHEMERAL_FIRST + (start - EPHEMERAL_FIRST + step) % span
            if (host_ip, proto, port) not in self.held:
                self.last[(host_ip, proto)] = port
                return self._take(host_ip, proto, port)
        raise Conflict("all ports are allocated")

    def publish(self, requests: tuple[PortBinding, ...], default_ip: str = ""
                ) -> tuple[PortBinding, ...]:
        """Bind every request (a plain ``-p`` on ``default_ip`` when the network names
        one); all or nothing; on a kernel without SCTP an ``/sctp`` port fails in the
        profile's words. Returns the live bindings."""
        bound: list[PortBinding] = []
        default_ip = "" if default_ip == ANY_V4 else default_ip
        try:
            for request in requests:
                first, *rest = self._publish_one(request, default_ip)
                bound.extend((first, *rest))
                if request.protocol == "sctp" and not self.sctp:
                    address = bind_label(first.host_ip, first.host_port)
                    raise Conflict(self.words.proxy_unsupported.format(address=address))
        except Conflict:
            self.release(tuple(bound))
            raise
        return tuple(bound)

    def _publish_one(self, request: PortBinding, default_ip: str) -> list[PortBinding]:
        proto = request.protocol
        fixed = request.host_ip or default_ip
        first_ip = fixed or ANY_V4
        if request.host_port:
            port = self._take(first_ip, proto, request.host_port)
        else:
            port = self._dynamic(first_ip, proto)
        bindings = [PortBinding(request.container_port, proto, first_ip, port)]
        if not fixed:
            try:
                self._take(ANY_V6, proto, port)
            except Conflict:
                self.release(tuple(bindings))
                raise
            bindings.append(PortBinding(request.container_port, proto, ANY_V6, port))
        return bindings

    def release(self, bindings: tuple[PortBinding, ...]) -> None:
        """Free the host ports of stopped containers."""
        for binding in bindings:
            self.held.discard((binding.host_ip, binding.protocol, binding.host_port))

    def is_held(self, port: int, proto: str = "tcp") -> bool:
        """Whether any address holds ``port`` (a host-mode server cannot bind it then)."""
        return any(held_port == port and held_proto == proto
                   for _, held_proto, held_port in self.held)


def expand_requests(requests: tuple[PortBinding, ...], publish_all: bool,
                    exposed: tuple[str, ...]) -> tuple[PortBinding, ...]:
    """``-p`` requests plus, with ``-P``, one "any port" request per other exposed port."""
    result = list(requests)
    if publish_all:
        asked = {(r.container_port, r.protocol) for r in requests}
        for spec in exposed:
            port, proto = parse_port_spec(spec)
            if (port, proto) not in asked:
                result.append(PortBinding(port, proto))
    return tuple(sorted(result, key=lambda r: (r.container_port, r.protocol)))


def parse_port_spec(spec: str) -> tuple[int, str]:
    """``8080/tcp`` -> ``(8080, "tcp")``; the protocol defaults to tcp."""
    port, _, proto = spec.partition("/")
    return int(port), proto or "tcp"


def port_spec(port: int, proto: str = "tcp") -> str:
    """``(8080, "tcp")`` -> ``8080/tcp``, the key Docker uses for a container port."""
    return f"{port}/{proto}"

"""One HTTP GET through the simulated network: parse the URL, resolve, connect, answer.

Shared by busybox ``wget`` (containers), GNU ``wget`` and ``curl`` (the host); each
prints the :class:`Fetch` in its own words. Name resolution is the asker's
(:func:`dns.resolve`), the TCP outcome :func:`reach.connect_from`'s, and the answer
the listening server's (:mod:`web`: a container's, or a public host's).
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.backends.sim.userland import dns
from coursekit.backends.sim.userland.http.web import Response, respond, respond_public
from coursekit.backends.sim.userland.namespace import Site
from coursekit.backends.sim.userland.reach import Connection, connect_from

DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}


@dataclass(frozen=True)
class Url:
    """A URL as busybox splits it: ``hostport`` keeps the ``:port`` as typed."""

    scheme: str
    hostport: str
    host: str
    port: int
    path: str

    @property
    def normalized(self) -> str:
        """``http://host:port/path`` as GNU wget echoes it."""
        return f"{self.scheme}://{self.hostport}/{self.path}"


@dataclass(frozen=True)
class Fetch:
    """What happened: ``ip`` None when the name did not resolve; ``response`` when open."""

    url: Url
    ip: str | None = None
    conn: Connection | None = None
    response: Response | None = None


def parse_url(text: str) -> Url | None:
    """Split ``[scheme://]host[:port][/path]``; None for a scheme other than http(s)/ftp."""
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "http", text
    scheme = scheme.lower()
    if scheme not in DEFAULT_PORTS:
        return None
    cut = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    hostport, path = rest[:cut], rest[cut:].lstrip("/")
    hostport = hostport.rsplit("@", 1)[-1]
    host, colon, port_text = hostport.partition(":")
    port = int(port_text) if colon and port_text.isdigit() else DEFAULT_PORTS[scheme]
    return Url(scheme, hostport, host, port, path)


def fetch(where: Site, url: Url) -> Fetch:
    """Resolve the host, connect, and GET the path."""
    ip = dns.resolve(where.topology, where.ref, url.host) if url.host else None
    if ip is None or ":" in ip:
        return Fetch(url)
    conn = connect_from(where.topology, where.ns, ip, url.port)
    if conn.outcome == "open" and conn.public is not None:
        return Fetch(url, ip, conn, respond_public(url.path))
    if conn.outcome != "open" or conn.server is None:
        return Fetch(url, ip, conn)
    return Fetch(url, ip, conn, respond(conn.server, url.path))


def progress_size(size: int) -> str:
    """busybox's 5-column size (``  615``, `` 120k``)."""
    if size < 100000:
        return f"{size:5d}"
    return f"{size // 1024:4d}k"


def curl_size(value: int) -> str:
    """curl's 5-column number (``  615``, `` 600k``, ``58.6M``)."""
    if value < 100000:
        return f"{value:5d}"
    if value < 10000 * 1024:
        return f"{value // 1024:4d}k"
    mega = value * 10 // (1024 * 1024)
    return f"{mega // 10:2d}.{mega % 10}M" if mega < 1000 else f"{mega // 10:4d}M"

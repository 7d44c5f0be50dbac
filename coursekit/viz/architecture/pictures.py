"""The two architecture pictures as data: boxes and links in inches (``y`` grows downwards).

:data:`PICTURES` holds today's (``new``: the CLI, dockerd with its API server,
libnetwork and image store, containerd, one shim per container, runc) and the
tutorial's (``old``: Docker 1.x, one daemon holding server, engine, graph and drivers);
:func:`describe_picture` says one in words.
"""

from __future__ import annotations

from dataclasses import dataclass

Point = tuple[float, float]
NEW, OLD = "new", "old"


@dataclass(frozen=True)
class Component:
    """A box: ``lines[0]`` is its name; ``kind`` is ``box``, ``frame`` or ``note``."""

    key: str
    lines: tuple[str, ...]
    x: float
    y: float
    w: float
    h: float
    kind: str = "box"

    @property
    def name(self) -> str:
        return self.lines[0]


@dataclass(frozen=True)
class Edge:
    """A link between two components, drawn through ``points`` (from ``a`` to ``b``)."""

    a: str
    b: str
    label: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Picture:
    """One architecture: its boxes and links, and its size in inches."""

    key: str
    title: str
    width: float
    height: float
    components: tuple[Component, ...]
    edges: tuple[Edge, ...]

    def component(self, key: str) -> Component:
        return next(c for c in self.components if c.key == key)

    def edge(self, a: str, b: str) -> Edge | None:
        """The edge joining ``a`` and ``b`` (either way round), or None."""
        return next((e for e in self.edges if {e.a, e.b} == {a, b}), None)


def _c(key: str, x: float, y: float, w: float, h: float, *lines: str,
       kind: str = "box") -> Component:
    return Component(key, lines, x, y, w, h, kind)


NEW_PICTURE = Picture(NEW, "Docker today (1.11 and later): what your machine runs", 9.3, 7.55, (
    _c("dockerd", 0.15, 1.3, 9.0, 1.75, "dockerd: the Docker daemon", kind="frame"),
    _c("cli", 3.6, 0.3, 2.2, 0.7, "docker CLI", "what you type"),
    _c("registry", 6.8, 0.3, 2.25, 0.7, "registry", "Docker Hub or your own"),
    _c("libnetwork", 0.3, 1.65, 2.7, 1.25, "libnetwork (CNM)", "sandbox, endpoint, network",
       "IPAM + embedded DNS", "drivers: bridge host null", "overlay macvlan ipvlan"),
    _c("api", 3.6, 1.65, 2.2, 1.25, "API server", "REST over the socket",
       "/var/run/docker.sock"),
    _c("images", 6.8, 1.65, 2.25, 1.25, "image store", "storage driver overlay2",
       "(or the containerd", "snapshotter)"),
    _c("containerd", 3.6, 3.4, 2.2, 0.7, "containerd", "containers, tasks (gRPC)"),
    _c("shim", 3.6, 4.5, 2.2, 0.7, "containerd-shim-runc-v2", "one per container"),
    _c("runc", 3.6, 5.6, 2.2, 0.7, "runc", "(libcontainer inside)"),
    _c("container", 0.9, 4.3, 2.0, 1.3, "container web", "own netns (sandbox)",
       "eth0: a veth end", "DNS at 127.0.0.11"),
    _c("kernel", 0.15, 6.7, 9.0, 0.7, "Linux kernel", "namespaces, cgroups, bridges and "
       "veth pairs, netfilter (iptables), overlayfs"),
    _c("legend", 0.3, 0.3, 2.7, 0.75, "How to read it", "thick numbered arrows: the",
       "command's path, hop by hop;", "thin grey lines: idle links", kind="note"),
), (
    Edge("cli", "api", "REST API over /var/run/docker.sock", ((4.7, 1.0), (4.7, 1.65))),
    Edge("api", "libnetwork", "Go calls inside dockerd", ((3.6, 2.27), (3.0, 2.27))),
    Edge("api", "images", "Go calls inside dockerd", ((5.8, 2.27), (6.8, 2.27))),
    Edge("images", "registry", "HTTPS (the registry API)", ((7.92, 1.65), (7.92, 1.0))),
    Edge("api", "containerd", "gRPC over /run/containerd/containerd.sock",
         ((4.7, 2.9), (4.7, 3.4))),
    Edge("containerd", "shim", "starts one shim per container", ((4.7, 4.1), (4.7, 4.5))),
    Edge("shim", "runc", "runs runc create / start / exec", ((4.7, 5.2), (4.7, 5.6))),
    Edge("shim", "container", "parent of the container's process", ((3.6, 4.85), (2.9, 4.85))),
    Edge("runc", "container", "starts the process, then exits", ((3.6, 5.95), (2.9, 5.45))),
    Edge("runc", "kernel", "clone(), setns(), cgroups, pivot_root", ((4.7, 6.3), (4.7, 6.7))),
    Edge("libnetwork", "container", "DNS queries to 127.0.0.11", ((1.9, 2.9), (1.9, 4.3))),
    Edge("libnetwork", "kernel", "netlink and iptables", ((0.55, 2.9), (0.55, 6.7))),
    Edge("container", "kernel", "packets: eth0, veth, bridge", ((1.9, 5.6), (1.9, 6.7))),
))

OLD_PICTURE = Picture(OLD, "As the tutorial draws it: Docker 1.x (before 2016)", 9.3, 7.1, (
    _c("daemon", 0.15, 1.3, 9.0, 4.5, "Docker Daemon (one binary: docker -d)", kind="frame"),
    _c("client", 3.6, 0.3, 2.2, 0.7, "Docker Client", "the docker command"),
    _c("registry", 6.8, 0.3, 2.25, 0.7, "Docker Registry", "Docker Hub"),
    _c("server", 3.6, 1.65, 2.2, 0.7, "Docker Server", "HTTP router, handlers"),
    _c("engine", 3.6, 2.75, 2.2, 0.7, "Engine", "each request is a Job"),
    _c("graph", 6.8, 2.75, 2.25, 0.7, "Graph", "images as a tree of layers"),
    _c("graphdriver", 6.8, 3.85, 2.25, 0.7, "graph driver", "aufs devicemapper btrfs"),
    _c("networkdriver", 0.3, 3.85, 2.5, 0.7, "network driver", "docker0, veth, iptables"),
    _c("execdriver", 3.6, 3.85, 2.2, 0.7, "exec driver", "native or lxc"),
    _c("libcontainer", 2.0, 4.95, 2.4, 0.7, "libcontainer", "namespaces, cgroups"),
    _c("kernel", 0.15, 6.2, 6.0, 0.7, "Linux kernel", "namespaces, cgroups, bridge, veth"),
    _c("container", 6.8, 6.1, 2.25, 0.9, "Docker container", "a process in its", "namespaces"),
    _c("legend", 0.3, 0.3, 2.7, 0.75, "How to read it", "thick numbered arrows: the",
       "command's path, hop by hop;", "thin grey lines: idle links", kind="note"),
), (
    Edge("client", "server", "REST API (HTTP)", ((4.7, 1.0), (4.7, 1.65))),
    Edge("server", "engine", "a Job per request", ((4.7, 2.35), (4.7, 2.75))),
    Edge("engine", "registry", "HTTPS (registry API v1)", ((5.8, 2.95), (7.92, 1.0))),
    Edge("engine", "graph", "register and look up images", ((5.8, 3.1), (6.8, 3.1))),
    Edge("graph", "graphdriver", "store and mount layers", ((7.92, 3.45), (7.92, 3.85))),
    Edge("engine", "networkdriver", "allocate an IP on docker0", ((3.6, 3.1), (1.55, 3.85))),
    Edge("engine", "execdriver", "run and signal processes", ((4.7, 3.45), (4.7, 3.85))),
    Edge("networkdriver", "libcontainer", "veth into the namespace", ((1.55, 4.55), (2.5, 4.95))),
    Edge("execdriver", "libcontainer", "create, exec, kill", ((4.7, 4.55), (3.9, 4.95))),
    Edge("libcontainer", "kernel", "system calls", ((3.2, 5.65), (3.2, 6.2))),
    Edge("libcontainer", "container", "starts the process", ((4.4, 5.3), (6.8, 6.3))),
    Edge("kernel", "container", "packets", ((6.15, 6.55), (6.8, 6.55))),
))

PICTURES = {NEW: NEW_PICTURE, OLD: OLD_PICTURE}
"""The two pictures by key: ``new`` (today) and ``old`` (the tutorial's)."""


def describe_picture(which: str = NEW) -> str:
    """The picture in words: each box with what it does, then each link (alt text)."""
    pic = PICTURES[which]
    lines = [pic.title + "."]
    lines += [f"- {c.name}: {', '.join(c.lines[1:]) or 'groups the boxes inside it'}."
              for c in pic.components if c.kind != "note"]
    lines += ["Links:"] + [f"- {pic.component(e.a).name} to {pic.component(e.b).name}: "
                           f"{e.label}." for e in pic.edges]
    return "\n".join(lines)

"""Docker's architecture, twice: as the tutorial draws it, and as a machine runs it today.

The tutorial's picture is Docker 1.x (until 2016): one ``docker -d`` daemon holding
a server, an engine that runs every request as a *Job*, a *graph* of images kept by
a *graph driver*, a *network driver* for docker0, an *exec driver*, and
*libcontainer* talking to the kernel. Since Docker 1.11 the work is split up:
the CLI speaks REST to ``dockerd`` over ``/var/run/docker.sock``; dockerd keeps
images (storage driver overlay2, or containerd's snapshotter) and networks
(libnetwork, the Container Network Model: sandbox, endpoint, network, with the
drivers bridge, host, null, overlay, macvlan, ipvlan); containers are run by
containerd, through one containerd-shim per container, by runc (libcontainer now
lives in runc).

Everything here is pure data (:data:`PICTURES`, :data:`ROUTES`): boxes in inches
(``y`` grows downwards) and the path each course command takes, hop by hop.
:func:`describe_route` says a path in words; :func:`draw_architecture` paints a
picture with one command's path marked by colour, line width *and* hop numbers
(never colour alone); :func:`architecture_png` gives it as PNG bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coursekit.viz.shapes import FONT_FAMILY, FONT_PT, LINE_H, PAD

if TYPE_CHECKING:
    from matplotlib.axes import Axes

Point = tuple[float, float]
NEW, OLD = "new", "old"
PATH_INK, PLAIN_INK, FRAME_FILL = "#D55E00", "#9a9a9a", "#f3f3f3"


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
class Hop:
    """One step of a command's path: from ``src`` to ``dst`` along an edge, and what happens."""

    src: str
    dst: str
    says: str


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


@dataclass(frozen=True)
class Route:
    """The path of ``command`` through ``picture``; ``note`` says what else to know."""

    command: str
    picture: str
    hops: tuple[Hop, ...]
    note: str = ""


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


RUN = "docker run -d --name web -p 8080:80 busybox httpd -f -p 80"
COMMANDS = ("docker network ls", "docker network create app", "docker pull busybox", RUN,
            "docker network connect app web", "docker exec web ping -c 1 db", "docker stop web")
"""The course's commands the explorer can follow, in the order a lesson meets them."""

NO_NETWORK_COMMAND = ("This command did not exist yet: `docker network` came with libnetwork in "
                      "Docker 1.9 (November 2015). Before it every container went on docker0, "
                      "and names came only from `--link` entries in /etc/hosts.")
_H = Hop
_NEW_ROUTES: dict[str, tuple[tuple[Hop, ...], str]] = {
    "docker network ls": ((
        _H("cli", "api", "`GET /networks` over /var/run/docker.sock; the CLI prints the JSON "
                         "answer as a table"),
        _H("api", "libnetwork", "dockerd reads the networks libnetwork keeps: bridge, host, "
                                "none and yours")),
        "Nothing else moves: no containerd, no runc, no change in the kernel."),
    "docker network create app": ((
        _H("cli", "api", "`POST /networks/create` with the name app"),
        _H("api", "libnetwork", "IPAM picks the next free pool (172.18.0.0/16 on a fresh "
                                "engine); the bridge driver takes the network"),
        _H("libnetwork", "kernel", "the bridge driver creates the Linux bridge br-<12 hex of the "
                                   "id>, gives it the gateway 172.18.0.1 and adds iptables "
                                   "rules that isolate it from the other networks")),
        "containerd and runc stay idle: a network is kernel configuration, not a process."),
    "docker pull busybox": ((
        _H("cli", "api", "`POST /images/create?fromImage=busybox&tag=latest`; progress streams "
                         "back"),
        _H("api", "images", "dockerd checks which layers it already has"),
        _H("images", "registry", "it asks the registry for the manifest, then for each missing "
                                 "layer (HTTPS)"),
        _H("registry", "images", "the layers come back; overlay2 unpacks each into a directory "
                                 "under /var/lib/docker/overlay2 (the containerd image store "
                                 "keeps them as snapshots instead)")),
        "No container and no network is involved. (This lab has no registry: its busybox image "
        "was imported offline.)"),
    RUN: ((
        _H("cli", "api", "`POST /containers/create` (the CLI pulls first if the image is "
                         "missing), then `POST /containers/web/start`"),
        _H("api", "images", "overlay2 stacks the image's layers under a new writable layer: "
                            "web's root filesystem"),
        _H("api", "libnetwork", "libnetwork creates web's sandbox and an endpoint on the "
                                "network bridge; IPAM hands out the lowest free address, "
                                "172.17.0.2"),
        _H("libnetwork", "kernel", "a veth pair, one end on docker0; iptables DNAT sends host "
                                   "port 8080 to 172.17.0.2:80"),
        _H("api", "containerd", "dockerd hands containerd an OCI spec (process, namespaces, "
                                "root filesystem) over gRPC"),
        _H("containerd", "shim", "containerd starts a containerd-shim-runc-v2 for web"),
        _H("shim", "runc", "the shim runs `runc create`, then `runc start`"),
        _H("runc", "kernel", "runc (libcontainer) asks the kernel for new namespaces and a "
                             "cgroup, and switches to the root filesystem"),
        _H("libnetwork", "kernel", "the other veth end moves into web's new network namespace "
                                   "as eth0 (on engine 20.10 through runc's prestart hook)"),
        _H("runc", "container", "runc starts `httpd -f -p 80` as PID 1 of the container and "
                                "exits; the shim stays on as its parent")),
        "dockerd can now restart without stopping web: the shim, not the daemon, is its "
        "parent (the `live-restore` option)."),
    "docker network connect app web": ((
        _H("cli", "api", "`POST /networks/app/connect` with the container web"),
        _H("api", "libnetwork", "a second endpoint in web's sandbox: IPAM hands out app's lowest "
                                "free address, and web's name and aliases join app's DNS"),
        _H("libnetwork", "kernel", "a new veth pair: one end on app's bridge br-<id>, the other "
                                   "appears in web's namespace as eth1")),
        "containerd, the shim and runc are not involved: httpd keeps running and simply sees a "
        "new interface (`docker exec web ip -o -4 addr`)."),
    "docker exec web ping -c 1 db": ((
        _H("cli", "api", "`POST /containers/web/exec`, then `POST /exec/<id>/start`; the output "
                         "streams back to your terminal"),
        _H("api", "containerd", "dockerd asks containerd to add a process to web's running task"),
        _H("containerd", "shim", "the request goes to web's shim"),
        _H("shim", "runc", "the shim runs `runc exec`"),
        _H("runc", "container", "runc joins web's namespaces (setns) and starts `ping`: same "
                                "eth0, same /etc/resolv.conf"),
        _H("container", "libnetwork", "ping asks 127.0.0.11 for db: dockerd's embedded DNS server "
                                      "answers with db's address on the network they share"),
        _H("container", "kernel", "the echo request leaves through eth0, crosses the veth pair "
                                  "and the bridge to db; the reply comes back the same way")),
        "On the default bridge there is no embedded DNS: the name fails (`ping: bad address "
        "'db'`) unless a legacy `--link` wrote it into /etc/hosts."),
    "docker stop web": ((
        _H("cli", "api", "`POST /containers/web/stop`"),
        _H("api", "containerd", "dockerd asks containerd to signal web's process: SIGTERM, "
                                "then SIGKILL if it still runs 10 s later"),
        _H("containerd", "shim", "the request goes to web's shim"),
        _H("shim", "runc", "the shim runs `runc kill`"),
        _H("runc", "container", "the signal reaches httpd; as PID 1 it ignores SIGTERM, so the "
                                "SIGKILL ends it (exit code 137)"),
        _H("container", "shim", "the shim, its parent, collects the exit code and reports it"),
        _H("api", "libnetwork", "dockerd releases web's endpoints: 172.17.0.2 goes back to the "
                                "pool at once"),
        _H("libnetwork", "kernel", "the veth pair and web's port rules are deleted")),
        "An address belongs to an endpoint, not to a name: the next container may get "
        "172.17.0.2."),
}
_OLD_ROUTES: dict[str, tuple[tuple[Hop, ...], str]] = {
    "docker network ls": ((), NO_NETWORK_COMMAND),
    "docker network create app": ((), NO_NETWORK_COMMAND),
    "docker network connect app web": ((), NO_NETWORK_COMMAND),
    "docker pull busybox": ((
        _H("client", "server", "`POST /images/create?fromImage=busybox`"),
        _H("server", "engine", "the handler starts a `pull` Job"),
        _H("engine", "registry", "the Job downloads the image's layers"),
        _H("engine", "graph", "each layer is registered in the Graph, a tree of layers"),
        _H("graph", "graphdriver", "the graph driver (aufs, devicemapper, btrfs or vfs) stores "
                                   "its files")),
        "Today: the image store in dockerd (storage driver overlay2) or containerd's "
        "snapshotter."),
    RUN: ((
        _H("client", "server", "`POST /containers/create`, then `POST /containers/<id>/start`"),
        _H("server", "engine", "the Engine runs a `create` Job, then a `start` Job"),
        _H("engine", "graph", "the image's layers are looked up in the Graph"),
        _H("graph", "graphdriver", "the graph driver mounts them, with a writable layer on top, "
                                   "as the root filesystem"),
        _H("engine", "networkdriver", "the network driver allocates an address on docker0 "
                                      "(172.17.0.2) and the port mapping"),
        _H("networkdriver", "libcontainer", "a veth pair: one end on docker0, the other for "
                                            "the container's namespace"),
        _H("engine", "execdriver", "the exec driver (native, built on libcontainer; before "
                                   "2014: LXC) is told to run the process"),
        _H("execdriver", "libcontainer", "libcontainer, a Go package inside the daemon"),
        _H("libcontainer", "kernel", "new namespaces and cgroups"),
        _H("libcontainer", "container", "the process starts, a child of the daemon itself")),
        "Because the daemon was every container's parent, restarting it stopped them all. "
        "libcontainer moved into runc in 2015; since Docker 1.11 (2016) containerd, a shim and "
        "runc do this work."),
    "docker exec web ping -c 1 db": ((
        _H("client", "server", "`POST /containers/web/exec`, then start it"),
        _H("server", "engine", "an `execCreate` and an `execStart` Job"),
        _H("engine", "execdriver", "the exec driver runs a new process in web"),
        _H("execdriver", "libcontainer", "libcontainer joins web's namespaces (setns)"),
        _H("libcontainer", "container", "`ping db` runs inside web; db resolves only if a "
                                        "`--link db` wrote it into /etc/hosts"),
        _H("container", "kernel", "the packet leaves through eth0 and crosses docker0")),
        "Docker 1.x had no embedded DNS: it arrived in Docker 1.10 (2016), for user-defined "
        "networks only."),
    "docker stop web": ((
        _H("client", "server", "`POST /containers/web/stop`"),
        _H("server", "engine", "a `stop` Job"),
        _H("engine", "execdriver", "SIGTERM, then SIGKILL after 10 s"),
        _H("execdriver", "libcontainer", "libcontainer signals the process"),
        _H("libcontainer", "container", "the process ends"),
        _H("engine", "networkdriver", "the network driver releases 172.17.0.2 and removes the "
                                      "veth pair")),
        "Addresses were released on stop then too."),
}


def _routes() -> dict[tuple[str, str], Route]:
    return {(cmd, key): Route(cmd, key, hops, note)
            for key, table in ((NEW, _NEW_ROUTES), (OLD, _OLD_ROUTES))
            for cmd, (hops, note) in table.items()}


ROUTES = _routes()
"""``(command, picture key) -> Route`` for every command of :data:`COMMANDS`."""


def route(command: str, which: str = NEW) -> Route:
    """The path of one of :data:`COMMANDS` in picture ``which`` (``new`` or ``old``)."""
    if (command, which) not in ROUTES:
        raise KeyError(f"no path for {command!r} in {which!r}; commands: {', '.join(COMMANDS)}")
    return ROUTES[(command, which)]


# -- words -----------------------------------------------------------------------------------

def describe_picture(which: str = NEW) -> str:
    """The picture in words: each box with what it does, then each link (alt text)."""
    pic = PICTURES[which]
    lines = [pic.title + "."]
    lines += [f"- {c.name}: {', '.join(c.lines[1:]) or 'groups the boxes inside it'}."
              for c in pic.components if c.kind != "note"]
    lines += ["Links:"] + [f"- {pic.component(e.a).name} to {pic.component(e.b).name}: "
                           f"{e.label}." for e in pic.edges]
    return "\n".join(lines)


def describe_route(command: str, which: str = NEW) -> str:
    """The numbered hops of ``command`` in picture ``which``, then the note."""
    r, pic = route(command, which), PICTURES[which]
    head = f"{command} ({'today' if which == NEW else 'as the tutorial draws it'}):"
    hops = [f"{n}. {pic.component(h.src).name} -> {pic.component(h.dst).name}: {h.says}."
            for n, h in enumerate(r.hops, 1)]
    return "\n".join([head, *hops, *([r.note] if r.note else [])])


# -- drawing ---------------------------------------------------------------------------------

def draw_architecture(which: str = NEW, command: str | None = None,
                      ax: Axes | None = None) -> Axes:
    """Draw picture ``which``; with ``command``, mark its path (thick, numbered, coloured)."""
    pic = PICTURES[which]
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.figure(figsize=(pic.width, pic.height)).add_axes((0.0, 0.0, 1.0, 1.0))
    hops = route(command, which).hops if command else ()
    on_path = {k for h in hops for k in (h.src, h.dst)}
    ax.set_xlim(0, pic.width)
    ax.set_ylim(pic.height, 0)
    ax.set_axis_off()
    for comp in pic.components:
        _component(ax, comp, comp.key in on_path)
    for edge in pic.edges:
        _edge(ax, edge, [(n, h) for n, h in enumerate(hops, 1) if {h.src, h.dst} == {edge.a,
                                                                                      edge.b}])
    return ax


def architecture_png(which: str = NEW, command: str | None = None, dpi: int = 80) -> bytes:
    """:func:`draw_architecture` as PNG bytes (the same input gives the same bytes)."""
    from matplotlib.figure import Figure

    pic = PICTURES[which]
    fig = Figure(figsize=(pic.width, pic.height))  # not pyplot's: nothing left open
    draw_architecture(which, command, fig.add_axes((0.0, 0.0, 1.0, 1.0)))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def _component(ax: Axes, comp: Component, marked: bool) -> None:
    from matplotlib.patches import Rectangle

    frame = comp.kind == "frame"
    ink = PATH_INK if marked else ("#4d4d4d" if comp.kind == "note" else "black")
    style: dict[str, Any] = {
        "facecolor": FRAME_FILL if frame else "white", "zorder": 0 if frame else 2,
        "edgecolor": ink, "linewidth": 3.0 if marked else 1.0,
        "linestyle": ":" if comp.kind == "note" else "-"}
    ax.add_artist(Rectangle((comp.x, comp.y), comp.w, comp.h, gid=comp.key, **style))
    for row, text in enumerate(comp.lines):
        ax.text(comp.x + PAD + 0.03, comp.y + PAD + LINE_H * (row + 0.55), text, ha="left",
                va="center", fontfamily=FONT_FAMILY, fontsize=FONT_PT, zorder=3,
                fontweight="bold" if row == 0 else "normal", gid=f"{comp.key}#{row}")


def _edge(ax: Axes, edge: Edge, numbered: list[tuple[int, Hop]]) -> None:
    from matplotlib.lines import Line2D

    points = edge.points if not numbered or numbered[0][1].src == edge.a else edge.points[::-1]
    xs, ys = zip(*points, strict=True)
    ax.add_artist(Line2D(xs, ys, color=PATH_INK if numbered else PLAIN_INK, zorder=4 if numbered
                         else 1, linewidth=3.2 if numbered else 0.9, gid=f"{edge.a}-{edge.b}"))
    if not numbered:
        return
    ax.annotate("", xy=points[-1], xytext=points[-2], zorder=5, arrowprops={
        "arrowstyle": "-|>", "color": PATH_INK, "linewidth": 2.0, "mutation_scale": 16,
        "shrinkA": 0, "shrinkB": 0})
    if len({h.src for _, h in numbered}) > 1:  # travelled both ways: a head at each end
        ax.annotate("", xy=points[0], xytext=points[1], zorder=5, arrowprops={
            "arrowstyle": "-|>", "color": PATH_INK, "linewidth": 2.0, "mutation_scale": 16,
            "shrinkA": 0, "shrinkB": 0})
    (x0, y0), (x1, y1) = points[0], points[-1]
    ax.text((x0 + x1) / 2, (y0 + y1) / 2, ", ".join(str(n) for n, _ in numbered), ha="center",
            va="center", fontfamily=FONT_FAMILY, fontsize=FONT_PT + 1, fontweight="bold",
            zorder=6, gid=f"{edge.a}-{edge.b}#hops", bbox={"boxstyle": "round,pad=0.2",
                                                           "facecolor": "white",
                                                           "edgecolor": PATH_INK,
                                                           "linewidth": 1.5})

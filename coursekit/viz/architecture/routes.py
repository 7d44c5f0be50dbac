"""The path each course command takes through each picture, hop by hop, as data.

:data:`ROUTES` maps ``(command, picture key)`` to a :class:`Route` (its hops, each a
:class:`Hop`, and a note); :func:`route` looks one up and :func:`describe_route` says it in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.i18n import N_, _
from coursekit.viz.architecture.pictures import NEW, OLD, PICTURES


@dataclass(frozen=True)
class Hop:
    """One step of a command's path: from ``src`` to ``dst`` along an edge, and what happens."""

    src: str
    dst: str
    says: str


@dataclass(frozen=True)
class Route:
    """The path of ``command`` through ``picture``; ``note`` says what else to know."""

    command: str
    picture: str
    hops: tuple[Hop, ...]
    note: str = ""


RUN = "docker run -d --name web -p 8080:80 busybox httpd -f -p 80"
COMMANDS = ("docker network ls", "docker network create app", "docker pull busybox", RUN,
            "docker network connect app web", "docker exec web ping -c 1 db", "docker stop web")
"""The course's commands the explorer can follow, in the order a lesson meets them."""

NO_NETWORK_COMMAND = (N_("This command did not exist yet: `docker network` came with libnetwork in "
                         "Docker 1.9 (November 2015). Before it every container went on docker0, "
                         "and names came only from `--link` entries in /etc/hosts."))
_H = Hop
_NEW_ROUTES: dict[str, tuple[tuple[Hop, ...], str]] = {
    "docker network ls": ((
        _H("cli", "api", N_("`GET /networks` over /var/run/docker.sock; the CLI prints the JSON "
                            "answer as a table")),
        _H("api", "libnetwork", N_("dockerd reads the networks libnetwork keeps: bridge, host, "
                                   "none and yours"))),
        N_("Nothing else moves: no containerd, no runc, no change in the kernel.")),
    "docker network create app": ((
        _H("cli", "api", N_("`POST /networks/create` with the name app")),
        _H("api", "libnetwork", N_("IPAM picks the next free pool (172.18.0.0/16 on a fresh "
                                   "engine); the bridge driver takes the network")),
        _H("libnetwork", "kernel", N_("the bridge driver creates the Linux bridge br-<12 hex of "
                                      "the id>, gives it the gateway 172.18.0.1 and adds iptables "
                                      "rules that isolate it from the other networks"))),
        N_("containerd and runc stay idle: a network is kernel configuration, not a process.")),
    "docker pull busybox": ((
        _H("cli", "api", N_("`POST /images/create?fromImage=busybox&tag=latest`; progress streams "
                            "back")),
        _H("api", "images", N_("dockerd checks which layers it already has")),
        _H("images", "registry", N_("it asks the registry for the manifest, then for each missing "
                                    "layer (HTTPS)")),
        _H("registry", "images", N_("the layers come back; overlay2 unpacks each into a directory "
                                    "under /var/lib/docker/overlay2 (the containerd image store "
                                    "keeps them as snapshots instead)"))),
        N_("No container and no network is involved. (This lab has no registry: its busybox image "
           "was imported offline.)")),
    RUN: ((
        _H("cli", "api", N_("`POST /containers/create` (the CLI pulls first if the image is "
                            "missing), then `POST /containers/web/start`")),
        _H("api", "images", N_("overlay2 stacks the image's layers under a new writable layer: "
                               "web's root filesystem")),
        _H("api", "libnetwork", N_("libnetwork creates web's sandbox and an endpoint on the "
                                   "network bridge; IPAM hands out the lowest free address, "
                                   "172.17.0.2")),
        _H("libnetwork", "kernel", N_("a veth pair, one end on docker0; iptables DNAT sends host "
                                      "port 8080 to 172.17.0.2:80")),
        _H("api", "containerd", N_("dockerd hands containerd an OCI spec (process, namespaces, "
                                   "root filesystem) over gRPC")),
        _H("containerd", "shim", N_("containerd starts a containerd-shim-runc-v2 for web")),
        _H("shim", "runc", N_("the shim runs `runc create`, then `runc start`")),
        _H("runc", "kernel", N_("runc (libcontainer) asks the kernel for new namespaces and a "
                                "cgroup, and switches to the root filesystem")),
        _H("libnetwork", "kernel", N_("the other veth end moves into web's new network namespace "
                                      "as eth0 (on engine 20.10 through runc's prestart hook)")),
        _H("runc", "container", N_("runc starts `httpd -f -p 80` as PID 1 of the container and "
                                   "exits; the shim stays on as its parent"))),
        N_("dockerd can now restart without stopping web: the shim, not the daemon, is its parent "
           "(the `live-restore` option).")),
    "docker network connect app web": ((
        _H("cli", "api", N_("`POST /networks/app/connect` with the container web")),
        _H("api", "libnetwork", N_("a second endpoint in web's sandbox: IPAM hands out app's "
                                   "lowest free address, and web's name and aliases join app's "
                                   "DNS")),
        _H("libnetwork", "kernel", N_("a new veth pair: one end on app's bridge br-<id>, the other "
                                      "appears in web's namespace as eth1"))),
        N_("containerd, the shim and runc are not involved: httpd keeps running and simply sees a "
           "new interface (`docker exec web ip -o -4 addr`).")),
    "docker exec web ping -c 1 db": ((
        _H("cli", "api", N_("`POST /containers/web/exec`, then `POST /exec/<id>/start`; the output "
                            "streams back to your terminal")),
        _H("api", "containerd", N_("dockerd asks containerd to add a process to web's running "
                                   "task")),
        _H("containerd", "shim", N_("the request goes to web's shim")),
        _H("shim", "runc", N_("the shim runs `runc exec`")),
        _H("runc", "container", N_("runc joins web's namespaces (setns) and starts `ping`: same "
                                   "eth0, same /etc/resolv.conf")),
        _H("container", "libnetwork", N_("ping asks 127.0.0.11 for db: dockerd's embedded DNS "
                                         "server answers with db's address on the network they "
                                         "share")),
        _H("container", "kernel", N_("the echo request leaves through eth0, crosses the veth pair "
                                     "and the bridge to db; the reply comes back the same way"))),
        N_("On the default bridge there is no embedded DNS: the name fails (`ping: bad address "
           "'db'`) unless a legacy `--link` wrote it into /etc/hosts.")),
    "docker stop web": ((
        _H("cli", "api", N_("`POST /containers/web/stop`")),
        _H("api", "containerd", N_("dockerd asks containerd to signal web's process: SIGTERM, then "
                                   "SIGKILL if it still runs 10 s later")),
        _H("containerd", "shim", N_("the request goes to web's shim")),
        _H("shim", "runc", N_("the shim runs `runc kill`")),
        _H("runc", "container", N_("the signal reaches httpd; as PID 1 it ignores SIGTERM, so the "
                                   "SIGKILL ends it (exit code 137)")),
        _H("container", "shim", N_("the shim, its parent, collects the exit code and reports it")),
        _H("api", "libnetwork", N_("dockerd releases web's endpoints: 172.17.0.2 goes back to the "
                                   "pool at once")),
        _H("libnetwork", "kernel", N_("the veth pair and web's port rules are deleted"))),
        N_("An address belongs to an endpoint, not to a name: the next container may get "
           "172.17.0.2.")),
}
_OLD_ROUTES: dict[str, tuple[tuple[Hop, ...], str]] = {
    "docker network ls": ((), NO_NETWORK_COMMAND),
    "docker network create app": ((), NO_NETWORK_COMMAND),
    "docker network connect app web": ((), NO_NETWORK_COMMAND),
    "docker pull busybox": ((
        _H("client", "server", N_("`POST /images/create?fromImage=busybox`")),
        _H("server", "engine", N_("the handler starts a `pull` Job")),
        _H("engine", "registry", N_("the Job downloads the image's layers")),
        _H("engine", "graph", N_("each layer is registered in the Graph, a tree of layers")),
        _H("graph", "graphdriver", N_("the graph driver (aufs, devicemapper, btrfs or vfs) stores "
                                      "its files"))),
        N_("Today: the image store in dockerd (storage driver overlay2) or containerd's "
           "snapshotter.")),
    RUN: ((
        _H("client", "server", N_("`POST /containers/create`, then `POST /containers/<id>/start`")),
        _H("server", "engine", N_("the Engine runs a `create` Job, then a `start` Job")),
        _H("engine", "graph", N_("the image's layers are looked up in the Graph")),
        _H("graph", "graphdriver", N_("the graph driver mounts them, with a writable layer on top, "
                                      "as the root filesystem")),
        _H("engine", "networkdriver", N_("the network driver allocates an address on docker0 "
                                         "(172.17.0.2) and the port mapping")),
        _H("networkdriver", "libcontainer", N_("a veth pair: one end on docker0, the other for the "
                                               "container's namespace")),
        _H("engine", "execdriver", N_("the exec driver (native, built on libcontainer; before "
                                      "2014: LXC) is told to run the process")),
        _H("execdriver", "libcontainer", N_("libcontainer, a Go package inside the daemon")),
        _H("libcontainer", "kernel", N_("new namespaces and cgroups")),
        _H("libcontainer", "container", N_("the process starts, a child of the daemon itself"))),
        N_("Because the daemon was every container's parent, restarting it stopped them all. "
           "libcontainer moved into runc in 2015; since Docker 1.11 (2016) containerd, a shim and "
           "runc do this work.")),
    "docker exec web ping -c 1 db": ((
        _H("client", "server", N_("`POST /containers/web/exec`, then start it")),
        _H("server", "engine", N_("an `execCreate` and an `execStart` Job")),
        _H("engine", "execdriver", N_("the exec driver runs a new process in web")),
        _H("execdriver", "libcontainer", N_("libcontainer joins web's namespaces (setns)")),
        _H("libcontainer", "container", N_("`ping db` runs inside web; db resolves only if a "
                                           "`--link db` wrote it into /etc/hosts")),
        _H("container", "kernel", N_("the packet leaves through eth0 and crosses docker0"))),
        N_("Docker 1.x had no embedded DNS: it arrived in Docker 1.10 (2016), for user-defined "
           "networks only.")),
    "docker stop web": ((
        _H("client", "server", N_("`POST /containers/web/stop`")),
        _H("server", "engine", N_("a `stop` Job")),
        _H("engine", "execdriver", N_("SIGTERM, then SIGKILL after 10 s")),
        _H("execdriver", "libcontainer", N_("libcontainer signals the process")),
        _H("libcontainer", "container", N_("the process ends")),
        _H("engine", "networkdriver", N_("the network driver releases 172.17.0.2 and removes the "
                                         "veth pair"))),
        N_("Addresses were released on stop then too.")),
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


def describe_route(command: str, which: str = NEW) -> str:
    """The numbered hops of ``command`` in picture ``which``, then the note (in the current
    language: the hops' words are English data, marked ``N_``, translated here)."""
    r, pic = route(command, which), PICTURES[which]
    head = (_("{command} (today):") if which == NEW
            else _("{command} (as the tutorial draws it):")).format(command=command)
    hops = [_("{number}. {source} -> {target}: {says}.").format(
        number=n, source=_(pic.component(h.src).name), target=_(pic.component(h.dst).name),
        says=_(h.says)) for n, h in enumerate(r.hops, 1)]
    return "\n".join([head, *hops, *([_(r.note)] if r.note else [])])

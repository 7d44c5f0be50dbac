"""Reading a Topology the way the lab-task checks need it: which container, which mode.

Pure functions of a :class:`coursekit.models.Topology` (the same from the simulator and a
real engine): find a container by name or id, say why it is not running, its network
mode as a learner names it, the container whose namespace it uses, its networks, the
host ports that lead to one of its ports, the default bridge's gateway.
"""

from __future__ import annotations

from coursekit.i18n import _
from coursekit.models import Container, PortBinding, Topology

PREDEFINED = ("bridge", "host", "none")
ANY = "0.0.0.0"
"""The host address of a plain ``-p 8080:80``: every IPv4 address of the host."""
DEFAULT_GATEWAY = "172.17.0.1"
"""docker0's address on a host where the default pool was left alone."""


def find_container(topo: Topology, name: str) -> Container | None:
    """The container called ``name`` (a leading ``/`` is ignored) or with that full id."""
    name = name.lstrip("/")
    return next((c for c in topo.containers if name in (c.name.lstrip("/"), c.id)), None)


def state_problem(topo: Topology, name: str) -> str:
    """Why ``name`` is not a running container, or ``""`` when it is (paused is not)."""
    c = find_container(topo, name)
    if c is None:
        return _("{name} does not exist yet: create it with `docker run -d --name {name} ...`"
                 ).format(name=name)
    if c.state == "paused":
        return _("{name} is paused: its processes are frozen; `docker unpause {name}`").format(
            name=name)
    if not c.running:
        return _("{name} exists but is {state}: start it with `docker start {name}`").format(
            name=name, state=c.state)
    return ""


def mode_of(c: Container) -> str:
    """``bridge``, ``host``, ``none``, ``container`` or the user network's name."""
    if c.namespace_owner:
        return "container"
    return "bridge" if c.network_mode.kind == "default" else str(c.network_mode)


def owner_of(topo: Topology, c: Container) -> Container:
    """The container whose network namespace ``c`` uses (itself unless container mode)."""
    owner_id = c.namespace_owner
    owner = find_container(topo, owner_id) if owner_id else None
    return owner or c


def networks_of(c: Container, user_only: bool = False) -> list[str]:
    """Networks ``c`` has an address on (running), in attachment order."""
    names = [ep.network_name for ep in c.endpoints if ep.ip or not c.running]
    return [n for n in names if not (user_only and n in PREDEFINED)]


def addresses_of(c: Container) -> list[str]:
    """The IPv4 addresses of ``c``'s endpoints, in attachment order."""
    return [ep.ip for ep in c.endpoints if ep.ip]


def linked(src: Container, dst: Container) -> bool:
    """``src`` was started with ``--link dst`` (``dst:alias`` or ``/dst:/src/alias``)."""
    targets = {link.split(":", 1)[0].strip("/") for link in src.links}
    return bool(targets & {dst.name.lstrip("/"), dst.id, dst.short_id})


def bindings_to(c: Container, port: int, host_port: int | None = None) -> list[PortBinding]:
    """``c``'s live IPv4 bindings of TCP ``port`` (to ``host_port`` if given)."""
    return [b for b in c.ports if b.container_port == port and b.protocol == "tcp"
            and b.host_port and ":" not in b.host_ip
            and host_port in (None, b.host_port)]


def default_gateway(topo: Topology) -> str:
    """The default bridge's gateway (docker0's address), as the topology shows it."""
    bridge = topo.network("bridge")
    if bridge is not None and bridge.gateway:
        return bridge.gateway
    docker0 = next((i for i in topo.host_interfaces if i.name == "docker0"), None)
    addresses = docker0.ipv4 if docker0 is not None else ()
    return addresses[0].split("/")[0] if addresses else DEFAULT_GATEWAY


def command_of(c: Container) -> str:
    """The container's main process as ``docker ps`` shows it: ``httpd -f -p 80``."""
    return " ".join(c.entrypoint + c.command) or _("its image's default command")

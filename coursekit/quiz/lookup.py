"""Reading a Topology the way the lab-task checks need it: which container, which mode.

Pure functions of a :class:`coursekit.models.Topology` (the same from the simulator and a
real engine): find a container by name or id, say why it is not running, its network
mode as a learner names it, the container whose namespace it uses, its networks.
"""

from __future__ import annotations

from coursekit.models import Container, Topology

PREDEFINED = ("bridge", "host", "none")


def find_container(topo: Topology, name: str) -> Container | None:
    """The container called ``name`` (a leading ``/`` is ignored) or with that full id."""
    name = name.lstrip("/")
    return next((c for c in topo.containers if name in (c.name.lstrip("/"), c.id)), None)


def state_problem(topo: Topology, name: str) -> str:
    """Why ``name`` is not a running container, or ``""`` when it is."""
    c = find_container(topo, name)
    if c is None:
        return f"{name} does not exist yet: create it with `docker run -d --name {name} ...`"
    if not c.running:
        return f"{name} exists but is {c.state}: start it with `docker start {name}`"
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


def linked(src: Container, dst: Container) -> bool:
    """``src`` was started with ``--link dst`` (``dst:alias`` or ``/dst:/src/alias``)."""
    targets = {link.split(":", 1)[0].strip("/") for link in src.links}
    return bool(targets & {dst.name.lstrip("/"), dst.id, dst.short_id})

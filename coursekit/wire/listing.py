"""Container lists (``GET /containers/json``, what ``docker ps`` shows) read into Containers.

One request answers ``docker ps``: for each container the daemon sends a summary, newest
first (``Id``, ``Names``, ``Image``, ``ImageID``, ``Command``, ``Created``, ``Ports``,
``Labels``, ``State``, ``Status``, ``HostConfig.NetworkMode``, ``NetworkSettings.Networks``,
``Mounts``). :func:`decode_container_list` turns it into the Containers the ``docker ps``
renderer reads, oldest first; what only ``docker inspect`` shows (hostname, entrypoint
apart from arguments, port requests, tty...) stays at the models' defaults. Read back:

- ``Status`` (``Up 3 seconds``, ``Exited (1) 2 minutes ago``): the exit code and the start
  or finish time, as of ``now`` (:mod:`coursekit.wire.status`);
- ``Command`` (``sh -c 'echo hi'``: path, then arguments, those with a space in single
  quotes): the argv that is written the same way again;
- ``Names`` (``/db`` and, for each legacy link to it, ``/app/database``): the name, and on
  each linker (``app``) the link ``db:database``, as ``HostConfig.Links`` would give it;
- ``Ports`` (``PublicPort`` set: a live binding; unset: an exposed port);
- ``Created`` (Unix seconds): RFC 3339, to the second.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timezone

from coursekit.models import CONTAINER_STATES, Container, ContainerState, NetworkMode, PortBinding
from coursekit.wire.network_settings import decode_endpoints
from coursekit.wire.shape import Document, pairs
from coursekit.wire.status import read_status

Links = dict[str, list[str]]
"""linker name -> its links, ``target:alias``."""


def decode_container_list(docs: Sequence[Document], now: datetime, *,
                          hidden_labels: Collection[str] = ()) -> tuple[Container, ...]:
    """The Containers of one ``GET /containers/json`` answer (``docs`` newest first, as
    the daemon sends them), oldest first; ``now`` is the engine's clock at the answer."""
    links = _links(docs)
    return tuple(decode_listed(doc, now, links=links, hidden_labels=hidden_labels)
                 for doc in reversed(docs))


def decode_listed(doc: Document, now: datetime, *, links: Links | None = None,
                  hidden_labels: Collection[str] = ()) -> Container:
    """One summary of the list as a Container (``links``: see :func:`decode_container_list`)."""
    name = own_name(doc)
    created = datetime.fromtimestamp(int(doc.get("Created") or 0), timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    life = read_status(str(doc.get("Status") or ""), now, created)
    ports, exposed = _ports(doc.get("Ports") or ())
    return Container(
        id=doc["Id"], name=name, image=doc.get("Image", ""),
        command=split_command(str(doc.get("Command") or "")), created=created,
        state=_state(doc.get("State")), exit_code=life.exit_code,
        started_at=life.started_at, finished_at=life.finished_at,
        network_mode=NetworkMode.parse((doc.get("HostConfig") or {}).get("NetworkMode")
                                       or "default"),
        endpoints=decode_endpoints(doc), ports=ports, exposed=exposed,
        links=tuple(sorted((links or {}).get(name, ()))),
        labels=pairs(doc.get("Labels"), hidden_labels), image_id=doc.get("ImageID", ""))


def own_name(doc: Document) -> str:
    """The container's own name among its ``Names`` (``/db``, not ``/app/database``)."""
    names = [n for n in doc.get("Names") or () if n.count("/") == 1]
    return names[0].lstrip("/") if names else ""


def _links(docs: Sequence[Document]) -> Links:
    """Each linker's links, from the ``/linker/alias`` names of the containers it links."""
    found: Links = {}
    for doc in docs:
        target = own_name(doc)
        for name in doc.get("Names") or ():
            linker, _, alias = name.strip("/").partition("/")
            if alias:
                found.setdefault(linker, []).append(f"{target}:{alias}")
    return found


def split_command(text: str) -> tuple[str, ...]:
    """The argv behind the daemon's ``Command`` (``sh -c 'echo hi'``: an argument holding
    a space is in single quotes); the whole text as one word when no argv writes it so."""
    if not text:
        return ()
    argv: list[str] = []
    words = iter(text.split(" "))
    for word in words:
        while word.startswith("'") and not (len(word) > 1 and word.endswith("'")):
            word += " " + next(words, "'")
        argv.append(word[1:-1] if word.startswith("'") and " " in word else word)
    return tuple(argv) if join_command(argv) == text else (text,)


def join_command(argv: Sequence[str]) -> str:
    """The daemon's ``Command``: path, then arguments (those with a space in '...')."""
    if not argv:
        return ""
    return " ".join([argv[0], *(f"'{a}'" if " " in a else a for a in argv[1:])])


def _state(value: object) -> ContainerState:
    return next((state for state in CONTAINER_STATES if state == value), "created")


def _ports(entries: Sequence[Document]) -> tuple[tuple[PortBinding, ...], tuple[str, ...]]:
    """Live bindings (``PublicPort`` set) and exposed-only ports (``80/tcp``) of a summary."""
    bound, exposed = [], []
    for entry in entries:
        port, proto = int(entry.get("PrivatePort") or 0), str(entry.get("Type") or "tcp")
        if entry.get("PublicPort"):
            bound.append(PortBinding(port, proto, str(entry.get("IP") or ""),
                                     int(entry["PublicPort"])))
        else:
            exposed.append(f"{port}/{proto}")
    return tuple(bound), tuple(exposed)

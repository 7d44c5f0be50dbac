"""The engine's whole documents, for ``docker network ls``, snapshots and pictures.

``docker ps`` needs only the container list (one request, read by
:func:`coursekit.wire.decode_container_list`); a snapshot needs every container's
``docker inspect`` document and, for a running one, the ``ip addr`` it sees. These
helpers fetch them a few at a time (:data:`WORKERS` threads), in the engine's order,
skipping what was removed meanwhile. They return documents; the backend decodes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from docker import APIClient
from docker.errors import NotFound as SdkNotFound

from coursekit import errors
from coursekit.backends.engine import run as engine_run
from coursekit.backends.engine.errors import daemon_errors
from coursekit.backends.engine.iface import parse_ip_addr
from coursekit.models import Interface
from coursekit.result import CommandResult
from coursekit.wire import Document

WORKERS = 8
"""Documents (or ``ip addr`` answers) asked for at once."""


def inspect_all(ids: list[str], inspect: Callable[[str], Document]) -> Iterator[Document]:
    """Inspect each id (a few at a time), in order, skipping those removed meanwhile."""
    def one(ident: str) -> Document | None:
        try:
            return inspect(ident)
        except SdkNotFound:
            return None

    if len(ids) < 2:
        found = [one(ident) for ident in ids]
    else:
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            found = list(pool.map(one, ids))
    return (attrs for attrs in found if attrs is not None)


def by_creation(doc: Document) -> tuple[datetime, str]:
    """Oldest first, as the simulator keeps containers and networks: by ``Created`` to the
    microsecond (the API lists networks in no order, and a container listing's whole
    seconds would leave two made in one second in the order of their random ids)."""
    return engine_run.parse_time(doc["Created"]), doc["Id"]


def container_documents(api: APIClient) -> list[Document]:
    """Every container's ``docker inspect`` document, oldest first (:func:`by_creation`)."""
    listed = [c["Id"] for c in api.containers(all=True)]
    return sorted(inspect_all(listed, api.inspect_container), key=by_creation)


def seen_interfaces(api: APIClient, host: str, attrs: Document,
                    host_interfaces: tuple[Interface, ...],
                    notes: list[str]) -> tuple[Interface, ...]:
    """The interfaces a container sees: ``ip addr`` inside a running one (host mode: the
    host's; stopped, or when ``ip addr`` fails: none, with a note saying so)."""
    if not attrs["State"].get("Running"):
        return ()
    if attrs["HostConfig"].get("NetworkMode") == "host":
        return host_interfaces
    try:
        with daemon_errors(host):
            result = engine_run.exec_argv(api, attrs["Id"], ("ip", "addr"))
    except errors.DaemonUnavailable:
        raise
    except errors.DockerError as exc:  # stopped or removed meanwhile
        result = CommandResult("", exc.message, -1)
    if result.exit_code != 0:
        notes.append(f"{attrs['Name'].lstrip('/')}: `ip addr` failed inside "
                     f"(exit {result.exit_code}); its interfaces are unknown")
        return ()
    return parse_ip_addr(result.stdout)

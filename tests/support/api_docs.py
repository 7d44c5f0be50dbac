"""The Engine API's documents, fetched and normalised for comparison (tests/contract,
tests/api): a running coursekit server, the four documents a scenario leaves behind, and
the rules that make two engines' documents comparable.

``fetch_documents(base_url)`` reads, over plain HTTP on the unix socket (the SDK's
low-level ``APIClient``), ``GET /containers/json?all=1``, each ``/containers/{id}/json``,
``GET /networks`` and each ``/networks/{id}``. ``normalise(docs, engine)`` then replaces
what legitimately differs between two daemons that ran the same commands:

- ids: a container's or a network's id (full or the 12-digit short form, wherever it
  appears: ``Hostname``, paths such as ``ResolvConfPath``, map keys) becomes the name of
  what it identifies (``<container:web>``, ``<network:lab>``); an id that names nothing
  listed (endpoint, sandbox, image, layer) becomes ``<ID>`` or ``<SID>``;
- times: RFC 3339 timestamps, ``Created`` seconds, the ``Up 3 seconds`` of ``Status``;
- the host's process ids (``State.Pid``);
- on 28.5 only, random locally administered MACs (``02:42:...`` ones are compared, so a
  MAC derived from the address would show), as tests/support/scenarios.py does, and the
  random ULA /48 of an ``--ipv6`` network created without a subnet (``<ULA>``), and
  which of a published port's two bindings a clash names (``State.Error``);
- the names the engine draws for unnamed containers (``<generated-name>``).

Lists whose order the engine does not fix (``GET /networks``; a summary's ``Ports``, from
a Go map) are sorted; the container list keeps its order (newest first).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenarios import BIND_CLASH

Docs = dict[str, Any]
FULL_ID = re.compile(r"\b[0-9a-f]{64}\b")
SHORT_ID = re.compile(r"\b[0-9a-f]{12}\b")
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
DURATION = re.compile(r"(Less than a second|About an? \w+|\d+ \w+)")
MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$", re.I)
GENERATED_NAME = re.compile(r"^/?[a-z]+_[a-z]+\d*$")
ULA = re.compile(r"\bfd[0-9a-f]{2}(:[0-9a-f]{1,4}){2}(?=:)")
"""A /48 of unique local addresses, which 28.5 draws at random for ``--ipv6`` without a
``--subnet``."""


@dataclass
class Served:
    """A coursekit server running in this process (``stop()`` ends it)."""

    docker_host: str
    backend: Any
    running: Any

    def stop(self) -> None:
        self.running.stop()


def free_port() -> int:
    """A loopback TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(backend: Any, tcp: bool = False) -> Iterator[Served]:
    """Serve ``backend`` (a ServedSim) on a fresh private socket (or, with ``tcp``, a free
    loopback port, for HTTP clients without unix sockets) for the block's length."""
    from coursekit.api import Server

    folder = Path(tempfile.mkdtemp(prefix="coursekit-api-"))
    folder.chmod(0o700)
    server = Server(backend)
    if tcp:
        running = server.start(tcp=f"127.0.0.1:{free_port()}")
    else:
        running = server.start(socket=str(folder / "docker.sock"))
    try:
        yield Served(running.docker_host, backend, running)
    finally:
        running.stop()
        folder.rmdir()


def client(base_url: str, timeout: float = 20) -> Any:
    """The SDK's low-level client for ``base_url`` (``unix:///...``), API negotiated."""
    import docker

    return docker.APIClient(base_url=base_url, version="auto", timeout=timeout)


def fetch_documents(api: Any) -> Docs:
    """The four documents: the container list, each container, the networks, each network."""
    listed = api.containers(all=True)
    networks = api.networks()
    return {
        "containers": listed,
        "container": {c["Id"]: api.inspect_container(c["Id"]) for c in listed},
        "networks": networks,
        "network": {n["Id"]: api.inspect_network(n["Id"]) for n in networks},
    }


class Namer:
    """What an id stands for, learned from the lists (``<container:web>``...)."""

    def __init__(self, docs: Docs, named: set[str]) -> None:
        self.full: dict[str, str] = {}
        for c in docs["containers"]:
            own = [n for n in c.get("Names") or ["?"] if "/" not in n.lstrip("/")]
            name = (own or ["?"])[0].lstrip("/")
            self.full[c["Id"]] = f"container:{self._name(name, named)}"
        for n in docs["networks"]:
            self.full[n["Id"]] = f"network:{n['Name']}"
        self.short = {key[:12]: value for key, value in self.full.items()}
        self.named = named
        self.given = " ".join(named)

    @staticmethod
    def _name(name: str, named: set[str]) -> str:
        return name if name in named or not GENERATED_NAME.match(name) else "<generated-name>"

    def text(self, value: str, engine: str) -> str:
        value = FULL_ID.sub(lambda m: f"<{self.full.get(m[0], 'ID')}>", value)
        value = SHORT_ID.sub(lambda m: f"<{self.short.get(m[0], 'SID')}:short>"
                             if m[0] in self.short else "<SID>", value)
        value = TIME.sub("<TIME>", value)
        if engine == "28.5":
            if MAC.match(value) and _random_mac(value):
                return "<MAC>"
            value = ULA.sub(lambda m: m[0] if m[0] in self.given else "<ULA>", value)
            value = BIND_CLASH[0].sub(BIND_CLASH[1], value)
        return value


def _random_mac(mac: str) -> bool:
    mac = mac.lower()
    return not mac.startswith("02:42:") and int(mac[:2], 16) & 0x03 == 0x02


def _walk(value: Any, namer: Namer, engine: str, key: str = "") -> Any:
    if isinstance(value, dict):
        return {namer.text(k, engine): _walk(v, namer, engine, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_walk(v, namer, engine, key) for v in value]
        if key in ("Names", "Aliases", "DNSNames"):
            items = [namer._name(v, namer.named) if isinstance(v, str) else v for v in items]
        if key == "Ports":  # the list's ports come from a Go map: in no fixed order
            items.sort(key=lambda p: json.dumps(p, sort_keys=True))
        return items
    if key in ("Created",) and isinstance(value, int):
        return "<CREATED>"
    if key == "Pid" and isinstance(value, int):
        return "<PID>" if value else 0
    if key == "Name" and isinstance(value, str) and value.startswith("/"):
        return "/" + namer._name(value[1:], namer.named)
    if key == "Status" and isinstance(value, str):
        value = DURATION.sub("<DURATION>", value)
    return namer.text(value, engine) if isinstance(value, str) else value


def normalise(docs: Docs, engine: str, named: set[str]) -> Docs:
    """The documents with ids, times, PIDs (and 28.5's random MACs) replaced;
    ``named``: the names the commands gave (any other engine-drawn name is generated)."""
    namer = Namer(docs, named)
    out: Docs = _walk(docs, namer, engine)
    out["networks"] = sorted(out["networks"], key=lambda n: n["Name"])
    out["network"] = dict(sorted(out["network"].items()))
    out["container"] = dict(sorted(out["container"].items()))
    return out


def flatten(value: Any, path: str = "") -> Iterator[str]:
    """``path = value`` lines, one per leaf (``container[<container:web>].State.Status``)."""
    if isinstance(value, dict) and value:
        for k in sorted(value):
            yield from flatten(value[k], f"{path}.{k}" if path else k)
    elif isinstance(value, list) and value:
        for i, v in enumerate(value):
            yield from flatten(v, f"{path}[{i}]")
    else:
        yield f"{path} = {json.dumps(value)}"


def _keyed(docs: Docs) -> Docs:
    """The lists keyed by name, so a diff line says whose field it is."""
    out = dict(docs)
    out["containers"] = {"/".join(c.get("Names") or ["?"]): c for c in docs["containers"]}
    out["networks"] = {n.get("Name", "?"): n for n in docs["networks"]}
    out["container order"] = [c.get("Names") for c in docs["containers"]]
    return out


def differences(want: Docs, have: Docs, labels: tuple[str, str] = ("engine", "server")
                ) -> str:
    """A diff of two normalised document sets, one ``path = value`` line per field
    ("" when equal)."""
    if want == have:
        return ""
    a, b = list(flatten(_keyed(want))), list(flatten(_keyed(have)))
    return "\n".join(line for line in difflib.unified_diff(a, b, labels[0], labels[1], n=0,
                                                           lineterm="")
                     if not line.startswith("@@"))


def env_with(docker_host: str) -> dict[str, str]:
    """This process's environment with DOCKER_HOST set (the docker CLI's target)."""
    return {**os.environ, "DOCKER_HOST": docker_host}

"""EngineBackend: a real Docker Engine behind the Backend protocol, through the docker SDK.

Every operation is one or a few Engine API calls (``docker.APIClient``), answered with
the frozen values of :mod:`coursekit.models` (read by :mod:`coursekit.wire`). Failures come
back as :mod:`coursekit.errors` with the daemon's own explanation (see ``engine_errors``);
a daemon missing or gone mid-lesson gives ``Cannot connect to the Docker daemon at ...``.
A coursekit server behind the socket is served differently (:mod:`.served`).

Safety: everything the lab creates (networks, containers, host helpers) carries the
label ``io.coursekit.lab=<label_value>``; :meth:`EngineBackend.reset` and
:meth:`EngineBackend.prune_networks` touch only resources carrying that label, never
a learner's own containers or networks. No container is privileged or mounts the host.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, Concatenate, ParamSpec, TypeVar

import docker
import requests
from docker import APIClient

from coursekit import errors
from coursekit.backends.base import LAB_LABEL, ContainerSpec, Filters, NetworkSpec
from coursekit.backends.engine import run as engine_run
from coursekit.backends.engine import served as engine_served
from coursekit.backends.engine.clock import EngineClock
from coursekit.backends.engine.documents import (
    WORKERS,
    by_creation,
    container_documents,
    inspect_all,
    seen_interfaces,
)
from coursekit.backends.engine.errors import daemon_errors, knock
from coursekit.backends.engine.iface import child_kinds, pair_host_ends, parse_ip_addr
from coursekit.backends.engine.spec import connect_body, create_kwargs, network_kwargs
from coursekit.models import Container, Interface, Network, Topology
from coursekit.profiles import EngineProfile, for_server_version
from coursekit.result import CommandResult
from coursekit.wire import decode_container, decode_container_list, decode_network

P = ParamSpec("P")
R = TypeVar("R")
DEFAULT_HOST = "unix:///var/run/docker.sock"
STOP_TIMEOUT = 1
"""Seconds ``stop``/``restart`` wait before SIGKILL (busybox ``sh`` ignores SIGTERM)."""
SNAPSHOT_WORKERS = WORKERS
"""Containers whose ``ip addr`` a snapshot reads at once."""
HIDDEN_LABELS = (LAB_LABEL,)
"""Left out of the models, so ``docker inspect`` shows what it shows on the simulator."""
_network = functools.partial(decode_network, hidden_labels=HIDDEN_LABELS)
_container = functools.partial(decode_container, hidden_labels=HIDDEN_LABELS)
_listed = functools.partial(decode_container_list, hidden_labels=HIDDEN_LABELS)


def _mapped(method: Callable[Concatenate[EngineBackend, P], R],
            ) -> Callable[Concatenate[EngineBackend, P], R]:
    """Run the method with SDK and transport failures mapped to coursekit errors."""
    def wrapper(self: EngineBackend, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with daemon_errors(self.host):
            return method(self, *args, **kwargs)
    functools.update_wrapper(wrapper, method)
    return wrapper


def client_host(client: docker.DockerClient | None) -> str:
    """The daemon address as the CLI names it (``unix:///var/run/docker.sock``)."""
    if client is None:
        return os.environ.get("DOCKER_HOST") or DEFAULT_HOST
    adapter = getattr(client.api, "_custom_adapter", None)
    socket_path = getattr(adapter, "socket_path", None)
    return f"unix://{socket_path}" if socket_path else str(client.api.base_url)


class EngineBackend(engine_run.ContainerOps):
    """A real Docker Engine (``docker.from_env()`` unless a client is given)."""

    name = "docker"

    def __init__(self, image: str = "busybox", client: docker.DockerClient | None = None,
                 label_value: str | None = None) -> None:
        self.image = image
        self.label_value = label_value or "1"
        self.host = client_host(client)
        knock(self.host)
        with daemon_errors(self.host):
            self.client = client or docker.from_env()
            self.client.ping()
        self.api: APIClient = self.client.api
        self._clock = EngineClock(self._system_time)
        self._profile: EngineProfile | None = None

    @property
    def label_filter(self) -> dict[str, str]:
        """The API filter selecting what this lab created."""
        return {"label": f"{LAB_LABEL}={self.label_value}"}

    @_mapped
    def version(self) -> str:
        """Equivalent to ``docker version --format {{.Server.Version}}``."""
        return str(self.api.version()["Version"])

    def profile(self) -> EngineProfile:
        """The profile of the engine reached (by its version; asked once)."""
        if self._profile is None:
            self._profile = for_server_version(self.version())
        return self._profile

    @_mapped
    def now(self) -> datetime:
        """The engine's clock (``docker info --format {{.SystemTime}}``), aware UTC; read
        again every half minute, carried on by this machine's clock in between."""
        return self._clock.now()

    def _system_time(self) -> datetime:
        return engine_run.parse_time(self.api.info()["SystemTime"])

    @functools.cached_property
    def served_by_coursekit(self) -> bool:
        """Is this engine ``coursekit serve`` (``docker info``'s labels say so)?"""
        with daemon_errors(self.host):
            return engine_served.is_served(self.api)

    # networks -------------------------------------------------------------------------

    @_mapped
    def networks(self, filters: Filters | None = None) -> tuple[Network, ...]:
        """Equivalent to ``docker network ls [-f KEY=VALUE]`` (the engine filters; each
        network it lists is inspected, for its members)."""
        listed = self.api.networks(filters=dict(filters) if filters else None)
        docs = inspect_all([n["Id"] for n in listed], self.api.inspect_network)
        return tuple(_network(a) for a in sorted(docs, key=by_creation))

    @_mapped
    def network(self, ref: str) -> Network:
        """Equivalent to ``docker network inspect REF``."""
        return _network(self.api.inspect_network(ref))

    @_mapped
    def create_network(self, spec: NetworkSpec) -> Network:
        """Equivalent to ``docker network create`` (labelled as the lab's)."""
        created = self.api.create_network(**network_kwargs(spec, self.label_value))
        return self.network(created["Id"])

    @_mapped
    def remove_network(self, ref: str) -> None:
        """Equivalent to ``docker network rm REF``."""
        self.api.remove_network(ref)

    @_mapped
    def prune_networks(self) -> tuple[str, ...]:
        """Like ``docker network prune -f``, but only for the lab's labelled networks.

        The real command removes every unused user network; a lab must never touch
        a learner's own, so this prunes only networks carrying the lab label.
        """
        pruned = self.api.prune_networks(filters=self.label_filter)
        return tuple(pruned.get("NetworksDeleted") or ())

    @_mapped
    def connect(self, network: str, container: str, ip: str | None = None,
                aliases: tuple[str, ...] = (), ip6: str | None = None,
                links: tuple[str, ...] = ()) -> None:
        """Equivalent to ``docker network connect [--ip IP] [--ip6 IP6] [--alias A] NET C``."""
        url = self.api._url("/networks/{0}/connect", network)
        body = connect_body(container, ip, ip6, aliases, links)
        self.api._raise_for_status(self.api._post_json(url, data=body))

    @_mapped
    def disconnect(self, network: str, container: str, force: bool = False) -> None:
        """Equivalent to ``docker network disconnect [-f] NET CONTAINER``."""
        self.api.disconnect_container_from_network(container, network, force=force)

    # containers -----------------------------------------------------------------------

    @_mapped
    def containers(self, filters: Filters | None = None) -> tuple[Container, ...]:
        """Equivalent to ``docker ps -a [-f KEY=VALUE]``, oldest first: one list request
        (the engine filters), no inspects, so the models carry what the list carries."""
        listed = self.api.containers(all=True, filters=dict(filters) if filters else None)
        return _listed(listed, self.now())

    @_mapped
    def container(self, ref: str) -> Container:
        """Equivalent to ``docker inspect REF`` (interfaces are left to :meth:`snapshot`)."""
        return _container(self.api.inspect_container(ref))

    @_mapped
    def create_container(self, spec: ContainerSpec) -> tuple[Container, tuple[str, ...]]:
        """Equivalent to ``docker create``; returns the container and the daemon's warnings."""
        created = self.api.create_container(**create_kwargs(self.api, spec, self.label_value))
        warnings = tuple(created.get("Warnings") or ())
        return self.container(created["Id"]), warnings

    @_mapped
    def start(self, ref: str, empty_stdin: bool = False) -> Container:
        """Equivalent to ``docker start REF``; StartFailed carries the daemon's reason
        (``empty_stdin``: attach stdin first, then close it, as the CLI does in a cell)."""
        container_id = self.api.inspect_container(ref)["Id"]
        try:
            with daemon_errors(self.host):
                engine_run.start_with_empty_stdin(self.api, container_id, empty_stdin)
        except (errors.NotFound, errors.DaemonUnavailable):
            raise
        except errors.DockerError as exc:
            raise errors.StartFailed(exc.message, container_id) from exc
        return self.container(container_id)

    @_mapped
    def stop(self, ref: str, signal: str = "", timeout: int | None = None) -> Container:
        """Equivalent to ``docker stop [-s SIGNAL] -t T REF``; T is 1 s unless given (busybox
        sh ignores SIGTERM: the outcome is the same, the wait shorter)."""
        self.post_stop(ref, "stop", signal, STOP_TIMEOUT if timeout is None else timeout)
        return self.container(ref)

    @_mapped
    def restart(self, ref: str, signal: str = "", timeout: int | None = None) -> Container:
        """Equivalent to ``docker restart [-s SIGNAL] -t T REF`` (T as for :meth:`stop`)."""
        self.post_stop(ref, "restart", signal, STOP_TIMEOUT if timeout is None else timeout)
        return self.container(ref)

    @_mapped
    def remove_container(self, ref: str, force: bool = False) -> None:
        """Equivalent to ``docker rm [-f] REF``."""
        self.api.remove_container(ref, force=force)

    # commands -------------------------------------------------------------------------

    @_mapped
    def exec(self, ref: str, argv: tuple[str, ...]) -> CommandResult:
        """Equivalent to ``docker exec REF ARGV...`` (argv, never a shell line)."""
        return engine_run.exec_argv(self.api, ref, argv)

    @_mapped
    def host_exec(self, argv: tuple[str, ...]) -> CommandResult:
        """Run ARGV on the engine's host: ``docker run --rm --network host IMAGE ARGV``."""
        if self.served_by_coursekit:
            return engine_served.host_exec(self.api, argv)
        return engine_run.host_exec(self.api, self.image, argv, self.label_value)

    @_mapped
    def logs(self, ref: str) -> CommandResult:
        """Equivalent to ``docker logs REF``."""
        return engine_run.logs(self.api, ref)

    @_mapped
    def wait(self, ref: str, timeout: float) -> Container:
        """``docker wait REF`` for at most ``timeout`` seconds (a server never ends)."""
        gone = (requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError)
        with contextlib.suppress(*gone):
            self.api.wait(ref, timeout=timeout)
        return self.container(ref)

    @_mapped
    def images(self) -> tuple[str, ...]:
        """Equivalent to ``docker images --format {{.Repository}}:{{.Tag}}`` (untagged left out)."""
        tags = (t for img in self.api.images() for t in img.get("RepoTags") or ())
        return tuple(sorted({t for t in tags if t != "<none>:<none>"}))

    @_mapped
    def interfaces(self, ref: str) -> tuple[Interface, ...]:
        """What ``docker exec REF ip addr`` shows, parsed (empty if it fails)."""
        result = self.exec(ref, ("ip", "addr"))
        return parse_ip_addr(result.stdout) if result.exit_code == 0 else ()

    # everything -----------------------------------------------------------------------

    @_mapped
    def snapshot(self) -> Topology:
        """Host interfaces (one helper run), networks, containers with their interfaces.

        Each running container is asked ``ip addr`` once (host-mode ones see the
        host's), a few at a time; its endpoints are then ordered eth0, eth1...
        """
        notes: list[str] = []
        host = self._host_interfaces(notes)
        with ThreadPoolExecutor(max_workers=SNAPSHOT_WORKERS) as pool:
            containers = tuple(pool.map(
                lambda a: _container(a, seen_interfaces(self.api, self.host, a, host, notes)),
                container_documents(self.api)))
        networks = self.networks()
        return Topology(backend=self.name, host_name=str(self.api.info().get("Name", "")),
                        host_interfaces=pair_host_ends(host, containers), networks=networks,
                        containers=child_kinds(containers, networks),
                        engine_version=self.version(), notes=tuple(notes))

    @_mapped
    def reset(self) -> None:
        """Remove the lab's labelled containers (forced), then its labelled networks: nothing
        else is touched; every one is tried, the first failure (but "already gone") raised
        at the end. A coursekit server starts its whole lab over."""
        if self.served_by_coursekit:
            return engine_served.reset(self.api)
        failures: list[errors.DockerError] = []
        for c in self.api.containers(all=True, filters=self.label_filter):
            self._quietly(failures, self.api.remove_container, c["Id"], force=True)
        for n in self.api.networks(filters=self.label_filter):
            self._quietly(failures, self.api.remove_network, n["Id"])
        if failures:
            raise failures[0]

    # helpers --------------------------------------------------------------------------

    def _quietly(self, failures: list[errors.DockerError], call: Callable[..., Any],
                 *args: Any, **kwargs: Any) -> None:
        try:
            with daemon_errors(self.host):
                call(*args, **kwargs)
        except errors.NotFound:
            return
        except errors.DaemonUnavailable:
            raise
        except errors.DockerError as exc:
            if "is already in progress" not in exc.message:  # someone else is removing it
                failures.append(exc)

    def _host_interfaces(self, notes: list[str]) -> tuple[Interface, ...]:
        result = self.host_exec(("ip", "addr"))
        if result.exit_code != 0:
            notes.append(f"host: `ip addr` in the helper failed: {result.stderr.strip()}")
            return ()
        return parse_ip_addr(result.stdout)

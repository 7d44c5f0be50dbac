"""``/_ping``, ``/version``, ``/info``, ``/events`` and the local images.

``/_ping`` is the first request of every docker CLI command (``HEAD``; the SDK uses
``GET``): its ``Api-Version`` header is how a client negotiates. ``/version`` and
``/info`` describe the engine the lab plays; ``/info`` names the simulator (``Name``,
``Labels``), which is how ``Lab()`` tells a coursekit server from a real engine behind
``DOCKER_HOST``. Nothing is ever pulled: ``POST /images/create`` of an image the lab has
says it is up to date, of any other answers as a registry without it does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from coursekit.api.context import Context, ImageInfo
from coursekit.api.http import Answer, Reply, Request, Streamed, go_json, json_reply
from coursekit.api.routes import RouteSpec
from coursekit.backends.base import SERVER_LABEL
from coursekit.errors import NotFound
from coursekit.profiles import EngineProfile

IMAGE_CREATED = "2024-09-26T21:31:42Z"
IMAGE_SIZE = 4_277_910
"""Bytes of an image whose record names no size (busybox's)."""


def image_size(image: ImageInfo) -> int:
    """What ``docker images`` shows in SIZE for ``image``."""
    return image.size or IMAGE_SIZE
PULL_DENIED = ("pull access denied for {repo}, repository does not exist or may require "
               "'docker login': denied: requested access to the resource is denied")


def ping(ctx: Context, request: Request) -> Answer:
    """``GET|HEAD /_ping``: ``OK`` and the negotiation headers."""
    return Reply(200, b"OK", "text/plain; charset=utf-8", (
        ("Builder-Version", "2"), ("Cache-Control", "no-cache, no-store, must-revalidate"),
        ("Pragma", "no-cache"), ("Swarm", "inactive")))


def version_document(profile: EngineProfile) -> dict[str, object]:
    """What ``GET /version`` answers for this engine profile."""
    s = profile.server
    details = {"ApiVersion": s.api_version, "Arch": "amd64", "BuildTime": s.built,
               "Experimental": "false", "GitCommit": s.git_commit, "GoVersion": s.go_version,
               "KernelVersion": KERNEL, "MinAPIVersion": s.min_api_version, "Os": "linux"}
    return {"Platform": {"Name": ""}, "Components": [
        {"Name": "Engine", "Version": s.version, "Details": details},
        {"Name": "containerd", "Version": s.containerd,
         "Details": {"GitCommit": s.containerd_commit}},
        {"Name": "runc", "Version": s.runc, "Details": {"GitCommit": s.runc_commit}},
        {"Name": "docker-init", "Version": s.init, "Details": {"GitCommit": ""}}],
        "Version": s.version, "ApiVersion": s.api_version, "MinAPIVersion": s.min_api_version,
        "GitCommit": s.git_commit, "GoVersion": s.go_version, "Os": "linux", "Arch": "amd64",
        "KernelVersion": KERNEL, "BuildTime": s.built}


KERNEL = "6.1.0-coursekit"


def version(ctx: Context, request: Request) -> Answer:
    """``GET /version``."""
    return json_reply(200, version_document(ctx.backend.profile()))


def info(ctx: Context, request: Request) -> Answer:
    """``GET /info`` (``docker info``), counted from the lab."""
    with ctx.lock:
        everyone = ctx.backend.containers()
        images = ctx.backend.image_list()
        host = ctx.backend.snapshot().host_name or "vm"
    states = [c.state for c in everyone]
    return json_reply(200, {
        "ID": "coursekit", "Containers": len(everyone),
        "ContainersRunning": states.count("running"),
        "ContainersPaused": states.count("paused"),
        "ContainersStopped": len(states) - states.count("running") - states.count("paused"),
        "Images": len(images), "Driver": "overlay2", "DockerRootDir": "/var/lib/docker",
        "Plugins": {"Volume": ["local"], "Network": ["bridge", "host", "ipvlan", "macvlan",
                                                     "null", "overlay"], "Log": ["json-file"]},
        "LoggingDriver": "json-file", "CgroupDriver": "cgroupfs", "CgroupVersion": "2",
        "KernelVersion": KERNEL, "OperatingSystem": "coursekit simulator", "OSType": "linux",
        "Architecture": "x86_64", "NCPU": 2, "MemTotal": 2 * 1024 ** 3,
        "Name": host, "Labels": [SERVER_LABEL],
        "InitBinary": "docker-init", "ContainerdCommit": {"ID": ""},
        "RuncCommit": {"ID": ctx.backend.profile().server.runc_commit},
        "InitCommit": {"ID": ""}, "Debug": False, "ExperimentalBuild": False,
        "LiveRestoreEnabled": False, "IndexServerAddress": "https://index.docker.io/v1/",
        "ServerVersion": ctx.backend.profile().version,
        "Swarm": {"LocalNodeState": "inactive", "NodeID": "", "NodeAddr": "",
                  "ControlAvailable": False, "Error": "", "RemoteManagers": None},
        "DefaultRuntime": "runc", "Runtimes": {"runc": {"path": "runc"}},
        "SecurityOptions": ["name=seccomp,profile=builtin"], "Warnings": None,
        "SystemTime": ctx.call(ctx.backend.now).strftime("%Y-%m-%dT%H:%M:%S.%f000Z")})


def _api(profile: EngineProfile) -> tuple[int, ...]:
    return tuple(int(part) for part in profile.server.api_version.split("."))


def _image_doc(image: ImageInfo, profile: EngineProfile) -> dict[str, object]:
    """``GET /images/{name}/json``; before API 1.44 (20.10) also ``Container``,
    ``ContainerConfig``, ``DockerVersion`` and ``VirtualSize``, as that daemon sends."""
    config: dict[str, object] = {
              "Cmd": list(image.cmd), "Entrypoint": list(image.entrypoint) or None,
              "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
              "ExposedPorts": {p: {} for p in image.exposed} or None, "Labels": None,
              "OnBuild": None, "User": "", "Volumes": None, "WorkingDir": ""}
    layer = f"/var/lib/docker/overlay2/{image.id.removeprefix('sha256:')}"
    doc: dict[str, object] = {
        "Id": image.id, "RepoTags": [image.ref], "RepoDigests": [], "Parent": "",
        "Comment": "", "Created": IMAGE_CREATED, "Author": "", "Architecture": "amd64",
        "Os": "linux", "Size": image_size(image), "Config": config,
        "GraphDriver": {"Data": {"MergedDir": f"{layer}/merged", "UpperDir": f"{layer}/diff",
                                 "WorkDir": f"{layer}/work"}, "Name": "overlay2"},
        "RootFS": {"Type": "layers", "Layers": [image.id]}, "Metadata": {}}
    if _api(profile) >= (1, 44):
        return doc
    empty = {key: None for key in ("Env", "Cmd", "Volumes", "Entrypoint", "OnBuild", "Labels")}
    return {**doc, "Container": "", "ContainerConfig": {"Image": "", "WorkingDir": "",
                                                        "User": "", **empty},
            "DockerVersion": profile.server.version, "VirtualSize": image_size(image)}


def image_list(ctx: Context, request: Request) -> Answer:
    """``GET /images/json`` (``docker images``). From API 1.44 (28.5) the daemon counts
    each image's containers and sends ``RepoDigests`` as a list and no ``VirtualSize``;
    before (20.10) ``Containers`` is ``-1``, ``RepoDigests`` ``null`` for an image without
    digests, and ``VirtualSize`` repeats ``Size``."""
    with ctx.lock:
        images, everyone = ctx.backend.image_list(), ctx.backend.containers()
        modern = _api(ctx.backend.profile()) >= (1, 44)
    docs: list[dict[str, object]] = []
    for i in images:
        doc: dict[str, object] = {
            "Containers": sum(c.image_id == i.id for c in everyone) if modern else -1,
            "Created": 1727386302, "Id": i.id, "Labels": None, "ParentId": "",
            "RepoDigests": [] if modern else None, "RepoTags": [i.ref], "SharedSize": -1,
            "Size": image_size(i)}
        docs.append(doc if modern else {**doc, "VirtualSize": image_size(i)})
    return json_reply(200, docs)


def image_inspect(ctx: Context, request: Request, ref: str) -> Answer:
    """``GET /images/{name}/json`` (``docker image inspect``; Compose asks it first)."""
    return json_reply(200, _image_doc(ctx.call(ctx.backend.image, ref), ctx.backend.profile()))


def pull(ctx: Context, request: Request) -> Answer:
    """``POST /images/create?fromImage=NAME&tag=TAG`` (``docker pull``): nothing is pulled."""
    name, tag = request.arg("fromImage"), request.arg("tag") or "latest"
    ref = name if "@" in name or ":" in name.rsplit("/", 1)[-1] else f"{name}:{tag}"
    try:
        image = ctx.call(ctx.backend.image, ref)
    except NotFound:
        repo = ref.rsplit(":", 1)[0].removeprefix("docker.io/").removeprefix("library/")
        raise NotFound(PULL_DENIED.format(repo=repo)) from None

    async def status() -> AsyncIterator[bytes]:
        yield go_json({"status": f"Pulling from library/{image.ref.split(':')[0]}",
                       "id": tag})
        yield go_json({"status": f"Status: Image is up to date for {image.ref}"})

    return Streamed(200, status)


ROUTES: list[RouteSpec] = [
    ("GET", "/_ping", ping),
    ("GET", "/version", version),
    ("GET", "/info", info),
    ("GET", "/images/json", image_list),
    ("POST", "/images/create", pull),
    ("GET", r"/images/(?P<ref>.+)/json", image_inspect),
]

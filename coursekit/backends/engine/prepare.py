"""Prepare the lab image: pull it, or build busybox offline from this machine's binary.

The course runs every container from one small image (``busybox`` by default). Where
a registry answers, :func:`prepare_image` simply pulls it (``docker pull busybox``).
Where none does (CI, a closed classroom network) it builds an equivalent image from
the machine's own statically linked ``busybox`` binary, as ``docker import`` would::

    rootfs/bin/busybox            the binary
    rootfs/bin/ip -> busybox      one symlink per applet (``busybox --list``)
    rootfs/etc tmp proc sys dev   empty directories
    tar -C rootfs -c . | docker import -c 'CMD ["sh"]' - busybox:latest

The library never prints: progress goes to the ``progress`` callback, one line at a time.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path

import docker
from docker.errors import APIError

from coursekit.backends.engine.backend import client_host
from coursekit.backends.engine.errors import daemon_errors, knock

Progress = Callable[[str], None]
BUSYBOX_FALLBACK = "/bin/busybox"
EMPTY_DIRS = ("etc", "tmp", "proc", "sys", "dev")
PT_INTERP = 3


class PrepareError(RuntimeError):
    """The image could be neither pulled nor built; the message says what to do."""


def _quiet(line: str) -> None:
    """The default progress callback: say nothing."""


def split_ref(image: str) -> tuple[str, str]:
    """``busybox`` -> ``("busybox", "latest")``; ``reg:5000/x:1`` -> ``("reg:5000/x", "1")``."""
    repo, sep, tag = image.rpartition(":")
    if not sep or "/" in tag:
        return image, "latest"
    return repo, tag


def find_busybox() -> str | None:
    """The machine's busybox binary: ``busybox`` on PATH, else ``/bin/busybox``."""
    found = shutil.which("busybox")
    if found:
        return found
    return BUSYBOX_FALLBACK if os.access(BUSYBOX_FALLBACK, os.X_OK) else None


def is_static(path: str | os.PathLike[str]) -> bool:
    """True if the ELF binary at PATH needs no dynamic loader (no PT_INTERP header)."""
    with Path(path).open("rb") as f:
        head = f.read(64)
        if head[:4] != b"\x7fELF" or head[4] != 2:  # 64-bit ELF only
            return False
        phoff, = struct.unpack_from("<Q", head, 32)
        phentsize, phnum = struct.unpack_from("<HH", head, 54)
        f.seek(phoff)
        table = f.read(phentsize * phnum)
    types = (struct.unpack_from("<I", table, i * phentsize)[0] for i in range(phnum))
    return PT_INTERP not in types


def applets(busybox: str) -> list[str]:
    """The applet names ``busybox --list`` prints (``ip``, ``ping``, ``sh``...)."""
    out = subprocess.run([busybox, "--list"], capture_output=True, text=True, check=True,
                         timeout=30).stdout
    return sorted({name for name in out.split() if name and name != "busybox" and "/" not in name})


def _add_dir(tar: tarfile.TarFile, name: str, mtime: float, mode: int = 0o755) -> None:
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.mtime = tarfile.DIRTYPE, mode, mtime
    tar.addfile(info)


def rootfs_tar(busybox: str) -> bytes:
    """A root filesystem holding busybox and its applet symlinks, as tar bytes."""
    buffer = io.BytesIO()
    mtime = Path(busybox).stat().st_mtime  # the binary's date, not 1970
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        _add_dir(tar, "bin", mtime)
        for name in EMPTY_DIRS:
            _add_dir(tar, name, mtime, 0o1777 if name == "tmp" else 0o755)
        tar.add(busybox, arcname="bin/busybox", recursive=False,
                filter=lambda i: _owned_by_root(i, 0o755))
        for applet in applets(busybox):
            link = tarfile.TarInfo(f"bin/{applet}")
            link.type, link.linkname, link.mode = tarfile.SYMTYPE, "busybox", 0o777
            link.mtime = mtime
            tar.addfile(link)
    return buffer.getvalue()


def _owned_by_root(info: tarfile.TarInfo, mode: int) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    info.mode = mode
    return info


def build_offline(client: docker.DockerClient, image: str, progress: Progress = _quiet,
                  busybox: str | None = None) -> str:
    """Build IMAGE from the machine's busybox (``docker import -c 'CMD ["sh"]'``)."""
    binary = busybox or find_busybox()
    if binary is None:
        raise PrepareError("cannot build busybox offline: no busybox binary on PATH or at "
                           f"{BUSYBOX_FALLBACK} (install it: apt-get install -y busybox-static)")
    if not is_static(binary):
        raise PrepareError(f"cannot build busybox offline: {binary} is dynamically linked "
                           "and would not run in an empty image (apt-get install -y "
                           "busybox-static)")
    progress(f"building {image} offline from {binary}")
    repo, tag = split_ref(image)
    client.api.import_image_from_data(rootfs_tar(binary), repository=repo, tag=tag,
                                      changes=['CMD ["sh"]'])
    progress(f"built {repo}:{tag}")
    return f"{repo}:{tag}"


def pull(client: docker.DockerClient, image: str, progress: Progress = _quiet) -> str:
    """Equivalent to ``docker pull IMAGE``; raises PrepareError when it fails."""
    repo, tag = split_ref(image)
    progress(f"pulling {repo}:{tag}")
    try:
        for event in client.api.pull(repo, tag=tag, stream=True, decode=True):
            if "error" in event:
                raise PrepareError(str(event["error"]))
            _report(event, progress)
    except APIError as exc:
        raise PrepareError(str(exc.explanation or exc)) from exc
    return f"{repo}:{tag}"


def _report(event: dict[str, object], progress: Progress) -> None:
    status = str(event.get("status") or "")
    if status and not status.startswith(("Downloading", "Extracting", "Waiting")):
        ident = event.get("id")
        progress(f"{ident}: {status}" if ident else status)


def has_image(client: docker.DockerClient, image: str) -> bool:
    """True if IMAGE is present locally (``docker image inspect IMAGE`` succeeds)."""
    try:
        client.api.inspect_image(image)
    except docker.errors.NotFound:  # ImageNotFound included
        return False
    return True


def prepare_image(image: str = "busybox", client: docker.DockerClient | None = None,
                  progress: Progress = _quiet, *, offline: bool = False,
                  force: bool = False, busybox: str | None = None) -> str:
    """Make IMAGE available on the engine; returns its reference (``busybox:latest``).

    Present already (and not ``force``): nothing to do. Else pull it, unless
    ``offline``; if the pull fails, build it from the machine's busybox binary.
    """
    repo, tag = split_ref(image)
    ref = f"{repo}:{tag}"
    knock(client_host(client))
    with daemon_errors(client_host(client)):
        client = client or docker.from_env()
        if not force and has_image(client, ref):
            progress(f"{ref} is already present")
            return ref
        return _obtain(client, ref, progress, offline, busybox)


def _obtain(client: docker.DockerClient, ref: str, progress: Progress, offline: bool,
            busybox: str | None) -> str:
    pulled_error = "offline build requested"
    if not offline:
        try:
            return pull(client, ref, progress)
        except PrepareError as exc:
            pulled_error = str(exc)
            progress(f"pull failed ({pulled_error}); building offline instead")
    if "busybox" not in split_ref(ref)[0].rsplit("/", 1)[-1]:
        raise PrepareError(f"cannot prepare {ref}: the pull failed ({pulled_error}) and only "
                           "a busybox image can be built offline")
    try:
        return build_offline(client, ref, progress, busybox)
    except PrepareError as exc:
        raise PrepareError(f"cannot prepare {ref}: pull: {pulled_error}; {exc}") from exc

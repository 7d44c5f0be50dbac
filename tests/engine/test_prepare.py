"""prepare_image: pull where a registry answers, else build busybox from the machine's binary."""

from __future__ import annotations

import contextlib
import io
import struct
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coursekit import errors
from coursekit.backends.base import LAB_LABEL
from coursekit.backends.engine.prepare import (
    PrepareError,
    build_offline,
    find_busybox,
    is_static,
    prepare_image,
    rootfs_tar,
    split_ref,
)


def fake_elf(path: Path, interp: bool) -> Path:
    """A 64-bit ELF header with one program header: PT_INTERP (3) or PT_LOAD (1)."""
    header = bytearray(64)
    header[:5] = b"\x7fELF\x02"
    struct.pack_into("<Q", header, 32, 64)  # e_phoff
    struct.pack_into("<HH", header, 54, 56, 1)  # e_phentsize, e_phnum
    program = bytearray(56)
    struct.pack_into("<I", program, 0, 3 if interp else 1)
    path.write_bytes(bytes(header + program))
    return path


def fake_busybox(tmp_path: Path) -> Path:
    """A stand-in busybox whose ``--list`` names three applets."""
    script = tmp_path / "busybox"
    script.write_text("#!/bin/sh\nprintf 'sh\\nip\\nping\\n'\n")
    script.chmod(0o755)
    return script


def test_split_ref() -> None:
    """References split into repository and tag as docker does (latest by default)."""
    assert split_ref("busybox") == ("busybox", "latest")
    assert split_ref("he5-busybox:test") == ("he5-busybox", "test")
    assert split_ref("reg:5000/team/busybox") == ("reg:5000/team/busybox", "latest")


def test_is_static_reads_the_program_headers(tmp_path: Path) -> None:
    """A binary with a PT_INTERP header needs a loader; one without does not."""
    assert is_static(fake_elf(tmp_path / "static", interp=False)) is True
    assert is_static(fake_elf(tmp_path / "dynamic", interp=True)) is False
    (tmp_path / "script").write_text("#!/bin/sh\n")
    assert is_static(str(tmp_path / "script")) is False


def test_rootfs_holds_busybox_its_applets_and_empty_dirs(tmp_path: Path) -> None:
    """The tar has bin/busybox, one symlink per applet, and empty etc tmp proc sys dev."""
    with tarfile.open(fileobj=io.BytesIO(rootfs_tar(str(fake_busybox(tmp_path))))) as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert members["bin/busybox"].isfile() and members["bin/busybox"].mode == 0o755
    assert {n for n, m in members.items() if m.issym()} == {"bin/sh", "bin/ip", "bin/ping"}
    assert all(members[f"bin/{a}"].linkname == "busybox" for a in ("sh", "ip", "ping"))
    assert all(members[d].isdir() for d in ("etc", "tmp", "proc", "sys", "dev"))
    assert members["tmp"].mode == 0o1777 and members["bin/busybox"].uid == 0


def test_offline_build_refuses_a_dynamic_busybox(tmp_path: Path) -> None:
    """A dynamically linked busybox would not run in an empty image: say so."""
    binary = fake_elf(tmp_path / "busybox", interp=True)
    with pytest.raises(PrepareError, match="dynamically linked.*busybox-static"):
        build_offline(client=None, image="busybox", busybox=str(binary))


def test_offline_build_without_busybox_says_what_to_install(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With no busybox anywhere, the message names the package to install."""
    monkeypatch.setattr("coursekit.backends.engine.prepare.find_busybox", lambda: None)
    with pytest.raises(PrepareError, match="no busybox binary.*apt-get install -y busybox-static"):
        build_offline(client=None, image="busybox")


def test_prepare_without_daemon_gives_the_cli_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """No engine: the same line the docker CLI prints."""
    host = f"unix:///tmp/he5-none-{uuid.uuid4().hex[:8]}.sock"
    monkeypatch.setenv("DOCKER_HOST", host)
    with pytest.raises(errors.DaemonUnavailable,
                       match=f"^Cannot connect to the Docker daemon at {host}"):
        prepare_image("busybox")


@pytest.fixture
def test_tag(engine: Any) -> Iterator[str]:
    """A unique he5-busybox tag, removed after the test."""
    ref = f"he5-busybox:{uuid.uuid4().hex[:8]}"
    yield ref
    with contextlib.suppress(Exception):  # not built: nothing to remove
        engine.api.remove_image(ref, force=True)


@pytest.mark.engine
def test_offline_build_runs_busybox(engine: Any, test_tag: str, lab_label: str) -> None:
    """The offline image runs its applets, has CMD ["sh"], and is tagged as asked."""
    if find_busybox() is None:
        pytest.skip("no busybox binary on this machine")
    lines: list[str] = []
    assert prepare_image(test_tag, client=engine, progress=lines.append, offline=True) == test_tag
    assert lines[-1] == f"built {test_tag}" and not any("pull" in line for line in lines)
    assert engine.api.inspect_image(test_tag)["Config"]["Cmd"] == ["sh"]
    out = engine.containers.run(test_tag, ["ip", "-o", "link", "show", "lo"], remove=True,
                                labels={LAB_LABEL: lab_label})
    assert out.startswith(b"1: lo: <LOOPBACK")
    again: list[str] = []
    prepare_image(test_tag, client=engine, progress=again.append)
    assert again == [f"{test_tag} is already present"]


@pytest.mark.engine
def test_failed_pull_falls_back_to_offline_build(engine: Any, test_tag: str) -> None:
    """When the pull fails (no registry, or no such repository) busybox is built offline."""
    if find_busybox() is None:
        pytest.skip("no busybox binary on this machine")
    lines: list[str] = []
    prepare_image(test_tag, client=engine, progress=lines.append)
    assert lines[0] == f"pulling {test_tag}"
    assert any(line.startswith("pull failed (") for line in lines)
    assert lines[-1] == f"built {test_tag}"


@pytest.mark.engine
def test_only_busybox_can_be_built_offline(engine: Any) -> None:
    """Another image cannot be faked from busybox: a clear error instead."""
    ref = f"he5-alpine:{uuid.uuid4().hex[:8]}"
    with pytest.raises(PrepareError, match="only a busybox image can be built offline"):
        prepare_image(ref, client=engine, offline=True)

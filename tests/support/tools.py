"""Where the tests find Docker's own tools, fetched by ``.ci/engines.sh`` (never committed).

- ``swagger_path(engine)``: Docker's own API document (``api/swagger.yaml``, Swagger 2.0)
  for an engine, from Debian's golang-github-docker-docker-dev: ``20.10`` (Debian 12,
  API 1.41) and ``28.5`` (unstable, API 1.51), written by ``engines_fetch_api_docs``.
- ``compose_plugin()``: the Docker Compose v2 plugin (unstable's docker-compose, unpacked
  by ``engines_fetch_28``), or one installed where the docker CLI looks for plugins.
- ``docker_config_with_compose(tmp)``: a private ``DOCKER_CONFIG`` folder through which any
  docker CLI (28.5's, ``/usr/local/bin/docker`` 28.2.2, Debian 12's) runs ``docker compose``.
- ``docker_cli(engine)``: the docker CLI that goes with an engine (as ``engines_start``).

Where a tool is missing, ``require_or_skip`` skips the test with one line saying why; with
``COURSEKIT_REQUIRE_TOOLS=1`` (set by ``.ci/run``) it fails instead, as the conftest does
for engines and browsers, so a broken provisioning step cannot pass as "skipped".
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

REQUIRE_TOOLS = "COURSEKIT_REQUIRE_TOOLS"
COMPOSE = """services:
  web:
    image: busybox
    command: httpd -f -p 80
  client:
    image: busybox
    command: sleep 600
"""
"""The two-service Compose file the course's Compose checks bring up (web serves, client
pings it by its service name)."""
ENGINES = ("20.10", "28.5")
DEFAULT_ENGINES_DIR = Path("/var/tmp/coursekit-engines")
SWAGGER_DIR = "COURSEKIT_SWAGGER_DIR"
"""Overrides the folder holding ``<engine>/swagger.yaml`` (default: $ENGINES_DIR/api)."""
PLUGIN_IN_TREE = Path("usr/libexec/docker/cli-plugins/docker-compose")
"""The plugin's place in the unpacked 28.5 tree (DIR/root), where no CLI looks by itself."""
SYSTEM_PLUGIN_DIRS: tuple[Path, ...] = (
    Path("/usr/local/lib/docker/cli-plugins"),
    Path("/usr/local/libexec/docker/cli-plugins"),
    Path("/usr/lib/docker/cli-plugins"),
    Path("/usr/libexec/docker/cli-plugins"),
)
"""The folders a docker CLI on Linux searches for plugins without a DOCKER_CONFIG."""
LOCAL_CLI = Path("/usr/local/bin/docker")
DEBIAN_CLI = Path("/usr/bin/docker")
FETCH = "sudo -E bash -c 'source .ci/engines.sh && engines_fetch_28 && engines_fetch_api_docs'"


def engines_dir() -> Path:
    """The folder .ci/engines.sh fetches into (``ENGINES_DIR``, /var/tmp/coursekit-engines)."""
    return Path(os.environ.get("ENGINES_DIR") or DEFAULT_ENGINES_DIR)


def _check(engine: str) -> str:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
    return engine


def require_or_skip(reason: str) -> NoReturn:
    """Skip with one line, or fail when ``COURSEKIT_REQUIRE_TOOLS=1`` requires the tool."""
    if os.environ.get(REQUIRE_TOOLS) == "1":
        pytest.fail(f"{reason} (required: {REQUIRE_TOOLS}=1)", pytrace=False)
    pytest.skip(reason)


def swagger_path(engine: str) -> Path:
    """Where Docker's own API document for ``engine`` lies (whether or not it is there)."""
    folder = os.environ.get(SWAGGER_DIR)
    base = Path(folder) if folder else engines_dir() / "api"
    return base / _check(engine) / "swagger.yaml"


def require_swagger(engine: str) -> Path:
    """``swagger_path(engine)``, skipping (or failing, in CI) the test when it is missing."""
    path = swagger_path(engine)
    if not path.is_file():
        require_or_skip(f"no Docker API document for {engine}: {path} is missing ({FETCH})")
    return path


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def compose_plugin() -> Path | None:
    """The Docker Compose v2 plugin: the fetched one first, then the system's; None if none."""
    candidates = [engines_dir() / "root" / PLUGIN_IN_TREE]
    candidates += [folder / "docker-compose" for folder in SYSTEM_PLUGIN_DIRS]
    return next((path for path in candidates if _executable(path)), None)


def require_compose_plugin() -> Path:
    """``compose_plugin()``, skipping (or failing, in CI) the test when there is none."""
    plugin = compose_plugin()
    if plugin is None:
        fetched = engines_dir() / "root" / PLUGIN_IN_TREE
        require_or_skip(f"no Docker Compose v2 plugin: not {fetched}, none of the system's"
                        f" ({FETCH})")
    return plugin


def docker_config_with_compose(tmp: Path) -> Path:
    """Make ``tmp/cli-plugins/docker-compose`` a link to the Compose plugin and return
    ``tmp``, the folder to use as ``DOCKER_CONFIG`` (skips or fails without a plugin)."""
    plugin = require_compose_plugin()
    link = tmp / "cli-plugins" / "docker-compose"
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(plugin)
    return tmp


def docker_cli(engine: str) -> Path:
    """The docker CLI that goes with ``engine`` (whether or not it is there): 28.5's own
    from the unpacked tree; for 20.10, /usr/local/bin/docker (28.2.2) if present, else
    Debian 12's /usr/bin/docker."""
    if _check(engine) == "28.5":
        return engines_dir() / "root" / "usr" / "bin" / "docker"
    return LOCAL_CLI if LOCAL_CLI.exists() else DEBIAN_CLI


def require_docker_cli(engine: str) -> Path:
    """``docker_cli(engine)``, skipping (or failing, in CI) the test when it is missing."""
    cli = docker_cli(engine)
    if not _executable(cli):
        fix = FETCH if engine == "28.5" else "apt-get install docker.io"
        require_or_skip(f"no docker CLI for {engine}: {cli} is missing ({fix})")
    return cli

"""tests/support/tools.py finds Docker's own tools where .ci/engines.sh puts them, makes a
DOCKER_CONFIG through which a docker CLI finds the Compose plugin, and skips (or, in CI,
fails) with one line where a tool is missing. The real tools are checked where present."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import tools


@pytest.fixture
def no_tools(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty engines folder, no system plugin folders, no overrides, nothing required."""
    empty = tmp_path / "engines"
    empty.mkdir()
    monkeypatch.setenv("ENGINES_DIR", str(empty))
    monkeypatch.delenv(tools.SWAGGER_DIR, raising=False)
    monkeypatch.delenv(tools.REQUIRE_TOOLS, raising=False)
    monkeypatch.setattr(tools, "SYSTEM_PLUGIN_DIRS", (tmp_path / "system-plugins",))
    return empty


def fake_plugin(engines: Path, mode: int = 0o755) -> Path:
    plugin = engines / "root" / tools.PLUGIN_IN_TREE
    plugin.parent.mkdir(parents=True)
    plugin.write_text("#!/bin/sh\necho 'Docker Compose version fake'\n")
    plugin.chmod(mode)
    return plugin


def test_swagger_path_follows_the_override_then_engines_dir(
        no_tools: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert tools.swagger_path("28.5") == no_tools / "api" / "28.5" / "swagger.yaml"
    monkeypatch.setenv(tools.SWAGGER_DIR, str(tmp_path / "docs"))
    assert tools.swagger_path("20.10") == tmp_path / "docs" / "20.10" / "swagger.yaml"
    monkeypatch.delenv(tools.SWAGGER_DIR)
    monkeypatch.delenv("ENGINES_DIR")
    assert tools.swagger_path("20.10") == Path("/var/tmp/coursekit-engines/api/20.10/swagger.yaml")
    with pytest.raises(ValueError, match="unknown engine '1.41'"):
        tools.swagger_path("1.41")


def test_require_or_skip_skips_with_one_line_or_fails_when_required(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(tools.REQUIRE_TOOLS, raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        tools.require_or_skip("no thing: /x is missing")
    assert str(skipped.value) == "no thing: /x is missing"
    monkeypatch.setenv(tools.REQUIRE_TOOLS, "1")
    with pytest.raises(pytest.fail.Exception) as failed:
        tools.require_or_skip("no thing: /x is missing")
    assert str(failed.value) == "no thing: /x is missing (required: COURSEKIT_REQUIRE_TOOLS=1)"


def test_a_missing_swagger_document_skips_naming_the_fix(no_tools: Path) -> None:
    with pytest.raises(pytest.skip.Exception) as skipped:
        tools.require_swagger("28.5")
    message = str(skipped.value)
    assert "\n" not in message
    assert message.startswith(f"no Docker API document for 28.5: {no_tools}/api/28.5/swagger.yaml")
    assert "engines_fetch_api_docs" in message


def test_compose_plugin_is_the_fetched_executable_else_none(no_tools: Path, tmp_path: Path) -> None:
    assert tools.compose_plugin() is None
    plugin = fake_plugin(no_tools, mode=0o644)
    assert tools.compose_plugin() is None  # not executable: no CLI could run it
    plugin.chmod(0o755)
    assert tools.compose_plugin() == plugin


def test_compose_plugin_falls_back_to_a_system_plugin_folder(
        no_tools: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    system = tmp_path / "libexec-plugins"
    system.mkdir()
    (system / "docker-compose").write_text("#!/bin/sh\n")
    (system / "docker-compose").chmod(0o755)
    monkeypatch.setattr(tools, "SYSTEM_PLUGIN_DIRS", (tmp_path / "none", system))
    assert tools.compose_plugin() == system / "docker-compose"
    fetched = fake_plugin(no_tools)
    assert tools.compose_plugin() == fetched


def test_docker_config_links_the_plugin_and_can_be_made_again(
        no_tools: Path, tmp_path: Path) -> None:
    plugin = fake_plugin(no_tools)
    config = tmp_path / "docker-config"
    config.mkdir()
    assert tools.docker_config_with_compose(config) == config
    link = config / "cli-plugins" / "docker-compose"
    assert link.is_symlink()
    assert link.readlink() == plugin
    assert tools.docker_config_with_compose(config) == config  # an existing link is replaced
    assert link.readlink() == plugin
    out = subprocess.run([str(link)], capture_output=True, text=True, timeout=10, check=True)
    assert out.stdout == "Docker Compose version fake\n"


def test_docker_config_without_a_plugin_skips_or_fails_in_ci(
        no_tools: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(pytest.skip.Exception, match="^no Docker Compose v2 plugin: not "):
        tools.docker_config_with_compose(tmp_path)
    assert not (tmp_path / "cli-plugins").exists()
    monkeypatch.setenv(tools.REQUIRE_TOOLS, "1")
    with pytest.raises(pytest.fail.Exception, match=r"\(required: COURSEKIT_REQUIRE_TOOLS=1\)$"):
        tools.docker_config_with_compose(tmp_path)


def test_docker_cli_per_engine(
        no_tools: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert tools.docker_cli("28.5") == no_tools / "root" / "usr" / "bin" / "docker"
    local, debian = tmp_path / "local-docker", tmp_path / "debian-docker"
    monkeypatch.setattr(tools, "LOCAL_CLI", local)
    monkeypatch.setattr(tools, "DEBIAN_CLI", debian)
    assert tools.docker_cli("20.10") == debian
    local.touch()
    assert tools.docker_cli("20.10") == local
    with pytest.raises(pytest.skip.Exception, match="^no docker CLI for 28.5: "):
        tools.require_docker_cli("28.5")


# the real tools, where this machine (or CI) has them

@pytest.mark.parametrize(("engine", "api"), [("20.10", "1.41"), ("28.5", "1.51")])
def test_the_fetched_swagger_document_is_the_engines_api(engine: str, api: str) -> None:
    head = tools.require_swagger(engine).read_text().split("\npaths:", 1)[0]
    assert re.search(r'^swagger: "2\.0"$', head, re.M)
    info = re.search(r"^info:\n((?:  .*\n)+)", head, re.M)
    assert info is not None
    assert re.search(rf'^  version: "{re.escape(api)}"$', info.group(1), re.M)
    assert re.search(rf'^basePath: "/v{re.escape(api)}"$', head, re.M)


@pytest.mark.parametrize("engine", ["28.5", "20.10"])
def test_a_real_cli_runs_compose_through_the_private_config(engine: str, tmp_path: Path) -> None:
    cli = tools.require_docker_cli(engine)
    config = tools.docker_config_with_compose(tmp_path)
    env = {**os.environ, "DOCKER_CONFIG": str(config)}
    out = subprocess.run([str(cli), "compose", "version"], capture_output=True, text=True,
                         env=env, timeout=30, check=False)
    assert out.returncode == 0, out.stderr
    assert re.fullmatch(r"Docker Compose version v?2\.\d+\.\d+\S*\n", out.stdout)

"""The three places that name dependencies agree: pyproject.toml, environment.yml, binder/;
and `make lab` and Binder open JupyterLab with the same settings."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
from packaging.requirements import Requirement

from coursekit.backends.base import SERVER_LABEL

ROOT = Path(__file__).resolve().parent.parent


def _pyproject_deps() -> dict[str, Requirement]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    reqs = [Requirement(r) for r in data["project"]["dependencies"]]
    reqs += [Requirement(r) for r in data["project"]["optional-dependencies"]["lab"]]
    return {r.name.lower(): r for r in reqs}


def _yaml_pip_deps(path: Path) -> dict[str, Requirement]:
    deps = {}
    for line in path.read_text().splitlines():
        match = re.match(r"\s+- ([A-Za-z][\w.-]*(?:[<>=!~].*)?)$", line)
        if match and match.group(1) not in ("pip",) and not match.group(1).startswith("python"):
            req = Requirement(match.group(1))
            deps[req.name.lower()] = req
    return deps


def test_environment_yml_names_every_dependency() -> None:
    """environment.yml installs each runtime dependency of pyproject.toml."""
    assert set(_pyproject_deps()) <= set(_yaml_pip_deps(ROOT / "environment.yml"))


def test_binder_pins_satisfy_pyproject() -> None:
    """binder/environment.yml pins every dependency to a version pyproject.toml accepts."""
    pins = _yaml_pip_deps(ROOT / "binder" / "environment.yml")
    for name, req in _pyproject_deps().items():
        assert name in pins, f"binder does not pin {name}"
        (spec,) = pins[name].specifier
        assert spec.operator == "==", f"binder should pin {name} exactly"
        assert req.specifier.contains(spec.version), f"{name}=={spec.version} vs {req}"


def test_binder_postbuild_installs_coursekit_without_deps() -> None:
    """postBuild installs the package itself, leaving the pins alone."""
    text = (ROOT / "binder" / "postBuild").read_text()
    assert text.startswith("#!/bin/bash") and "set -e" in text
    assert "pip install --no-deps ." in text


NEWS = "@jupyterlab/apputils-extension:notification"


def test_lab_settings_turn_jupyterlab_news_off() -> None:
    """binder/overrides.json (installed by `make lab` and on Binder) answers JupyterLab's
    "get official Jupyter news?" with never, with values its settings schema accepts."""
    import jupyterlab

    overrides = json.loads((ROOT / "binder" / "overrides.json").read_text())
    schema_file = Path(jupyterlab.__file__).parent / "schemas" / NEWS.replace(":", "/")
    schema = json.loads(schema_file.with_suffix(".json").read_text())["properties"]
    assert overrides == {NEWS: {"fetchNews": "false", "checkForUpdates": False}}
    assert "false" in [choice["const"] for choice in schema["fetchNews"]["oneOf"]]
    assert schema["checkForUpdates"]["type"] == "boolean"


def test_binder_postbuild_installs_the_lab_settings() -> None:
    """postBuild copies the same overrides.json into JupyterLab's application settings."""
    text = (ROOT / "binder" / "postBuild").read_text()
    assert "get_app_dir()" in text and 'cp binder/overrides.json "$settings/overrides.json"' in text


@pytest.mark.skipif(shutil.which("make") is None, reason="no make on this machine")
def test_make_lab_opens_notebook_00_with_the_settings() -> None:
    """`make lab` installs the settings into .venv (again whenever they change) and opens
    00-start-here.ipynb."""
    plan = subprocess.run(["make", "-n", "-W", "binder/overrides.json", "lab"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout
    assert "cp binder/overrides.json .venv/share/jupyter/lab/settings/overrides.json" in plan
    start = re.search(r"--LabApp\.default_url=/lab/tree/(\S+)", plan)
    assert start is not None and start.group(1) == "00-start-here.ipynb"
    assert (ROOT / "notebooks" / start.group(1)).exists()
    assert "--ServerApp.root_dir=notebooks" in plan
    assert "-m jupyterlab" in plan


# -- a terminal and the notebooks on one lab: bin/lab (`make lab`) and binder/start ----------

LAB = ROOT / "bin" / "lab"
START = ROOT / "binder" / "start"
APT_NAME = re.compile(r"^[a-z0-9.+-]+$")
"""A Debian package name, which is all repo2docker accepts on an apt.txt line."""
PROBE = """
import json, os, stat, sys
import docker
host = os.environ.get("DOCKER_HOST", "")
info = docker.DockerClient(base_url=host, timeout=5).info() if host.startswith("unix://") else {}
mode = stat.S_IMODE(os.stat(host[7:]).st_mode) if host.startswith("unix://") else 0
print(json.dumps({"host": host, "labels": info.get("Labels", []), "mode": mode}))
"""
"""What a kernel or a terminal started under the script sees: its DOCKER_HOST and the
engine behind it (``docker info``'s labels) and the socket's mode."""


def _run(script: Path, env: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(script), *command], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


def _no_engine_env(tmp: Path, **extra: str) -> dict[str, str]:
    """This machine's environment with no engine behind DOCKER_HOST, the socket in ``tmp``."""
    env = {k: v for k, v in os.environ.items() if k != "COURSEKIT_BACKEND"}
    env.update(DOCKER_HOST=f"unix://{tmp}/none.sock", COURSEKIT_SOCKET=str(tmp / "run" / "s.sock"))
    env.update(extra)
    return env


def test_make_lab_runs_jupyterlab_through_bin_lab() -> None:
    """`make lab` starts JupyterLab through bin/lab, which gives it a lab server when no
    engine answers."""
    plan = subprocess.run(["make", "-n", "-o", ".venv/.installed", "lab"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout
    assert re.search(r"^bin/lab \S*python -m jupyterlab ", plan, re.MULTILINE), plan
    assert LAB.stat().st_mode & 0o111 and LAB.read_text().startswith("#!/bin/bash")


def test_bin_lab_serves_the_lab_while_its_command_runs(tmp_path: Path) -> None:
    """No engine: the command gets DOCKER_HOST naming a private coursekit server (its
    socket 0600), the command's exit code is bin/lab's, and once it ends the server has
    stopped and removed its socket."""
    socket = tmp_path / "run" / "s.sock"
    done = _run(LAB, _no_engine_env(tmp_path), sys.executable, "-c",
                PROBE + "sys.exit(3)")
    assert done.returncode == 3, done.stderr
    seen = json.loads(done.stdout)
    assert seen["host"] == f"unix://{socket}"
    assert SERVER_LABEL in seen["labels"], seen
    assert seen["mode"] == 0o600
    assert "coursekit: serving the simulated Docker Engine" in done.stderr
    assert not socket.exists(), "the server outlived JupyterLab"


def test_bin_lab_puts_its_socket_in_coursekits_own_folder(tmp_path: Path) -> None:
    """Without COURSEKIT_SOCKET: lab-PID.sock in ~/.coursekit/run (no XDG_RUNTIME_DIR), a
    folder of the user's own (0700), one socket per session."""
    home = tmp_path / "home"
    home.mkdir()
    env = _no_engine_env(tmp_path, HOME=str(home))
    env.pop("COURSEKIT_SOCKET")
    env.pop("XDG_RUNTIME_DIR", None)
    done = _run(LAB, env, sys.executable, "-c", PROBE)
    assert done.returncode == 0, done.stderr
    host = json.loads(done.stdout)["host"]
    assert re.fullmatch(rf"unix://{home}/\.coursekit/run/lab-\d+\.sock", host), host
    assert (home / ".coursekit" / "run").stat().st_mode & 0o777 == 0o700
    assert not list((home / ".coursekit" / "run").iterdir())


def test_bin_lab_leaves_a_reachable_engine_alone(tmp_path: Path) -> None:
    """An engine answers behind DOCKER_HOST (here a coursekit server of the test's own):
    bin/lab starts nothing and the command sees the same DOCKER_HOST."""
    from coursekit import Lab

    lab = Lab(backend="sim")
    running = lab.serve(str(tmp_path / "own" / "d.sock"), wall_clock=False)
    try:
        env = _no_engine_env(tmp_path, DOCKER_HOST=running.docker_host)
        done = _run(LAB, env, sys.executable, "-c", PROBE)
    finally:
        running.stop()
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["host"] == running.docker_host
    assert "serving" not in done.stderr and not (tmp_path / "run").exists()


def test_bin_lab_says_how_to_install_a_missing_docker_cli(tmp_path: Path) -> None:
    """No docker CLI on PATH: one line saying how to install it, and the command still runs."""
    tools = tmp_path / "tools"
    tools.mkdir()
    for tool in ("setsid", "sleep", "dirname"):
        found = shutil.which(tool)
        if found:
            (tools / tool).symlink_to(found)
    done = _run(LAB, _no_engine_env(tmp_path, PATH=str(tools)), sys.executable, "-c",
                "print('ran')")
    assert done.returncode == 0 and done.stdout == "ran\n", done.stderr
    note = [line for line in done.stderr.splitlines() if "docker CLI" in line]
    assert len(note) == 1 and "apt-get install docker.io" in note[0], done.stderr
    assert "docker-cli" in note[0]


def test_binder_start_serves_the_lab_then_execs_the_command(tmp_path: Path) -> None:
    """binder/start (repo2docker's start hook) runs with bash, gives the command a lab
    server's DOCKER_HOST and ends by exec-ing it: the server is then the command's child,
    living as long as the session (here the command stops it)."""
    text = START.read_text()
    assert text.startswith("#!/bin/bash\n") and START.stat().st_mode & 0o111
    assert text.rstrip().splitlines()[-1] == 'exec "$@"'
    stop_child = ("import os, signal\n"
                  "kids = open(f'/proc/{os.getpid()}/task/{os.getpid()}/children').read().split()\n"
                  "for kid in kids: os.kill(int(kid), signal.SIGTERM); os.waitpid(int(kid), 0)\n"
                  "print(json.dumps(len(kids)))\n")
    env = _no_engine_env(tmp_path, PATH=f"{Path(sys.executable).parent}:/usr/bin:/bin")
    done = _run(START, env, sys.executable, "-c", PROBE + stop_child)
    assert done.returncode == 0, done.stderr
    seen, children = (json.loads(line) for line in done.stdout.splitlines())
    assert seen["host"] == f"unix://{tmp_path}/run/s.sock" and seen["mode"] == 0o600
    assert children == 1 and not (tmp_path / "run" / "s.sock").exists()


def test_binder_apt_txt_installs_the_docker_cli_and_compose() -> None:
    """binder/apt.txt: Ubuntu's docker.io (the CLI), docker-compose-v2 and the CJK fonts of
    the Chinese edition's pictures, and only package names on its lines (repo2docker drops
    what follows a #)."""
    names = [line.partition("#")[0].strip() for line in
             (ROOT / "binder" / "apt.txt").read_text().splitlines()]
    names = [name for name in names if name]
    assert names == ["docker.io", "docker-compose-v2", "fonts-noto-cjk"]
    assert all(APT_NAME.match(name) for name in names)

"""The three places that name dependencies agree: pyproject.toml, environment.yml, binder/;
and `make lab` and Binder open JupyterLab with the same settings."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import tomllib
from packaging.requirements import Requirement

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

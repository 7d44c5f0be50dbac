"""The three places that name dependencies agree: pyproject.toml, environment.yml, binder/."""

from __future__ import annotations

import re
from pathlib import Path

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

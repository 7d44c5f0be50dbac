"""Shared fixtures: a real Docker Engine and a real browser, when the machine has them.

Tests that need an engine take the ``engine`` fixture (a docker SDK client) or
``engine_backend`` (an EngineBackend labelled for this test alone, reset afterwards).
Tests that need a browser take ``browser`` (the Chromium path). Where the machine
lacks one, the test is skipped with one line saying why; in CI, where
``COURSEKIT_REQUIRE_ENGINE=1`` / ``COURSEKIT_REQUIRE_BROWSER=1`` are set, it fails
instead, so a broken provisioning step cannot pass as "skipped".

``make test`` runs the suite on every core (pytest-xdist): the engine's and the browser's
tests one after another on one of them (``LIVE``), the rest beside them.

Every test starts in English (``_english_again``; ``COURSEKIT_LANG`` is unset).

The session never touches the real home: before any test runs, ``HOME``, the XDG
folders and ``COURSEKIT_HOME`` point into one temporary folder (``TEST_HOME``), for this
process and every kernel, server and command it starts; the folder is removed at the end.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from engine_support import NOWHERE

LAB_IMAGE = "busybox:latest"
CHROMIUM = Path("/usr/bin/chromium")
REQUIRE_ENGINE = "COURSEKIT_REQUIRE_ENGINE"
REQUIRE_BROWSER = "COURSEKIT_REQUIRE_BROWSER"
LIVE = "live"
"""The pytest-xdist group of every test that drives the engine or a browser (``make test``
runs ``pytest -n auto --dist loadgroup``; without ``-n`` it does nothing): one worker runs
them one after another, the rest go wherever a worker is free. The engine's tests share
one engine, whose ``docker ps`` each compares, and the host's rules; a browser beside
them sees the host's interfaces come and go (each bridge and veth the engine makes), and
Chromium then drops the page's requests (``net::ERR_NETWORK_CHANGED``)."""
REAL_HOME = Path.home()
"""The home of the user running the tests, which no test may write to."""
FOLLOW_HOME = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME",
               "IPYTHONDIR", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
               "MPLCONFIGDIR")
"""Variables that could still name a folder of the real home: unset, they follow HOME."""


def _isolated_home() -> Path:
    """A fresh temporary home for the whole session: HOME, coursekit's store and config
    (``COURSEKIT_HOME``), and whatever follows HOME (XDG folders, IPython, Jupyter)."""
    home = Path(tempfile.mkdtemp(prefix="coursekit-test-home-"))
    for name in FOLLOW_HOME:
        os.environ.pop(name, None)
    os.environ["HOME"] = str(home)
    os.environ["COURSEKIT_HOME"] = str(home / ".local" / "share" / "coursekit")
    return home


TEST_HOME = _isolated_home()
os.environ.pop("COURSEKIT_LANG", None)  # the tests choose their language themselves


@pytest.fixture(autouse=True)
def _english_again() -> Iterator[None]:
    """Each test starts in English and leaves the kernel's language as it found it
    (``Lab(lang="zh-CN")`` or ``coursekit.i18n.use`` would otherwise carry over)."""
    from coursekit import i18n

    i18n.use("en")
    yield
    i18n.use("en")


def pytest_unconfigure() -> None:
    """Remove the session's temporary home."""
    shutil.rmtree(TEST_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def homes() -> tuple[Path, Path]:
    """(the session's temporary home, the real home it stands in for)."""
    return TEST_HOME, REAL_HOME


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests using the engine or browser fixtures carry the matching mark."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        parameters = set(callspec.params) if callspec is not None else set()
        fixtures = set(getattr(item, "fixturenames", ())) - parameters  # a test's own
        # parameter named ``engine`` (a profile's name) is no engine fixture
        if {"engine", "engine_backend", "clean_engine"} & fixtures:
            item.add_marker(pytest.mark.engine)
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("engine") or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group(LIVE))


UNGROUPED = pytest.StashKey[str]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """In a pytest-xdist worker of ``--dist loadgroup``: every grouped test must carry its
    group in its node id, which is how xdist sends a group to one worker. Where a pytest
    release keeps xdist from writing it (pytest 9.2 with xdist 3.8: pytest-xdist#1386),
    the engine's tests would run side by side on one engine: each of them fails at once
    instead, saying why (``pytest_runtest_setup``)."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    for item in session.items:
        if item.get_closest_marker("xdist_group") and "@" not in item.nodeid:
            item.stash[UNGROUPED] = (
                f"pytest-xdist did not keep this test in its group: pytest "
                f"{pytest.__version__} and this pytest-xdist do not work together for "
                "--dist loadgroup (pytest-xdist#1386); install the versions pyproject.toml "
                "names")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test pytest-xdist did not group fails before it starts (see above)."""
    if UNGROUPED in item.stash:
        pytest.fail(item.stash[UNGROUPED], pytrace=False)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """Under pytest-xdist: a worker ends; keep the contract steps it compared."""
    from scenarios import COMPARED

    COMPARED.extend(getattr(node, "workeroutput", {}).get("compared", []))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a pytest-xdist worker: hand the contract steps compared here to the controller,
    which prints the count (``pytest_terminal_summary``)."""
    from scenarios import COMPARED

    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["compared"] = list(COMPARED)


def missing(requirement_env: str, reason: str) -> None:
    """Skip with one line, or fail when the environment variable requires the resource."""
    if os.environ.get(requirement_env) == "1":
        pytest.fail(f"{reason} (required: {requirement_env}=1)", pytrace=False)
    pytest.skip(reason)


def _probe_engine() -> tuple[Any, str]:
    """A docker client and "" if an engine answers with the lab image, else None and why."""
    try:
        from coursekit.backends.engine.backend import EngineBackend

        backend = EngineBackend()
    except Exception as exc:  # no SDK, no daemon, no permission
        return None, f"no Docker Engine reachable: {str(exc).splitlines()[0]}"
    if LAB_IMAGE not in backend.images():
        return None, f"the Docker Engine has no {LAB_IMAGE}: run `coursekit prepare`"
    return backend.client, ""


@pytest.fixture(scope="session")
def _engine_probe() -> tuple[Any, str]:
    return _probe_engine()


@pytest.fixture
def engine(_engine_probe: tuple[Any, str]) -> Any:
    """A docker SDK client talking to a real engine that has busybox:latest."""
    client, reason = _engine_probe
    if client is None:
        missing(REQUIRE_ENGINE, reason)
    return client


@pytest.fixture
def lab_label() -> str:
    """A lab label value unique to this test, so reset() removes only its own things."""
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def engine_backend(engine: Any, lab_label: str) -> Iterator[Any]:
    """An EngineBackend labelled for this test alone; everything it made is removed after."""
    from coursekit.backends.engine.backend import EngineBackend

    backend = EngineBackend(client=engine, label_value=lab_label)
    yield backend
    backend.reset()


@pytest.fixture
def clean_engine(engine: Any) -> Any:
    """The engine, provided it holds no containers and no networks beyond the predefined ones
    (anything else would show up in `docker ps` and `docker network ls`)."""
    others = [c.name for c in engine.containers.list(all=True)]
    others += [n.name for n in engine.networks.list() if n.name not in ("bridge", "host", "none")]
    if others:
        missing(REQUIRE_ENGINE, f"the engine is not clean ({', '.join(sorted(others)[:5])}...): "
                "parity needs one without other containers or networks")
    return engine


@pytest.fixture(scope="session")
def browser() -> str:
    """The Chromium binary Playwright drives (``/usr/bin/chromium``)."""
    if not CHROMIUM.exists():
        missing(REQUIRE_BROWSER, f"no browser: {CHROMIUM} is missing (apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        missing(REQUIRE_BROWSER, "no browser: playwright is not installed (pip install playwright)")
    return str(CHROMIUM)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say how many steps the parity suite compared (tests/contract)."""
    from scenarios import COMPARED

    engines = sorted({step.split("/", 1)[0] for step in COMPARED})
    for engine in engines:
        steps = [s for s in COMPARED if s.startswith(engine + "/")]
        terminalreporter.write_line(
            f"contract: {len(steps)} steps compared between the simulator's {engine} profile "
            f"and a live engine {engine} ({len(set(steps))} distinct)")


@pytest.fixture
def no_daemon(monkeypatch: pytest.MonkeyPatch) -> None:
    """No engine answers (DOCKER_HOST points nowhere) and nothing forces a backend."""
    monkeypatch.setenv("DOCKER_HOST", NOWHERE)
    monkeypatch.delenv("COURSEKIT_BACKEND", raising=False)
    monkeypatch.delenv("COURSEKIT_ENGINE", raising=False)

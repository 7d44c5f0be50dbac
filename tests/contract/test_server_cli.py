"""The real docker CLI against ``coursekit serve`` answers as the live engine did.

For each profile (28.5, 20.10) and each scenario (tests/scenarios/*.txt), a fresh served
simulator of that profile, built as tests/test_golden.py builds its simulator (seed 0,
the seeded clock, this machine's kernel), listens on a private socket. Each ``docker ...``
step runs through bash and the docker CLI that was recorded with that engine
(``docker_cli``: 28.5's own 28.5.2; 28.2.2 for 20.10, negotiating API 1.41) with
``DOCKER_HOST`` on the socket and an empty private ``DOCKER_CONFIG``, stdin closed as the
recorder had it (no terminal: ``-it`` steps answer ``the input device is not a TTY`` on
both sides, as the goldens recorded). A step that is not a docker command, and the host's
rules commands (``iptables-save``, ``iptables -S``...: run before the trailing removals,
as tests/test_netfilter_golden.py does), run through ``lab.sh`` on the same lab.

stdout, stderr and the exit code are compared with the engine's recording
(tests/golden/ENGINE/NAME.json) after the golden tests' normalisations
(``scenarios.replay_differences``), the rules with tests/golden/ENGINE/iptables/NAME.json
(``scenarios.comparable_rules``); every difference fails. ``XFAIL`` (steps) and
``scenarios.RULES_XFAIL`` (rules) name what cannot match yet, each with its reason,
strict: a fixed one fails until it leaves the list. Each scenario is replayed once for
both of its tests.

It needs no engine, only the two CLIs (CI has both; elsewhere the test skips with one
line, or fails under ``COURSEKIT_REQUIRE_TOOLS=1``).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from engine_support import THIS_MACHINE
from scenarios import (
    RULES_XFAIL,
    Step,
    cleanup_start,
    comparable_rules,
    replay_differences,
    run_cli,
    scenarios,
)
from tools import docker_cli, require_docker_cli

from coursekit import Lab
from coursekit.backends.sim.served import ServedSim
from coursekit.profiles import PROFILES
from coursekit.result import CommandResult

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
ENGINES = tuple(PROFILES)
SCENARIOS = scenarios()
RULES = ("iptables-save", "iptables -S", "iptables -t nat -S", "iptables -t raw -S",
         "iptables -L -n", "iptables -L -n -v", "iptables -L DOCKER -n --line-numbers",
         "iptables -t nat -L -n", "iptables -t raw -L -n -v")
"""The host's rules commands tests/test_netfilter_golden.py compares (its KEYS and its
LISTINGS, where a recording has them)."""

RUNC = ("failed to create shim task: OCI runtime create failed: runc create failed: unable "
        "to start container process: exec: ")
MISSING = 'executable file not found in $PATH'
STAT = "stat /bin/nosuch: no such file or directory"
HELP = "\n\nRun 'docker run --help' for more information\n"
RUNTIME_WORDS = {"28.5": ("failed to create task for container: ", ""), "20.10": ("", ": unknown")}
"""How each live engine words runc's refusal: 28.5 (28.5.2+dfsg4 behind its CLI) puts a
prefix before it, 20.10 (20.10.24+dfsg1 behind CLI 28.2.2) containerd's code after it."""


def missing_executable(engine: str) -> list[tuple[str, str, str, int]]:
    """What each live engine answered (recorded through its CLI on a fresh daemon) to a
    main process that is not in the image: (line, stdout, stderr, exit code)."""
    before, after = RUNTIME_WORDS[engine]
    nosuch = f'{before}{RUNC}"nosuch": {MISSING}{after}'
    slash = f'{before}{RUNC}"/bin/nosuch": {STAT}{after}'
    return [
        ("docker run --name bad busybox nosuch", "",
         f"docker: Error response from daemon: {nosuch}{HELP}", 127),
        ("docker start bad", "",
         f"Error response from daemon: {nosuch}\nError: failed to start containers: bad\n", 1),
        ("docker run --name bad2 busybox /bin/nosuch", "",
         f"docker: Error response from daemon: {slash}{HELP}", 127),
        ("docker inspect -f '{{.State.Error}}|{{.State.ExitCode}}' bad bad2",
         f"{nosuch}|127\n{slash}|127\n", "", 0),
        ("docker run --rm busybox nosuch", "",
         f"docker: Error response from daemon: {nosuch}{HELP}", 127),
        ("docker run -d --name bad3 busybox nosuch", f"{'0' * 64}\n",
         f"docker: Error response from daemon: {nosuch}{HELP}", 127),
    ]


NOTHING_THERE = [
    ("docker volume inspect v1", "[]\n", "Error response from daemon: get v1: no such volume\n",
     1),
    ("docker inspect --type volume v1", "[]\n",
     "Error response from daemon: get v1: no such volume\n", 1),
    ("docker plugin inspect p1", "[]\n", 'Error response from daemon: plugin "p1" not found\n',
     1),
]
"""A volume and a plugin the lab does not have, as both live engines answered (``docker
inspect NAME`` of an unknown name asks for both: 09-messages step 9)."""


XFAIL: dict[tuple[str, str, int], str] = {}
"""(engine, scenario, step number) the server cannot answer as the engine yet: why."""


def _cases() -> list[object]:
    cases: list[object] = []
    for engine in ENGINES:
        for name in sorted(SCENARIOS):
            marks = [pytest.mark.xfail(strict=True, reason=f"step {number}: {why}")
                     for (e, n, number), why in XFAIL.items() if (e, n) == (engine, name)]
            cases.append(pytest.param(engine, name, marks=marks, id=f"{engine}/{name}"))
    return cases


def _rules_cases() -> list[object]:
    cases: list[object] = []
    for engine in ENGINES:
        for name in sorted(SCENARIOS):
            why = RULES_XFAIL.get((engine, name))
            marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
            cases.append(pytest.param(engine, name, marks=marks, id=f"{engine}/{name}"))
    return cases


def served_sim(engine: str) -> ServedSim:
    """The simulator test_golden compares, served: seed 0, the seeded clock, this machine."""
    return ServedSim(seed=0, profile=PROFILES[engine], **THIS_MACHINE)


@contextlib.contextmanager
def served(engine: str) -> Iterator[Lab]:
    """A served lab of ``engine``, for as long as the block runs: the engine's CLI first on
    PATH as ``docker``, ``DOCKER_HOST`` on the lab's socket, an empty private
    ``DOCKER_CONFIG`` (no user configuration, context or plugin leaks in)."""
    cli = docker_cli(engine)
    lab = Lab.using(served_sim(engine))
    with tempfile.TemporaryDirectory(prefix="ck-") as run, pytest.MonkeyPatch.context() as env:
        folder = Path(run)  # 0700, and short: a socket's path has 108 bytes at most
        (folder / "bin").mkdir()
        (folder / "config").mkdir()
        (folder / "bin" / "docker").symlink_to(cli)
        running = lab.serve(str(folder / "d.sock"), wall_clock=False)
        env.setenv("PATH", f"{folder / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
        env.setenv("DOCKER_HOST", running.docker_host)
        env.setenv("DOCKER_CONFIG", str(folder / "config"))
        for name in ("DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH",
                     "DOCKER_API_VERSION", "DOCKER_DEFAULT_PLATFORM"):
            env.delenv(name, raising=False)
        try:
            yield lab
        finally:
            running.stop()


def run_step(lab: Lab, line: str) -> tuple[str, str, int]:
    """A docker step through the real CLI; anything else (a host command) through lab.sh."""
    if line.split(maxsplit=1)[0] == "docker":
        return run_cli(line)
    result = lab.sh(line)
    return result.stdout, result.stderr, result.exit_code


@dataclass(frozen=True)
class Replay:
    """A scenario replayed through the CLI on a fresh served lab."""

    diffs: tuple[str, ...]
    """Each step whose answer differs from the engine's recording, and how."""
    rules: dict[str, CommandResult]
    """The host's rules commands (those the engine's rules recording has), run through
    ``lab.sh`` on the same lab before the scenario's trailing removals."""


@functools.cache
def replay(engine: str, name: str) -> Replay:
    """Scenario ``name`` on ``engine``'s served lab (once for both tests that read it)."""
    steps = SCENARIOS[name]
    recording = json.loads((GOLDEN / engine / f"{name}.json").read_text())
    assert [r["line"] for r in recording] == [s.line for s in steps], "re-record this scenario"
    listed = json.loads((GOLDEN / engine / "iptables" / f"{name}.json").read_text())
    cut = cleanup_start([step.line for step in steps])
    rules: dict[str, CommandResult] = {}
    with served(engine) as lab:
        def rules_now() -> None:
            rules.update({key: lab.sh(key) for key in RULES if key in listed})

        def run(line: str) -> CommandResult:
            if len(ran) == cut:
                rules_now()
            ran.append(line)
            return CommandResult(*run_step(lab, line))

        ran: list[str] = []
        diffs = replay_differences(run, steps, recording, engine, "server")
        if cut == len(steps):
            rules_now()
    return Replay(tuple(diffs), rules)


@pytest.mark.parametrize(("engine", "name"), _cases())
def test_the_cli_through_the_server_matches_the_engine(engine: str, name: str) -> None:
    """Every step's stdout, stderr and exit code match the engine's recording, normalised."""
    require_docker_cli(engine)
    diffs = replay(engine, name).diffs
    assert not diffs, "\n\n".join(diffs)


@pytest.mark.parametrize(("engine", "name"), _rules_cases())
def test_the_host_rules_after_the_cli_match_the_engine(engine: str, name: str) -> None:
    """Before the trailing removals, the served lab's host lists the rules the engine wrote
    (tests/golden/ENGINE/iptables/NAME.json), normalised as test_netfilter_golden does."""
    require_docker_cli(engine)
    recording = json.loads((GOLDEN / engine / "iptables" / f"{name}.json").read_text())
    got = replay(engine, name).rules
    assert set(got) == set(RULES) & set(recording) and "iptables-save" in got
    diffs = []
    for key, result in got.items():
        assert result.exit_code == 0, result.stderr
        want, have = comparable_rules(recording[key]), comparable_rules(result.stdout)
        if want != have:
            diffs.append(f"$ {key}\n--- engine\n{want}--- server\n{have}")
    assert not diffs, "\n".join(diffs)


@pytest.mark.parametrize("engine", ENGINES)
def test_answers_no_scenario_records_yet(engine: str) -> None:
    """``docker run busybox nosuch`` and what follows, and a volume and a plugin that are
    not there, through the CLI, as the live engine answered (recorded through its CLI on a
    fresh daemon; no scenario has these lines yet)."""
    require_docker_cli(engine)
    answers = [*missing_executable(engine), *NOTHING_THERE]
    steps = [Step("observed", number, line) for number, (line, *_) in enumerate(answers, 1)]
    recording: list[dict[str, object]] = [
        {"line": line, "stdout": out, "stderr": err, "exit_code": code}
        for line, out, err, code in answers]
    with served(engine) as lab:
        diffs = replay_differences(lambda line: CommandResult(*run_step(lab, line)), steps,
                                   recording, engine, "server")
    assert not diffs, "\n\n".join(diffs)

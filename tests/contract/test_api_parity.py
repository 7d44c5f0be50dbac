"""The Engine API's documents: ``coursekit serve`` sends what the live engine sends.

For each contract scenario (tests/scenarios/*.txt), the steps up to the trailing removals
run through the docker CLI on the live engine (tests/support/cli_runs.py: the run
test_parity compares step by step, made once for both) and through the same CLI against
a fresh server of the engine's profile whose subnet cursor is aligned with the engine's
as that run began. Then ``GET /containers/json?all=1``, each ``/containers/{id}/json``,
``GET /networks`` and each ``/networks/{id}`` are fetched from both and compared after
tests/support/api_docs.py's normalisation (ids as the names they stand for, times, PIDs,
28.5's random MACs). Each step's exit code is compared too. A difference fails with a
diff of the documents, one ``path = value`` line per field, unless ``KNOWN`` explains it
(then the test is an xfail naming why; an entry that no longer occurs fails, so a fix
removes it); where CI took an engine 28 newer than the profiled one
(``COURSEKIT_CONTRACT_REPORT_ONLY``) it is a loud warning, as in test_parity.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from api_docs import client as api_client
from api_docs import differences, env_with, fetch_documents, normalise, serving
from cli_runs import cli_run
from engine_support import engine_profile
from scenarios import Step, cleanup_start, quick, run_cli, scenarios
from test_parity import REPORT_ONLY, judge

SCENARIOS = scenarios()
BOTH = ("20.10", "28.5")
KNOWN: list[tuple[tuple[str, ...], str, str, str]] = [
]
"""Differences the server cannot match yet, each with why and where the fix belongs:
(engines, scenarios, the changed field's path as a regex, reason). Each must still occur
(strict): a fixed one fails until it is removed here."""
READ_ONLY = re.compile(
    r"^docker (inspect|ps|container (ls|inspect)|network (ls|inspect)|port|top|logs|images"
    r"|version|info|wait|exec(?!.*\bkill\b))\b")
"""Steps that leave every document as it was (an exec that kills is kept)."""


def changing_steps(steps: list[Step]) -> list[Step]:
    """The steps before the trailing removals that may change a document."""
    return [s for s in steps[:cleanup_start([s.line for s in steps])]
            if not READ_ONLY.match(s.line)]


def named_in(steps: list[Step]) -> set[str]:
    """Every word of the scenario's lines (the names it gives its containers)."""
    return {word for step in steps for word in re.split(r"[\s=:,]+", step.line)}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_servers_documents_match_the_engines(name: str, clean_engine: Any) -> None:
    """After a scenario's steps, the four documents are the engine's, ids and times aside."""
    engine = engine_profile(clean_engine).name
    run = cli_run(clean_engine, name)
    steps = SCENARIOS[name][:cleanup_start([s.line for s in SCENARIOS[name]])]
    with serving(run.alignment.backend()) as server:
        env = env_with(server.docker_host)
        server_codes = [run_cli(quick(step).line, env)[2] for step in steps]
        with api_client(server.docker_host) as api:
            have = fetch_documents(api)
    want = run.documents
    engine_codes = [run.answer(step)[2] for step in steps]
    diffs = [f"step {s.number}: $ {s.line}\n  exit {a} on the engine, {b} on the server"
             for s, a, b in zip(steps, engine_codes, server_codes, strict=True) if a != b]
    named = named_in(SCENARIOS[name])
    diff = differences(normalise(want, engine, named), normalise(have, engine, named))
    lines, known = split_known(diff, engine, name)
    if lines:
        diffs.append(f"{name}: the documents differ (engine {engine})\n" + "\n".join(lines))
    judge(diffs)
    gone = [reason for engines, names, _, reason in KNOWN
            if engine in engines and name in names.split() and reason not in known]
    assert not gone or os.environ.get(REPORT_ONLY), f"fixed? remove from KNOWN: {gone}"
    if known:
        pytest.xfail("; ".join(sorted(known)))


def split_known(diff: str, engine: str, name: str) -> tuple[list[str], set[str]]:
    """The diff's changed lines that no KNOWN entry explains, and the reasons of those
    that one does."""
    unknown, reasons = [], set()
    for line in diff.splitlines():
        if line.startswith(("---", "+++")):
            continue
        path = line[1:].split(" = ", 1)[0]
        reason = next((why for engines, names, pattern, why in KNOWN
                       if engine in engines and name in names.split()
                       and re.fullmatch(pattern + r"(\W.*)?", path)), None)
        if reason is None:
            unknown.append(line)
        else:
            reasons.add(reason)
    return unknown, reasons


def test_every_scenario_changes_something() -> None:
    """Each scenario has steps that change the documents (else it would compare nothing)."""
    empty = [name for name, steps in SCENARIOS.items() if not changing_steps(steps)]
    assert not empty, f"scenarios with nothing to compare: {empty}"

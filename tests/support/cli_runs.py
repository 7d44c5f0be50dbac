"""A scenario through the docker CLI on the live engine, run once for the contract tests
that read it.

Two tests look at the same run: tests/contract/test_parity.py compares each step's
answer (stdout, stderr, exit code) with the simulator's, tests/contract/test_api_parity.py
the documents the steps left behind with the server's. Running the scenario on the engine
once for both (the engine is the slow side, the simulator and the server answer at once)
keeps CI's time for what differs. :func:`cli_run` runs it the first time either asks, and
keeps:

- where the engine's history stood before the first step (:class:`Alignment`), so that
  each test starts its own simulator or server in step with it;
- every step's answer, each line as :func:`scenarios.quick` makes it;
- the four documents (tests/support/api_docs.py) as they were before the trailing
  removals (``cleanup_start``), fetched between two steps;

and then removes what the steps made (the CLI puts no lab label on it: exactly the ids
that are new). A run is kept per engine version and scenario for the whole session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api_docs import Docs, fetch_documents
from engine_support import Alignment, alignment, engine_profile
from scenarios import Step, cleanup_start, quick, run_cli, scenarios

Answer = tuple[str, str, int]


@dataclass(frozen=True)
class CliRun:
    """What one scenario did through the CLI on the engine."""

    alignment: Alignment
    answers: tuple[Answer, ...]
    """Per step, in order: stdout, stderr, exit code."""
    documents: Docs
    """The four documents before the trailing removals."""

    def answer(self, step: Step) -> Answer:
        return self.answers[step.number - 1]


_RUNS: dict[tuple[str, str], CliRun] = {}


def ids(client: Any) -> set[str]:
    """The ids of every container and network the engine has."""
    return ({c.id for c in client.containers.list(all=True)}
            | {n.id for n in client.networks.list()})


def remove_new(client: Any, before: set[str]) -> None:
    """Remove what a CLI run created (it carries no lab label): exactly the new ids."""
    for container in client.containers.list(all=True):
        if container.id not in before:
            container.remove(force=True)
    for network in client.networks.list():
        if network.id not in before:
            network.remove()


def cli_run(client: Any, name: str) -> CliRun:
    """Scenario ``name`` through the docker CLI on the engine ``client`` reaches (once per
    engine version and scenario; later calls return the same run)."""
    key = (engine_profile(client).name, name)
    if key not in _RUNS:
        _RUNS[key] = _run(client, scenarios()[name])
    return _RUNS[key]


def _run(client: Any, steps: list[Step]) -> CliRun:
    cut = cleanup_start([step.line for step in steps])
    aligned = alignment(client)
    before = ids(client)
    answers: list[Answer] = []
    documents: Docs | None = None
    try:
        for index, step in enumerate(steps):
            if index == cut:
                documents = fetch_documents(client.api)
            answers.append(run_cli(quick(step).line))
        if documents is None:
            documents = fetch_documents(client.api)
    finally:
        remove_new(client, before)
    return CliRun(aligned, tuple(answers), documents)

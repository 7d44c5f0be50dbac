"""Golden tests of the host's netfilter rules: the simulator writes them as each engine did.

tests/support/observe.py ``--netfilter-out`` recorded, on a fresh daemon per scenario, the
host's ``iptables-save``, ``iptables -S``, ``iptables -t nat -S`` and ``iptables -t raw -S``
(and, in some, ``iptables -L`` views) at the end of each scenario, before its trailing
``docker rm``/``docker network rm`` steps (tests/golden/ENGINE/iptables/NAME.json). The
simulator replays the same steps on the matching profile, with the machine's kernel as
tests/test_golden.py has it, and must print the same rules once only what legitimately
varies is normalised: packet and byte counters (also ``-v``'s columns), the bridges' ids
(``br-<SID>``) and the dates iptables-save adds. Addresses and subnets are compared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engine_support import THIS_MACHINE
from scenarios import RULES_XFAIL, cleanup_start, scenarios
from scenarios import comparable_rules as comparable

from coursekit import Lab
from coursekit.backends.sim import SimBackend
from coursekit.profiles import PROFILES

GOLDEN = Path(__file__).resolve().parent / "golden"
KEYS = ("iptables-save", "iptables -S", "iptables -t nat -S", "iptables -t raw -S")
LISTINGS = ("iptables -L -n", "iptables -L -n -v", "iptables -L DOCKER -n --line-numbers",
            "iptables -t nat -L -n", "iptables -t raw -L -n -v")
"""The ``-L`` views, in the recordings that have them (07, 15, 17, 21 and 23)."""


def recorded(engine: str) -> list[str]:
    """The scenarios whose rules were recorded on ``engine`` (the folder also holds
    observed-user-rules.json, which is no scenario's)."""
    known = scenarios()
    return sorted(p.stem for p in (GOLDEN / engine / "iptables").glob("*.json")
                  if p.stem in known)


def _case(engine: str, name: str) -> object:
    reason = RULES_XFAIL.get((engine, name))
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(engine, name, marks=marks, id=f"{engine}/{name}")


CASES = [_case(engine, name) for engine in PROFILES for name in recorded(engine)]


@pytest.mark.parametrize(("engine", "name"), CASES)
def test_simulator_writes_the_engines_rules(engine: str, name: str) -> None:
    """After a scenario's steps, the simulated host lists the rules the engine wrote."""
    lines = [step.line for step in scenarios()[name]]
    recording = json.loads((GOLDEN / engine / "iptables" / f"{name}.json").read_text())
    lab = Lab.using(SimBackend(seed=0, profile=PROFILES[engine], **THIS_MACHINE))
    for line in lines[:cleanup_start(lines)]:
        lab.sh(line)
    diffs = []
    for key in (*KEYS, *(k for k in LISTINGS if k in recording)):
        got = lab.sh(key)
        assert got.exit_code == 0, got.stderr
        want, have = comparable(recording[key]), comparable(got.stdout)
        if want != have:
            diffs.append(f"$ {key}\n--- engine\n{want}--- sim\n{have}")
    assert not diffs, "\n".join(diffs)


@pytest.mark.parametrize("engine", list(PROFILES))
def test_every_scenario_has_its_rules_recorded(engine: str) -> None:
    """Each scenario's rules were recorded on each engine (so each is compared above)."""
    assert recorded(engine) == sorted(scenarios())

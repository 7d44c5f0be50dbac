"""The learner's DOCKER-USER rules against what both live engines answered.

tests/support/observe.py ``--user-rules-out`` recorded, on each engine, a session of
DOCKER-USER changes and the pings and listings around them
(tests/golden/ENGINE/iptables/observed-user-rules.json). The simulator replays the docker
and iptables lines on the matching profile and must answer each iptables change and
listing (``-S``, ``-L --line-numbers``: no counters) exactly, and each ping with the same
exit code. The engine's bridge names in a rule are swapped for the simulator's (n1's, then
n2's); the host's own probes (``cat /proc/...``, curl, busybox wget) are not replayed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from engine_support import THIS_MACHINE

from coursekit import Lab
from coursekit.backends.sim import SimBackend
from coursekit.profiles import PROFILES

GOLDEN = Path(__file__).resolve().parent / "golden"
BRIDGE = re.compile(r"br-[0-9a-f]{12}")


def rows(engine: str) -> list[dict[str, object]]:
    path = GOLDEN / engine / "iptables" / "observed-user-rules.json"
    return list(json.loads(path.read_text()))


def _swap_bridges(line: str, lab: Lab) -> str:
    if not BRIDGE.search(line):
        return line
    top = lab.snapshot()
    ours = iter([(net.bridge or "") if (net := top.network(n)) else "" for n in ("n1", "n2")])
    return BRIDGE.sub(lambda _: next(ours), line)


@pytest.mark.parametrize("engine", list(PROFILES))
def test_docker_user_changes_answer_as_the_engine_did(engine: str) -> None:
    lab = Lab.using(SimBackend(seed=0, profile=PROFILES[engine], **THIS_MACHINE))
    compared = 0
    for row in rows(engine):
        line = str(row["command"])
        if not line.startswith(("docker ", "iptables ")) or " wget " in line:
            continue
        got = lab.sh(_swap_bridges(line, lab))
        if line.startswith("iptables ") and " -v" not in line:
            assert (got.stdout, got.stderr, got.exit_code) == (
                row["stdout"], row["stderr"], row["exit_code"]), line
            compared += 1
        elif " ping " in line:
            assert got.exit_code == row["exit_code"], line
            compared += 1
    assert compared >= 25

"""Record the scenarios' outputs from a real engine through the docker CLI (a maintainer tool).

    python tests/support/record.py [SCENARIO...]

Needs a FRESH daemon (its address-pool cursor starts at 172.18) with busybox:latest and
the docker CLI on PATH. Writes tests/golden/NAME.json: each step's line, stdout, stderr
and exit code exactly as the engine answered (raw; the tests normalise when comparing).
Each scenario ends by removing what it created, so they can be recorded in one go only
if the daemon is restarted between them: this script restarts nothing and records the
scenarios named (default: all) in order, one daemon for the lot.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scenarios import SCENARIO_DIR, scenarios  # noqa: E402

GOLDEN = SCENARIO_DIR.parent / "golden"


def record(name: str) -> None:
    steps = scenarios()[name]
    rows = []
    for step in steps:
        proc = subprocess.run(["bash", "-c", step.line], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=60)
        rows.append({"line": step.line, "stdout": proc.stdout, "stderr": proc.stderr,
                     "exit_code": proc.returncode})
    (GOLDEN / f"{name}.json").write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    for scenario in sys.argv[1:] or list(scenarios()):
        record(scenario)
        print("recorded", scenario)

"""Record the scenarios' outputs from a real engine through the docker CLI (a maintainer tool).

    python tests/support/record.py [--out DIR] [SCENARIO...]

Needs a FRESH daemon (its address-pool cursor starts at 172.18) with busybox:latest and
the docker CLI on PATH. Writes tests/golden/ENGINE/NAME.json, ENGINE the profile of the
engine that answers (``28.5`` or ``20.10``, by ``docker version``), or DIR/NAME.json with
``--out``: each step's line, stdout, stderr and exit code exactly as the engine answered
(raw; the tests normalise when comparing). ``.ci/engines.sh``'s ``engines_record`` runs it
on a fresh daemon per scenario.
Each scenario ends by removing what it created, so they can be recorded in one go only
if the daemon is restarted between them: this script restarts nothing and records the
scenarios named (default: all) in order, one daemon for the lot.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scenarios import SCENARIO_DIR, run_cli, scenarios

GOLDEN = SCENARIO_DIR.parent / "golden"


def engine_folder() -> Path:
    """tests/golden/ENGINE for the engine the docker CLI reaches."""
    from coursekit.profiles import for_server_version

    proc = subprocess.run(["docker", "version", "--format", "{{.Server.Version}}"],
                          capture_output=True, text=True, check=True)
    return GOLDEN / for_server_version(proc.stdout.strip()).name


def record(name: str, out: Path) -> None:
    steps = scenarios()[name]
    rows = []
    for step in steps:
        stdout, stderr, code = run_cli(step.line)
        rows.append({"line": step.line, "stdout": stdout, "stderr": stderr, "exit_code": code})
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Record scenarios from a real engine.")
    parser.add_argument("--out", type=Path, default=None,
                        help=f"folder for NAME.json (default: {GOLDEN}/ENGINE)")
    parser.add_argument("scenario", nargs="*", help="scenario names (default: all)")
    args = parser.parse_args()
    known = scenarios()
    for scenario in args.scenario or list(known):
        if scenario not in known:
            parser.error(f"no scenario {scenario!r} (known: {', '.join(known)})")
        out = args.out or engine_folder()
        record(scenario, out)
        print("recorded", scenario, "->", out / f"{scenario}.json")

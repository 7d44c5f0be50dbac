"""coursekit in front of a real engine against the docker CLI, side by side, as ratios.

For each command kind the same line runs through ``lab.sh`` (coursekit rendering the
engine's data through the docker SDK) and through the ``docker`` binary (a subprocess,
as a learner's terminal would), alternating, on the same engine. The figure is the ratio
of medians, coursekit / CLI: at or below 1.0 coursekit is no slower than the CLI.

Run: ``python benchmarks/engine.py [ROUNDS]`` with an engine, busybox:latest and the
docker CLI on PATH. Prints figures; asserts nothing. Everything it creates is removed.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable

from coursekit import Lab
from coursekit.backends.engine.backend import EngineBackend

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 15
TAG = uuid.uuid4().hex[:6]

# Each kind: a line maker (round, side) -> command line. Names differ per side and round.
KINDS: dict[str, Callable[[int, str], str]] = {
    "docker run -d": lambda i, s: f"docker run -d --name bench{TAG}{s}{i} busybox sleep 1d",
    "docker network create": lambda i, s: f"docker network create bench{TAG}{s}n{i}",
    "docker inspect": lambda i, s: f"docker inspect bench{TAG}{s}0",
    "docker network inspect": lambda i, s: f"docker network inspect bench{TAG}{s}n0",
    "docker exec ping": lambda i, s: f"docker exec bench{TAG}{s}0 ping -c 1 -W 1 127.0.0.1",
    "docker ps": lambda i, s: "docker ps",
}


def timed(run: Callable[[str], int], line: str) -> float:
    start = time.perf_counter()
    code = run(line)
    elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"{line!r} failed with exit code {code}")
    return elapsed


def cli(line: str) -> int:
    return subprocess.run(line.split(), capture_output=True).returncode


def main() -> None:
    if shutil.which("docker") is None:
        raise SystemExit("no docker CLI on PATH: nothing to compare with")
    lab = Lab.using(EngineBackend(label_value=f"bench-{TAG}"))
    print(f"engine {lab.backend.version()}, {ROUNDS} rounds per kind, medians in ms")
    print(f"  {'command':<24} {'coursekit':>10} {'docker CLI':>11} {'ratio':>7}")
    try:
        for kind, make in KINDS.items():
            ours, theirs = [], []
            for i in range(ROUNDS):
                ours.append(timed(lambda line: lab.sh(line).exit_code, make(i, "k")))
                theirs.append(timed(cli, make(i, "c")))
            a, b = statistics.median(ours) * 1000, statistics.median(theirs) * 1000
            print(f"  {kind:<24} {a:10.1f} {b:11.1f} {a / b:7.2f}")
    finally:
        lab.reset()
        names = [f"bench{TAG}c{i}" for i in range(ROUNDS)]
        subprocess.run(["docker", "rm", "-f", *names], capture_output=True)
        nets = [f"bench{TAG}cn{i}" for i in range(ROUNDS)]
        subprocess.run(["docker", "network", "rm", *nets], capture_output=True)


if __name__ == "__main__":
    main()

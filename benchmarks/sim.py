"""Simulator speed: median ``lab.sh`` latency per command kind on each engine profile
(28.5, the default, and 20.10), a 1,000-container build, and the cost of ``import
coursekit``.

Targets (issue "The simulated Docker engine"; issue 16 for the 28.5 profile): median
under 1 ms per command, the 1,000-container build (50 networks) under 2 s, ``import
coursekit`` under 0.3 s.
Run: ``make bench`` or ``python benchmarks/sim.py``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable

from coursekit import Lab
from coursekit.backends.sim import SimBackend
from coursekit.profiles import PROFILES

REPEAT = 200


def sim_lab(engine: str) -> Lab:
    """A simulated lab playing ``engine`` (whatever ``$COURSEKIT_ENGINE`` says)."""
    return Lab.using(SimBackend(profile=PROFILES[engine]))


def _median_ms(lab: Lab, make_line: Callable[[int], str], setup: Callable[[Lab], None],
               expect_ok: bool) -> float:
    lab.reset()
    setup(lab)
    times = []
    for i in range(REPEAT):
        line = make_line(i)
        start = time.perf_counter()
        result = lab.sh(line)
        times.append(time.perf_counter() - start)
        if "internal error" in result.stderr or (expect_ok and result.exit_code):
            raise SystemExit(f"{line!r} failed: {result.stderr}")
    return statistics.median(times) * 1000


def _two_on_a_network(lab: Lab) -> None:
    lab.sh("docker network create benchnet")
    lab.sh("docker run -d --name a1 --network benchnet busybox sleep 1d")
    lab.sh("docker run -d --name a2 --network benchnet busybox sleep 1d")


def _nothing(lab: Lab) -> None:
    return None


KINDS: dict[str, tuple[Callable[[int], str], Callable[[Lab], None]]] = {
    "docker run -d": (lambda i: f"docker run -d --name r{i} busybox sleep 1d", _nothing),
    "docker network create": (lambda i: f"docker network create --subnet 10.9.{i}.0/24 n{i}",
                              _nothing),
    "docker network ls": (lambda i: "docker network ls", _two_on_a_network),
    "docker network inspect": (lambda i: "docker network inspect benchnet", _two_on_a_network),
    "docker inspect | tail": (lambda i: "docker inspect a1 | tail -n 20", _two_on_a_network),
    "docker ps": (lambda i: "docker ps", _two_on_a_network),
    "docker exec ping": (lambda i: "docker exec a1 ping -c 1 a2", _two_on_a_network),
    "docker exec ip addr": (lambda i: "docker exec a1 ip addr", _two_on_a_network),
    "ip addr (host)": (lambda i: "ip addr", _two_on_a_network),
    "bad input (bad flag)": (lambda i: "docker run --nosuchflag busybox", _nothing),
}


def _build(lab: Lab, containers: int, networks: int) -> None:
    for n in range(networks):  # the default pools hold only 30 user networks: name subnets
        lab.sh(f"docker network create --subnet 10.{100 + n}.0.0/16 net{n}")
    for c in range(containers):
        lab.sh(f"docker run -d --name c{c} --network net{c % networks} busybox sleep 1d")
    running = sum(1 for c in lab.snapshot().containers if c.running)
    if running != containers:
        raise SystemExit(f"expected {containers} running containers, found {running}")


def build_many(containers: int = 1000, networks: int = 50,
               engine: str = "28.5") -> tuple[float, float]:
    """Seconds, then peak MiB (a second run under tracemalloc, which slows it), to create
    ``networks`` networks and ``containers`` containers through ``lab.sh``."""
    start = time.perf_counter()
    _build(sim_lab(engine), containers, networks)
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    _build(sim_lab(engine), containers, networks)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 2**20


def import_seconds(runs: int = 5) -> float:
    """Median wall time of ``import coursekit`` in a fresh interpreter, minus bare start-up."""
    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start
    bare = statistics.median(run("pass") for _ in range(runs))
    full = statistics.median(run("import coursekit") for _ in range(runs))
    return max(full - bare, 0.0)


def main() -> None:
    labs = {engine: sim_lab(engine) for engine in PROFILES}
    print(f"median lab.sh latency over {REPEAT} runs (target < 1 ms), per engine profile:")
    print(f"  {'':<24} " + " ".join(f"{engine:>10}" for engine in labs))
    for kind, (make_line, setup) in KINDS.items():
        medians = [_median_ms(lab, make_line, setup, not kind.startswith("bad"))
                   for lab in labs.values()]
        print(f"  {kind:<24} " + " ".join(f"{median:7.3f} ms" for median in medians))
    for engine in labs:
        seconds, peak = build_many(engine=engine)
        print(f"1,000 containers on 50 networks ({engine}): {seconds:.2f} s (target < 2 s), "
              f"peak traced memory {peak:.1f} MiB")
    print(f"import coursekit: {import_seconds():.3f} s (target < 0.3 s)")


if __name__ == "__main__":
    main()

"""Simulator speed: median ``lab.sh`` latency per command kind on each engine profile
(28.5, the default, and 20.10), a 1,000-container build, and the cost of ``import
coursekit``.

Targets (issue "The simulated Docker engine"; issue 16 for the 28.5 profile; issue 11 for
the lifecycle commands, IPv6 and macvlan networks, the tools inside containers, the outside
world and the host's ``ss``): median under 1 ms per command kind, the 1,000-container
build (50 networks) under 2 s, ``import coursekit`` under 0.3 s.
Run: ``make bench`` or ``python benchmarks/sim.py``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from coursekit import Lab
from coursekit.backends.sim import SimBackend
from coursekit.profiles import PROFILES

REPEAT = 200


def sim_lab(engine: str) -> Lab:
    """A simulated lab playing ``engine`` (whatever ``$COURSEKIT_ENGINE`` says)."""
    return Lab.using(SimBackend(profile=PROFILES[engine]))


def _median_ms(lab: Lab, kind: Kind, expect_ok: bool) -> float:
    lab.reset()
    kind.setup(lab)
    times = []
    for i in range(REPEAT):
        if kind.before is not None:
            kind.before(lab, i)  # untimed: what the timed line needs (a container to prune)
        line = kind.line(i)
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


def _published(lab: Lab) -> None:
    _two_on_a_network(lab)
    lab.sh("docker run -d --name web -p 8080:80 -p 5353:53/udp busybox httpd -f -p 80")


def _many_running(lab: Lab) -> None:
    for i in range(REPEAT):
        lab.sh(f"docker run -d --name k{i} busybox sleep 1d")


def _one_stopped(lab: Lab, i: int) -> None:
    lab.sh(f"docker create --name p{i} busybox true")


@dataclass(frozen=True)
class Kind:
    """A command kind: the line for run ``i``, the lab it runs in, and what must happen
    (untimed) before each run."""

    line: Callable[[int], str]
    setup: Callable[[Lab], None] = _two_on_a_network
    before: Callable[[Lab, int], None] | None = None


KINDS: dict[str, Kind] = {
    "docker run -d": Kind(lambda i: f"docker run -d --name r{i} busybox sleep 1d", _nothing),
    "docker network create": Kind(lambda i: f"docker network create --subnet 10.9.{i}.0/24 n{i}",
                                  _nothing),
    "docker network ls": Kind(lambda i: "docker network ls"),
    "docker network inspect": Kind(lambda i: "docker network inspect benchnet"),
    "docker inspect | tail": Kind(lambda i: "docker inspect a1 | tail -n 20"),
    "docker ps": Kind(lambda i: "docker ps"),
    "docker exec ping": Kind(lambda i: "docker exec a1 ping -c 1 a2"),
    "docker exec ip addr": Kind(lambda i: "docker exec a1 ip addr"),
    "ip addr (host)": Kind(lambda i: "ip addr"),
    "bad input (bad flag)": Kind(lambda i: "docker run --nosuchflag busybox", _nothing),
    "docker pause / unpause": Kind(lambda i: f"docker {'un' * (i % 2)}pause a1"),
    "docker rename": Kind(lambda i: f"docker rename {('a1', 'b1')[i % 2]} {('b1', 'a1')[i % 2]}"),
    "docker kill": Kind(lambda i: f"docker kill k{i}", _many_running),
    "docker top": Kind(lambda i: "docker top a1"),
    "docker logs": Kind(lambda i: "docker logs a1"),
    "docker container prune": Kind(lambda i: "docker container prune -f", _nothing, _one_stopped),
    "network create --ipv6": Kind(lambda i: f"docker network create --ipv6 --subnet "
                                  f"fd00:{i:x}::/64 --subnet 10.9.{i}.0/24 v{i}", _nothing),
    "network create -d macvlan": Kind(lambda i: f"docker network create -d macvlan --subnet "
                                      f"10.8.{i}.0/24 m{i}", _nothing),
    "docker exec ps": Kind(lambda i: "docker exec a1 ps"),
    "docker exec netstat": Kind(lambda i: "docker exec a1 netstat -tlnu"),
    "docker exec route": Kind(lambda i: "docker exec a1 route -n"),
    "docker exec env": Kind(lambda i: "docker exec a1 env"),
    "docker exec ip neigh": Kind(lambda i: "docker exec a1 ip neigh"),
    "exec ping example.com": Kind(lambda i: "docker exec a1 ping -c 1 -W 1 example.com"),
    "ss -ltnp (host)": Kind(lambda i: "ss -ltnp", _published),
    "iptables -S (host)": Kind(lambda i: "iptables -S", _published),
    "iptables-save (host)": Kind(lambda i: "iptables-save", _published),
    "iptables -I/-D DOCKER-USER": Kind(lambda i: ("iptables -I DOCKER-USER -s 10.0.0.9 -j DROP",
                                                  "iptables -D DOCKER-USER 1")[i % 2]),
}


def _toggle_rule(lab: Lab, i: int) -> None:
    """A new state before each timed run, so nothing computed for the last one is reused."""
    lab.sh(("iptables -I DOCKER-USER -s 10.0.0.9 -j DROP", "iptables -D DOCKER-USER 1")[i % 2])


def plumbing_ms(engine: str, containers: int = 50, networks: int = 10) -> dict[str, float]:
    """Median ms of the rules rendered (``iptables-save``) and of a traced ping, on
    ``containers`` containers over ``networks`` networks, each run after a state change."""
    lab = sim_lab(engine)
    _build(lab, containers, networks)
    found = {}
    for label, run in (("iptables-save", lambda: lab.sh("iptables-save")),
                       ("trace ping", lambda: lab.trace(f"docker exec c0 ping -c 1 c{networks}")),
                       ("trace across", lambda: lab.trace("docker exec c0 ping -c 1 c1"))):
        times = []
        for i in range(REPEAT):
            _toggle_rule(lab, i)
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
        found[label] = statistics.median(times)
    return found


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
    print(f"  {'':<26} " + " ".join(f"{engine:>10}" for engine in labs))
    for kind, spec in KINDS.items():
        medians = [_median_ms(lab, spec, not kind.startswith("bad")) for lab in labs.values()]
        print(f"  {kind:<26} " + " ".join(f"{median:7.3f} ms" for median in medians))
    for engine in labs:
        seconds, peak = build_many(engine=engine)
        print(f"1,000 containers on 50 networks ({engine}): {seconds:.2f} s (target < 2 s), "
              f"peak traced memory {peak:.1f} MiB")
    for engine in labs:
        figures = plumbing_ms(engine)
        print(f"50 containers x 10 networks ({engine}): " + ", ".join(
            f"{label} {ms:.2f} ms" for label, ms in figures.items()) + " (median, target < 5 ms)")
    print(f"import coursekit: {import_seconds():.3f} s (target < 0.3 s)")


if __name__ == "__main__":
    main()

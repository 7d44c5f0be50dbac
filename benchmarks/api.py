"""The real docker CLI against ``coursekit serve`` and against a real engine, side by side.

For each command kind the same command line runs through the ``docker`` binary on PATH
twice per round, alternating: once with ``DOCKER_HOST`` naming a ``coursekit serve`` this
script starts on a private socket (the simulator playing the engine's version, 28.5 unless
the engine is 20.10), once against the engine the CLI reaches by itself (its own
``DOCKER_HOST``, else ``/var/run/docker.sock``). Kinds: ``docker run -d``, ``docker network
ls``, ``docker exec NAME ping -c 1 -W 1 <its own address>``, ``docker ps``.

Two figures per kind and side, medians in ms:

- **whole**: the wall time of the whole CLI process, as a learner's terminal sees it. A CLI
  process costs some 60 ms here before it sends anything (Go start-up, its config, the
  plugins), the same on both sides, so where a daemon answers in a few milliseconds this
  ratio cannot go far below 1.0 however fast the server is;
- **daemon**: the CLI's own requests for that command line (recorded once through a proxy,
  :mod:`replay`), sent again to each socket: the daemon's side alone. ``speed-up`` is
  engine / server of these (above 1.0 the server is faster).

Run: ``python benchmarks/api.py [ROUNDS]`` with the docker CLI on PATH; with an engine
(and busybox:latest on it), e.g. inside ``.ci/engines.sh``'s ``engines_start 28.5``. Without
an engine it prints the server's figures only, and says so. Prints figures; asserts
nothing. Everything it creates is removed (the server's lab goes with the server).
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from replay import Request, record, replay, socket_of

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 15
TAG = uuid.uuid4().hex[:6]
FIRST = f"bench{TAG}x"
"""The container every exec pings itself from (created before the rounds, on each side)."""

KINDS: dict[str, Callable[[str, str], list[str]]] = {
    "docker run -d": lambda name, ip: ["run", "-d", "--name", name, "busybox", "sleep", "1d"],
    "docker network ls": lambda name, ip: ["network", "ls"],
    "docker exec ping": lambda name, ip: ["exec", FIRST, "ping", "-c", "1", "-W", "1", ip],
    "docker ps": lambda name, ip: ["ps"],
}
"""Each kind's command line, given the name a new container takes and the address the
exec pings."""


def docker(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], env=env, capture_output=True, text=True,
                          timeout=60)


def timed(env: dict[str, str], args: list[str]) -> float:
    start = time.perf_counter()
    done = docker(env, *args)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"docker {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return elapsed


def engine_version(env: dict[str, str]) -> str:
    """The engine's version, or "" when none answers (or it has no busybox:latest)."""
    try:
        version = docker(env, "version", "--format", "{{.Server.Version}}")
        image = docker(env, "image", "inspect", "busybox:latest")
    except subprocess.TimeoutExpired:
        return ""
    return version.stdout.strip() if version.returncode == 0 and image.returncode == 0 else ""


@contextmanager
def coursekit_server(engine: str) -> Iterator[dict[str, str]]:
    """``coursekit serve --engine ENGINE`` on a private socket: the CLI's environment for it."""
    folder = Path(tempfile.mkdtemp(prefix="ck-bench-"))
    socket = folder / "docker.sock"
    process = subprocess.Popen([sys.executable, "-m", "coursekit", "serve", "--socket",
                                str(socket), "--engine", engine], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not socket.is_socket():
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("coursekit serve did not start")
            time.sleep(0.05)
        yield {**os.environ, "DOCKER_HOST": f"unix://{socket}"}
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def own_address(env: dict[str, str]) -> str:
    """Start the container the exec rounds use; its address on the default bridge."""
    docker(env, "run", "-d", "--name", FIRST, "busybox", "sleep", "1d")
    found = docker(env, "inspect", "-f",
                   "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", FIRST)
    if found.returncode != 0 or not found.stdout.strip():
        raise SystemExit(f"no address for {FIRST}: {found.stderr}")
    return found.stdout.strip()


def clean_engine(env: dict[str, str]) -> None:
    names = [FIRST, f"bench{TAG}rec", *(f"bench{TAG}{side}{i}" for side in "rp"
                                         for i in range(ROUNDS))]
    docker(env, "rm", "-f", *names)


def measure(sides: dict[str, dict[str, str]], addresses: dict[str, str]
            ) -> dict[str, dict[str, float]]:
    """Median ms of the whole CLI process per kind and side, the sides alternating."""
    medians: dict[str, dict[str, float]] = {}
    for kind, make in KINDS.items():
        times: dict[str, list[float]] = {side: [] for side in sides}
        for i in range(ROUNDS):
            for side, env in sides.items():
                times[side].append(timed(env, make(f"bench{TAG}r{i}", addresses[side])))
        medians[kind] = {side: statistics.median(t) * 1000 for side, t in times.items()}
    return medians


def measure_daemons(sides: dict[str, dict[str, str]], addresses: dict[str, str]
                    ) -> dict[str, dict[str, float]]:
    """Median ms per kind and side of the CLI's requests replayed (recorded on the last
    side: the engine when there is one)."""
    origin, recorded_name = list(sides)[-1], f"bench{TAG}rec"
    medians: dict[str, dict[str, float]] = {}
    for kind, make in KINDS.items():
        requests = record(socket_of(sides[origin]), make(recorded_name, addresses[origin]),
                          sides[origin])
        times: dict[str, list[float]] = {side: [] for side in sides}
        for i in range(ROUNDS):
            for side, env in sides.items():
                names = {recorded_name: f"bench{TAG}p{i}", addresses[origin]: addresses[side]}
                times[side].append(replayed(socket_of(env), requests, names))
        medians[kind] = {side: statistics.median(t) * 1000 for side, t in times.items()}
    return medians


def replayed(socket: str, requests: list[Request], names: dict[str, str]) -> float:
    start = time.perf_counter()
    replay(socket, requests, names)
    return time.perf_counter() - start


def main() -> None:
    if shutil.which("docker") is None:
        raise SystemExit("no docker CLI on PATH: nothing to measure with")
    engine_env = dict(os.environ)
    version = engine_version(engine_env)
    client = docker(engine_env, "version", "--format", "{{.Client.Version}}").stdout.strip()
    played = "20.10" if version.startswith("20.10") else "28.5"
    with coursekit_server(played) as server_env:
        sides = {"server": server_env}
        if version:
            sides["engine"] = engine_env
        print(f"docker CLI {client}; coursekit serve playing {played}; "
              + (f"engine {version}" if version else "no engine answers (or it has no "
                 "busybox:latest): the server's figures only")
              + f"; {ROUNDS} rounds per kind, medians in ms")
        try:
            addresses = {side: own_address(env) for side, env in sides.items()}
            whole = measure(sides, addresses)
            daemon = measure_daemons(sides, addresses)
        finally:
            if version:
                clean_engine(engine_env)
    header = f"  {'command':<20} {'whole: server':>13}"
    if version:
        header += f" {'engine':>7} {'ratio':>6}   {'daemon: server':>14} {'engine':>7} " \
                  f"{'speed-up':>8}"
    else:
        header += f"   {'daemon: server':>14}"
    print(header)
    for kind in KINDS:
        line = f"  {kind:<20} {whole[kind]['server']:13.1f}"
        if version:
            line += (f" {whole[kind]['engine']:7.1f} "
                     f"{whole[kind]['server'] / whole[kind]['engine']:6.2f}   "
                     f"{daemon[kind]['server']:14.2f} {daemon[kind]['engine']:7.2f} "
                     f"{daemon[kind]['engine'] / daemon[kind]['server']:8.1f}")
        else:
            line += f"   {daemon[kind]['server']:14.2f}"
        print(line)


if __name__ == "__main__":
    main()

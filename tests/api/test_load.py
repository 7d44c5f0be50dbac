"""Eight docker CLIs at once against one ``coursekit serve``: the same answers as alone.

Each client runs ``ROUNDS`` rounds of about 25 docker commands (a network of its own with
its own subnet, containers with fixed ``--ip`` addresses, inspect, ps and network ls
filtered to its own names, exec ping and ``ip addr``, stop/start/restart, pause/unpause,
connect/disconnect, removals), ``CLIENTS`` clients at the same time against one server
process. Nothing a command prints depends on another client (no ids, MACs, times or
counts of all containers; the ids two servers draw are compared as ``<ID>``), so every
client's answers must equal those of the same sequence run alone against a fresh server.
Every command has a timeout (a deadlock fails, it does not hang the suite), and the
server's resident memory (``VmRSS`` of the ``coursekit serve`` process) after the last
round stays within ``RSS_GROWTH`` of what it was after the first (warm-up) round: every
round removes what it made, so a server that keeps something per request grows.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from api_docs import env_with, serving
from tools import require_docker_cli

from coursekit.backends.sim.served import ServedSim
from coursekit.profiles import profile

CLIENTS = 8
ROUNDS = 4
ENGINE = "28.5"
COMMAND_TIMEOUT = 30
RSS_GROWTH = 16 * 1024  # kB
Answer = tuple[str, str, str, int]


def round_lines(client: int, rnd: int) -> list[str]:
    """One round (25 commands) of client ``client`` (names ``c3-...``, subnet 10.13.R.0/24)."""
    p, net = f"c{client}", f"c{client}-net{rnd}"
    prefix = f"10.{10 + client}.{rnd}"
    ks = [f"{p}-k{k}" for k in range(4)]
    where = "'{{.Name}} {{.State.Status}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}'"
    lines = [f"docker network create --subnet {prefix}.0/24 --gateway {prefix}.1 {net}"]
    lines += [f"docker run -d --name {k} --network {net} --ip {prefix}.{10 + i} busybox "
              "sleep 1d" for i, k in enumerate(ks)]
    lines += [f"docker inspect -f {where} {ks[0]} {ks[3]}",
              f"docker exec {ks[0]} ping -c 1 -W 1 -q {ks[1]}",
              f"docker exec {ks[1]} ip -o -4 addr",
              f"docker ps -a --filter name={p}- --format '{{{{.Names}}}} {{{{.State}}}}'",
              f"docker network ls --filter name={p}- --format '{{{{.Name}}}} {{{{.Driver}}}}'",
              f"docker network inspect -f '{{{{range .IPAM.Config}}}}{{{{.Subnet}}}} "
              f"{{{{.Gateway}}}}{{{{end}}}}' {net}",
              f"docker stop -t 0 {ks[3]}",
              f"docker start {ks[3]}",
              f"docker restart -t 0 {ks[2]}",
              f"docker pause {ks[1]}",
              f"docker exec {ks[1]} true",
              f"docker unpause {ks[1]}",
              f"docker network disconnect {net} {ks[0]}",
              f"docker network connect --ip {prefix}.99 {net} {ks[0]}",
              f"docker inspect -f {where} {ks[0]}",
              f"docker run -d --name {ks[0]} busybox true",
              f"docker network rm {net}",
              f"docker rm -f {' '.join(ks)}",
              f"docker network rm {net}",
              f"docker ps -a --filter name={p}- --format '{{{{.Names}}}}'"]
    return lines


ID = re.compile(r"\b[0-9a-f]{64}\b|\b[0-9a-f]{12}\b")
"""What two servers may print differently for the same command: the ids they drew (the id
``network create`` and ``run -d`` print, the one a name conflict names, the endpoints
a busy network lists)."""


def run(cli: Path, env: dict[str, str], line: str) -> Answer:
    """One command (no shell: the words as bash would split them), ids as ``<ID>``."""
    proc = subprocess.run([str(cli), *shlex.split(line)[1:]], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=COMMAND_TIMEOUT, env=env)
    return line, ID.sub("<ID>", proc.stdout), ID.sub("<ID>", proc.stderr), proc.returncode


def sequence(cli: Path, env: dict[str, str], client: int, rounds: range) -> list[Answer]:
    return [run(cli, env, line) for rnd in rounds for line in round_lines(client, rnd)]


def rss_kb(pid: int) -> int:
    """The process's resident memory in kB (``VmRSS`` of /proc/PID/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for {pid}")


@contextmanager
def serve_process() -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``coursekit serve`` of the 28.5 profile in its own process, on a private socket."""
    folder = Path(tempfile.mkdtemp(prefix="coursekit-load-"))
    folder.chmod(0o700)
    sock = folder / "docker.sock"
    proc = subprocess.Popen([sys.executable, "-m", "coursekit", "serve", "--socket", str(sock),
                             "--engine", ENGINE, "--fixed-clock"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not sock.exists():
            assert proc.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        yield proc, f"unix://{sock}"
    finally:
        proc.terminate()
        proc.wait(10)
        folder.rmdir() if not any(folder.iterdir()) else None


def alone(cli: Path, client: int, rounds: range = range(ROUNDS)) -> list[Answer]:
    """Client ``client``'s sequence against a fresh server of its own."""
    with serving(ServedSim(seed=client, profile=profile(ENGINE))) as server:
        return sequence(cli, env_with(server.docker_host), client, rounds)


def test_eight_clients_at_once_answer_as_each_alone() -> None:
    """8 CLIs x 100 commands at once: each client's answers are its answers alone, no
    command hangs, and the server's memory stays flat after the warm-up round."""
    cli = require_docker_cli(ENGINE)
    assert sum(len(round_lines(0, r)) for r in range(ROUNDS)) == 100
    with ThreadPoolExecutor(CLIENTS) as pool:
        solo = list(pool.map(lambda c: alone(cli, c), range(CLIENTS)))
    with serve_process() as (server, host), ThreadPoolExecutor(CLIENTS) as pool:
        env = env_with(host)
        together = list(pool.map(lambda c: sequence(cli, env, c, range(1)), range(CLIENTS)))
        warm = rss_kb(server.pid)
        later = list(pool.map(lambda c: sequence(cli, env, c, range(1, ROUNDS)),
                              range(CLIENTS)))
        last = rss_kb(server.pid)
        assert server.poll() is None, "the server died under load"
    differ = [f"client {c}: $ {want[0]}\n  alone:    {want[1:]}\n  together: {have[1:]}"
              for c in range(CLIENTS)
              for want, have in zip(solo[c], together[c] + later[c], strict=True) if want != have]
    assert not differ, f"{len(differ)} answers differ:\n" + "\n".join(differ[:20])
    assert last - warm < RSS_GROWTH, f"server RSS grew {last - warm} kB ({warm} -> {last})"


def test_the_sequences_do_what_they_say() -> None:
    """A client's sequence alone succeeds where it should and fails where it should (the
    comparison above would pass on a server that answers every command with an error)."""
    cli = require_docker_cli(ENGINE)
    answers = [a[1:] for a in alone(cli, 0, range(1))]
    assert answers[0] == ("<ID>\n", "", 0)
    assert answers[5] == ("/c0-k0 running 10.10.0.10\n/c0-k3 running 10.10.0.13\n",
                                 "", 0)
    assert "1 packets received" in answers[6][0]
    assert "inet 10.10.0.11/24" in answers[7][0]
    assert answers[8][0] == "c0-k3 running\nc0-k2 running\nc0-k1 running\nc0-k0 running\n"
    assert answers[15][2] == 1 and "is paused" in answers[15][1]
    assert answers[19] == ("/c0-k0 running 10.10.0.99\n", "", 0)
    assert answers[20][2] == 125 and "is already in use" in answers[20][1]
    assert answers[21][2] == 1 and "has active endpoints" in answers[21][1]
    assert answers[23] == ("c0-net0\n", "", 0)
    assert answers[24] == ("", "", 0)

"""Scenario files and the normaliser shared by the golden and the contract tests.

A scenario (tests/scenarios/*.txt) is a list of steps, one command line each:

    # a comment
    $ docker network ls          compare stdout, stderr and exit code after normalising
    $= docker exec a nslookup b  compare the output as a set of lines (order varies)

``normalize`` replaces only what legitimately differs between two engines, or two runs
of one: ids, veth names, interface indexes, timestamps, durations, ping timings, the
host's own resolver, the PIDs of exec'd processes in ``ps``, the embedded DNS server's
socket ports, ``ls -l`` dates, the neighbour table's ``used`` seconds and the host
PIDs, CPU shares and start times ``docker top`` shows. Addresses,
MACs derived from them, names, messages and exit codes are compared as they are. Engine
28.5 draws more at random, normalised for it only (``engine="28.5"``): MACs (random and
locally administered there; a ``02:42`` MAC is still compared, so a MAC derived from the
address would show), and which of its two bindings a port clash names (``Bind for
0.0.0.0:8081`` or ``Bind for :::8081``).

The host's netfilter rules are compared after a scenario's steps up to its trailing
removals (``cleanup_start``), as iptables-save prints the ``filter``, ``nat`` and ``raw``
tables (``host_rules``), with ``comparable_rules``'s normalisation.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from coursekit.result import CommandResult

COMPARED: list[str] = []
"""Ids of the steps the parity suite compared (printed at the end of the run)."""

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"


@dataclass(frozen=True)
class Step:
    scenario: str
    number: int
    line: str
    as_set: bool = False

    @property
    def id(self) -> str:
        return f"{self.scenario}:{self.number}"


def load(path: Path) -> list[Step]:
    steps = []
    for raw in path.read_text().splitlines():
        if raw.startswith("$= "):
            steps.append(Step(path.stem, len(steps) + 1, raw[3:], as_set=True))
        elif raw.startswith("$ "):
            steps.append(Step(path.stem, len(steps) + 1, raw[2:]))
    return steps


def scenarios() -> dict[str, list[Step]]:
    return {p.stem: load(p) for p in sorted(SCENARIO_DIR.glob("*.txt"))}


_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b[0-9a-f]{64}\b"), "<ID>"),
    (re.compile(r"\b(br-)?[0-9a-f]{12}\b"), r"\1<SID>"),
    (re.compile(r"\bveth[0-9a-f]{7}\b"), "vethX"),
    (re.compile(r"^\d+: ", re.M), "N: "),
    (re.compile(r"@if\d+"), "@ifN"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"), "<TIME>"),
    (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} \w+"), "<TIME>"),
    (re.compile(r"(Up|Exited \(\d+\)) (Less than a second|About an? \w+|\d+ \w+)( ago)?"),
     r"\1 <DURATION>"),
    (re.compile(r"(Less than a second|About an? \w+|\d+ \w+) ago"), "<DURATION> ago"),
    (re.compile(r"time=\d+(\.\d+)? ms"), "time=<T> ms"),
    (re.compile(r"min/avg/max = [\d./]+ ms"), "min/avg/max = <T> ms"),
    (re.compile(r'"Pid": \d+'), '"Pid": <PID>'),
    (re.compile(r"^(nameserver|search|options) "
                r"(?!127\.0\.0\.11|ndots:0|ndots:2|attempts:2|1\.1\.1\.1|9\.9\.9\.9|lab\.example)"
                r".*$", re.M), r"\1 <HOST-RESOLVER>"),  # kept: --dns values of 14-run-options
    (re.compile(r"^# ExtServers: \[host\([^)]*\)\]$", re.M),
     "# ExtServers: [host(<HOST-RESOLVER>)]"),
    (re.compile(r"^ *(?:[2-9]|\d{2,}) (?=0 {8}|root {5})", re.M), "<PID> "),  # ps, not PID 1
    (re.compile(r"\b127\.0\.0\.11:\d{5}\b"), "127.0.0.11:<PORT>"),  # embedded DNS sockets
    (re.compile(r"\b[A-Z][a-z]{2} [ \d]\d \d\d:\d\d\b"), "<DATE>"),  # ls -l
    (re.compile(r"\bused \d+/\d+/\d+"), "used <T>"),  # ip neigh: seconds since used
    (re.compile(r"^root {16}\d+ +\d+ +\d+ +\d\d:\d\d +", re.M),
     "root <PID> <PPID> <C> <STIME> "),  # docker top: host PIDs, CPU %, the start's HH:MM
]

_ADVICE = re.compile(r"^coursekit: .*\n", re.M)
"""The lab's own advice line on stderr, after the engine's words (e.g. after ``the input
device is not a TTY``): an engine never prints it, so it is left out of stderr only."""

_MAC = re.compile(r"\b[0-9a-f]{2}(?::[0-9a-f]{2}){5}\b", re.I)


def _random_mac(match: re.Match[str]) -> str:
    """A locally administered unicast MAC not in Docker's old 02:42 range becomes <MAC>."""
    mac = match.group(0).lower()
    if mac.startswith("02:42:") or int(mac[:2], 16) & 0x03 != 0x02:
        return match.group(0)
    return "<MAC>"


def _sorted_names(match: re.Match[str]) -> str:
    """The match with its ``a, b, c`` list (group 1) sorted: a message the engine writes
    from a Go map, in no fixed order, compared as a sorted list."""
    names = ", ".join(sorted(match.group(1).split(", ")))
    return match.group(0).replace(match.group(1), names, 1)


BIND_CLASH = (re.compile(r"Bind for :::(\d+) failed"), r"Bind for 0.0.0.0:\1 failed")
"""28.5 binds a published port for IPv4 and IPv6 and names whichever clashed first."""

_ENGINE_RULES: dict[str, list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]]] = {
    # 20.10 names the networks of a refused create (seen: b1, c1, a1 and a1, b1, c1 for
    # one line); 28.5 a network's active endpoints (seen in CI: o2, o1, then o1, o2)
    "20.10": [(re.compile(r"network endpoints: ([^\n]*)"), _sorted_names)],
    "28.5": [(_MAC, _random_mac),
             BIND_CLASH,
             (re.compile(r"has active endpoints \(([^)]*)\)"), _sorted_names)],
}


def normalize(text: str, engine: str = "20.10") -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    for pattern, rule in _ENGINE_RULES.get(engine, []):
        text = pattern.sub(rule, text)
    return text


def comparable(step: Step, stdout: str, stderr: str, exit_code: int,
               engine: str = "20.10") -> tuple[object, ...]:
    """What two engines (or two runs of one) must agree on for ``step``."""
    out, err = normalize(stdout, engine), _ADVICE.sub("", normalize(stderr, engine))
    if step.as_set:
        return (frozenset(out.splitlines()), err, exit_code)
    return (out, err, exit_code)


def replay_differences(run: Callable[[str], CommandResult], steps: list[Step],
                       recording: list[dict[str, object]], engine: str,
                       against: str = "sim") -> list[str]:
    """Run every step through ``run`` and say, step by step, where the answer differs from
    the engine's ``recording`` once both are :func:`comparable`."""
    diffs = []
    for step, rec in zip(steps, recording, strict=True):
        got = run(step.line)
        want = comparable(step, str(rec["stdout"]), str(rec["stderr"]),
                          int(str(rec["exit_code"])), engine)
        have = comparable(step, got.stdout, got.stderr, got.exit_code, engine)
        if want != have:
            diffs.append(f"step {step.number}: $ {step.line}\n--- engine\n{want}\n"
                         f"--- {against}\n{have}")
    return diffs


REMOVAL = re.compile(r"^docker (container )?rm |^docker network rm ")
RULE_TABLES = ("filter", "nat", "raw")
_COUNTERS = re.compile(r" \[\d+:\d+\]$", re.M)
_POLICY_COUNTERS = re.compile(r"\(policy (\w+) \d+ packets, \d+ bytes\)")
_RULE_COUNTERS = re.compile(r"^ *\d+[KMGT]? +\d+[KMGT]? (?=\S)", re.M)
_DATES = re.compile(r"^# (Generated by|Completed on) .*\n", re.M)

RULES_XFAIL: dict[tuple[str, str], str] = {
    ("28.5", "23-netfilter"): "28.5 appends a container's raw PREROUTING drop when its "
    "endpoint joins (a `network connect` on a running container lands last); the "
    "simulated topology keeps no join order across containers, so the simulator lists "
    "them by container start, then endpoint",
}
"""(engine, scenario) whose rules the simulator cannot match yet, each with the reason."""


def cleanup_start(lines: list[str]) -> int:
    """Index of the first step of the trailing removals (``len(lines)`` if none)."""
    index = len(lines)
    while index > 0 and REMOVAL.match(lines[index - 1]):
        index -= 1
    return index


def comparable_rules(text: str) -> str:
    """Rules with counters zeroed, iptables-save's dates dropped and ids normalised."""
    text = _POLICY_COUNTERS.sub(r"(policy \1 0 packets, 0 bytes)",
                                _COUNTERS.sub(" [0:0]", text))
    return normalize(_RULE_COUNTERS.sub("    0     0 ", _DATES.sub("", text)))


def saved_tables(text: str) -> dict[str, str]:
    """iptables-save's output cut into its tables (in its order), dates dropped."""
    blocks: dict[str, str] = {}
    table = ""
    for line in _DATES.sub("", text).splitlines(keepends=True):
        if line.startswith("*"):
            table = line[1:].strip()
        if table:
            blocks[table] = blocks.get(table, "") + line
    return blocks


def host_rules(save: Callable[[list[str]], str]) -> str:
    """The ``filter``, ``nat`` and ``raw`` tables as ``save(argv)`` (running iptables-save)
    prints them; a table the kernel has not loaded yet as ``iptables-save -t`` shows it."""
    blocks = saved_tables(save(["iptables-save"]))
    text = "".join(block for table, block in blocks.items() if table in RULE_TABLES)
    for table in RULE_TABLES:
        if table not in blocks:
            text += "".join(saved_tables(save(["iptables-save", "-t", table])).values())
    return text


def run_cli(line: str, env: dict[str, str] | None = None) -> tuple[str, str, int]:
    """Run one step through bash and the docker CLI on PATH (in ``env``, else this
    process's environment), as a terminal shows it: the bytes decoded as they are (no
    newline translation: the runtime ends some messages with ``\r\n``), stdout, stderr
    and the exit code."""
    proc = subprocess.run(["bash", "-c", line], capture_output=True,
                          stdin=subprocess.DEVNULL, timeout=60, env=env)
    return proc.stdout.decode(), proc.stderr.decode(), proc.returncode


_WAITING_STOP = re.compile(r"^docker (stop|restart) (?!.*(-t|--time|--timeout|-s|--signal)\b)")


def quick(step: Step) -> Step:
    """``step`` as the live comparisons run it: a stop or restart without a timeout or a
    signal gets ``-t 0``. busybox's ``sleep`` as PID 1 ignores SIGTERM, so the engine would
    wait its 10 seconds before the SIGKILL; with ``-t 0`` the SIGKILL comes at once and
    every answer, exit code (137) and document is the same. The goldens keep the line as
    the scenario writes it (the simulator answers both alike)."""
    line = _WAITING_STOP.sub(lambda m: f"docker {m[1]} -t 0 ", step.line)
    return replace(step, line=line)

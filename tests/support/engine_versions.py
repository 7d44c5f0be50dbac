"""Write docs/engine-versions.md from the two engines' recorded answers (maintainer tool).

    python tests/support/engine_versions.py > docs/engine-versions.md

The page has two parts. The explanations are written by hand, below, in ``KINDS`` and
``INTRO``. Everything quoted from an engine is generated: for every scenario step
(tests/scenarios/*.txt) whose answers differ between Engine 28.5 (tests/golden/28.5/)
and Engine 20.10 (tests/golden/20.10/, or the older place tests/golden/*.json), after the
golden tests' own normaliser (``scenarios.comparable``) has replaced ids, times, interface
indexes and the host's resolver, the page shows the command and the lines that differ.
Interface indexes are normalised away there, so the numbering section quotes the raw
lines; the firewall section quotes the host's netfilter rules recorded after a scenario
(tests/golden/<engine>/iptables/).

tests/test_engine_versions.py fails when the committed page is not what this writes.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from scenarios import Step, comparable, normalize, scenarios

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
NEW, OLD = "28.5", "20.10"
MAX_LINES = 14
"""Changed lines shown per stream and step; the rest is counted, not shown."""
MAC = re.compile(r"\b[0-9a-f]{2}(:[0-9a-f]{2}){5}\b")


def golden_dir(engine: str) -> Path:
    """Where an engine's recordings live (20.10's may still sit at the top level)."""
    folder = GOLDEN / engine
    if engine == OLD and not any(folder.glob("*.json")):
        return GOLDEN
    return folder


def netfilter_dir(engine: str) -> Path | None:
    for folder in (GOLDEN / engine / "iptables", GOLDEN / f"{engine}-extra" / "iptables"):
        if folder.is_dir():
            return folder
    return None


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@dataclass(frozen=True)
class Difference:
    step: Step
    old: dict[str, object]
    new: dict[str, object]

    def streams(self) -> Iterator[tuple[str, list[str], list[str]]]:
        """(stream, 20.10's lines, 28.5's lines) for each stream that differs."""
        for stream in ("stdout", "stderr"):
            old = normalize(str(self.old[stream])).splitlines()
            new = normalize(str(self.new[stream])).splitlines()
            if self.step.as_set:
                old, new = sorted(old), sorted(new)
            if old != new:
                yield stream, old, new

    @property
    def kind(self) -> str:
        """Which section of the page the step belongs to (the first that fits)."""
        streams = list(self.streams())
        if self.old["exit_code"] != self.new["exit_code"] or any(
                s == "stderr" for s, _, _ in streams):
            return "messages"
        masked = [([MAC.sub("<MAC>", x) for x in o], [MAC.sub("<MAC>", x) for x in n])
                  for _, o, n in streams]
        if all(o == n for o, n in masked):
            return "macs"
        line = self.step.line
        if "cat /etc/" in line or " ip addr" in line or " ip -o" in line:
            return "files"
        if "inspect" in line and " -f " not in line:
            return "inspect"
        return "pools"


def differences() -> list[Difference]:
    found = []
    old_dir, new_dir = golden_dir(OLD), golden_dir(NEW)
    for name, steps in scenarios().items():
        old_file, new_file = old_dir / f"{name}.json", new_dir / f"{name}.json"
        if not (old_file.exists() and new_file.exists()):
            continue
        old_rec = json.loads(old_file.read_text())
        new_rec = json.loads(new_file.read_text())
        lines = [r["line"] for r in new_rec]
        if [r["line"] for r in old_rec] != lines:
            raise SystemExit(f"{name}: the two engines' recordings run different steps; "
                             "record both again")
        as_set = {s.line for s in steps if s.as_set}
        recorded = [Step(name, i, line, line in as_set) for i, line in enumerate(lines, 1)]
        for step, old, new in zip(recorded, old_rec, new_rec, strict=True):
            want = comparable(step, old["stdout"], old["stderr"], old["exit_code"])
            have = comparable(step, new["stdout"], new["stderr"], new["exit_code"])
            if want != have:
                found.append(Difference(step, old, new))
    return found


def diff_block(old: list[str], new: list[str]) -> list[str]:
    """The changed lines with one line of context, 20.10's as ``-``, 28.5's as ``+``."""
    body: list[str] = []
    for line in difflib.unified_diff(old, new, lineterm="", n=1):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            body += ["  ..."] if body else []
        elif line.strip():
            body.append(line.rstrip())
    changed = [i for i, line in enumerate(body) if line[:1] in "+-"]
    if len(changed) > MAX_LINES:
        cut = changed[MAX_LINES]
        rest = len(changed) - MAX_LINES
        body = [*body[:cut], f"  ... and {rest} more changed line{'s' * (rest > 1)}"]
    return body


def show(d: Difference) -> list[str]:
    out = [f"**`{d.step.line}`** ({d.step.scenario}, step {d.step.number})", ""]
    if d.old["exit_code"] != d.new["exit_code"]:
        out += [f"Exit code: {d.new['exit_code']} on {NEW}, {d.old['exit_code']} on {OLD}.",
                ""]
    for stream, old, new in d.streams():
        out += [f"{stream}:", "", "```diff", *diff_block(old, new), "```", ""]
    return out


def numbering() -> list[str]:
    """Raw interface lines: the normaliser hides the numbers, this section needs them."""
    out = []
    for engine in (NEW, OLD):
        lines = []
        for path in sorted(golden_dir(engine).glob("*.json")):
            for rec in json.loads(path.read_text()):
                if rec["line"].endswith(" ip addr"):
                    lines += [f"$ {rec['line']}"] + [
                        x.split(": <")[0] for x in rec["stdout"].splitlines()
                        if re.match(r"\d+: eth\d+@if\d+", x)]
                    break
            if lines:
                break
        host = netfilter_dir(engine)
        if host is not None and (host / "03-bridge.json").exists():
            links = json.loads((host / "03-bridge.json").read_text())["ip -o link"]
            lines += ["$ ip -o link   # on the host, in another run"] + [
                x.split(": <")[0] for x in links.splitlines() if ": veth" in x]
        out += [f"Engine {engine}:", "", "```", *lines, "```", ""]
    return out


def internal() -> list[str]:
    """The gateway of each endpoint on an --internal network, from the inspect recordings."""
    data = ROOT / "tests" / "cli" / "data"
    out = ["```"]
    for engine, name in ((NEW, f"engine_observed-{NEW}.json"), (OLD, "engine_observed.json")):
        path = data / name
        if not path.exists():
            continue
        observed = json.loads(path.read_text())
        internal = {n for n, net in observed["networks"].items() if net.get("Internal")}
        for cname, c in observed["containers"].items():
            for net, ep in (c["NetworkSettings"]["Networks"] or {}).items():
                if net in internal:
                    out.append(f"Engine {engine}: {cname} on {net}: "
                               f"\"Gateway\": {json.dumps(ep['Gateway'])}")
    return [*out, "```", ""] if len(out) > 1 else []


def firewall() -> list[str]:
    out = []
    for engine in (NEW, OLD):
        folder = netfilter_dir(engine)
        if folder is None or not (folder / "03-bridge.json").exists():
            continue
        rules = json.loads((folder / "03-bridge.json").read_text())
        chains = [x for x in rules["iptables -S"].splitlines()
                  if x.startswith(("-P FORWARD", "-N ", "-A FORWARD"))]
        raw = [x for x in rules["iptables -t raw -S"].splitlines() if x.startswith("-A ")]
        out += [f"Engine {engine} (`{rel(folder / '03-bridge.json')}`):", "", "```",
                "$ iptables -S   # chains, FORWARD", *chains,
                "$ iptables -t raw -S   # rules only", *(raw or ["(none)"]), "```", ""]
    return out


INTRO = f"""\
# Engine versions: what differs between Docker Engine {NEW} and {OLD}

The course teaches **Docker Engine {NEW}**, what most learners install today (Docker
Desktop and docker-ce ship 28 and 29), and the simulator answers as {NEW} by default:
`Lab()` on the simulator is Engine {NEW} behind the docker CLI {NEW}. `Lab(engine="{OLD}")`
(or `COURSEKIT_ENGINE={OLD}` in the environment) makes it answer as **Engine {OLD}**,
Debian 12's `docker.io`, behind the docker CLI 28.2. Both engines run in CI, and the
simulator is held to each by the same recorded scenarios.

This page is generated from those recordings: `{rel(golden_dir(NEW))}/` and
`{rel(golden_dir(OLD))}/`, the answers of each live engine to the scenarios in
`tests/scenarios/`. Each section below says in words what changed, then quotes every step
whose answers differ once ids, times, interface indexes and the host's resolver are
normalised. In the quoted blocks `-` lines are Engine {OLD}'s and `+` lines Engine
{NEW}'s. Regenerate the page after recording again:

    python tests/support/engine_versions.py > docs/engine-versions.md

`tests/test_engine_versions.py` fails when the page and the recordings disagree.
"""

KINDS: dict[str, str] = {
    "macs": f"""\
## MAC addresses

Engine {NEW} gives every container interface a **random**, locally administered MAC
address (`7a:a3:55:33:70:e1`): it says nothing about the container's IP address, and a
container that gets an address back does not get the old MAC with it. Engine {OLD} (and
every engine up to 27) derives the MAC from the IPv4 address: `02:42` followed by the
address's four bytes in hex, so 172.17.0.2 is always `02:42:ac:11:00:02`. Bridges such
as `docker0` get a random MAC on {NEW} too, and `02:42` with random bytes on {OLD}.
""",
    "numbering": f"""\
## Interface numbering and veth pairs

On Engine {NEW} the veth pair is created inside the container's namespace, so the
container's `eth0` is interface **2** there (`eth1` is 3), and its `@ifN` is the index of
the host end. The host end's own `@if2` points back at that 2, which every container
shares: to match the two ends, start inside the container (`2: eth0@if108` names the host's
interface 108), or read `link-netnsid` on the host. On Engine {OLD} the pair is created on
the host: the container end is `N: eth0@if(N+1)` and the host end `N+1: vethX@ifN`, so
either end names the other uniquely. The golden tests normalise these numbers (`N:`,
`@ifN`), so no step below differs because of them; here are the raw lines:
""",
    "pools": f"""\
## Address pools

Engine {NEW} gives a new network the **first free** subnet of its pools: create `p1`
(172.18.0.0/16), remove it, create `p2`, and `p2` gets 172.18.0.0/16 again. Engine {OLD}
(up to 26) moves on round-robin: `p2` gets 172.19.0.0/16, and the cursor is kept in the
daemon's memory until it restarts. With every pool used up, the two engines word the
refusal differently (see below). The pools themselves are the same: 172.17 to 172.31 as
/16s, then 192.168.0.0/16 cut into /20s.
""",
    "messages": f"""\
## Messages

Engine {NEW}'s daemon puts context in front of many errors: `failed to set up container
networking: ` before a missing network, an address in use or a port already allocated;
`invalid pool request: ` before an overlapping subnet; `invalid network config:` on a line
of its own before a bad subnet. A network in use names the containers holding it. `--ip`
on the default bridge is refused when the container is **created**, with both reasons
listed and no container left behind; Engine {OLD} creates the container (its ID is
printed), fails to start it, and leaves it `Created`.
""",
    "inspect": f"""\
## Inspect fields

`docker network inspect` on Engine {NEW} has `"EnableIPv4": true` after `Driver`, and
the default bridge's IPAM `Config` lists its `Gateway` from the daemon's first start
(Engine {OLD} lists only `Subnet` on a fresh machine). `host` and `none` show
`"Config": null` instead of `[]`. A container's endpoint gains `GwPriority` and
`DNSNames`, and `MacAddress` and `DriverOpts` move up; on a user-defined network
`DNSNames` holds the container's name, its aliases and its short ID, and `Aliases` holds
only the aliases you gave (Engine {OLD}: the short ID in `Aliases`, `DNSNames` null). So
on {NEW} the last 20 lines of `docker inspect NAME` begin inside the endpoint, below the
network's name; on {OLD} they begin at `"Networks": {{`. A container on the default bridge
has `HostConfig.NetworkMode` `bridge` (Engine {OLD}: `default`).
""",
    "files": f"""\
## Files and interfaces inside a container

Loopback has its IPv6 address on Engine {NEW}: `ip addr` in a container lists
`inet6 ::1/128` under `lo`. `/etc/hosts` writes `fe00::` and `ff00::` (Engine {OLD}:
`fe00::0`, `ff00::0`). `/etc/resolv.conf` on Engine {NEW} starts with a comment saying
Docker generated it and ends with where it came from: on a user-defined network
`# Based on host file: '/etc/resolv.conf' (internal resolver)` and
`# ExtServers: [host(...)]`, the servers the embedded DNS server forwards other names
to; on the default bridge `(legacy)` and no ExtServers. Engine {OLD} writes the
`nameserver` and `options` lines alone.
""",
    "firewall": f"""\
## Firewall rules

Both engines set the FORWARD policy to DROP here. Engine {NEW} moves its forwarding rules
into new chains (DOCKER-FORWARD, DOCKER-CT, DOCKER-BRIDGE) and adds, in the raw table, one
rule per container address that drops packets for it arriving through any interface but
the container's bridge: other machines on the LAN can no longer reach container
addresses directly, only published ports. Engine {OLD} writes no raw-table rules. The
rules after the bridge scenario (two containers with published ports):
""",
    "not-recorded": """\
## Not in these recordings

The scenarios send no traffic from another machine: what the LAN can reach is read from
the rules above, not tested with packets. Neither `-p 127.0.0.1:...` bindings seen from
outside the host nor traffic on an `--internal` network is recorded. One thing about
`--internal` is: the inspect documents in `tests/cli/data/` hold a container on an
internal network, and its endpoint there has a gateway on one engine only:
""",
}
ORDER = ["macs", "numbering", "pools", "messages", "inspect", "files", "firewall",
         "not-recorded"]


def page() -> str:
    by_kind: dict[str, list[Difference]] = {}
    for d in differences():
        by_kind.setdefault(d.kind, []).append(d)
    out = [INTRO]
    for kind in ORDER:
        out.append(KINDS[kind])
        if kind == "numbering":
            out += numbering()
        elif kind == "firewall":
            out += firewall()
        elif kind == "not-recorded":
            out += internal()
        for d in by_kind.get(kind, []):
            out += show(d)
    return "\n".join(out).rstrip("\n") + "\n"


if __name__ == "__main__":
    sys.stdout.write(page())

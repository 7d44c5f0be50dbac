"""Record what a live Docker engine answers, for the simulator's engine profiles (maintainer tool).

    python tests/support/observe.py --engine 28.5 --out tests/cli/data/engine_observed-28.5.json
    python tests/support/observe.py --engine 28.5 --help-out tests/cli/data/help-28.5.json \\
        --version-out tests/cli/data/version-28.5.txt
    python tests/support/observe.py --engine 28.5 --restart --netfilter-out tests/golden/28.5 \\
        [SCENARIO...]
    python tests/support/observe.py --engine 28.5 --user-rules-out tests/golden/28.5

The committed files came from (as root; each line starts and stops its own daemons):

    python tests/support/observe.py --engine 28.5 --restart \\
        --out tests/cli/data/engine_observed-28.5.json \\
        --help-out tests/cli/data/help-28.5.json --version-out tests/cli/data/version-28.5.txt
    python tests/support/observe.py --engine 20.10 --restart \\
        --out /tmp/engine_observed-20.10.json --version-out tests/cli/data/version-20.10.txt
    python tests/support/observe.py --engine 28.5 --restart --netfilter-out tests/golden/28.5
    python tests/support/observe.py --engine 20.10 --restart \\
        --netfilter-out tests/golden/20.10

Run it as root on the CI machine, with the engine started by ``.ci/engines.sh``
(``source .ci/engines.sh; engines_start 28.5``, which exports ``ENGINES_CLI``), or pass
``--restart`` and the tool starts and stops the engine itself through that library (a
FRESH daemon for ``--out``/``--help-out``/``--version-out``, one more per scenario for
``--netfilter-out``; no engine is left running). The docker CLI is ``$ENGINES_CLI``, else
``docker`` on PATH; ``DOCKER_HOST``/``DOCKER_CONTEXT`` are ignored (default socket).
``--engine`` (20.10 or 28.5) must match the daemon's ``Server.Version``.

What it writes:

``--out FILE`` (the daemon must be fresh: no containers, no user networks; ``--force``
    skips the check): the recording behind tests/cli/data/engine_observed.json, in the
    same JSON shape (``json.dumps(indent=1, ensure_ascii=False)``, no final newline),
    for the engine it runs on. It creates the networks ``hr3net`` (default pool),
    ``hr3net2`` (--subnet/--ip-range/--gateway, --internal, --attachable, labels,
    bridge name option) and ``hr3net3`` (--subnet only) and the containers ``hr3*`` the
    20.10 file holds, in the same order and modes: default bridge, user networks with
    --ip and --network-alias, ``network connect`` (with and without --ip) and a
    connect/disconnect pair, host, none, container:NAME, --link (default bridge and user
    network), --rm -dit, ``docker create`` (with -i, -p, --expose), foreground runs
    (exit 0, exit 3, with -i), killed ones (137), a failed start (port already
    allocated), published ports (fixed, random, ranges, udp, 127.0.0.1 bindings, -P).
    Then it records the following, and removes what it made (also the bridge ``hr3br``,
    which engines_stop, knowing only docker0 and br-*, would leave):

    - ``containers``: ``docker inspect NAME`` for each, in ``docker ps -a`` order;
    - ``networks``: ``docker network inspect`` of bridge, host, none and the hr3 networks,
      ``Containers`` limited to the hr3 containers;
    - ``templates``: ``docker inspect -f T NAME`` / ``docker network inspect -f T NAME``
      for the very (kind, name, template) list of the reference file (``--reference``,
      default tests/cli/data/engine_observed.json, read only);
    - ``ps``: the reference's ``docker ps`` variants, with the moment each ran (``now``);
    - ``network_ls``: the reference's ``docker network ls`` variants, run with
      ``--filter name=hr3`` (not shown in ``args``), and ``network_ls_predefined``
      (``docker network ls --filter type=builtin``);
    - ``port``: ``docker port NAME [PRIVATE]`` for the reference's (name, private) list.

``--help-out FILE``: ``docker PATH --help`` for every command path of
    coursekit/cli/flags/texts.py's ``HELP`` (plus the derived paths the help-text test
    compares: docker create, docker container run/create/ls, docker image ls), as
    {"docker run": "...", ...}, taken as texts.py's were: output captured (not a terminal:
    the CLI wraps at 80 columns), ``PATH`` with the CLI's folder first, ``HOME=/root``.
    The CLI hides flags by the daemon's API version: record against the engine the CLI
    belongs with.

``--version-out FILE``: ``docker version`` and ``docker info --format '{{json .}}'``, each
    after a ``$ COMMAND`` line, taken before the hr3 containers are made (a fresh daemon's
    counts when run with ``--out``).

``--netfilter-out DIR`` (with ``--restart`` for more than one scenario): replays each
    scenario of tests/scenarios (as tests/support/record.py does: ``bash -c LINE`` with
    the CLI first on PATH) and, at the end of the scenario but before its cleanup (the
    trailing ``docker rm``/``docker network rm`` steps; after the last step if there are
    none), takes the host's netfilter rules and links into DIR/iptables/NAME.json:
    ``iptables-save`` (its filter, nat and raw tables in the order it prints them, the
    ``# Generated by``/``# Completed on`` lines dropped, counters as printed),
    ``iptables -S``, ``iptables -t nat -S``, ``iptables -t raw -S``, ``ip -o link``,
    ``ip -o addr`` and the ``iptables -L`` views of ``LISTINGS``. The cleanup steps still
    run afterwards.

``--user-rules-out DIR``: on a fresh daemon, the facts a learner's DOCKER-USER rules
    rest on (USER_STEPS: the bridge sysctl, which traffic a DOCKER-USER rule stops, the
    host's addresses from containers, iptables' own answers on that chain) into
    DIR/iptables/observed-user-rules.json, each command with its stdout, stderr and exit
    code; the chain is put back as the engine wrote it before the containers go.

``--log FILE`` appends every command the tool ran with its output (default: none).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scenarios import RULE_TABLES, cleanup_start, host_rules, saved_tables, scenarios

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "tests" / "cli" / "data" / "engine_observed.json"
TEXTS = REPO / "coursekit" / "cli" / "flags" / "texts.py"
HELP_TEST = REPO / "tests" / "cli" / "test_commands.py"
ENGINES_SH = REPO / ".ci" / "engines.sh"
PREFIX = "hr3"
BRIDGE = "hr3br"  # hr3net2's com.docker.network.bridge.name

LOG: list[str] = []


# ------------------------------------------------------------------ running commands


def _env(cli: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DOCKER_HOST", "DOCKER_CONTEXT")}
    if cli is not None:
        env["PATH"] = f"{Path(cli).parent}:{env.get('PATH', '/usr/bin:/bin')}"
    return env


def run(argv: list[str], env: dict[str, str] | None = None,
        timeout: float = 120) -> tuple[str, str, int]:
    proc = subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env=env if env is not None else _env(), timeout=timeout)
    LOG.append(f"$ {' '.join(argv)}\n{proc.stdout}{proc.stderr}[rc {proc.returncode}]\n")
    return proc.stdout, proc.stderr, proc.returncode


class Docker:
    def __init__(self, cli: str) -> None:
        self.cli = cli

    def __call__(self, *args: str) -> tuple[str, str, int]:
        return run([self.cli, *args], env=_env(self.cli))

    def ok(self, *args: str) -> str:
        out, err, rc = self(*args)
        if rc != 0:
            raise SystemExit(f"docker {' '.join(args)} failed ({rc}): {err}")
        return out

    def server_version(self) -> str:
        return self.ok("version", "--format", "{{.Server.Version}}").strip()


def find_cli() -> str:
    cli = os.environ.get("ENGINES_CLI") or shutil.which("docker")
    if not cli:
        raise SystemExit("no docker CLI: set ENGINES_CLI or put docker on PATH")
    return cli


# ------------------------------------------------------------------ engines (.ci/engines.sh)


def engines_start(engine: str) -> str:
    """A fresh daemon of ``engine`` through .ci/engines.sh; returns its CLI."""
    script = (f"source {ENGINES_SH} && engines_start {engine} >&2 && "
              "printf '%s\\n' \"$ENGINES_CLI\"")
    proc = subprocess.run(["bash", "-c", script], stdout=subprocess.PIPE, text=True,
                          stdin=subprocess.DEVNULL, env=_env())
    if proc.returncode != 0 or not proc.stdout.strip():
        raise SystemExit(f"engines_start {engine} failed")
    return proc.stdout.strip().splitlines()[-1]


def engines_stop() -> None:
    subprocess.run(["bash", "-c", f"source {ENGINES_SH} && engines_stop >&2"],
                   stdin=subprocess.DEVNULL, env=_env(), check=True)


def engines_check_clean() -> bool:
    return subprocess.run(["bash", "-c", f"source {ENGINES_SH} && engines_check_clean"],
                          stdin=subprocess.DEVNULL, env=_env()).returncode == 0


# ------------------------------------------------------------------ the hr3 recording

NETWORKS: list[list[str]] = [
    ["network", "create", "hr3net"],
    ["network", "create", "--subnet", "10.77.0.0/24", "--ip-range", "10.77.0.128/25",
     "--gateway", "10.77.0.254", "--internal", "--attachable", "--label", "a=b",
     "--label", "x.y=z", "-o", "com.docker.network.bridge.name=hr3br", "hr3net2"],
    ["network", "create", "--subnet", "10.78.0.0/24", "hr3net3"],
]

B = "busybox"
SLEEP = [B, "sleep", "1d"]
SETUP: list[tuple[list[str], int]] = [
    # (docker arguments, expected exit code), in the order of the 20.10 recording
    (["run", "-d", "--name", "hr3u1", *SLEEP], 0),
    (["run", "-d", "--name", "hr3w1", "-p", "8181:8080", *SLEEP], 0),
    (["run", "-d", "--name", "hr3n1", "--network", "hr3net", *SLEEP], 0),
    (["run", "-d", "--name", "hr3h1", "--network", "host", *SLEEP], 0),
    (["run", "-d", "--name", "hr3z1", "--network", "none", *SLEEP], 0),
    (["run", "-d", "--name", "hr3c1", "--network", "container:hr3u1", *SLEEP], 0),
    (["run", "-d", "--name", "hr3l1", "--link", "hr3u1:uu", *SLEEP], 0),
    (["run", "-d", "--name", "hr3i1", "--network", "hr3net3", "--ip", "10.78.0.50", *SLEEP], 0),
    (["run", "-dit", "--rm", "--name", "hr3r1", B, "sh"], 0),
    (["create", "--name", "hr3k1", B, "echo", "hi"], 0),
    (["run", "--name", "hr3e1", B, "sh", "-c", "exit 3"], 3),
    (["create", "--name", "hr3k2", "--network", "hr3net", "--network-alias", "web",
      "--network-alias", "www", *SLEEP], 0),
    (["run", "-d", "--name", "hr3n2", "--network", "hr3net", "--network-alias", "db",
      "--link", "hr3n1:nn", *SLEEP], 0),
    (["run", "-d", "--name", "hr3p1", "--hostname", "myhost", "--entrypoint", "/bin/sh", "-P",
      "--expose", "5000", "-p", "7070", "-p", "127.0.0.1:8282:80", "-p", "9090:9090/udp",
      "--label", "z=1", "--label", "a=2", B, "-c", "sleep 1d"], 0),
    (["run", "-d", "--name", "hr3s1", "--network", "hr3net", *SLEEP], 0),
    (["kill", "hr3s1"], 0),
    (["network", "connect", "hr3net", "hr3u1"], 0),
    (["run", "-d", "--name", "hr3q1", "-p", "127.0.0.1::7000", "-p", "8383:8383",
      "-p", "9000-9002:9000-9002", "--expose", "6000-6001", *SLEEP], 0),
    (["run", "-d", "--name", "hr3q2", "-p", "8484:80", *SLEEP], 0),
    (["kill", "hr3q2"], 0),
    (["create", "--name", "hr3k3", "-p", "8585:80", "--expose", "81", *SLEEP], 0),
    (["run", "-d", "--name", "hr3z2", "--network", "none", "-p", "8686:80", *SLEEP], 0),
    (["run", "-d", "--name", "hr3h2", "--network", "host", "-p", "8787:80", *SLEEP], 0),
    (["run", "-i", "--name", "hr3a1", B, "true"], 0),
    (["run", "--name", "hr3a2", B, "true"], 0),
    (["create", "-i", "--name", "hr3a3", B, "true"], 0),
    (["run", "-d", "--name", "hr3x1", "-p", "8181:80", *SLEEP], 125),  # 8181 is hr3w1's
    (["run", "-d", "--name", "hr3m1", "--network", "hr3net3", "--network-alias", "web",
      "--network-alias", "www", *SLEEP], 0),
    (["network", "connect", "--ip", "10.77.0.200", "hr3net2", "hr3m1"], 0),
    (["network", "connect", "hr3net", "hr3m1"], 0),
    (["network", "disconnect", "hr3net", "hr3m1"], 0),
]


def check_fresh(docker: Docker) -> None:
    containers = docker.ok("ps", "-aq").split()
    custom = docker.ok("network", "ls", "-q", "--filter", "type=custom").split()
    if containers or custom:
        raise SystemExit(f"the daemon is not fresh ({len(containers)} containers, "
                         f"{len(custom)} user networks): restart it or pass --force")


def setup(docker: Docker) -> None:
    for argv in NETWORKS:
        docker.ok(*argv)
    for argv, expected in SETUP:
        _, err, rc = docker(*argv)
        if rc != expected:
            raise SystemExit(f"docker {' '.join(argv)}: exit {rc}, expected {expected}: {err}")


def teardown(docker: Docker) -> None:
    """Remove the hr3 containers and networks (hr3net2's bridge ``hr3br`` is no ``br-*``
    link: engines_stop would leave it on the host)."""
    names = [n for n in docker.ok("ps", "-a", "--format", "{{.Names}}").split()
             if n.startswith(PREFIX)]
    if names:
        docker("rm", "-f", *names)
    nets = [n for n in docker.ok("network", "ls", "--format", "{{.Name}}").split()
            if n.startswith(PREFIX)]
    if nets:
        docker("network", "rm", *nets)
    delete_bridge()


def delete_bridge() -> None:
    if run(["ip", "link", "show", BRIDGE])[2] == 0:
        run(["ip", "link", "delete", BRIDGE])


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def _redo(entry: dict[str, Any], **values: Any) -> dict[str, Any]:
    """``entry`` with the same keys in the same order, its recorded values replaced."""
    return {key: values.get(key, value) for key, value in entry.items()}


def _result(out: tuple[str, str, int]) -> dict[str, Any]:
    return {"stdout": out[0], "stderr": out[1], "rc": out[2]}


def observe(docker: Docker, reference: dict[str, Any]) -> dict[str, Any]:
    names = [n for n in docker.ok("ps", "-a", "--format", "{{.Names}}").split()
             if n.startswith(PREFIX)]
    containers = {n: json.loads(docker.ok("inspect", n))[0] for n in names}
    members = {doc["Id"] for doc in containers.values()}
    hr3nets = sorted(n for n in docker.ok("network", "ls", "--format", "{{.Name}}").split()
                     if n.startswith(PREFIX))
    networks = {}
    for name in ["bridge", "host", "none", *hr3nets]:
        doc = json.loads(docker.ok("network", "inspect", name))[0]
        if isinstance(doc.get("Containers"), dict):
            doc["Containers"] = {cid: m for cid, m in doc["Containers"].items()
                                 if cid in members}
        networks[name] = doc

    templates = []
    for entry in reference["templates"]:
        verb = ["inspect"] if entry["kind"] == "container" else ["network", "inspect"]
        out = docker(*verb, "-f", entry["template"], entry["name"])
        templates.append(_redo(entry, **_result(out)))

    ps = []
    for entry in reference["ps"]:
        now = _now()
        ps.append(_redo(entry, now=now, **_result(docker("ps", *entry["args"]))))

    network_ls = []
    for entry in reference["network_ls"]:
        out = docker("network", "ls", "--filter", f"name={PREFIX}", *entry["args"])
        network_ls.append(_redo(entry, **_result(out)))
    predefined = {"bridge/host/none": _result(docker("network", "ls", "--filter",
                                                     "type=builtin"))}

    port = []
    for entry in reference["port"]:
        private = [entry["private"]] if entry["private"] is not None else []
        port.append(_redo(entry, **_result(docker("port", entry["name"], *private))))

    return {"containers": containers, "networks": networks, "templates": templates,
            "ps": ps, "network_ls": network_ls, "network_ls_predefined": predefined,
            "port": port}


# ------------------------------------------------------------------ help texts, versions


def _literal_strings(path: Path, name: str) -> list[str]:
    """The string keys (dict) or items (list) of the module-level ``name`` in ``path``."""
    for node in ast.parse(path.read_text()).body:
        target: ast.expr
        value: ast.expr | None
        if isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign):
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == name and value is not None:
            items = value.keys if isinstance(value, ast.Dict) else getattr(value, "elts", [])
            return [k.value for k in items
                    if isinstance(k, ast.Constant) and isinstance(k.value, str)]
    return []


def help_paths() -> list[str]:
    paths = _literal_strings(TEXTS, "HELP")
    if not paths:
        raise SystemExit(f"no HELP dict found in {TEXTS}")
    for extra in _literal_strings(HELP_TEST, "HELP_PATHS"):
        if extra not in paths:
            paths.append(extra)
    return paths


def help_texts(cli: str) -> dict[str, str]:
    env = {"PATH": f"{Path(cli).parent}:/usr/local/bin:/usr/bin:/bin", "HOME": "/root"}
    texts = {}
    for path in help_paths():
        out, err, rc = run([cli, *path.split()[1:], "--help"], env=env)
        if rc != 0 or err:
            raise SystemExit(f"{path} --help: exit {rc}: {err}")
        texts[path] = out
    return texts


def versions(docker: Docker) -> str:
    text = ""
    for args in (["version"], ["info", "--format", "{{json .}}"]):
        out, err, rc = docker(*args)
        shown = " ".join(a if a.isalnum() or a.startswith("-") else f"'{a}'" for a in args)
        text += f"$ docker {shown}\n{out}{err}"
        if rc != 0:
            text += f"[exit {rc}]\n"
    return text


# ------------------------------------------------------------------ netfilter per scenario

def _save(argv: list[str]) -> str:
    out, err, rc = run(argv)
    if rc != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {err}")
    return out


def iptables_save() -> str:
    """The host's filter, nat and raw tables (a note names any other table with rules)."""
    text = _save(["iptables-save"])
    others = [table for table, block in saved_tables(text).items()
              if table not in RULE_TABLES and any(
                  not (x.startswith((":", "*")) or x.strip() == "COMMIT")
                  for x in block.splitlines())]
    if others:
        print(f"  note: iptables-save also has rules in {', '.join(others)} (left out)",
              file=sys.stderr)
    return host_rules(lambda argv: text if argv == ["iptables-save"] else _save(argv))


LISTINGS = (["iptables", "-L", "-n"], ["iptables", "-L", "-n", "-v"],
            ["iptables", "-L", "DOCKER", "-n", "--line-numbers"],
            ["iptables", "-t", "nat", "-L", "-n"], ["iptables", "-t", "raw", "-L", "-n", "-v"])
"""The ``iptables -L`` views also taken (recordings made before they were added lack them)."""


def netfilter_snapshot() -> dict[str, str]:
    snap = {"iptables-save": iptables_save()}
    for argv in (["iptables", "-S"], ["iptables", "-t", "nat", "-S"],
                 ["iptables", "-t", "raw", "-S"], ["ip", "-o", "link"], ["ip", "-o", "addr"],
                 *LISTINGS):
        out, err, rc = run(argv)
        if rc != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {err}")
        snap[" ".join(argv)] = out
    return snap


def replay_netfilter(name: str, cli: str, out_dir: Path) -> None:
    steps = scenarios()[name]
    at = cleanup_start([step.line for step in steps])
    env = _env(cli)
    snap = None
    for index, step in enumerate(steps):
        if index == at:
            snap = netfilter_snapshot()
        run(["bash", "-c", step.line], env=env, timeout=60)
    if snap is None:
        snap = netfilter_snapshot()
    where = (f"before step {at + 1} ({steps[at].line!r})" if at < len(steps)
             else "after the last step")
    target = out_dir / "iptables" / f"{name}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(snap, indent=1, ensure_ascii=False) + "\n")
    print(f"recorded {name}: rules {where} -> {target}", file=sys.stderr)


# ------------------------------------------------------------------ DOCKER-USER observations

HTTP = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 {host} {port}"
"""An HTTP request from inside a container (the image's busybox wget segfaults here)."""

USER_SETUP = [
    "docker network create n1", "docker network create n2",
    "docker run -d --name a1 --network n1 busybox sleep 1d",
    "docker run -d --name b1 --network n1 busybox sleep 1d",
    "docker run -d --name c1 --network n2 busybox sleep 1d",
    "docker run -d --name w1 -p 8080:80 busybox httpd -f -p 80",
    "docker run -d --name x1 busybox sleep 1d",
]
USER_STEPS = [
    # a. bridged traffic through FORWARD?
    "cat /proc/sys/net/bridge/bridge-nf-call-iptables", "lsmod | grep br_netfilter",
    "grep br_netfilter /proc/modules",
    # b. a learner's DOCKER-USER rules
    "docker exec a1 ping -c 1 -W 1 {B}",
    "iptables -I DOCKER-USER -s {A} -d {B} -j DROP",
    "docker exec a1 ping -c 1 -W 1 {B}", "iptables -L DOCKER-USER -n -v",
    "iptables -D DOCKER-USER 1", "docker exec a1 ping -c 1 -W 1 {B}",
    "docker exec a1 ping -c 1 -W 1 {C}",
    "iptables -I DOCKER-USER -i {BR1} -o {BR2} -j DROP",
    "docker exec a1 ping -c 1 -W 1 {C}", "iptables -L DOCKER-USER -n -v",
    "iptables -D DOCKER-USER 1",
    "curl -s -m 2 http://127.0.0.1:8080/", "curl -s -m 2 http://172.17.0.1:8080/",
    "docker exec a1 sh -c \"" + HTTP.format(host="{W}", port=80) + "\"",
    "docker exec x1 sh -c \"" + HTTP.format(host="{W}", port=80) + "\"",
    "iptables -I DOCKER-USER -p tcp --dport 80 -j DROP",
    "busybox wget -q -T 1 -O- http://127.0.0.1:8080/",
    "curl -s -m 2 http://127.0.0.1:8080/", "curl -s -m 2 http://172.17.0.1:8080/",
    "docker exec a1 wget -q -T 1 -O- http://{W}:80/",
    "docker exec a1 sh -c \"" + HTTP.format(host="{W}", port=80) + "\"",
    "docker exec x1 sh -c \"" + HTTP.format(host="{W}", port=80) + "\"",
    "iptables -L DOCKER-USER -n -v", "iptables -D DOCKER-USER 1",
    # c. the host's own addresses from containers
    "docker exec a1 sh -c \"" + HTTP.format(host="172.17.0.1", port=8080) + "\"",
    "docker exec a1 sh -c \"" + HTTP.format(host="{G1}", port=8080) + "\"",
    "docker exec x1 sh -c \"" + HTTP.format(host="172.17.0.1", port=8080) + "\"",
    "docker exec x1 sh -c \"" + HTTP.format(host="{G1}", port=8080) + "\"",
    # d. iptables' own answers on DOCKER-USER
    "iptables -S DOCKER-USER", "iptables -I DOCKER-USER -s 10.0.0.1 -j DROP",
    "iptables -S DOCKER-USER", "iptables -A DOCKER-USER -s 10.0.0.2 -j DROP",
    "iptables -S DOCKER-USER", "iptables -L DOCKER-USER -n --line-numbers",
    "iptables -I DOCKER-USER 2 -s 10.0.0.3 -j DROP", "iptables -S DOCKER-USER",
    "iptables -L DOCKER-USER -n --line-numbers",
    "iptables -D DOCKER-USER -s 10.0.0.1 -j DROP", "iptables -S DOCKER-USER",
    "iptables -D DOCKER-USER 9", "iptables -D DOCKER-USER -s 10.9.9.9 -j DROP",
    "iptables -F DOCKER-USER", "iptables -S DOCKER-USER",
    "iptables -I DOCKER-USER -j NOSUCH", "iptables -I DOCKER-USER -s 300.1.1.1 -j DROP",
    "iptables -I DOCKER-USER -p tcp --dport 80", "iptables -S DOCKER-USER",
    "iptables -I NOSUCHCHAIN -j DROP",
]
"""What observed-user-rules.json holds; ``{A}``... are filled in from the engine."""


def _user_values(docker: Docker) -> dict[str, str]:
    def ip(name: str, net: str) -> str:
        template = '{{(index .NetworkSettings.Networks "' + net + '").IPAddress}}'
        return docker.ok("container", "inspect", "-f", template, name).strip()
    ids = {n: docker.ok("network", "inspect", "-f", "{{.Id}}", n).strip()[:12]
           for n in ("n1", "n2")}
    gateway = docker.ok("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", "n1")
    return {"A": ip("a1", "n1"), "B": ip("b1", "n1"), "C": ip("c1", "n2"),
            "W": ip("w1", "bridge"), "G1": gateway.strip(),
            "BR1": f"br-{ids['n1']}", "BR2": f"br-{ids['n2']}"}


def observe_user_rules(cli: str, out_dir: Path) -> None:
    """Run USER_STEPS on a fresh daemon (after one reading of the bridge sysctl before
    any container) and write DIR/iptables/observed-user-rules.json; DOCKER-USER is put
    back as the engine wrote it (20.10: ``-j RETURN``) before the containers go."""
    env, rows = _env(cli), []
    def step(line: str) -> None:
        out, err, rc = run(["bash", "-c", line], env=env, timeout=60)
        rows.append({"command": line, "stdout": out, "stderr": err, "exit_code": rc})
    step(USER_STEPS[0])
    original, _, _ = run(["iptables", "-S", "DOCKER-USER"])
    for line in USER_SETUP:
        step(line)
    try:
        values = _user_values(Docker(cli))
        for line in USER_STEPS:
            step(line.format(**values))
    finally:
        run(["iptables", "-F", "DOCKER-USER"])
        for rule in original.splitlines()[1:]:
            run(["iptables", *rule.split()])
        for line in ("docker rm -f a1 b1 c1 w1 x1", "docker network rm n1 n2"):
            step(line)
    target = out_dir / "iptables" / "observed-user-rules.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
    print(f"recorded {len(rows)} DOCKER-USER observations -> {target}", file=sys.stderr)


# ------------------------------------------------------------------ main


def _check_engine(docker: Docker, engine: str) -> None:
    version = docker.server_version()
    if not version.startswith(engine + "."):
        raise SystemExit(f"--engine {engine}, but the daemon is {version}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Record what a live engine answers.")
    parser.add_argument("--engine", required=True, choices=["20.10", "28.5"])
    parser.add_argument("--out", type=Path, help="the hr3 recording (engine_observed shape)")
    parser.add_argument("--reference", type=Path, default=REFERENCE,
                        help="the file whose template/ps/network ls/port lists are replayed")
    parser.add_argument("--help-out", type=Path, help="help texts JSON")
    parser.add_argument("--version-out", type=Path, help="docker version and docker info")
    parser.add_argument("--netfilter-out", type=Path,
                        help="folder for iptables/NAME.json (one scenario per fresh daemon)")
    parser.add_argument("--user-rules-out", type=Path,
                        help="folder for iptables/observed-user-rules.json (fresh daemon)")
    parser.add_argument("--restart", action="store_true",
                        help="start/stop fresh daemons through .ci/engines.sh")
    parser.add_argument("--force", action="store_true", help="do not require a fresh daemon")
    parser.add_argument("--log", type=Path, help="append every command and its output here")
    parser.add_argument("scenario", nargs="*", help="scenarios for --netfilter-out (default: all)")
    args = parser.parse_args()
    if not (args.out or args.help_out or args.version_out or args.netfilter_out
            or args.user_rules_out):
        parser.error("nothing to do: give --out, --help-out, --version-out, --netfilter-out"
                     " or --user-rules-out")
    known = scenarios()
    names = args.scenario or list(known)
    for name in names:
        if name not in known:
            parser.error(f"no scenario {name!r} (known: {', '.join(known)})")
    if args.netfilter_out and len(names) > 1 and not args.restart:
        parser.error("more than one scenario needs --restart (a fresh daemon each)")

    try:
        if args.out or args.help_out or args.version_out:
            cli = engines_start(args.engine) if args.restart else find_cli()
            docker = Docker(cli)
            try:
                _check_engine(docker, args.engine)
                if args.out and not args.force:
                    check_fresh(docker)
                if args.version_out:
                    args.version_out.parent.mkdir(parents=True, exist_ok=True)
                    args.version_out.write_text(versions(docker))
                    print(f"recorded versions -> {args.version_out}", file=sys.stderr)
                if args.help_out:
                    texts = help_texts(cli)
                    args.help_out.parent.mkdir(parents=True, exist_ok=True)
                    args.help_out.write_text(json.dumps(texts, indent=1, ensure_ascii=False)
                                             + "\n")
                    print(f"recorded {len(texts)} help texts -> {args.help_out}",
                          file=sys.stderr)
                if args.out:
                    reference = json.loads(args.reference.read_text())
                    try:
                        setup(docker)
                        data = observe(docker, reference)
                    finally:
                        teardown(docker)
                    args.out.parent.mkdir(parents=True, exist_ok=True)
                    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False))
                    print(f"recorded {len(data['containers'])} containers -> {args.out}",
                          file=sys.stderr)
            finally:
                if args.restart:
                    engines_stop()
                    delete_bridge()
        if args.user_rules_out:
            cli = engines_start(args.engine) if args.restart else find_cli()
            try:
                _check_engine(Docker(cli), args.engine)
                observe_user_rules(cli, args.user_rules_out)
            finally:
                if args.restart:
                    engines_stop()
        if args.netfilter_out:
            for name in names:
                cli = engines_start(args.engine) if args.restart else find_cli()
                try:
                    docker = Docker(cli)
                    _check_engine(docker, args.engine)
                    if not args.force:
                        check_fresh(docker)
                    replay_netfilter(name, cli, args.netfilter_out)
                finally:
                    if args.restart:
                        engines_stop()
        if args.restart and not engines_check_clean():
            raise SystemExit("engines_check_clean failed after the last engines_stop")
    finally:
        if args.log:
            with args.log.open("a") as log:
                log.write("".join(LOG))


if __name__ == "__main__":
    main()

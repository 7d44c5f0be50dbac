"""``docker run``/``create`` options as both engines answer them (observed on Engines 28.5
and 20.10 behind their CLIs; tests/golden/*/14-run-options.json records the same).

The CLI's own value checks (``--add-host``, ``--dns``, ``-e``, ``--mac-address``), the
API client's refusal of ``--mac-address`` against API 1.41, the daemon's container-mode
conflicts in moby's order, what inspect records, ``env`` with ``-e`` and ``--link``
variables, and ``-it`` without a terminal.
"""

from __future__ import annotations

import json

import pytest

from coursekit import Lab
from coursekit.result import CommandResult

ENGINES = ("28.5", "20.10")
RUN_TAIL = "\n\nRun 'docker run --help' for more information\n"
USAGE = "\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]" + RUN_TAIL


@pytest.fixture(params=ENGINES)
def lab(request: pytest.FixtureRequest) -> Lab:
    return Lab(backend="sim", engine=request.param, seed=0)


def nothing_created(lab: Lab) -> bool:
    return lab.sh("docker ps -aq").stdout == ""


@pytest.mark.parametrize(("flags", "message"), [
    ("--add-host bad", 'invalid argument "bad" for "--add-host" flag: bad format for '
     'add-host: "bad"'),
    ("--add-host foo:notanip", 'invalid argument "foo:notanip" for "--add-host" flag: '
     'invalid IP address in add-host: "notanip"'),
    ("--dns bad", 'invalid argument "bad" for "--dns" flag: IP address is not correctly '
     "formatted: bad"),
    ("-e =x", 'invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x'),
])
def test_cli_value_checks(lab: Lab, flags: str, message: str) -> None:
    """pflag's ``invalid argument`` line, the usage, exit 125, nothing created."""
    assert lab.sh(f"docker run {flags} busybox true") == CommandResult("", message + USAGE, 125)
    assert nothing_created(lab)


def test_a_bad_mac_is_the_clis_own_error(lab: Lab) -> None:
    assert lab.sh("docker run --mac-address zz busybox true") == CommandResult(
        "", "docker: zz is not a valid mac address" + RUN_TAIL, 125)


def test_mac_address_needs_api_1_44() -> None:
    """CLI 28.2 before Engine 20.10 (API 1.41) refuses before creating (run 125, create 1);
    on 28.5 the container's eth0 has the MAC and inspect records it."""
    old = Lab(backend="sim", engine="20.10", seed=0)
    text = ('"specify mac-address per network" requires API version 1.44, but the Docker '
            "daemon API version is 1.41")
    assert old.sh("docker run --mac-address 02:42:ac:11:00:09 busybox true") == \
        CommandResult("", f"docker: {text}{RUN_TAIL}", 125)
    assert old.sh("docker create --mac-address 02:42:ac:11:00:09 busybox") == \
        CommandResult("", text + "\n", 1)
    assert nothing_created(old)
    new = Lab(backend="sim", engine="28.5", seed=0)
    shown = new.sh("docker run --rm --mac-address 02:42:ac:11:00:09 busybox ip link show eth0")
    assert "link/ether 02:42:ac:11:00:09 brd" in shown.stdout
    new.sh("docker create --name m2 --mac-address 02:42:ac:11:00:0a busybox")
    assert new.sh("docker inspect -f '{{.Config.MacAddress}}' m2").stdout == \
        "02:42:ac:11:00:0a\n"


@pytest.mark.parametrize(("flags", "conflict"), [
    ("--dns 1.1.1.1", "dns and the network mode"),
    ("--add-host a:1.2.3.4 -p 80:80", "custom host-to-IP mapping and the network mode"),
    ("--add-host a:1.2.3.4 --dns 1.1.1.1 --hostname h", "hostname and the network mode"),
    ("--dns 1.1.1.1 --link db:d", "container type network can't be used with links. This "
     "would result in undefined behavior"),
    ("--expose 80", "port exposing and the container type network mode"),
])
def test_container_mode_conflicts_in_moby_order(lab: Lab, flags: str, conflict: str) -> None:
    """The daemon's first conflict (hostname, links, dns, hosts, ports, expose), exit 125."""
    lab.sh("docker run -d --name db busybox sleep 1d")
    result = lab.sh(f"docker run --network container:db {flags} busybox true")
    assert result == CommandResult("", "docker: Error response from daemon: conflicting "
                                   f"options: {conflict}{RUN_TAIL}", 125)
    assert lab.sh("docker ps -aq").stdout.count("\n") == 1


def test_container_mode_keeps_the_owners_files(lab: Lab) -> None:
    """``--dns-search`` and ``-e`` are accepted there; resolv.conf is the owner's."""
    lab.sh("docker run -d --name db busybox sleep 1d")
    own = lab.sh("docker exec db cat /etc/resolv.conf").stdout
    got = lab.sh("docker run --rm --network container:db --dns-search lab.example "
                 "busybox cat /etc/resolv.conf")
    assert got == CommandResult(own, "", 0)


def test_inspect_records_the_options(lab: Lab) -> None:
    """ExtraHosts as the API takes them (``=`` becomes ``:``), Dns*, Env as typed."""
    lab.sh("docker create --name oo --add-host foo:10.1.2.3 --add-host gw=host-gateway "
           "--dns 1.1.1.1 --dns-search lab.example. --dns-option ndots:2 -e FOO=bar "
           "-e NOSUCH busybox")
    doc = json.loads(lab.sh("docker inspect oo").stdout)[0]
    host = doc["HostConfig"]
    assert (host["ExtraHosts"], host["Dns"], host["DnsSearch"], host["DnsOptions"]) == (
        ["foo:10.1.2.3", "gw:host-gateway"], ["1.1.1.1"], ["lab.example"], ["ndots:2"])
    assert doc["Config"]["Env"] == ["FOO=bar", "NOSUCH"]
    assert "MacAddress" not in doc["Config"]


def test_env_with_values_and_links(lab: Lab) -> None:
    """PATH, HOSTNAME, the link's variables (port order is the engine's), -e, HOME last;
    a bare ``-e NAME`` is dropped, ``-e HOSTNAME=x`` replaces in place."""
    lab.sh("docker run -d --name db --expose 80 --expose 53/udp -e SECRET=s3 busybox "
           "sleep 1d")
    out = lab.sh("docker run --rm --name app --link db:dbal -e FOO=bar -e NOSUCH "
                 "-e HOSTNAME=zz busybox env").stdout.splitlines()
    first = "tcp://172.17.0.2:80" if lab.backend.profile().name == "28.5" else \
        "udp://172.17.0.2:53"
    assert out[:3] == ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                       "HOSTNAME=zz", f"DBAL_PORT={first}"]
    assert out[-4:] == ["DBAL_NAME=/app/dbal", "DBAL_ENV_SECRET=s3", "FOO=bar", "HOME=/"]
    assert "DBAL_PORT_80_TCP_ADDR=172.17.0.2" in out and "NOSUCH" not in " ".join(out)


def test_it_without_a_terminal(lab: Lab) -> None:
    """-it: the CLI's line then the lab's advice, exit 1, before the image is looked up;
    -d -it and -t alone are no refusal."""
    for line in ("docker run -it busybox sh", "docker run -it --rm nosuchimage sh"):
        result = lab.sh(line)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.startswith("the input device is not a TTY\ncoursekit: ")
    assert nothing_created(lab)
    assert lab.sh("docker run -d -it --name cc busybox sh").exit_code == 0
    assert lab.sh("docker exec -it cc sh").stderr.startswith("the input device is not a TTY\n")


def test_the_console_shows_the_cli_line_then_the_advice(lab: Lab) -> None:
    """The console widget answers ``-it`` as a cell does: both lines, exit 1."""
    from coursekit.widgets.console import Console
    console = Console(lab)
    result = console.run("docker run -it busybox sh")
    assert result.exit_code == 1
    assert "the input device is not a TTY" in console.output.value
    assert "coursekit: a notebook cell has no terminal" in console.output.value

"""The shell's word splitting and pflag's flag rules, as docker CLI 28.2.2 applies them."""

from __future__ import annotations

import pytest

from coursekit.cli.commands.spec import CHECKS, HIDDEN_FLAGS, container_spec, parse_port_spec
from coursekit.cli.errors import FlagError, ShellSyntaxError, SpecError
from coursekit.cli.flags import usage
from coursekit.cli.flags.grammar import Parsed, parse_flags
from coursekit.cli.shell.words import split_line
from coursekit.models import PortBinding

RUN = {**usage.flags("docker run"), **HIDDEN_FLAGS}


def run_flags(*argv: str) -> Parsed:
    return parse_flags(RUN, argv, interspersed=False, checks=CHECKS)


# ---------------------------------------------------------------- split_line

@pytest.mark.parametrize("line, words", [
    ("docker network ls", [["docker", "network", "ls"]]),
    ("  docker   ps  ", [["docker", "ps"]]),
    ("docker inspect -f '{{.Name}} {{.Id}}' u1", [["docker", "inspect", "-f",
                                                   "{{.Name}} {{.Id}}", "u1"]]),
    ('docker run --name "a b" busybox', [["docker", "run", "--name", "a b", "busybox"]]),
    (r'echo "say \"hi\" \$x"', [["echo", 'say "hi" $x']]),
    (r"echo a\ b", [["echo", "a b"]]),
    ("echo ''", [["echo", ""]]),
    ("echo a'b'\"c\"", [["echo", "abc"]]),
    ("docker ps # list them", [["docker", "ps"]]),
    ("echo a#b", [["echo", "a#b"]]),
    ("docker ps | grep web", [["docker", "ps"], ["grep", "web"]]),
    ("docker ps|head -n 2|tail -1", [["docker", "ps"], ["head", "-n", "2"], ["tail", "-1"]]),
    ("grep 'a|b'", [["grep", "a|b"]]),
    ("echo $HOME", [["echo", "$HOME"]]),
    ("", []),
    ("   # only a comment", []),
])
def test_split_line_reads_words_as_bash_does(line: str, words: list[list[str]]) -> None:
    """Quotes, escapes, comments and pipes split as bash splits them."""
    assert split_line(line) == words


@pytest.mark.parametrize("line, op", [
    ("docker ps && docker images", "&&"),
    ("docker ps; docker images", ";"),
    ("docker ps > out.txt", ">"),
    ("docker rm -f $(docker ps -aq)", "$("),
    ('docker rm "$(docker ps -aq)"', "$("),
    ("docker rm `docker ps -aq`", "`"),
    ("docker run -d busybox &", "&"),
    ("docker ps || true", "||"),
    ("docker ps\ndocker images", "newline"),
])
def test_split_line_refuses_shell_syntax_it_does_not_run(line: str, op: str) -> None:
    """Operators beyond a pipe are refused, naming the operator."""
    with pytest.raises(ShellSyntaxError) as info:
        split_line(line)
    assert info.value.unsupported == op


@pytest.mark.parametrize("line, message", [
    ("docker ps 'oops", "bash: unexpected EOF while looking for matching `''"),
    ('docker ps "oops', 'bash: unexpected EOF while looking for matching `"\''),
    ("| grep x", "bash: syntax error near unexpected token `|'"),
    ("docker ps | | grep x", "bash: syntax error near unexpected token `|'"),
])
def test_split_line_reports_what_bash_reports(line: str, message: str) -> None:
    """Broken quoting and empty pipe stages give bash's own message."""
    with pytest.raises(ShellSyntaxError) as info:
        split_line(line)
    assert (info.value.message, info.value.unsupported) == (message, "")


# ---------------------------------------------------------------- flags

def test_short_flags_bundle_and_values_glue() -> None:
    """``-dit``, ``-p8080:80`` and ``-p 8081:81`` all parse as pflag parses them."""
    parsed = run_flags("-dit", "-p8080:80", "-p", "8081:81", "--name=web", "busybox")
    assert parsed.on("detach") and parsed.on("interactive") and parsed.on("tty")
    assert parsed.all("publish") == ["8080:80", "8081:81"]
    assert parsed.last("name") == "web"
    assert parsed.args == ["busybox"]


def test_run_stops_reading_flags_at_the_image() -> None:
    """Everything after IMAGE is the container's command, flags included."""
    parsed = run_flags("--rm", "busybox", "ping", "-c", "1", "--name", "x")
    assert parsed.args == ["busybox", "ping", "-c", "1", "--name", "x"]
    assert not parsed.has("name")


def test_double_dash_ends_the_flags() -> None:
    """``--`` ends the flags; it is not itself an argument."""
    parsed = run_flags("--rm", "--", "busybox", "echo", "x")
    assert parsed.args == ["busybox", "echo", "x"]


def test_interspersed_commands_read_flags_after_arguments() -> None:
    """``docker network create NAME --subnet S`` reads the flag after the name."""
    table = usage.flags("docker network create")
    parsed = parse_flags(table, ["n1", "--subnet", "10.1.0.0/24", "--internal"])
    assert parsed.args == ["n1"]
    assert parsed.all("subnet") == ["10.1.0.0/24"] and parsed.on("internal")


def test_repeated_flags_keep_every_value_and_the_last_wins() -> None:
    """``--name a --name b`` names the container b, as pflag's string flag does."""
    parsed = run_flags("--name", "a", "--name", "b", "-l", "x=1", "-l", "y=2", "busybox")
    assert parsed.last("name") == "b"
    assert parsed.all("label") == ["x=1", "y=2"]


def test_hidden_net_alias_is_accepted() -> None:
    """``--net`` and ``--net-alias`` are hidden but still accepted by the CLI."""
    parsed = run_flags("--net", "n1", "--net-alias", "db", "busybox")
    assert parsed.all("net") == ["n1"] and parsed.all("net-alias") == ["db"]


def test_booleans_take_explicit_values() -> None:
    """``--rm=false`` and ``-q=true`` set the boolean; a bad value is refused."""
    assert not run_flags("--rm=false", "busybox").on("rm")
    ps = usage.flags("docker ps")
    assert parse_flags(ps, ["-q=true"]).on("quiet")
    with pytest.raises(FlagError) as info:
        run_flags("--rm=maybe", "busybox")
    assert info.value.message == ('invalid argument "maybe" for "--rm" flag: '
                                  'strconv.ParseBool: parsing "maybe": invalid syntax')


@pytest.mark.parametrize("argv, message", [
    (["--foo", "busybox"], "unknown flag: --foo"),
    (["-dx", "busybox"], "unknown shorthand flag: 'x' in -x"),
    (["-d", "--name"], "flag needs an argument: --name"),
    (["-d", "-p"], "flag needs an argument: 'p' in -p"),
    (["-h"], "flag needs an argument: 'h' in -h"),
    (["---x"], "bad flag syntax: ---x"),
    (["--link", "a:b:c", "busybox"],
     'invalid argument "a:b:c" for "--link" flag: bad format for links: a:b:c'),
    (["-l", "=x", "busybox"],
     'invalid argument "=x" for "-l, --label" flag: invalid label \'=x\': empty name'),
])
def test_flag_errors_carry_pflags_wording(argv: list[str], message: str) -> None:
    """Each mistake gets the message docker run prints (observed on CLI 28.2.2)."""
    with pytest.raises(FlagError) as info:
        run_flags(*argv)
    assert info.value.message == message


def test_int_and_filter_values_are_checked() -> None:
    """``ps -n abc`` and ``--filter name`` fail as the CLI's flag types do."""
    ps = usage.flags("docker ps")
    with pytest.raises(FlagError) as info:
        parse_flags(ps, ["-n", "abc"])
    assert info.value.message == ('invalid argument "abc" for "-n, --last" flag: '
                                  'strconv.ParseInt: parsing "abc": invalid syntax')
    with pytest.raises(FlagError) as info:
        parse_flags(ps, ["--filter", "name"])
    assert info.value.message == ('invalid argument "name" for "-f, --filter" flag: '
                                  "bad format of filter (expected name=value)")


def test_dash_h_on_a_command_without_it_is_deprecated_help() -> None:
    """``docker ps -h`` asks for help and marks the deprecated shorthand."""
    parsed = parse_flags(usage.flags("docker ps"), ["-h"])
    assert parsed.on("help") and parsed.deprecated_h


# ---------------------------------------------------------------- -p specs

@pytest.mark.parametrize("spec, bindings", [
    ("8080:80", [PortBinding(80, "tcp", "", 8080)]),
    ("80", [PortBinding(80, "tcp", "", 0)]),
    ("127.0.0.1:8080:80/udp", [PortBinding(80, "udp", "127.0.0.1", 8080)]),
    ("127.0.0.1::80", [PortBinding(80, "tcp", "127.0.0.1", 0)]),
    ("[::1]:8080:80", [PortBinding(80, "tcp", "::1", 8080)]),
    ("8000-8001:80-81", [PortBinding(80, "tcp", "", 8000), PortBinding(81, "tcp", "", 8001)]),
    ("8000-8001:80", [PortBinding(80, "tcp", "", 8000)]),
    (":80", [PortBinding(80, "tcp", "", 0)]),
])
def test_port_specs_parse_like_go_connections(spec: str, bindings: list[PortBinding]) -> None:
    """``-p`` values become the bindings the CLI sends."""
    assert parse_port_spec(spec) == bindings


@pytest.mark.parametrize("spec, message", [
    ("80848808", "invalid containerPort: 80848808"),
    ("abc", "invalid containerPort: abc"),
    ("99999:80", "invalid hostPort: 99999"),
    ("-1:80", "invalid hostPort: -1"),
    ("8080:80/xyz", "invalid proto: xyz"),
    ("1.2.3:8080:80", "invalid IP address: 1.2.3"),
    ("127.0.0.1:8080:80:90", "invalid IP address: 127.0.0.1:8080"),
    ("8000-8001:80-82", "invalid ranges specified for container and host Ports: 80-82 and "
                        "8000-8001"),
    ("8080:", "no port specified: 8080:<empty>"),
])
def test_bad_port_specs_get_the_clis_message(spec: str, message: str) -> None:
    """Each message was observed with ``docker create -p SPEC busybox``."""
    with pytest.raises(SpecError) as info:
        parse_port_spec(spec)
    assert info.value.message == message


def test_what_the_daemon_checks_goes_to_the_backend_as_typed() -> None:
    """Several ``--network`` values and a bad ``--ip`` are the daemon's to refuse, not the
    CLI's; the first network is the container's (CLI 28: it takes ``--ip``)."""
    spec = container_spec(run_flags("--network", "a", "--net", "name=b,alias=x", "--ip", "bad",
                                    "busybox"))
    assert (spec.networks, str(spec.network), spec.ip) == (("a", "b"), "a", "bad")


@pytest.mark.parametrize("flags, message", [
    (("--network", "a", "--network", "name=a"), 'network "a" is specified multiple times'),
    (("--network", "none", "--network", "none"), 'network "none" is specified multiple times'),
    (("--network", "a", "--network", "host", "--network", "a"),
     'network "a" is specified multiple times'),
    (("--network", "bridge", "--network", "a", "--network-alias", "w"),
     "network-scoped aliases are only supported for user-defined networks"),
    (("--network", "a", "--network", "host"),
     "conflicting options: cannot attach both user-defined and non-user-defined "
     "network-modes"),
])
def test_the_clis_own_refusals_of_several_networks(flags: tuple[str, ...],
                                                   message: str) -> None:
    """CLI 28.5.2 and 28.2.2, observed: first the aliases on the first network, then a
    network named twice, then the mix of user-defined networks and predefined modes."""
    with pytest.raises(SpecError) as info:
        container_spec(run_flags(*flags, "busybox"))
    assert info.value.message == message


def test_an_empty_filter_is_ignored_as_the_cli_ignores_it() -> None:
    """docker/cli's FilterOpt skips ``--filter ""``; ``--filter x`` still needs ``=``."""
    from coursekit import Lab

    lab = Lab(backend="sim")
    assert lab.sh('docker network ls --filter ""').stdout == lab.sh("docker network ls").stdout
    bad = lab.sh("docker network ls --filter x")
    assert bad.exit_code == 125 and "bad format of filter (expected name=value)" in bad.stderr

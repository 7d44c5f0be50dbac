"""Tables, JSON dumps, ``docker port`` and ``--format`` output exactly as docker CLI 28 prints."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from coursekit.cli.gotemplate.template import Dialect, dialect_of
from coursekit.cli.render.inspect import container_json, network_json
from coursekit.cli.render.text import (
    TemplateError,
    dump_json,
    format_each,
    human_duration,
    network_ls,
    network_row,
    port_lines,
    ps,
    ps_row,
    ps_warning,
    tabwrite,
)
from coursekit.models import Container, Endpoint, Network, PortBinding
from tests.cli.observed import (
    ENGINES,
    container_model,
    containers,
    each,
    moments,
    network_model,
    networks,
    observed,
    profile,
    shape,
)

NOW = datetime(2026, 11, 27, 17, 30, 0, tzinfo=timezone.utc)


def _web(**changes: Any) -> Container:
    """w81: ``docker run -d --name w81 -p 8081:8080 busybox sleep 1d`` a minute ago."""
    base: dict[str, Any] = dict(
        id="397e194535f145b923b754f69fcc793a351eb88380bddd1f7e35df3b95818b3a", name="w81",
        image="busybox", command=("sleep", "1d"), created="2026-11-27T17:28:59.730350238Z",
        state="running", started_at="2026-11-27T17:29:00.100663264Z",
        endpoints=(Endpoint("b" * 64, "bridge", "e" * 64, "172.17.0.2", 16, "172.17.0.1",
                            "02:42:ac:11:00:02"),),
        ports=(PortBinding(8080, "tcp", "0.0.0.0", 8081), PortBinding(8080, "tcp", "::", 8081)),
        port_requests=(PortBinding(8080, "tcp", "", 8081),))
    base.update(changes)
    return Container(**base)


# ------------------------------------------------------------------ building blocks


@pytest.mark.parametrize(("seconds", "text"), [
    (0.4, "Less than a second"), (1, "1 second"), (59.9, "59 seconds"), (60, "About a minute"),
    (119, "About a minute"), (120, "2 minutes"), (3599, "59 minutes"), (3600, "About an hour"),
    (5399, "About an hour"), (5400, "2 hours"), (47 * 3600, "47 hours"), (48 * 3600, "2 days"),
    (14 * 86400, "2 weeks"), (60 * 86400, "2 months"), (800 * 86400, "2 years"),
])
def test_human_duration(seconds: float, text: str) -> None:
    """go-units HumanDuration, thresholds included."""
    assert human_duration(seconds) == text


def test_tabwrite_pads_columns_but_not_the_last() -> None:
    """Minimum width 10, padding 3; the last cell of a line is never padded."""
    text = tabwrite([["NETWORK ID", "NAME", "DRIVER", "SCOPE"],
                     ["bc45c8aeeb25", "bridge", "bridge", "local"],
                     ["980b925e2863", "a-long-network-name", "bridge", "local"]])
    assert text == ("NETWORK ID     NAME                  DRIVER    SCOPE\n"
                    "bc45c8aeeb25   bridge                bridge    local\n"
                    "980b925e2863   a-long-network-name   bridge    local\n")


def test_tabwrite_counts_wide_characters_twice() -> None:
    """East Asian wide characters take two columns (go-runewidth)."""
    assert tabwrite([["网络", "x"], ["ab", "y"]]) == "网络      x\nab        y\n"


def test_dump_json_of_nothing_and_go_escaping() -> None:
    """``[]`` for no objects; <, > and & stay as they are (the daemon does not escape them)."""
    assert dump_json([]) == "[]\n"
    net = Network(id="1" * 64, name="n", driver="bridge", labels=(("x", "<a&b>\u2028"),))
    assert '"x": "<a&b>\\u2028"' in dump_json([network_json(net)])


# ------------------------------------------------------------------ docker ps


def test_ps_default_table_with_ports() -> None:
    """The default table: quoted command, CREATED, STATUS and both port bindings."""
    assert ps([_web()], now=NOW) == (
        "CONTAINER ID   IMAGE     COMMAND      CREATED              STATUS          "
        "PORTS                                         NAMES\n"
        "397e194535f1   busybox   \"sleep 1d\"   About a minute ago   Up 59 seconds   "
        "0.0.0.0:8081->8080/tcp, [::]:8081->8080/tcp   w81\n")


def test_ps_statuses() -> None:
    """Created, Exited (code) ... ago and Up Less than a second, as the daemon words them."""
    created = _web(state="created", started_at="0001-01-01T00:00:00Z")
    exited = _web(state="exited", exit_code=137, finished_at="2026-11-27T17:29:58Z")
    fresh = _web(started_at="2026-11-27T17:29:59.8Z")
    assert [ps_row(c, NOW)["Status"] for c in (created, exited, fresh)] == [
        "Created", "Exited (137) 2 seconds ago", "Up Less than a second"]
    assert ps_row(exited, NOW)["Ports"] == ""


def test_ps_command_is_cut_to_twenty_with_an_ellipsis() -> None:
    """Arguments with spaces are single-quoted; the CLI cuts at 20 characters with ``…``."""
    row = ps_row(_web(entrypoint=("/bin/sh",), command=("-c", "sleep 1d")), NOW)
    assert row["Command"] == "\"/bin/sh -c 'sleep 1…\""
    full = ps_row(_web(entrypoint=("/bin/sh",), command=("-c", "sleep 1d")), NOW, no_trunc=True)
    assert full["Command"] == "\"/bin/sh -c 'sleep 1d'\""


def test_ps_orders_newest_first_and_quiet_lists_ids() -> None:
    """``docker ps -q``: short ids, newest first."""
    older = _web(id="a" * 64, created="2026-11-27T17:00:00Z")
    assert ps([older, _web()], now=NOW, quiet=True) == "397e194535f1\n" + "a" * 12 + "\n"


def test_ps_custom_format_and_quiet_warning() -> None:
    """``--format`` without ``table`` prints bare lines; with -q the CLI warns and prints ids."""
    assert ps([_web()], now=NOW, template="{{.Names}}: {{.Ports}}") == \
        "w81: 0.0.0.0:8081->8080/tcp, [::]:8081->8080/tcp\n"
    assert ps_warning(True, "{{.Names}}").startswith("WARNING: Ignoring custom format")
    assert ps_warning(False, "{{.Names}}") == ""


def test_ps_header_only_when_empty() -> None:
    """A table with no rows still prints its header; a bare format prints nothing."""
    assert ps([], now=NOW, template="table {{.Names}}") == "NAMES\n"
    assert ps([], now=NOW, template="{{.Names}}") == ""


def test_ps_bad_templates() -> None:
    """Errors come from the CLI's pre-pass on the format as typed (offsets include ``table``)."""
    with pytest.raises(TemplateError) as err:
        ps([_web()], now=NOW, template="table    {{.Nope}}")
    assert str(err.value) == ('failed to execute template: template: :1:11: executing "" at '
                              "<.Nope>: can't evaluate field Nope in type "
                              "*formatter.ContainerContext")
    with pytest.raises(TemplateError, match='failed to parse template: .*"foo" not defined'):
        ps([_web()], now=NOW, template="{{foo}}")


def _chosen(engine: str, entry: dict[str, Any]) -> list[Container]:
    return [c for c in containers(engine) if entry["all"] or c.running]


def _dialect(engine: str) -> Dialect:
    return dialect_of(profile(engine).cli.go_version)


def _ps_at(engine: str, entry: dict[str, Any], now: datetime) -> tuple[str, int, str]:
    kwargs = {key: entry[key] for key in ("quiet", "no_trunc", "template", "size") if key in entry}
    try:
        out = ps(_chosen(engine, entry), now=now, dialect=_dialect(engine), **kwargs)
        return out, entry["rc"], ps_warning(entry.get("quiet", False), entry.get("template"))
    except TemplateError as failure:
        return "", failure.exit_code, f"{failure}\n"


@pytest.mark.parametrize(("engine", "entry"), each("ps", "args"))
def test_observed_ps(engine: str, entry: dict[str, Any]) -> None:
    """``docker ps ...`` over the observed containers, as printed at one moment while the
    command ran (each engine)."""
    expected = (entry["stdout"], entry["rc"], entry["stderr"])
    seen = [_ps_at(engine, entry, now) for now in moments(engine, entry)]
    assert expected in seen, seen[0]


# ------------------------------------------------------------------ docker network ls


def _hr3_networks(engine: str) -> list[Network]:
    return [net for name, net in networks(engine).items() if name.startswith("hr3")]


@pytest.mark.parametrize(("engine", "entry"), each("network_ls", "args"))
def test_observed_network_ls(engine: str, entry: dict[str, Any]) -> None:
    """``docker network ls ...`` over the observed networks (each engine)."""
    kwargs = {key: entry[key] for key in ("quiet", "no_trunc", "template") if key in entry}
    try:
        text = network_ls(_hr3_networks(engine), dialect=_dialect(engine), shape=shape(engine),
                          **kwargs)
        result = (text, "", 0)
    except TemplateError as err:
        result = ("", f"{err}\n", err.exit_code)
    assert result == (entry["stdout"], entry["stderr"], entry["rc"])


@pytest.mark.parametrize("engine", ENGINES)
def test_network_ls_predefined_sorted_naturally(engine: str) -> None:
    """bridge, host, none in name order; ``hs1b9`` sorts before ``hs1b10``."""
    nets = [n for name, n in networks(engine).items() if name in ("none", "host", "bridge")]
    expected = observed(engine)["network_ls_predefined"]["bridge/host/none"]["stdout"]
    assert network_ls(nets) == expected
    extra = [Network(id=f"{i}" * 64, name=f"hs1b{i}", driver="bridge") for i in (10, 9)]
    assert network_ls(extra, template="{{.Name}}") == "hs1b9\nhs1b10\n"


def test_network_row_fields() -> None:
    """The ``--format`` fields of one network."""
    doc = observed()["networks"]["hr3net2"]
    assert network_row(network_model(doc)) == {
        "ID": "900e5203c2cf", "Name": "hr3net2", "Driver": "bridge", "Scope": "local",
        "IPv4": "false", "IPv6": "false", "Internal": "true", "Labels": "a=b,x.y=z",
        "CreatedAt": "2026-11-27 17:20:37.773314182 +0000 UTC"}


# ------------------------------------------------------------------ docker port


def test_port_lines() -> None:
    """``docker port w81`` and ``docker port w81 8080``; nothing for an unpublished port."""
    assert port_lines(_web()) == "8080/tcp -> 0.0.0.0:8081\n8080/tcp -> [::]:8081\n"
    assert port_lines(_web(), "8080") == "0.0.0.0:8081\n[::]:8081\n"
    assert port_lines(_web(), "8080/udp") == ""
    assert port_lines(_web(state="exited")) == ""


@pytest.mark.parametrize(("engine", "entry"), each("port"))
def test_observed_port(engine: str, entry: dict[str, Any]) -> None:
    """``docker port NAME [PRIVATE]`` for every observed container (each engine)."""
    doc = observed(engine)["containers"][entry["name"]]
    assert port_lines(container_model(doc, engine), entry["private"]) == entry["stdout"]


# ------------------------------------------------------------------ inspect -f


def test_format_each_prints_one_line_per_object() -> None:
    """``docker inspect -f '{{.Name}}' a b``: one line each."""
    docs = [container_json(_web()), container_json(_web(name="w82"))]
    assert format_each("{{.Name}}", docs) == "/w81\n/w82\n"


def test_format_each_failures_keep_the_other_lines() -> None:
    """A failing item is reported; the others still print; exit code 1."""
    net = Network(id="9" * 64, name="n", driver="null")
    docs = [container_json(_web()), network_json(net)]
    with pytest.raises(TemplateError) as err:
        format_each("{{.Config.Hostname}}", docs)
    assert err.value.stdout == "397e194535f1\n" and err.value.exit_code == 1
    assert str(err.value) == ('template parsing error: template: :1:9: executing "" at '
                              '<.Config.Hostname>: map has no entry for key "Config"')


def test_format_each_parse_error_prints_nothing() -> None:
    """A template that does not parse: exit 64, nothing on stdout."""
    with pytest.raises(TemplateError) as err:
        format_each("{{foo}}", [container_json(_web())])
    assert (str(err.value), err.value.exit_code, err.value.stdout) == (
        'template parsing error: template: :1: function "foo" not defined', 64, "")


def test_format_each_with_nothing_found_prints_a_blank_line() -> None:
    """``docker inspect -f ... nosuch``: the CLI still prints one empty line."""
    assert format_each("{{.Name}}", []) == "\n"


def test_typed_view_is_used_first() -> None:
    """Go's typed view: ``{{json .NetworkSettings.Networks}}`` shows CLI 28's fields."""
    doc = container_json(_web())
    out = format_each("{{json .NetworkSettings.Networks}}", [doc])
    assert '"GwPriority":0' in out and '"DNSNames":null' in out
    assert format_each("{{.Id}}", [doc]) == _web().id + "\n"  # only the raw JSON has "Id"


def test_ps_running_for_uses_the_creation_second() -> None:
    """CREATED counts from the creation time cut to the second, as the CLI does."""
    c = _web(created="2026-11-27T17:29:58.999Z")
    assert ps_row(c, NOW + timedelta(seconds=0.5))["RunningFor"] == "2 seconds ago"

"""Go text/template as docker's ``--format`` runs it: output and errors as Go prints them."""

from __future__ import annotations

from typing import Any

import pytest

from coursekit.cli.gotemplate.template import TemplateError, dialect_of, execute
from coursekit.cli.gotemplate.values import (
    NIL_MAP,
    NIL_SLICE,
    Field,
    GoMap,
    GoTime,
    Ptr,
    Struct,
    raw_document,
)
from coursekit.cli.render.inspect import container_json, network_json
from coursekit.cli.render.text import format_each
from tests.cli.observed import container_model, each, network_model, observed, profile, shape

DOC = raw_document({
    "Name": "/u1", "State": {"Pid": 10635, "Running": True}, "Labels": {},
    "Nets": {"b": {"IP": "172.17.0.2"}, "a": {"IP": "172.18.0.2"}}, "X": None,
    "L": ["a", "b", "c"],
})


@pytest.mark.parametrize(("template", "expected"), [
    ("{{.Name}}", "/u1"),
    ("{{range $k, $v := .Nets}}{{$k}} {{$v.IP}},{{end}}", "a 172.18.0.2,b 172.17.0.2,"),
    ("{{range .Nets}}{{.IP}} {{end}}", "172.18.0.2 172.17.0.2 "),
    ("{{range $i, $e := .L}}{{$i}}{{$e}}{{end}}", "0a1b2c"),
    ("{{range .Labels}}x{{else}}empty{{end}}", "empty"),
    ("{{.X}}", "<no value>"),
    ("{{.Nets.zz.IP}}", "<no value>"),
    ("{{.State}}", "map[Pid:10635 Running:true]"),
    ("{{json .State}}", '{"Pid":10635,"Running":true}'),
    ("{{json .L}} {{len .L}} {{index .L 1}}", '["a","b","c"] 3 b'),
    ("{{index .Nets \"a\"}}", "map[IP:172.18.0.2]"),
    ("{{len .State.Pid}}", "5"),
    ('{{printf "%d" .State.Pid}}', "%!d(json.Number=10635)"),
    ('{{.Name | printf "%s-%d"}}', "/u1-%!d(MISSING)"),
    ('{{printf "%s %v %q %5s|%-5s|%03d" .Name true .Name "ab" "cd" 7}}',
     '/u1 true "/u1"    ab|cd   |007'),
    ('{{print 1 2 "a" "b" 3 true}}|{{println "x" 1}}|', "1 2ab3 true|x 1\n|"),
    ("{{$x := 5}}{{$x}} {{with .State}}{{.Running}}{{end}}", "5 true"),
    ("{{$x := 1}}{{$x = 2}}{{$x}}", "2"),
    ("{{if .X}}y{{else if .L}}L{{else}}n{{end}}", "L"),
    ("{{if and .L .X}}y{{else}}n{{end}} {{or .X .Name}}", "n /u1"),
    ("{{if not .X}}none{{end}} {{eq .Name \"/u1\"}} {{ne 1 2}} {{lt 1 2}}", "none true true true"),
    ('{{join .L ","}} {{upper "ab"}} {{lower "AB"}} {{title "ab cd"}}', "a,b,c AB ab Ab Cd"),
    ('{{split "a:b" ":"}} {{pad "x" 1 2}}| {{truncate "abcdef" 3}}', "[a b]  x  | abc"),
    ("{{- \"a\" -}}  {{/* comment */}} b", "a b"),
    ("a {{- /* trimmed */ -}} b", "ab"),
    ("{{range .L}}{{if eq . \"b\"}}{{break}}{{end}}{{.}}{{end}}", "a"),
    ("{{range .L}}{{if eq . \"b\"}}{{continue}}{{end}}{{.}}{{end}}", "ac"),
    ("{{range 3}}{{.}}{{end}}", "012"),
    ("{{(index .Nets \"a\").IP}}", "172.18.0.2"),
    ("{{`raw\\n`}} {{\"esc\\t\"}}", "raw\\n esc\t"),
])
def test_raw_document(template: str, expected: str) -> None:
    """A decoded JSON document (the CLI's fallback): numbers are json.Number, nil is <no value>."""
    assert execute(template, DOC) == expected


@pytest.mark.parametrize(("template", "message"), [
    ("{{.Nope}}", 'template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"'),
    ("{{.State.Nope}}",
     'template: :1:8: executing "" at <.State.Nope>: map has no entry for key "Nope"'),
    ("{{.State.Pid.X}}",
     'template: :1:8: executing "" at <.State.Pid.X>: '
     "can't evaluate field X in type interface {}"),
    ("{{index .Labels 1}}", 'template: :1:2: executing "" at <index .Labels 1>: '
     "error calling index: value has type int; should be string"),
    ("{{upper .State.Pid}}", 'template: :1:14: executing "" at <.State.Pid>: '
     "wrong type for value; expected string; got json.Number"),
    ("{{eq .Name 3}}", 'template: :1:2: executing "" at <eq .Name 3>: '
     "error calling eq: incompatible types for comparison"),
    ("{{.X.Y}}", 'template: :1:4: executing "" at <.X.Y>: nil pointer evaluating interface {}.Y'),
    ('{{(index .Nets "zz").IP}}',
     'template: :1:15: executing "" at <"zz">: nil data; no entry for key "IP"'),
])
def test_execution_errors_with_missingkey_error(template: str, message: str) -> None:
    """The errors ``docker inspect -f`` prints after its raw retry (missingkey=error)."""
    with pytest.raises(TemplateError) as err:
        execute(template, DOC, missingkey_error=True)
    assert str(err.value) == message and not err.value.parse


@pytest.mark.parametrize(("go", "suffix"), [("go1.24.3", ""), ("go1.27.1", ": string and int")])
def test_comparison_errors_follow_the_clis_go_release(go: str, suffix: str) -> None:
    """CLI 28.2.2 (go1.24.3) and 28.5.2 (go1.27.1) word ``eq``/``lt`` type mismatches
    differently: the newer names both operands' types."""
    for template in ("{{eq .Name 3}}", "{{lt .Name 3}}"):
        with pytest.raises(TemplateError) as err:
            execute(template, DOC, dialect=dialect_of(go))
        assert str(err.value).endswith("incompatible types for comparison" + suffix)
    assert dialect_of("unknown") == dialect_of("go1.19.8") != dialect_of("go1.30.0")


@pytest.mark.parametrize(("template", "message"), [
    ("{{foo}}", 'template: :1: function "foo" not defined'),
    ("{{.Name", "template: :1: unclosed action"),
    ("{{if .X}}", "template: :1: unexpected EOF"),
    ("{{end}}", "template: :1: unexpected {{end}}"),
    ("{{if}}{{end}}", "template: :1: missing value for if"),
    ("{{$y}}", 'template: :1: undefined variable "$y"'),
    ("a\n{{bar 1}}", 'template: :2: function "bar" not defined'),
    ("{{.A ^}}", "template: :1: unrecognized character in action: U+005E '^'"),
    ("{{break}}", "template: :1: {{break}} outside {{range}}"),
])
def test_parse_errors(template: str, message: str) -> None:
    """Parse errors read ``template: :LINE: MESSAGE`` and are flagged ``parse``."""
    with pytest.raises(TemplateError) as err:
        execute(template, DOC)
    assert str(err.value) == message and err.value.parse


def _state() -> Ptr:
    fields = (Field("Status", "running"), Field("Running", True), Field("Pid", 42),
              Field("Health", Ptr(None, "*container.Health"), omitempty=True))
    return Ptr(Struct("container.State", fields), "*container.State")


def test_go_struct_values_print_and_marshal_as_go() -> None:
    """Structs print ``{a b}``, nil pointers ``<nil>``, omitempty fields vanish from JSON."""
    data = Struct("T", (Field("State", _state()), Field("Nets", GoMap({"b": _state()}, zero=None)),
                        Field("Tags", NIL_SLICE), Field("Opts", NIL_MAP),
                        Field("When", GoTime("2026-11-27T17:20:35.429154082Z"))))
    assert execute("{{.State}}", data) == "{running true 42 <nil>}"
    assert execute("{{json .State}}", data) == '{"Status":"running","Running":true,"Pid":42}'
    assert execute("{{.Tags}} {{.Opts}} {{json .Tags}} {{len .Opts}}", data) == "[] map[] null 0"
    assert execute("{{.When}}", data) == "2026-11-27 17:20:35.429154082 +0000 UTC"
    assert execute("{{.Nets}}", data).startswith("map[b:0xc000")


def test_typed_struct_missing_field_is_an_error() -> None:
    """A field a Go struct lacks fails (the CLI then retries on the raw document)."""
    with pytest.raises(TemplateError, match=r"can.t evaluate field Nope in type \*container.State"):
        execute("{{.State.Nope}}", Struct("T", (Field("State", _state()),)))


def test_typed_map_index_gives_the_zero_value() -> None:
    """``index`` on a ``map[string]string`` gives ``""``; a field lookup gives <no value>."""
    data = Struct("T", (Field("Labels", GoMap({"a": "1"})),))
    assert execute('{{index .Labels "nope"}}|{{.Labels.nope}}|{{.Labels.a}}', data) == \
        "|<no value>|1"


def _observed_item(engine: str, entry: dict[str, Any]) -> Any:
    if entry["kind"] == "container":
        doc = observed(engine)["containers"][entry["name"]]
        return container_json(container_model(doc, engine), shape(engine))
    doc = observed(engine)["networks"][entry["name"]]
    return network_json(network_model(doc, engine), shape(engine))


@pytest.mark.parametrize(("engine", "entry"), each("templates", "template"))
def test_observed_inspect_templates(engine: str, entry: dict[str, Any]) -> None:
    """``docker [network] inspect -f T NAME``: stdout, stderr and exit code as the engine's
    CLI printed (28.2.2 before 20.10, 28.5.2 before 28.5), through the typed view."""
    dialect = dialect_of(profile(engine).cli.go_version)
    try:
        result = (format_each(entry["template"], [_observed_item(engine, entry)],
                              dialect=dialect), "", 0)
    except TemplateError as err:
        result = (err.stdout, f"{err}\n", err.exit_code)
    assert result == (entry["stdout"], entry["stderr"], entry["rc"])

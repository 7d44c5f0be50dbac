"""Pure formatting: models in, the exact text the docker CLI prints out.

Nothing here touches state or prints. The tables and templates read the same with CLI
28.2.2 and 28.5.2 but for the Go release's wording of template errors: functions that
run templates take the CLI's :class:`Dialect` (``dialect_of(profile.cli.go_version)``),
``network_ls`` the engine's document :class:`~coursekit.wire.Shape` too (``IPv4``).
Functions raise :class:`TemplateError` (``str(err)`` is the CLI's stderr line,
``err.exit_code`` its status, ``err.stdout`` what it still printed on stdout) when a
``--format`` fails.

- ``dump_json``: ``docker inspect`` without ``-f`` (4-space indent, ``[]`` when empty);
- ``format_each``: ``docker inspect -f`` / ``docker network inspect -f``;
- ``network_ls``, ``ps``: the tables, ``-q``, ``--no-trunc``, ``--format [table ]...``;
- ``port_lines``: ``docker port NAME [PRIVATE[/PROTO]]``;
- ``tabwrite``, ``human_duration``, ``network_row``, ``ps_row``: the building blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from coursekit.cli.gotemplate.funcs import HEADER_FUNCS
from coursekit.cli.gotemplate.template import GO_1_24, Dialect, TemplateError, execute, parse
from coursekit.cli.gotemplate.values import Struct, json_text, raw_document, to_plain
from coursekit.cli.render.inspect import live_ports
from coursekit.cli.render.rows import (
    CONTAINER_HEADERS,
    NETWORK_HEADERS,
    context,
    header,
    natural_key,
    natural_less,
    network_row,
    ps_row,
)
from coursekit.cli.render.tabwriter import tabwrite, tabwrite_text
from coursekit.models import Container, Network
from coursekit.wire import ENGINE_20_10, Shape, human_duration

__all__ = [
    "TemplateError", "dump_json", "format_each", "human_duration", "natural_less",
    "network_ls", "network_row", "port_lines", "ps", "ps_row", "ps_warning", "tabwrite",
]

DEFAULT_NETWORK_TABLE = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}"
DEFAULT_CONTAINER_TABLE = ("table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t"
                           "{{.Status}}\t{{.Ports}}\t{{.Names}}")
RAW_NETWORK = r"network_id: {{.ID}}\nname: {{.Name}}\ndriver: {{.Driver}}\nscope: {{.Scope}}\n"
RAW_CONTAINER = """container_id: {{.ID}}
image: {{.Image}}
command: {{.Command}}
created_at: {{.CreatedAt}}
state: {{- pad .State 1 0}}
status: {{- pad .Status 1 0}}
names: {{.Names}}
labels: {{- pad .Labels 1 0}}
ports: {{- pad .Ports 1 0}}
"""
VIRTUAL_SIZE = "1.98MB"
"""``docker ps -s``'s virtual size of the lab's busybox image on the reference machine."""
QUIET_WARNING = "WARNING: Ignoring custom format, because both --format and --quiet are set.\n"


def dump_json(items: Sequence[Any]) -> str:
    """What ``docker inspect`` prints: the documents as one 4-space indented JSON array."""
    return json_text([dict(item) if isinstance(item, dict) else to_plain(item)
                      for item in items], indent=4) + "\n"


# ------------------------------------------------------------------- formatter


def _final_format(fmt: str) -> str:
    """The CLI's preFormat: drop ``table``, ``json`` -> ``{{json .}}``, unescape \\t and \\n."""
    if fmt.startswith("table"):
        fmt = fmt[len("table"):]
    elif fmt == "json":
        fmt = "{{json .}}"
    return fmt.strip(" ").replace("\\t", "\t").replace("\\n", "\n")


def _write(fmt: str, contexts: Sequence[Struct], headers: dict[str, str], prefix: str,
           dialect: Dialect = GO_1_24) -> str:
    """The CLI's formatter.Context.Write: one template run per row, tabwriter for tables."""
    final = _final_format(fmt)
    try:
        parse(final)
        rows = [execute(final, ctx, dialect=dialect) + "\n" for ctx in contexts]
    except TemplateError as err:
        raise err.prefixed(prefix) from None
    if not fmt.startswith("table"):
        return "".join(rows)
    try:
        head = execute(final, header(headers), funcs=HEADER_FUNCS)
    except TemplateError:
        head = ""
    return tabwrite_text(head + "\n" + "".join(rows))


def network_ls(networks: Sequence[Network], *, quiet: bool = False, no_trunc: bool = False,
               template: str | None = None, dialect: Dialect = GO_1_24,
               shape: Shape = ENGINE_20_10) -> str:
    """``docker network ls [-q] [--no-trunc] [--format T]``: rows sorted by name, naturally
    (the fields as the engine ``shape`` names reports them)."""
    source = template or "table"
    if source == "table":
        fmt = "{{.ID}}" if quiet else DEFAULT_NETWORK_TABLE
    elif source == "raw":
        fmt = "network_id: {{.ID}}" if quiet else RAW_NETWORK
    else:
        fmt = source
    ordered = sorted(networks, key=lambda n: natural_key(n.name))
    contexts = [context("*network.networkContext", network_row(n, no_trunc=no_trunc, shape=shape),
                        dict(n.labels)) for n in ordered]
    return _write(fmt, contexts, NETWORK_HEADERS, "template parsing error: ", dialect)


def _created_key(c: Container) -> tuple[str, int]:
    whole, _, frac = c.created.rstrip("Z").partition(".")
    return whole, int((frac or "0").ljust(9, "0")[:9])


def ps_warning(quiet: bool, template: str | None) -> str:
    """The stderr warning ``docker ps -q --format ...`` gives (else ``""``)."""
    return QUIET_WARNING if quiet and template else ""


def _uses_size(template: str, dialect: Dialect) -> bool:
    """The CLI's pre-pass: run the format as typed on an empty row; did it ask for .Size?"""
    try:
        parse(template)
    except TemplateError as err:
        raise err.prefixed("failed to parse template: ", 1) from None
    used: list[str] = []
    empty = {name: "" for name in CONTAINER_HEADERS} | {"Platform": None}
    probe = context("*formatter.ContainerContext", empty, {})

    def size() -> str:
        used.append("Size")
        return ""

    def marshal() -> str:
        used.append("json")
        return probe.marshal() if probe.marshal else ""

    try:
        execute(template, Struct(probe.type, probe.fields, probe.methods | {"Size": size},
                                 marshal), dialect=dialect)
    except TemplateError as err:
        raise err.prefixed("failed to execute template: ", 1) from None
    return bool(used)


def ps(containers: Sequence[Container], *, now: datetime, quiet: bool = False,
       no_trunc: bool = False, template: str | None = None, size: bool = False,
       linkers: Sequence[Container] | None = None, virtual_size: str = VIRTUAL_SIZE,
       dialect: Dialect = GO_1_24) -> str:
    """``docker ps [-q] [--no-trunc] [-s] [--format T]``: newest first (the caller filters).

    ``linkers`` are the containers whose legacy ``--link`` gives others an extra
    name (shown with ``--no-trunc``); by default, ``containers`` themselves.
    ``SIZE`` reads ``0B (virtual <virtual_size>)`` when ``-s`` is given or the
    template mentions ``.Size`` (as the CLI then asks the daemon for sizes).
    """
    size = (_uses_size(template, dialect) if template else False) or size
    source = template or "table"
    if source == "table" or quiet:
        fmt = "{{.ID}}" if quiet else DEFAULT_CONTAINER_TABLE + ("\t{{.Size}}" if size else "")
    elif source == "raw":
        fmt = RAW_CONTAINER
    else:
        fmt = source
    ordered = sorted(containers, key=_created_key, reverse=True)
    others = list(containers if linkers is None else linkers)
    rows = [ps_row(c, now, no_trunc=no_trunc, linkers=others) for c in ordered]
    if size:
        rows = [row | {"Size": f"0B (virtual {virtual_size})"} for row in rows]
    contexts = [context("*formatter.ContainerContext", row, dict(c.labels))
                for row, c in zip(rows, ordered, strict=True)]
    return _write(fmt, contexts, CONTAINER_HEADERS, "template parsing error: ", dialect)


# ------------------------------------------------------------------------ port


def port_lines(c: Container, private: str | None = None) -> str:
    """``docker port C`` (``8080/tcp -> 0.0.0.0:8081``) or ``docker port C 8080[/tcp]``.

    Lines are sorted naturally, as the CLI sorts them; ``""`` when nothing is
    published (the caller then reports ``No public port '...' published``).
    """
    ports = live_ports(c)
    if private is None:
        lines = [f"{key} -> {_host_port(b)}" for key, bs in ports.items() for b in bs or []]
    else:
        number, _, proto = private.partition("/")
        lines = [_host_port(b) for b in ports.get(f"{number}/{proto or 'tcp'}") or []]
    lines.sort(key=natural_key)
    return "".join(line + "\n" for line in lines)


def _host_port(binding: dict[str, str]) -> str:
    host = binding["HostIp"]
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{binding['HostPort']}"


# --------------------------------------------------------------------- inspect


def format_each(template: str, items: Sequence[Any], *, dialect: Dialect = GO_1_24) -> str:
    """``docker inspect -f T ...``: one line per item, what stdout shows.

    Each item runs on its CLI-typed view (``item.typed``) first and, if that
    fails, on its raw JSON with ``missingkey=error``, as the CLI does. A template
    that does not parse raises TemplateError (exit 64, nothing on stdout); items
    that fail raise TemplateError (exit 1) listing each failure, with the other
    items' lines in ``err.stdout`` (``"\\n"`` when none printed).
    """
    try:
        parse(template)
    except TemplateError as err:
        raise err.prefixed("template parsing error: ", 64) from None
    out, errors = [], []
    for item in items:
        try:
            out.append(_inspect_one(template, item, dialect) + "\n")
        except TemplateError as err:
            errors.append(str(err.prefixed("template parsing error: ")))
    stdout = "".join(out) or "\n"
    if errors:
        failure = TemplateError("\n".join(errors), exit_code=1)
        failure.stdout = stdout
        raise failure
    return stdout


def _inspect_one(template: str, item: Any, dialect: Dialect) -> str:
    typed = getattr(item, "typed", None)
    if typed is None:
        return execute(template, item, dialect=dialect)
    try:
        return execute(template, typed, dialect=dialect)
    except TemplateError:
        return execute(template, raw_document(dict(item)), missingkey_error=True,
                       dialect=dialect)

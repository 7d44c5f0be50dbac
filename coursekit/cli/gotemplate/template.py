"""Go text/template, executed the way the docker CLI runs ``--format`` templates.

``execute(template, data)`` parses and runs a template over Go-like values (see
:mod:`coursekit.cli.gotemplate.values`) and returns the text. Failures raise
:class:`TemplateError` carrying Go's own message: ``template: :1: function "foo"
not defined`` for a parse error (``parse=True``), ``template: :1:2: executing ""
at <.Nope>: map has no entry for key "Nope"`` for an execution error. The command
that ran the template adds its own prefix (``template parsing error: ``...) and
exit code; :meth:`TemplateError.prefixed` builds that final error.

``missingkey_error=True`` is ``Option("missingkey=error")``, used by ``docker
inspect`` when it retries a template on the raw JSON document. ``dialect`` is the Go
release's wording where releases differ (``dialect_of("go1.27.1")``: the CLI's Go).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from coursekit.cli.gotemplate import parse as p
from coursekit.cli.gotemplate.errors import ParseError, TemplateError
from coursekit.cli.gotemplate.exec import Executor
from coursekit.cli.gotemplate.funcs import GO_1_24, GO_1_27, NAMES, Dialect, dialect_of, functions

__all__ = ["GO_1_24", "GO_1_27", "Dialect", "TemplateError", "dialect_of", "execute", "parse"]


def parse(template: str, funcs: Mapping[str, Any] | None = None) -> list[p.Node]:
    """Parse ``template``; raises :class:`TemplateError` (``parse=True``)."""
    names = NAMES if funcs is None else frozenset(funcs) | {"and", "or", "call"}
    return list(_parse_cached(template, names))


@functools.lru_cache(maxsize=256)
def _parse_cached(template: str, names: frozenset[str]) -> tuple[p.Node, ...]:
    """Parsed trees are only read while executing, so one parse serves every row."""
    try:
        return tuple(p.parse(template, names))
    except ParseError as err:
        raise TemplateError(str(err), parse=True) from None


def execute(template: str, data: Any, *, missingkey_error: bool = False,
            funcs: Mapping[str, Callable[..., Any]] | None = None,
            dialect: Dialect = GO_1_24) -> str:
    """Run ``template`` over ``data`` as Go's ``Template.Execute`` would (in the
    ``dialect`` of the Go release the CLI was built with)."""
    nodes = parse(template, funcs)
    state = Executor(template, data, missingkey_error, dict(funcs or functions(dialect)))
    state.walk(data, nodes)
    return "".join(state.out)

"""The functions a docker ``--format`` template can call, with Go's results and errors.

Go's builtins (``index``, ``len``, ``eq``..., ``print``/``printf``/``println``,
``html``, ``js``, ``urlquery``, ``slice``, ``not``; ``and``/``or`` are evaluated
lazily by the executor) and the docker CLI's own (``json``, ``split``, ``join``,
``title``, ``lower``, ``upper``, ``pad``, ``truncate``). A function signals a
failure with :class:`FuncError` (``error calling NAME: ...``) and a badly typed
argument with :class:`ArgTypeError` (``wrong type for value; expected ...``).

Where Go releases word an error differently, a :class:`Dialect` says which the CLI
speaks (:func:`dialect_of` its Go version); :func:`functions` gives the table for it.
"""

from __future__ import annotations

import functools
import html
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from coursekit.cli.gotemplate.errors import ArgTypeError, FuncError
from coursekit.cli.gotemplate.fmt import go_type, sprint, sprintf
from coursekit.cli.gotemplate.values import (
    MISSING,
    GoMap,
    GoTime,
    JsonNumber,
    Nil,
    Ptr,
    Struct,
    fmt_value,
    to_json,
)


def check_arg(v: Any, kind: str) -> None:
    """Raise :class:`ArgTypeError` unless ``v`` can be passed as a Go ``kind``."""
    _want(v, kind)


def _want(v: Any, kind: str) -> Any:
    ok = {"string": isinstance(v, str) and not isinstance(v, JsonNumber),
          "int": isinstance(v, int) and not isinstance(v, bool),
          "[]string": isinstance(v, Nil) or (isinstance(v, (list, tuple))
                                            and all(isinstance(x, str) for x in v))}[kind]
    if not ok:
        got = go_type(v) if v is not None else "<nil>"
        raise ArgTypeError(f"wrong type for value; expected {kind}; got {got}")
    return list(v) if kind == "[]string" else v


def truth(v: Any) -> bool:
    """text/template's isTrue: empty, zero and nil values are false."""
    if v is MISSING or v is None or isinstance(v, Nil):
        return False
    if isinstance(v, Ptr):
        return v.target is not None
    if isinstance(v, (Struct, GoTime)):
        return True
    return bool(v)


# ----------------------------------------------------------------------- builtins


def f_index(item: Any, *keys: Any) -> Any:
    for key in keys:
        item = item.target if isinstance(item, Ptr) else item
        if isinstance(item, dict):
            if not isinstance(key, str):
                raise FuncError(f"value has type {go_type(key)}; should be string")
            zero = item.zero if isinstance(item, GoMap) else None
            item = item.get(key, zero)
        elif isinstance(item, (list, tuple, str)):
            if not isinstance(key, int) or isinstance(key, bool):
                raise FuncError(f"cannot index slice/array with type {go_type(key)}")
            if not 0 <= key < len(item):
                raise FuncError(f"index out of range: {key}")
            item = item[key] if not isinstance(item, str) else ord(item[key])
        elif item is None or item is MISSING:
            raise FuncError("index of untyped nil")
        else:
            raise FuncError(f"can't index item of type {go_type(item)}")
    return item


def f_len(item: Any) -> int:
    if isinstance(item, (str, list, tuple, dict, Nil)):
        return len(item)
    raise FuncError(f"len of type {go_type(item)}" if item is not None else "len of nil pointer")


def f_slice(item: Any, *idx: Any) -> Any:
    if not isinstance(item, (str, list, tuple)):
        raise FuncError(f"can't slice item of type {go_type(item)}")
    start = idx[0] if idx else 0
    end = idx[1] if len(idx) > 1 else len(item)
    return item[start:end]


def _kind(v: Any) -> str:
    return "int" if isinstance(v, int) and not isinstance(v, bool) else go_type(v)


@dataclass(frozen=True)
class Dialect:
    """Where text/template's words depend on the Go release the CLI was built with."""

    comparison_types: bool = False
    """``incompatible types for comparison: string and int`` (CLI 28.5.2, go1.27.1) rather
    than without the operands' types (CLI 28.2.2, go1.24.3)."""


GO_1_24 = Dialect()
GO_1_27 = Dialect(comparison_types=True)
DIALECTS = ((1, 27), GO_1_27), ((0, 0), GO_1_24)
"""The first Go release (as observed) that speaks each dialect, newest first."""


def dialect_of(go_version: str) -> Dialect:
    """The dialect of a CLI built with ``go_version`` (``go1.27.1``: ``docker version``'s
    Client ``Go version``); an unreadable version gets the oldest."""
    match = re.match(r"go(\d+)\.(\d+)", go_version)
    release = (int(match[1]), int(match[2])) if match else (0, 0)
    return next(dialect for since, dialect in DIALECTS if release >= since)


@dataclass(frozen=True)
class Comparisons:
    """``eq`` and ``lt`` (``ne``, ``le``, ``gt``, ``ge`` are built on them) in a dialect."""

    dialect: Dialect = GO_1_24

    def comparable(self, a: Any, b: Any) -> tuple[Any, Any]:
        if _kind(a) != _kind(b):
            types = f": {go_type(a)} and {go_type(b)}" if self.dialect.comparison_types else ""
            raise FuncError("incompatible types for comparison" + types)
        return a, b

    def eq(self, a: Any, *others: Any) -> bool:
        if not others:
            raise FuncError("missing argument for comparison")
        return any(x == y for x, y in (self.comparable(a, o) for o in others))

    def lt(self, a: Any, b: Any) -> bool:
        x, y = self.comparable(a, b)
        if isinstance(x, (bool, dict, list)) or x is None:
            raise FuncError("invalid type for comparison")
        return bool(x < y)




def f_html(*args: Any) -> str:
    return html.escape(sprint(args)).replace("&#x27;", "&#39;").replace("&quot;", "&#34;")


def f_js(*args: Any) -> str:
    text = sprint(args)
    table = {"\\": "\\\\", "'": "\\'", '"': "\\\"", "<": "\\u003C", ">": "\\u003E",
             "&": "\\u0026", "=": "\\u003D", "\n": "\\u000A", "\r": "\\u000D"}
    return "".join(table.get(c, c) for c in text)


# --------------------------------------------------------------------- docker's


def f_json(v: Any) -> str:
    return to_json(v, escape_html=False)


def f_title(s: Any) -> str:
    text: str = _want(s, "string")
    return re.sub(r"(^|[^\w'])(\w)", lambda m: m.group(1) + m.group(2).upper(), text)


def f_pad(s: Any, prefix: Any, suffix: Any) -> str:
    text: str = _want(s, "string")
    return " " * _want(prefix, "int") + text + " " * _want(suffix, "int") if text else text


def f_truncate(s: Any, n: Any) -> str:
    text: str = _want(s, "string")
    length: int = _want(n, "int")
    raw = text.encode()
    return text if len(raw) < length else raw[:length].decode(errors="ignore")


def comparisons(dialect: Dialect) -> dict[str, Callable[..., Any]]:
    """The six comparison functions, with ``dialect``'s errors."""
    c = Comparisons(dialect)
    return {"eq": c.eq, "ne": lambda a, b: not c.eq(a, b), "lt": c.lt,
            "le": lambda a, b: c.lt(a, b) or c.eq(a, b), "gt": lambda a, b: c.lt(b, a),
            "ge": lambda a, b: c.lt(b, a) or c.eq(a, b)}


FUNCS: dict[str, Callable[..., Any]] = {
    "index": f_index, "len": f_len, "slice": f_slice, "not": lambda v: not truth(v),
    **comparisons(GO_1_24),
    "print": lambda *a: sprint(a), "println": lambda *a: " ".join(fmt_value(x) for x in a) + "\n",
    "printf": lambda f, *a: sprintf(_want(f, "string"), *a),
    "html": f_html, "js": f_js, "urlquery": lambda *a: urllib.parse.quote_plus(sprint(a)),
    "json": f_json, "split": lambda s, sep: _want(s, "string").split(_want(sep, "string")),
    "join": lambda xs, sep: _want(sep, "string").join(_want(xs, "[]string")),
    "title": f_title, "lower": lambda s: _want(s, "string").lower(),
    "upper": lambda s: _want(s, "string").upper(), "pad": f_pad, "truncate": f_truncate,
}
"""Every callable function; ``and``/``or``/``call`` are handled by the executor."""

HEADER_FUNCS: dict[str, Callable[..., Any]] = {
    **FUNCS, **{name: (lambda v, *_: v) for name in
                ("json", "split", "join", "title", "lower", "upper", "truncate")},
}
"""The CLI's table-header functions: they return the header text unchanged."""

PARAMS: dict[str, tuple[str, ...]] = {
    "printf": ("string",), "split": ("string", "string"), "join": ("[]string", "string"),
    "title": ("string",), "lower": ("string",), "upper": ("string",),
    "pad": ("string", "int", "int"), "truncate": ("string", "int"),
}
"""Parameter types checked as each argument is evaluated (Go's validateType)."""

NAMES = frozenset(FUNCS) | {"and", "or", "call"}


@functools.cache
def functions(dialect: Dialect) -> dict[str, Callable[..., Any]]:
    """:data:`FUNCS` as a CLI of ``dialect`` has them (callers must not change the dict)."""
    return {**FUNCS, **comparisons(dialect)}

"""The functions a docker ``--format`` template can call, with Go's results and errors.

Go's builtins (``index``, ``len``, ``eq``..., ``print``/``printf``/``println``,
``html``, ``js``, ``urlquery``, ``slice``, ``not``; ``and``/``or`` are evaluated
lazily by the executor) and the docker CLI's own (``json``, ``split``, ``join``,
``title``, ``lower``, ``upper``, ``pad``, ``truncate``). A function signals a
failure with :class:`FuncError` (``error calling NAME: ...``) and a badly typed
argument with :class:`ArgTypeError` (``wrong type for value; expected ...``).
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Callable
from typing import Any

from coursekit.cli.gotemplate.values import (
    MISSING,
    GoMap,
    GoTime,
    JsonNumber,
    Nil,
    Ptr,
    Struct,
    fmt_float,
    fmt_value,
    to_json,
)


class FuncError(Exception):
    """A function failed: ``error calling NAME: <message>``."""


class ArgTypeError(Exception):
    """An argument of the wrong type: ``wrong type for value; expected T; got U``."""


def go_type(v: Any) -> str:
    """The Go type name Go would report for ``v``."""
    if isinstance(v, JsonNumber):
        return "json.Number"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float64"
    if isinstance(v, str):
        return "string"
    if isinstance(v, (Struct, Ptr)):
        return v.type
    if isinstance(v, GoMap):
        return v.type_name
    if isinstance(v, dict):
        return "map[string]interface {}"
    if isinstance(v, (list, tuple)):
        return "[]string" if all(isinstance(x, str) for x in v) and v else "[]interface {}"
    if isinstance(v, Nil):
        return "[]string" if v.kind == "slice" else "map[string]string"
    if isinstance(v, GoTime):
        return "time.Time"
    return "interface {}"


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


def _comparable(a: Any, b: Any) -> tuple[Any, Any]:
    kind = lambda v: "int" if isinstance(v, int) and not isinstance(v, bool) else go_type(v)  # noqa: E731
    if kind(a) != kind(b):
        raise FuncError("incompatible types for comparison")
    return a, b


def f_eq(a: Any, *others: Any) -> bool:
    if not others:
        raise FuncError("missing argument for comparison")
    return any(x == y for x, y in (_comparable(a, o) for o in others))


def f_lt(a: Any, b: Any) -> bool:
    x, y = _comparable(a, b)
    if isinstance(x, (bool, dict, list)) or x is None:
        raise FuncError("invalid type for comparison")
    return bool(x < y)


def sprint(args: tuple[Any, ...]) -> str:
    """fmt.Sprint: spaces between operands when neither side is a string."""
    out = ""
    for i, arg in enumerate(args):
        if i and not isinstance(arg, str) and not isinstance(args[i - 1], str):
            out += " "
        out += fmt_value(arg)
    return out


def f_html(*args: Any) -> str:
    return html.escape(sprint(args)).replace("&#x27;", "&#39;").replace("&quot;", "&#34;")


def f_js(*args: Any) -> str:
    text = sprint(args)
    table = {"\\": "\\\\", "'": "\\'", '"': "\\\"", "<": "\\u003C", ">": "\\u003E",
             "&": "\\u0026", "=": "\\u003D", "\n": "\\u000A", "\r": "\\u000D"}
    return "".join(table.get(c, c) for c in text)


# ------------------------------------------------------------------------- printf

_VERB = re.compile(r"%([-+# 0]*)(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z%])")


def sprintf(fmt: str, *args: Any) -> str:
    """fmt.Sprintf for the verbs people use (v s d q t x X c f e g %)."""
    out, used, pos = [], 0, 0
    for m in _VERB.finditer(fmt):
        out.append(fmt[pos:m.start()])
        pos = m.end()
        flags, width, prec, verb = m.group(1), m.group(2), m.group(3), m.group(4)
        if verb == "%":
            out.append("%")
            continue
        if used >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        text = _format_one(verb, args[used], prec)
        used += 1
        out.append(_pad(text, flags, int(width) if width and width != "*" else 0))
    out.append(fmt[pos:])
    if used < len(args):
        extra = ", ".join(_bad_arg(a) for a in args[used:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)


def _bad_arg(v: Any) -> str:
    return "<nil>" if v is None else f"{go_type(v)}={fmt_value(v)}"


def _pad(text: str, flags: str, width: int) -> str:
    if len(text) >= width:
        return text
    if "-" in flags:
        return text.ljust(width)
    if "0" in flags and text.lstrip("-").replace(".", "").isdigit():
        sign = "-" if text.startswith("-") else ""
        return sign + text.lstrip("-").rjust(width - len(sign), "0")
    return text.rjust(width)


def _format_one(verb: str, v: Any, prec: str | None) -> str:
    is_int = isinstance(v, int) and not isinstance(v, bool)
    is_str = isinstance(v, str) and not isinstance(v, JsonNumber)
    if verb == "v":
        return fmt_value(v)
    stringish = isinstance(v, str) or not isinstance(v, (int, float, bool))
    if verb == "s" and stringish and v is not None:
        text = fmt_value(v)
        return text[:int(prec)] if prec else text
    if verb == "q" and is_str:
        return go_quote(v)
    if verb == "d" and is_int:
        return str(v)
    if verb == "t" and isinstance(v, bool):
        return fmt_value(v)
    if verb in "xX" and (is_int or is_str):
        text = format(v, "x") if is_int else v.encode().hex()
        return text.upper() if verb == "X" else text
    if verb == "c" and is_int:
        return chr(v)
    if verb in "feg" and isinstance(v, float):
        digits = int(prec) if prec else 6
        return fmt_float(v) if verb == "g" else format(v, f".{digits}{verb}")
    return f"%!{verb}({_bad_arg(v)})" if v is not None else f"%!{verb}(<nil>)"


def go_quote(s: str) -> str:
    """strconv.Quote: double-quoted with Go escapes, printable Unicode kept."""
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in "\a\b\f\n\r\t\v":
            out.append({"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
                        "\t": "\\t", "\v": "\\v"}[ch])
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        elif code < 0x10000:
            out.append(f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out) + '"'


# --------------------------------------------------------------------- docker's


def f_json(v: Any) -> str:
    return to_json(v, escape_html=False)


def f_title(s: Any) -> str:
    text = _want(s, "string")
    return re.sub(r"(^|[^\w'])(\w)", lambda m: m.group(1) + m.group(2).upper(), text)


def f_pad(s: Any, prefix: Any, suffix: Any) -> str:
    text = _want(s, "string")
    return " " * _want(prefix, "int") + text + " " * _want(suffix, "int") if text else text


def f_truncate(s: Any, n: Any) -> str:
    text, length = _want(s, "string"), _want(n, "int")
    raw = text.encode()
    return text if len(raw) < length else raw[:length].decode(errors="ignore")


FUNCS: dict[str, Callable[..., Any]] = {
    "index": f_index, "len": f_len, "slice": f_slice, "not": lambda v: not truth(v),
    "eq": f_eq, "ne": lambda a, b: not f_eq(a, b), "lt": f_lt,
    "le": lambda a, b: f_lt(a, b) or f_eq(a, b), "gt": lambda a, b: f_lt(b, a),
    "ge": lambda a, b: f_lt(b, a) or f_eq(a, b),
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

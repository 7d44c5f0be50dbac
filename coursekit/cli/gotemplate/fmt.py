"""Go's fmt and strconv, as templates print: ``print``, ``printf`` and ``%q``.

:func:`sprint` is ``fmt.Sprint``, :func:`sprintf` ``fmt.Sprintf`` for the verbs people
use (``%v %s %d %q %t %x %X %c %f %e %g %%``, with Go's ``%!d(string=x)`` for a bad
operand), :func:`go_type` the type name ``%T`` prints and :func:`go_quote`
``strconv.Quote``. Also used outside templates wherever the CLI quotes with ``%q``
(pflag's ``invalid argument "x" for "-n, --last" flag``).
"""

from __future__ import annotations

import re
from typing import Any

from coursekit.cli.gotemplate.values import (
    GoMap,
    GoTime,
    JsonNumber,
    Nil,
    Ptr,
    Struct,
    fmt_float,
    fmt_value,
)

__all__ = ["go_quote", "go_type", "sprint", "sprintf"]


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


def sprint(args: tuple[Any, ...]) -> str:
    """fmt.Sprint: spaces between operands when neither side is a string."""
    out = ""
    for i, arg in enumerate(args):
        if i and not isinstance(arg, str) and not isinstance(args[i - 1], str):
            out += " "
        out += fmt_value(arg)
    return out


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

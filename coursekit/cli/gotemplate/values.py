"""Go values in Python, printed and marshalled the way Go prints and marshals them.

The docker CLI hands its ``--format`` templates Go values: structs whose fields
keep their declaration order, maps that print with sorted keys, pointers that
print as an address once nested, nil slices that print ``[]`` but marshal to
``null``. This module models just enough of that for text/template to behave:

- plain ``str``/``bool``/``int``/``float``/``list``/``dict`` and ``None`` (a nil
  interface, as a decoded JSON document holds them);
- :class:`Struct` (ordered :class:`Field` values, embedded structs, methods),
  :class:`Ptr` (a pointer, possibly nil), :class:`GoMap` (a typed map that knows
  its element's zero value), :data:`NIL_SLICE`, :data:`NIL_MAP` and :class:`GoTime`.

:func:`fmt_value` is ``fmt.Sprint``'s ``%v``; :func:`to_json` is ``encoding/json``.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class _NoValue:
    """An invalid ``reflect.Value``: what a missing map key yields; prints ``<no value>``."""

    def __repr__(self) -> str:
        return "<no value>"


MISSING: Any = _NoValue()


class JsonNumber(str):
    """encoding/json's ``json.Number``: a decoded number kept as its text."""


@dataclass(frozen=True)
class Nil:
    """A nil slice or map: prints ``[]`` / ``map[]``, marshals to ``null``."""

    kind: str

    def __len__(self) -> int:
        return 0


NIL_SLICE = Nil("slice")
NIL_MAP = Nil("map")


@dataclass(frozen=True)
class Field:
    """One struct field: Go name, value, JSON key (``""`` = same name), tags."""

    name: str
    value: Any
    json: str = ""
    omitempty: bool = False
    embedded: bool = False


@dataclass(frozen=True, eq=False)
class Struct:
    """A Go struct value; ``type`` names it in template errors (``container.State``)."""

    type: str
    fields: tuple[Field, ...]
    methods: dict[str, Callable[..., Any]] = field(default_factory=dict)
    marshal: Callable[[], str] | None = None

    def lookup(self, name: str) -> Field | None:
        """The field ``name``, promoted through embedded structs as Go does."""
        for f in self.fields:
            if f.name == name and not f.embedded:
                return f
        for f in self.fields:
            inner = f.value.target if isinstance(f.value, Ptr) else f.value
            if f.embedded and isinstance(inner, Struct):
                if f.name == name:
                    return f
                found = inner.lookup(name)
                if found is not None:
                    return found
        return None


@dataclass(frozen=True, eq=False)
class Ptr:
    """A pointer; ``target is None`` is a nil pointer of type ``type``."""

    target: Any
    type: str = "*struct"

    @property
    def address(self) -> str:
        """A stable, Go-looking heap address (``0xc0004a4000``)."""
        seed = zlib.crc32(repr(fmt_value(self.target, 1)).encode())
        return f"0xc000{(seed & 0xFFFFF) << 4:06x}"


class GoMap(dict[Any, Any]):
    """A typed Go map (``map[string]string``...): ``index`` of a missing key gives ``zero``."""

    def __init__(self, data: Any = (), zero: Any = "", type_name: str = "map[string]string",
                 methods: dict[str, Callable[..., Any]] | None = None) -> None:
        super().__init__(data)
        self.zero = zero
        self.type_name = type_name
        self.methods = methods or {}


@dataclass(frozen=True)
class GoTime:
    """A ``time.Time``: prints as ``Time.String()``, marshals as RFC 3339 (nanoseconds)."""

    iso: str

    def __str__(self) -> str:
        return go_time_string(self.iso)


def go_time_string(iso: str, *, seconds_only: bool = False) -> str:
    """``2026-11-27T17:20:35.429154082Z`` -> ``2026-11-27 17:20:35.429154082 +0000 UTC``."""
    if not iso:
        return "0001-01-01 00:00:00 +0000 UTC"
    date, _, rest = iso.partition("T")
    clock = rest.rstrip("Z")
    whole, _, frac = clock.partition(".")
    frac = frac.rstrip("0")
    text = whole if seconds_only or not frac else f"{whole}.{frac}"
    return f"{date} {text} +0000 UTC"


def parse_time(iso: str) -> datetime:
    """An RFC 3339 timestamp with up to nanoseconds, as an aware UTC datetime."""
    date, _, rest = iso.partition("T")
    clock = rest.rstrip("Z")
    whole, _, frac = clock.partition(".")
    micro = (frac + "000000")[:6]
    return datetime.fromisoformat(f"{date}T{whole}.{micro}+00:00")


# --------------------------------------------------------------------------- fmt


def fmt_value(v: Any, depth: int = 0) -> str:
    """Go's ``fmt.Sprint(v)`` (the ``%v`` verb) for the values above."""
    if v is None:
        return "<nil>"
    if v is MISSING:
        return "<no value>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return fmt_float(v)
    if isinstance(v, str):
        return v
    if isinstance(v, Nil):
        return "[]" if v.kind == "slice" else "map[]"
    if isinstance(v, GoTime):
        return str(v)
    if isinstance(v, Ptr):
        return _fmt_ptr(v, depth)
    if isinstance(v, Struct):
        return "{" + " ".join(fmt_value(f.value, depth + 1) for f in v.fields) + "}"
    if isinstance(v, dict):
        items = (f"{fmt_value(k, depth + 1)}:{fmt_value(v[k], depth + 1)}" for k in sorted(v))
        return "map[" + " ".join(items) + "]"
    if isinstance(v, (list, tuple)):
        return "[" + " ".join(fmt_value(x, depth + 1) for x in v) + "]"
    return str(v)


def _fmt_ptr(p: Ptr, depth: int) -> str:
    if p.target is None:
        return "<nil>"
    if depth == 0 and isinstance(p.target, Struct):
        return "&" + fmt_value(p.target, 0)
    return p.address


def fmt_float(x: float) -> str:
    """``strconv.FormatFloat(x, 'g', -1, 64)`` with %v's exponent threshold of 21."""
    if math.isinf(x):
        return "+Inf" if x > 0 else "-Inf"
    if math.isnan(x):
        return "NaN"
    if x == int(x) and abs(x) < 1e21:
        return str(int(x))
    text = repr(x)
    if "e" in text:
        mant, _, exp = text.partition("e")
        sign = "-" if exp.startswith("-") else "+"
        return f"{mant}e{sign}{exp.lstrip('+-').rjust(2, '0')}"
    return text


# -------------------------------------------------------------------------- json


def to_plain(v: Any) -> Any:
    """A JSON-ready Python value, Go's way: struct order kept, map keys sorted."""
    if v is MISSING or v is None or isinstance(v, Nil):
        return None
    if isinstance(v, Ptr):
        return to_plain(v.target)
    if isinstance(v, GoTime):
        return v.iso
    if isinstance(v, JsonNumber):
        return json.loads(v)
    if isinstance(v, Struct):
        return dict(_struct_items(v))
    if isinstance(v, dict):
        return {str(k): to_plain(v[k]) for k in sorted(v)}
    if isinstance(v, (list, tuple)):
        return [to_plain(x) for x in v]
    return v


def _struct_items(s: Struct) -> Iterator[tuple[str, Any]]:
    for f in s.fields:
        inner = f.value.target if isinstance(f.value, Ptr) else f.value
        if f.embedded:
            if isinstance(inner, Struct):
                yield from _struct_items(inner)
            continue
        if f.omitempty and is_empty(f.value):
            continue
        yield (f.json or f.name), to_plain(f.value)


def is_empty(v: Any) -> bool:
    """encoding/json's omitempty test (false, 0, "", nil, empty map/slice)."""
    if v is None or v is MISSING or isinstance(v, Nil):
        return True
    if isinstance(v, Ptr):
        return v.target is None
    if isinstance(v, (Struct, GoTime)):
        return False
    if isinstance(v, (bool, int, float, str, list, tuple, dict)):
        return not v
    return False


def to_json(v: Any, *, escape_html: bool = False, indent: int | None = None) -> str:
    """``json.Marshal`` (compact) or ``json.MarshalIndent`` of ``v``, Go's escaping."""
    if isinstance(v, Struct) and v.marshal is not None:
        return v.marshal()
    return json_text(to_plain(v), escape_html=escape_html, indent=indent)


def json_text(plain: Any, *, escape_html: bool = False, indent: int | None = None) -> str:
    """Serialise an already plain value without reordering keys, as Go would escape it."""
    seps = (",", ": ") if indent is not None else (",", ":")
    text = json.dumps(plain, ensure_ascii=False, indent=indent, separators=seps)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    if escape_html:
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text


def raw_document(doc: Any) -> Any:
    """A JSON document as the CLI decodes it for the raw retry: numbers become json.Number."""
    if isinstance(doc, bool) or doc is None:
        return doc
    if isinstance(doc, (int, float)):
        return JsonNumber(json.dumps(doc))
    if isinstance(doc, dict):
        return {k: raw_document(v) for k, v in doc.items()}
    if isinstance(doc, (list, tuple)):
        return [raw_document(v) for v in doc]
    return doc


def indirect(v: Any) -> Any:
    """Follow pointers to what they point at (a nil pointer stays itself)."""
    while isinstance(v, Ptr) and v.target is not None:
        v = v.target
    return v


def printable(v: Any) -> str:
    """What ``{{pipeline}}`` prints: ``<no value>`` for an invalid value, else ``%v``."""
    if v is MISSING:
        return "<no value>"
    v = indirect(v)
    return fmt_value(v, 0) if not isinstance(v, Ptr) else "<nil>"

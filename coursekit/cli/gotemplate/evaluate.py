"""Resolving names inside a template: variables, fields, methods and function calls.

:class:`Evaluator` holds what one execution knows (the template text, for error
positions; the variables in scope; the functions; ``missingkey=error``) and resolves
``.A.B``, ``$x.A``, ``(pipe).A`` and ``fn arg...`` as Go's exec.go does (evalField,
evalCall, and/or). :class:`~coursekit.cli.gotemplate.exec.Executor` adds the
statements and pipelines and evaluates each argument (:meth:`Evaluator.arg`).
Failures are :class:`~coursekit.cli.gotemplate.errors.TemplateError` with Go's text:
``template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from coursekit.cli.gotemplate import nodes as p
from coursekit.cli.gotemplate.errors import ArgTypeError, FuncError, TemplateError
from coursekit.cli.gotemplate.fmt import go_type
from coursekit.cli.gotemplate.funcs import PARAMS, check_arg, truth
from coursekit.cli.gotemplate.values import MISSING, GoMap, Ptr, Struct


class Evaluator:
    """One execution's scope and name resolution (the statements live in the subclass)."""

    def __init__(self, src: str, data: Any, missingkey_error: bool,
                 funcs: dict[str, Callable[..., Any]]) -> None:
        self.src = src
        self.out: list[str] = []
        self.vars: list[tuple[str, Any]] = [("$", data)]
        self.missingkey_error = missingkey_error
        self.raw = missingkey_error
        self.funcs = funcs
        self.node: p.Node | None = None

    def arg(self, dot: Any, node: p.Node, keep_missing: bool = False) -> Any:
        """The value of one argument node (defined by the executor)."""
        raise NotImplementedError

    # errors
    def error(self, msg: str) -> TemplateError:
        if self.node is None:
            return TemplateError(f"template: : {msg}")
        before = self.src[:self.node.pos]
        line = 1 + before.count("\n")
        col = len(before[before.rfind("\n") + 1:].encode())
        return TemplateError(f'template: :{line}:{col}: executing "" at <{self.node}>: {msg}')

    def type_name(self, v: Any) -> str:
        return "interface {}" if self.raw else go_type(v)

    # variables
    def lookup_var(self, name: str) -> Any:
        for var, value in reversed(self.vars):
            if var == name:
                return value
        raise self.error(f"undefined variable: {name}")

    def set_var(self, name: str, value: Any) -> None:
        for i in range(len(self.vars) - 1, -1, -1):
            if self.vars[i][0] == name:
                self.vars[i] = (name, value)
                return
        raise self.error(f"undefined variable: {name}")

    # fields
    def field_chain(self, dot: Any, receiver: Any, idents: list[str],
                    args: list[p.Node], final: Any) -> Any:
        for name in idents[:-1]:
            receiver = self.field(dot, name, [], MISSING, receiver)
        return self.field(dot, idents[-1], args, final, receiver)

    def field(self, dot: Any, name: str, args: list[p.Node], final: Any, receiver: Any) -> Any:
        if receiver is MISSING:
            if self.missingkey_error:
                raise self.error(f'nil data; no entry for key "{name}"')
            return MISSING
        typ = self.type_name(receiver)
        if isinstance(receiver, Ptr):
            if receiver.target is None:
                raise self.error(f"nil pointer evaluating {typ}.{name}")
            receiver = receiver.target
        if receiver is None:
            raise self.error(f"nil pointer evaluating {typ}.{name}")
        has_args = len(args) > 1 or final is not MISSING
        if isinstance(receiver, Struct):
            return self.struct_field(dot, receiver, name, args, final, typ)
        if isinstance(receiver, GoMap) and name in receiver.methods:
            return self.invoke(dot, name, receiver.methods[name], args[1:], final)
        if isinstance(receiver, dict):
            if has_args:
                raise self.error(f"{name} is not a method but has arguments")
            if name in receiver:
                return receiver[name]
            if self.missingkey_error:
                raise self.error(f'map has no entry for key "{name}"')
            return MISSING
        raise self.error(f"can't evaluate field {name} in type {typ}")

    def struct_field(self, dot: Any, receiver: Struct, name: str, args: list[p.Node],
                     final: Any, typ: str) -> Any:
        method = receiver.methods.get(name)
        if method is not None:
            return self.invoke(dot, name, method, args[1:], final)
        found = receiver.lookup(name)
        if found is None:
            raise self.error(f"can't evaluate field {name} in type {typ}")
        if len(args) > 1 or final is not MISSING:
            raise self.error(f"{name} has arguments but cannot be invoked as function")
        return found.value

    # functions
    def call(self, dot: Any, ident: p.IdentifierNode, cmd: p.Node, args: list[p.Node],
             final: Any) -> Any:
        self.node = ident
        name = ident.name
        if name in ("and", "or"):
            return self.logic(dot, name, args, final)
        if name == "call":
            raise self.error("error calling call: call of non-function")
        return self.invoke(dot, name, self.funcs[name], args, final, cmd)

    def invoke(self, dot: Any, name: str, fn: Callable[..., Any], args: list[p.Node],
               final: Any, cmd: p.Node | None = None) -> Any:
        count = len(args) + (final is not MISSING)
        try:
            inspect.signature(fn).bind(*range(count))
        except TypeError:
            raise self.error(f"wrong number of args for {name}: got {count}") from None
        kinds = PARAMS.get(name, ()) if cmd is not None else ()
        values = []
        for i, node in enumerate(args):
            values.append(self.arg(dot, node))
            self.check(values[-1], kinds[i] if i < len(kinds) else "")
        if final is not MISSING:
            values.append(final)
            self.check(final, kinds[count - 1] if count - 1 < len(kinds) else "")
        try:
            return fn(*values)
        except FuncError as err:
            self.node = cmd or self.node
            raise self.error(f"error calling {name}: {err}") from None

    def check(self, value: Any, kind: str) -> None:
        if kind:
            try:
                check_arg(value, kind)
            except ArgTypeError as err:
                raise self.error(str(err)) from None

    def logic(self, dot: Any, name: str, args: list[p.Node], final: Any) -> Any:
        if not args and final is MISSING:
            raise self.error(f"wrong number of args for {name}: want at least 1 got 0")
        result: Any = MISSING
        for node in args:
            result = self.arg(dot, node)
            if truth(result) != (name == "and"):
                return result
        return final if final is not MISSING else result

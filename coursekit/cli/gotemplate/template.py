"""Go text/template, executed the way the docker CLI runs ``--format`` templates.

``execute(template, data)`` parses and runs a template over Go-like values (see
:mod:`coursekit.cli.gotemplate.values`) and returns the text. Failures raise
:class:`TemplateError` carrying Go's own message: ``template: :1: function "foo"
not defined`` for a parse error (``parse=True``), ``template: :1:2: executing ""
at <.Nope>: map has no entry for key "Nope"`` for an execution error. The command
that ran the template adds its own prefix (``template parsing error: ``...) and
exit code; :meth:`TemplateError.prefixed` builds that final error.

``missingkey_error=True`` is ``Option("missingkey=error")``, used by ``docker
inspect`` when it retries a template on the raw JSON document.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from typing import Any

from coursekit.cli.gotemplate import parse as p
from coursekit.cli.gotemplate.funcs import (
    FUNCS,
    NAMES,
    PARAMS,
    ArgTypeError,
    FuncError,
    check_arg,
    go_type,
    truth,
)
from coursekit.cli.gotemplate.lex import ParseError
from coursekit.cli.gotemplate.values import (
    MISSING,
    GoMap,
    Nil,
    Ptr,
    Struct,
    fmt_value,
    indirect,
    printable,
)


class TemplateError(Exception):
    """A template that failed; ``str(err)`` is the text the CLI prints on stderr.

    ``exit_code`` is the status the command exits with, ``stdout`` what it still
    printed on stdout (``docker inspect -f`` prints the other objects' lines).
    """

    def __init__(self, message: str, *, parse: bool = False, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.parse = parse
        self.exit_code = exit_code
        self.stdout = ""

    def prefixed(self, prefix: str, exit_code: int | None = None) -> TemplateError:
        """The same failure as a command reports it (``template parsing error: ...``)."""
        code = self.exit_code if exit_code is None else exit_code
        return TemplateError(prefix + self.message, parse=self.parse, exit_code=code)


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


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
            funcs: Mapping[str, Callable[..., Any]] | None = None) -> str:
    """Run ``template`` over ``data`` as Go's ``Template.Execute`` would."""
    nodes = parse(template, funcs)
    state = _State(template, data, missingkey_error, dict(funcs or FUNCS))
    state.walk(data, nodes)
    return "".join(state.out)


class _State:
    """One execution: output, variables, the node being evaluated (for errors)."""

    def __init__(self, src: str, data: Any, missingkey_error: bool,
                 funcs: dict[str, Callable[..., Any]]) -> None:
        self.src = src
        self.out: list[str] = []
        self.vars: list[tuple[str, Any]] = [("$", data)]
        self.missingkey_error = missingkey_error
        self.raw = missingkey_error
        self.funcs = funcs
        self.node: p.Node | None = None

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

    # statements
    def walk(self, dot: Any, nodes: list[p.Node]) -> None:
        for node in nodes:
            if isinstance(node, p.TextNode):
                self.out.append(node.text)
            elif isinstance(node, p.ActionNode) and node.pipe is not None:
                value = self.pipeline(dot, node.pipe)
                if not node.pipe.decl:
                    self.out.append(printable(value))
            elif isinstance(node, p.BranchNode):
                self.branch(dot, node)
            elif isinstance(node, p.LoopControlNode):
                raise _Break() if node.kind == "break" else _Continue()

    def branch(self, dot: Any, node: p.BranchNode) -> None:
        mark = len(self.vars)
        assert node.pipe is not None
        value = self.pipeline(dot, node.pipe)
        try:
            if node.kind == "range":
                self.range(dot, node, value)
            elif truth(value):
                self.walk(value if node.kind == "with" else dot, node.body)
            elif node.else_body is not None:
                self.walk(dot, node.else_body)
        finally:
            del self.vars[mark:]

    def range(self, dot: Any, node: p.BranchNode, value: Any) -> None:
        value = indirect(value)
        if isinstance(value, dict):
            pairs: list[tuple[Any, Any]] = [(k, value[k]) for k in sorted(value)]
        elif isinstance(value, (list, tuple)):
            pairs = list(enumerate(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            pairs = [(i, i) for i in range(value)]
        elif value is MISSING or value is None or isinstance(value, Nil):
            pairs = []
        else:
            raise self.error(f"range can't iterate over {fmt_value(value)}")
        if not pairs and node.else_body is not None:
            self.walk(dot, node.else_body)
        for key, elem in pairs:
            if self.iteration(node, key, elem):
                break

    def iteration(self, node: p.BranchNode, key: Any, elem: Any) -> bool:
        assert node.pipe is not None
        mark = len(self.vars)
        decl = node.pipe.decl
        if len(decl) == 1:
            self.vars.append((decl[0], elem))
        elif len(decl) == 2:
            self.vars += [(decl[0], key), (decl[1], elem)]
        try:
            self.walk(elem, node.body)
        except _Break:
            return True
        except _Continue:
            pass
        finally:
            del self.vars[mark:]
        return False

    # pipelines and commands
    def pipeline(self, dot: Any, pipe: p.PipeNode) -> Any:
        value: Any = MISSING
        for cmd in pipe.cmds:
            value = self.command(dot, cmd, value)
            if value is None:
                value = MISSING  # an interface holding nil: "dig down one level"
        for name in pipe.decl:
            if pipe.is_assign:
                self.set_var(name, value)
            else:
                self.vars.append((name, value))
        return value

    def command(self, dot: Any, cmd: p.CommandNode, final: Any) -> Any:
        first = cmd.args[0]
        if isinstance(first, p.FieldNode):
            self.node = first
            return self.field_chain(dot, dot, first.idents, cmd.args, final)
        if isinstance(first, p.VariableNode):
            self.node = first
            return self.variable(dot, first, cmd.args, final)
        if isinstance(first, p.ChainNode):
            return self.chain(dot, first, cmd.args, final)
        if isinstance(first, p.IdentifierNode):
            return self.call(dot, first, cmd, cmd.args[1:], final)
        if len(cmd.args) > 1 or final is not MISSING:
            self.node = first
            raise self.error(f"can't give argument to non-function {first}")
        return self.literal(dot, first)

    def literal(self, dot: Any, node: p.Node) -> Any:
        self.node = node
        if isinstance(node, p.PipeNode):
            return self.pipeline(dot, node)
        if isinstance(node, p.DotNode):
            return dot
        if isinstance(node, p.NilNode):
            raise self.error("nil is not a command")
        if isinstance(node, p.BoolNode):
            return node.value
        if isinstance(node, p.NumberNode):
            return node.value
        if isinstance(node, p.StringNode):
            return node.text
        raise self.error(f"can't evaluate command {node}")

    def variable(self, dot: Any, node: p.VariableNode, args: list[p.Node], final: Any) -> Any:
        value = self.lookup_var(node.idents[0])
        if len(node.idents) == 1:
            if len(args) > 1 or final is not MISSING:
                raise self.error(f"can't give argument to non-function {node}")
            return value
        return self.field_chain(dot, value, node.idents[1:], args, final)

    def chain(self, dot: Any, node: p.ChainNode, args: list[p.Node], final: Any) -> Any:
        assert node.node is not None
        base = self.arg(dot, node.node, keep_missing=True)
        return self.field_chain(dot, base, node.fields, args, final)

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

    def arg(self, dot: Any, node: p.Node, keep_missing: bool = False) -> Any:
        self.node = node
        if isinstance(node, p.FieldNode):
            value = self.field_chain(dot, dot, node.idents, [node], MISSING)
        elif isinstance(node, p.VariableNode):
            value = self.variable(dot, node, [node], MISSING)
        elif isinstance(node, p.ChainNode):
            value = self.chain(dot, node, [node], MISSING)
        elif isinstance(node, p.IdentifierNode):
            value = self.call(dot, node, node, [], MISSING)
        elif isinstance(node, p.NilNode):
            value = None
        else:
            value = self.literal(dot, node)
        if value is None and keep_missing:
            return MISSING
        return None if value is MISSING and not keep_missing else value

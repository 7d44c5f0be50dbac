"""Running a parsed template: text, actions, ``if``/``with``/``range``, pipelines.

:class:`Executor` walks the nodes of :mod:`coursekit.cli.gotemplate.parse` over the
data as Go's ``Template.Execute`` does, appending the text to ``out``; the names in
each command are resolved by its base, :class:`~.evaluate.Evaluator`.
``{{break}}`` and ``{{continue}}`` unwind to their ``range`` with two private signals.
"""

from __future__ import annotations

from typing import Any

from coursekit.cli.gotemplate import nodes as p
from coursekit.cli.gotemplate.evaluate import Evaluator
from coursekit.cli.gotemplate.funcs import truth
from coursekit.cli.gotemplate.values import MISSING, Nil, fmt_value, indirect, printable


class _Break(Exception):
    """``{{break}}``: leave the innermost range."""


class _Continue(Exception):
    """``{{continue}}``: go on with the next element of the innermost range."""


class Executor(Evaluator):
    """One execution of a template: its output so far, its variables, its functions."""

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

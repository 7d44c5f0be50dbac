"""Parser for Go's text/template language (the part docker users write): tokens -> nodes.

``{{.NetworkSettings.IPAddress}}``, ``{{range $k, $v := .X}}...{{end}}``,
``{{if}}/{{else if}}/{{else}}``, ``{{with}}``, variables, pipelines ``a | b``,
parenthesised pipelines, string/raw/char/number/bool/nil literals, comments and
the ``{{-``/``-}}`` trim markers. Nodes remember their byte offset so execution
errors can say ``template: :1:8: executing "" at <.State.Nope>: ...`` as Go does.
Parse errors (:class:`~.errors.ParseError`) read ``template: :LINE: MESSAGE``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from coursekit.cli.gotemplate.errors import ParseError
from coursekit.cli.gotemplate.lex import Lexer, Token, number_value, token_str, unquote
from coursekit.cli.gotemplate.nodes import (
    ActionNode,
    BoolNode,
    BranchNode,
    ChainNode,
    CommandNode,
    DotNode,
    FieldNode,
    IdentifierNode,
    LoopControlNode,
    NilNode,
    Node,
    NumberNode,
    PipeNode,
    StringNode,
    TextNode,
    VariableNode,
)

__all__ = [
    "ActionNode",
    "BoolNode",
    "BranchNode",
    "ChainNode",
    "CommandNode",
    "DotNode",
    "FieldNode",
    "IdentifierNode",
    "LoopControlNode",
    "NilNode",
    "Node",
    "NumberNode",
    "ParseError",
    "Parser",
    "PipeNode",
    "StringNode",
    "TextNode",
    "VariableNode",
    "parse",
]


# ------------------------------------------------------------------------ parser

_OPERAND_START = {"bool", "char", "dot", "field", "ident", "number", "nil", "rawstring",
                  "string", "variable", "lparen"}


@dataclass
class _Marker(Node):
    """``{{end}}`` or ``{{else}}`` (with the keyword that may follow else)."""

    kind: str = "end"
    then: str = ""


class Parser:
    """Go's parse.Tree, reduced: builds the node list of one template."""

    def __init__(self, src: str, funcs: Collection[str]) -> None:
        self.tokens = Lexer(src).run()
        self.i = 0
        self.funcs = funcs
        self.vars = ["$"]
        self.range_depth = 0

    # token stream
    def next(self) -> Token:
        tok = self.tokens[self.i]
        self.i = min(self.i + 1, len(self.tokens) - 1)
        return tok

    def peek(self) -> Token:
        return self.tokens[self.i]

    def next_non_space(self) -> Token:
        tok = self.next()
        while tok.kind == "space":
            tok = self.next()
        return tok

    def peek_non_space(self) -> Token:
        j = self.i
        while self.tokens[j].kind == "space":
            j += 1
        return self.tokens[j]

    def error(self, msg: str, tok: Token | None = None) -> ParseError:
        line = (tok or self.tokens[max(self.i - 1, 0)]).line
        return ParseError(f"template: :{line}: {msg}")

    def unexpected(self, tok: Token, context: str) -> ParseError:
        return self.error(f"unexpected {token_str(tok)} in {context}", tok)

    # structure
    def parse(self) -> list[Node]:
        body, stop = self.item_list(top=True)
        if stop is not None:
            raise self.error(f"unexpected {{{{{stop.kind}}}}}")
        return body

    def item_list(self, top: bool = False) -> tuple[list[Node], _Marker | None]:
        body: list[Node] = []
        while self.peek().kind != "eof":
            tok = self.next()
            if tok.kind == "text":
                body.append(TextNode(tok.pos, tok.val))
                continue
            node = self.action()
            if isinstance(node, _Marker):
                return body, node
            body.append(node)
        if top:
            return body, None
        raise self.error("unexpected EOF")

    def action(self) -> Node:
        tok = self.next_non_space()
        if tok.kind == "keyword":
            return self.keyword(tok)
        self.i -= 1
        return ActionNode(tok.pos, self.pipeline("command", "right"))

    def keyword(self, tok: Token) -> Node:
        if tok.val in ("if", "range", "with"):
            return self.control(tok)
        if tok.val in ("end", "else"):
            then = ""
            if tok.val == "else" and self.peek_non_space().val in ("if", "with"):
                then = self.peek_non_space().val
            else:
                self.expect_right(tok.val)
            return _Marker(tok.pos, tok.val, then)
        if tok.val in ("break", "continue"):
            if self.range_depth == 0:
                raise self.error(f"{{{{{tok.val}}}}} outside {{{{range}}}}", tok)
            self.expect_right(tok.val)
            return LoopControlNode(tok.pos, tok.val)
        raise self.error(f"{{{{{tok.val}}}}} is not supported here", tok)

    def expect_right(self, context: str) -> None:
        tok = self.next_non_space()
        if tok.kind != "right":
            raise self.unexpected(tok, context)

    def control(self, tok: Token) -> BranchNode:
        depth = len(self.vars)
        pipe = self.pipeline(tok.val, "right")
        self.range_depth += tok.val == "range"
        body, stop = self.item_list()
        self.range_depth -= tok.val == "range"
        else_body: list[Node] | None = None
        if stop is not None and stop.kind == "else":
            else_body = self.else_part(tok.val, stop)
        del self.vars[depth:]
        return BranchNode(pipe.pos, tok.val, pipe, body, else_body)

    def else_part(self, context: str, stop: _Marker) -> list[Node]:
        if stop.then and stop.then == context and context in ("if", "with"):
            nested = self.control(self.next_non_space())
            return [nested]
        body, end = self.item_list()
        if end is None or end.kind != "end":
            raise self.error(f"expected end; found {{{{{end.kind if end else 'EOF'}}}}}")
        return body

    # pipelines
    def pipeline(self, context: str, end: str) -> PipeNode:
        pipe = PipeNode(self.peek_non_space().pos)
        self.declarations(pipe, context)
        while True:
            tok = self.next_non_space()
            if tok.kind == end:
                self.check_pipeline(pipe, context)
                return pipe
            if tok.kind not in _OPERAND_START:
                raise self.unexpected(tok, context)
            self.i -= 1
            pipe.cmds.append(self.command())

    def declarations(self, pipe: PipeNode, context: str) -> None:
        start = self.i
        tok = self.next_non_space()
        if tok.kind != "variable":
            self.i = start
            return
        after = self.peek_non_space()
        if after.kind in ("declare", "assign"):
            self.next_non_space()
            pipe.is_assign = after.kind == "assign"
            self.declare(pipe, tok)
        elif after.kind == "comma":
            self.next_non_space()
            self.declare(pipe, tok)
            if context != "range":
                raise self.error(f"too many declarations in {context}", after)
            self.declarations(pipe, context)
        else:
            self.i = start

    def declare(self, pipe: PipeNode, tok: Token) -> None:
        pipe.decl.append(tok.val)
        self.vars.append(tok.val)

    def check_pipeline(self, pipe: PipeNode, context: str) -> None:
        if not pipe.cmds:
            raise self.error(f"missing value for {context}")
        for n, cmd in enumerate(pipe.cmds[1:], start=2):
            if isinstance(cmd.args[0], (BoolNode, DotNode, NilNode, NumberNode, StringNode)):
                raise self.error(f"non executable command in pipeline stage {n}")

    def command(self) -> CommandNode:
        cmd = CommandNode(self.peek_non_space().pos)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                cmd.args.append(operand)
            tok = self.next()
            if tok.kind == "space":
                continue
            if tok.kind in ("right", "rparen"):
                self.i -= 1
            elif tok.kind != "pipe":
                raise self.unexpected(tok, "operand")
            break
        if not cmd.args:
            raise self.error("empty command")
        return cmd

    def operand(self) -> Node | None:
        node = self.term()
        if node is None or self.peek().kind != "field":
            return node
        pos, fields = self.peek().pos, []
        while self.peek().kind == "field":
            fields.append(self.next().val[1:])
        if isinstance(node, FieldNode):
            return FieldNode(pos, node.idents + fields)
        if isinstance(node, VariableNode):
            return VariableNode(pos, node.idents + fields)
        if isinstance(node, (BoolNode, StringNode, NumberNode, NilNode, DotNode)):
            raise self.error(f'unexpected . after term "{node}"')
        return ChainNode(pos, node, fields)

    def term(self) -> Node | None:
        tok = self.next_non_space()
        kind, val, pos = tok.kind, tok.val, tok.pos
        if kind == "ident":
            if val not in self.funcs:
                raise self.error(f'function "{val}" not defined', tok)
            return IdentifierNode(pos, val)
        simple = {"dot": DotNode, "nil": NilNode}
        if kind in simple:
            return simple[kind](pos)
        if kind == "variable":
            if val not in self.vars:
                raise self.error(f'undefined variable "{val}"', tok)
            return VariableNode(pos, [val])
        if kind == "field":
            return FieldNode(pos, [val[1:]])
        if kind == "bool":
            return BoolNode(pos, val == "true")
        if kind in ("number", "char"):
            return NumberNode(pos, val, number_value(val, self.error))
        if kind == "lparen":
            return self.pipeline("parenthesized pipeline", "rparen")
        if kind in ("string", "rawstring"):
            return StringNode(pos, val, unquote(val))
        self.i -= 1
        return None


def parse(src: str, funcs: Collection[str]) -> list[Node]:
    """Parse ``src``; raises :class:`ParseError` with Go's message."""
    return Parser(src, funcs).parse()

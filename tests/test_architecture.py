"""The import rules of docs/architecture.md hold for every module of coursekit/.

The rules are read from the document's ``import-rules`` block, so the page and the code
cannot drift apart: a rule added there is checked here, and an import that breaks one
fails with the module, the line and the rule it breaks. Every import counts, including
those inside functions and under ``if TYPE_CHECKING:``.
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "coursekit"
DOC = ROOT / "docs" / "architecture.md"
MAX_MODULES_PER_FOLDER = 12
MAX_LINES = 330
DATA_MODULES = {"coursekit.cli.flags.texts", "coursekit.cli.flags.texts_28_5"}
"""Modules that are data (the docker CLI's help texts, verbatim), not code."""


@dataclass(frozen=True)
class Rule:
    """``subject`` may import only ``allowed`` (``only``) or never ``forbidden``."""

    subject: str
    only: bool
    names: tuple[str, ...]
    text: str


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    base = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str, path: Path, known: dict[str, Path]) -> list[tuple[str, int]]:
    """Every coursekit module ``module`` imports, with the line of the import."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, path, node)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.append((full if full in known else base, node.lineno))
    return [(name, line) for name, line in found
            if name.split(".")[0] == "coursekit" and name != module]


@functools.cache
def graph() -> dict[str, list[tuple[str, int]]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def read_rules() -> list[Rule]:
    """The lines of the ``import-rules`` block: "`A` may import only `B`, `C`" or
    "`A` never imports `B`, `C`" (`nothing` stands for no coursekit module at all)."""
    block = re.search(r"```import-rules\n(.*?)```", DOC.read_text(), re.S)
    assert block, f"{DOC} has no ```import-rules block"
    rules = []
    for line in block.group(1).splitlines():
        if not line.strip():
            continue
        match = re.fullmatch(r"`([\w.]+)` (may import only|never imports) (.+)", line.strip())
        assert match, f"cannot read this import rule: {line!r}"
        names = tuple(re.findall(r"`([\w.]+)`", match.group(3)))
        rules.append(Rule(match.group(1), match.group(2) == "may import only",
                          tuple(n for n in names if n != "nothing"), line.strip()))
    return rules


def broken(rule: Rule, target: str) -> bool:
    if within(target, rule.subject):
        return False
    hit = any(within(target, name) for name in rule.names)
    return not hit if rule.only else hit


def test_the_document_states_rules_for_the_layers() -> None:
    """The page names a rule for the value modules, gotemplate, viz, userland and backends."""
    subjects = {rule.subject for rule in read_rules()}
    assert {"coursekit.models", "coursekit.errors", "coursekit.cli.gotemplate",
            "coursekit.viz", "coursekit.backends.sim.userland",
            "coursekit.backends"} <= subjects


@pytest.mark.parametrize("rule", read_rules(), ids=lambda rule: rule.subject)
def test_import_rule_holds(rule: Rule) -> None:
    """No module under the rule's subject imports what the rule forbids."""
    violations = [f"{module}:{line} imports {target}"
                  for module, targets in graph().items() if within(module, rule.subject)
                  for target, line in targets if broken(rule, target)]
    assert not violations, f"rule: {rule.text}\n" + "\n".join(violations)


def cycles(edges: dict[str, list[tuple[str, int]]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target, _ in edges.get(node, []):
            if target not in edges:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in edges:
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    """No two modules of coursekit/ import each other, directly or through others."""
    assert cycles(graph()) == []


def test_cycle_finder_finds_a_cycle() -> None:
    """The finder itself: a -> b -> c -> a is one cycle, d alone is none."""
    edges = {"a": [("b", 1)], "b": [("c", 1)], "c": [("a", 1)], "d": [("a", 1)]}
    assert cycles(edges) == [["a", "b", "c"]]


def test_folders_stay_small() -> None:
    """No folder of coursekit/ holds more than about 12 modules (its __init__ aside)."""
    counts: dict[Path, int] = {}
    for path in PACKAGE.rglob("*.py"):
        if path.name != "__init__.py":
            counts[path.parent] = counts.get(path.parent, 0) + 1
    crowded = {str(p.relative_to(ROOT)): n for p, n in counts.items()
               if n > MAX_MODULES_PER_FOLDER}
    assert crowded == {}


def test_modules_stay_short() -> None:
    """Modules of code stay near 300 lines (data modules excepted)."""
    long = {name: n for name, path in modules().items()
            if name not in DATA_MODULES and (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}

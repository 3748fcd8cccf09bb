"""The rule base as data: every rule of `rules/`, with its location, its article, the treaty words
quoted above it and its human template (`%@ en: ...`). Explanations are built from these, so a new
rule in `rules/` is explained without changing Python.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from clingo import ast

from .engine import rules_dir


@dataclass(frozen=True)
class RuleInfo:
    rule: ast.AST  # an unpooled clingo.ast Rule
    file: Path
    line: int
    article: str  # "Art. 25, first sentence", from the file's headings
    quote: str  # the treaty words quoted nearest above the rule
    templates: tuple[tuple[str, str], ...]  # (language, template)

    @property
    def head(self) -> ast.AST:
        return self.rule.head

    @property
    def body(self) -> list[ast.AST]:
        return list(self.rule.body)

    @property
    def is_choice(self) -> bool:
        return self.head.ast_type == ast.ASTType.Aggregate

    def template(self, lang: str = "en") -> str | None:
        table = dict(self.templates)
        return table.get(lang) or table.get("en")

    def where(self) -> str:
        try:
            return f"rules/{self.file.relative_to(rules_dir()).as_posix()}:{self.line}"
        except ValueError:
            return f"{self.file}:{self.line}"

    def head_atoms(self) -> Iterator[ast.AST]:
        """The symbolic atoms this rule can derive (one, or the elements of a choice)."""
        if self.is_choice:
            for element in self.head.elements:
                yield element.literal.atom.symbol
        elif self.head.ast_type == ast.ASTType.Literal and self.head.atom.ast_type == ast.ASTType.SymbolicAtom:
            yield self.head.atom.symbol


@dataclass
class RuleBase:
    rules: list[RuleInfo] = field(default_factory=list)
    by_head: dict[tuple[str, int], list[RuleInfo]] = field(default_factory=dict)
    inputs: set[tuple[str, int]] = field(default_factory=set)  # the #defined predicates

    def defining(self, name: str, arity: int) -> list[RuleInfo]:
        return self.by_head.get((name, arity), [])


_TEMPLATE = re.compile(r"^%@\s*([a-z]{2}(?:-[A-Za-z]+)?):\s*(.*)$")


def _context(lines: list[str], line: int) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """The article heading, nearest quote and templates for a rule starting at `line` (1-based)."""
    title = section = ""
    quote: list[str] = []
    last_quote: list[str] = []
    for text in lines[: line - 1]:
        if text.startswith("%# "):
            title = text[3:].strip()
        elif text.startswith("%## "):
            section, last_quote = text[4:].strip(), []
        if text.startswith("% > "):
            quote.append(text[4:].strip())
        elif quote:
            last_quote, quote = quote, []
    if quote:
        last_quote = quote
    templates = []
    i = line - 2
    while i >= 0 and lines[i].startswith("%@"):
        match = _TEMPLATE.match(lines[i])
        if match:
            templates.append((match.group(1), match.group(2).strip()))
        i -= 1
    heading = section or title
    return heading, " ".join(last_quote), tuple(reversed(templates))


@functools.lru_cache(maxsize=4)
def load(root: Path | None = None) -> RuleBase:
    """Parse `main.lp` as clingo does, following its #include lines: exactly the rules the engine
    grounds, each with the file and line it stands on."""
    root = root or rules_dir()
    base = RuleBase()
    lines: dict[str, list[str]] = {}
    statements: list[ast.AST] = []
    ast.parse_files([str(root / "main.lp")], statements.append)
    for statement in statements:
        if statement.ast_type == ast.ASTType.Defined:
            base.inputs.add((statement.name, statement.arity))
        if statement.ast_type != ast.ASTType.Rule:
            continue
        filename = statement.location.begin.filename
        if filename not in lines:
            lines[filename] = Path(filename).read_text(encoding="utf-8").splitlines()
        line = statement.location.begin.line
        article, quote, templates = _context(lines[filename], line)
        for rule in statement.unpool():
            info = RuleInfo(rule, Path(filename).resolve(), line, article, quote, templates)
            if info.head.ast_type == ast.ASTType.BooleanConstant:
                continue  # an integrity constraint derives nothing
            base.rules.append(info)
            for atom in info.head_atoms():
                key = _signature(atom)
                if key is not None:
                    base.by_head.setdefault(key, []).append(info)
    return base


def _signature(term: ast.AST) -> tuple[str, int] | None:
    if term.ast_type == ast.ASTType.Function:
        return term.name, len(term.arguments)
    if term.ast_type == ast.ASTType.SymbolicTerm and term.symbol.type.name == "Function":
        return term.symbol.name, len(term.symbol.arguments)
    return None

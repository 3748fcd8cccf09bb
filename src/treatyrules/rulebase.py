"""The rule base as data: every rule of `rules/`, with its location, its article, the treaty words
quoted above it and its human template (`%@ en: ...`). Explanations are built from these, so a new
rule in `rules/` is explained without changing Python.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
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

    # Reading a clingo.ast attribute is a call into the C library that builds a new wrapper: the
    # parts every explanation walks are read once (cached_property writes past the frozen
    # dataclass's __setattr__, into the instance's __dict__).
    @functools.cached_property
    def head(self) -> ast.AST:
        return self.rule.head

    @functools.cached_property
    def _body(self) -> tuple[ast.AST, ...]:
        return tuple(self.rule.body)

    @property
    def body(self) -> list[ast.AST]:
        return list(self._body)

    @functools.cached_property
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
        return iter(self._head_atoms)

    @functools.cached_property
    def _head_atoms(self) -> tuple[ast.AST, ...]:
        if self.is_choice:
            return tuple(element.literal.atom.symbol for element in self.head.elements)
        if self.head.ast_type == ast.ASTType.Literal and self.head.atom.ast_type == ast.ASTType.SymbolicAtom:
            return (self.head.atom.symbol,)
        return ()


@dataclass
class RuleBase:
    rules: list[RuleInfo] = field(default_factory=list)
    by_head: dict[tuple[str, int], list[RuleInfo]] = field(default_factory=dict)
    inputs: set[tuple[str, int]] = field(default_factory=set)  # the #defined predicates
    shown: set[tuple[str, int]] = field(default_factory=set)  # the #show predicates: what a solve reports
    #: the predicates an integrity constraint reads, or a choice bounded in number (`1 { ... } 1`)
    constrained: set[tuple[str, int]] = field(default_factory=set)
    _idle: dict[frozenset, frozenset] = field(default_factory=dict, repr=False, compare=False)  # idle(), by its reads

    def defining(self, name: str, arity: int) -> list[RuleInfo]:
        return self.by_head.get((name, arity), [])

    @functools.cached_property
    def edges(self) -> dict[tuple[str, int], set[tuple[tuple[str, int], bool]]]:
        """For each predicate, the predicates of the heads of the rules that read it, and whether
        they read it under `not`."""
        out: dict[tuple[str, int], set[tuple[tuple[str, int], bool]]] = {}
        for info in self.rules:
            heads = [_signature(atom) for atom in info.head_atoms()]
            for body, negative in body_reads([*info.body, *(getattr(info.head, "elements", None) or [])]):
                for head in heads:
                    if head is not None:
                        out.setdefault(body, set()).add((head, negative))
        return out

    def idle(self, reads: Iterable[tuple[str, int]]) -> frozenset[tuple[str, int]]:
        """The predicates that only a choice rule makes true, and that none of `reads` and no
        constraint depends on, however indirectly: an unknown fact of one can be taken as not
        holding without changing anything of `reads` in any answer set (engine.World)."""
        key = frozenset(reads)
        if key not in self._idle:
            self._idle[key] = self._find_idle(key)
        return self._idle[key]

    def _find_idle(self, reads: frozenset[tuple[str, int]]) -> frozenset[tuple[str, int]]:
        feeding: dict[tuple[str, int], set[tuple[str, int]]] = {}
        for body, heads in self.edges.items():
            for head, _ in heads:
                feeding.setdefault(head, set()).add(body)
        needed = {*reads, *self.constrained}
        pending = list(needed)
        while pending:
            for body in feeding.get(pending.pop(), ()):
                if body not in needed:
                    needed.add(body)
                    pending.append(body)
        chosen = {_signature(a) for info in self.rules if info.is_choice for a in info.head_atoms()}
        derived = {_signature(a) for info in self.rules if not info.is_choice for a in info.head_atoms()}
        return frozenset(chosen - derived - needed - {None})


_TEMPLATE = re.compile(r"^%@\s*([a-z]{2}(?:-[A-Za-z]+)?):\s*(.*)$")


def _contexts(lines: list[str]) -> list[tuple[str, str]]:
    """The article heading and nearest quote above each line of a file: item i for line i + 1.
    One pass over the file, not one per rule."""
    out = []
    title = section = ""
    quote: list[str] = []
    last_quote: list[str] = []
    for text in lines:
        out.append((section or title, " ".join(quote or last_quote)))  # a quote still open counts
        if text.startswith("%# "):
            title = text[3:].strip()
        elif text.startswith("%## "):
            section, last_quote = text[4:].strip(), []
        if text.startswith("% > "):
            quote.append(text[4:].strip())
        elif quote:
            last_quote, quote = quote, []
    return out


def _templates(lines: list[str], line: int) -> tuple[tuple[str, str], ...]:
    """The `%@ lang: ...` lines right above the rule starting at `line` (1-based)."""
    templates = []
    i = line - 2
    while i >= 0 and lines[i].startswith("%@"):
        match = _TEMPLATE.match(lines[i])
        if match:
            templates.append((match.group(1), match.group(2).strip()))
        i -= 1
    return tuple(reversed(templates))


@functools.lru_cache(maxsize=4)
def load(root: Path | None = None) -> RuleBase:
    """Parse `main.lp` as clingo does, following its #include lines: exactly the rules the engine
    grounds, each with the file and line it stands on."""
    root = root or rules_dir()
    base = RuleBase()
    files: dict[str, tuple[Path, list[str], list[tuple[str, str]]]] = {}
    statements: list[ast.AST] = []
    ast.parse_files([str(root / "main.lp")], statements.append)
    for statement in statements:
        kind = statement.ast_type
        if kind == ast.ASTType.Defined:
            base.inputs.add((statement.name, statement.arity))
        if kind == ast.ASTType.ShowSignature:
            base.shown.add((statement.name, statement.arity))
        if kind != ast.ASTType.Rule:
            continue
        begin = statement.location.begin
        filename, line = begin.filename, begin.line
        if filename not in files:
            lines = Path(filename).read_text(encoding="utf-8").splitlines()
            files[filename] = Path(filename).resolve(), lines, _contexts(lines)
        path, lines, contexts = files[filename]
        article, quote = contexts[line - 1]
        templates = _templates(lines, line)
        for rule in statement.unpool():
            info = RuleInfo(rule, path, line, article, quote, templates)
            head = info.head
            if head.ast_type == ast.ASTType.Literal and head.atom.ast_type == ast.ASTType.BooleanConstant:
                base.constrained.update(signature for signature, _ in body_reads(info.body))
                continue  # an integrity constraint (`#false :- ...`) derives nothing
            if info.is_choice and (head.left_guard is not None or head.right_guard is not None):
                base.constrained.update(signature for signature, _ in body_reads([*info.body, *head.elements]))
                base.constrained.update(filter(None, map(_signature, info.head_atoms())))
            base.rules.append(info)
            for atom in info.head_atoms():
                key = _signature(atom)
                if key is not None:
                    base.by_head.setdefault(key, []).append(info)
    return base


def body_reads(node: object, negative: bool = False) -> Iterator[tuple[tuple[str, int], bool]]:
    """Every predicate a rule body reads, with whether it reads it under `not`, however deeply
    nested (conditional literals, aggregate elements)."""
    if isinstance(node, (list, tuple)) or type(node).__name__ == "ASTSequence":
        for item in node:  # type: ignore[union-attr]
            yield from body_reads(item, negative)
        return
    if not isinstance(node, ast.AST):
        return
    if node.ast_type == ast.ASTType.Literal:
        negative = negative or node.sign != ast.Sign.NoSign
        if node.atom.ast_type == ast.ASTType.SymbolicAtom:
            signature = _signature(node.atom.symbol)
            if signature is not None:
                yield signature, negative
            return
    for key in node.child_keys:
        yield from body_reads(getattr(node, key), negative)


def _signature(term: ast.AST) -> tuple[str, int] | None:
    if term.ast_type == ast.ASTType.Function:
        return term.name, len(term.arguments)
    if term.ast_type == ast.ASTType.SymbolicTerm and term.symbol.type.name == "Function":
        return term.symbol.name, len(term.symbol.arguments)
    return None

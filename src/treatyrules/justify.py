"""Rule instances that hold, or fail, in an answer set: the matching behind explanations.

Given an answer set (a set of atoms) and a rule of the rule base, find the substitutions under
which the rule's body holds (why), or the literal on which every attempt fails (why not). This is
a small evaluator of clingo's own syntax tree: it reads the rules, it does not restate them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from clingo import Function, Number, Symbol, SymbolType, ast

Sub = dict[str, Symbol]
ASTType = ast.ASTType


class Model:
    """An answer set, indexed by predicate on demand.

    `ground(name, arity)`, when given, lists the ground atoms of a predicate (clingo's symbolic
    atoms): an explanation then touches only the predicates it visits, not the whole answer set.
    """

    def __init__(self, atoms: frozenset[Symbol],
                 ground: Callable[[str, int], Iterable[Symbol]] | None = None) -> None:
        self.atoms = atoms
        self._ground = ground
        self._index: dict[tuple[str, int], list[Symbol]] | None = None if ground else self._full()
        self._lazy: dict[tuple[str, int], list[Symbol]] = {}

    def _full(self) -> dict[tuple[str, int], list[Symbol]]:
        index: dict[tuple[str, int], list[Symbol]] = {}
        for atom in self.atoms:
            if atom.type == SymbolType.Function:
                index.setdefault((atom.name, len(atom.arguments)), []).append(atom)
        for values in index.values():
            values.sort()
        return index

    def of(self, name: str, arity: int) -> list[Symbol]:
        if self._index is not None:
            return self._index.get((name, arity), [])
        key = (name, arity)
        if key not in self._lazy:
            assert self._ground is not None
            self._lazy[key] = sorted(a for a in self._ground(name, arity) if a in self.atoms)
        return self._lazy[key]

    @property
    def index(self) -> dict[tuple[str, int], list[Symbol]]:
        if self._index is None:
            self._index = self._full()
        return self._index

    def __contains__(self, atom: Symbol) -> bool:
        return atom in self.atoms

    def candidates(self, term: ast.AST) -> list[Symbol]:
        if term.ast_type == ASTType.Function:
            return self.of(term.name, len(term.arguments))
        if term.ast_type == ASTType.SymbolicTerm:
            s = term.symbol
            return [s] if s in self.atoms else []
        return []


# -- terms -------------------------------------------------------------------------------------

_BIN = {
    ast.BinaryOperator.Plus: lambda a, b: a + b,
    ast.BinaryOperator.Minus: lambda a, b: a - b,
    ast.BinaryOperator.Multiplication: lambda a, b: a * b,
    ast.BinaryOperator.Division: lambda a, b: int(a / b) if b else None,
    ast.BinaryOperator.Modulo: lambda a, b: a - b * int(a / b) if b else None,
    ast.BinaryOperator.Power: lambda a, b: a**b if b >= 0 else None,
}


def evaluate(term: ast.AST, sub: Sub) -> Symbol | None:
    """The value of a term under `sub`, or None if a variable is unbound (or arithmetic fails)."""
    t = term.ast_type
    if t == ASTType.SymbolicTerm:
        return term.symbol
    if t == ASTType.Variable:
        return sub.get(term.name)
    if t == ASTType.Function:
        args = [evaluate(a, sub) for a in term.arguments]
        if any(a is None for a in args):
            return None
        return Function(term.name, args)  # type: ignore[arg-type]
    if t == ASTType.BinaryOperation:
        left, right = evaluate(term.left, sub), evaluate(term.right, sub)
        if left is None or right is None or left.type != SymbolType.Number or right.type != SymbolType.Number:
            return None
        value = _BIN[term.operator_type](left.number, right.number)
        return None if value is None else Number(value)
    if t == ASTType.UnaryOperation:
        value = evaluate(term.argument, sub)
        if value is None or value.type != SymbolType.Number:
            return None
        return Number(-value.number) if term.operator_type == ast.UnaryOperator.Minus else Number(abs(value.number))
    return None


def unify(pattern: ast.AST, value: Symbol, sub: Sub) -> Sub | None:
    t = pattern.ast_type
    if t == ASTType.Variable:
        if pattern.name == "_":
            return sub
        bound = sub.get(pattern.name)
        if bound is None:
            return {**sub, pattern.name: value}
        return sub if bound == value else None
    if t == ASTType.Function:
        if value.type != SymbolType.Function or value.name != pattern.name or len(value.arguments) != len(pattern.arguments):
            return None
        for p, v in zip(pattern.arguments, value.arguments):
            next_sub = unify(p, v, sub)
            if next_sub is None:
                return None
            sub = next_sub
        return sub
    computed = evaluate(pattern, sub)
    return sub if computed is not None and computed == value else None


def variables(term: ast.AST) -> set[str]:
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if node.ast_type == ASTType.Variable and node.name != "_":
            found.add(node.name)

    for child in _walk(term):
        visit(child)
    return found


def _walk(node: ast.AST) -> Iterator[ast.AST]:
    yield node
    for key in node.child_keys:
        child = getattr(node, key)
        if isinstance(child, ast.AST):
            yield from _walk(child)
        elif isinstance(child, (list, tuple)) or type(child).__name__ == "ASTSequence":
            for item in child:
                if isinstance(item, ast.AST):
                    yield from _walk(item)


def compare(op: ast.ComparisonOperator, left: Symbol, right: Symbol) -> bool:
    a: object = left.number if left.type == SymbolType.Number else left
    b: object = right.number if right.type == SymbolType.Number else right
    if type(a) is not type(b):  # clingo: numbers before symbols
        a, b = (0 if isinstance(a, int) else 1), (0 if isinstance(b, int) else 1)
    return {
        ast.ComparisonOperator.Equal: lambda: a == b,
        ast.ComparisonOperator.NotEqual: lambda: a != b,
        ast.ComparisonOperator.LessThan: lambda: a < b,  # type: ignore[operator]
        ast.ComparisonOperator.LessEqual: lambda: a <= b,  # type: ignore[operator]
        ast.ComparisonOperator.GreaterThan: lambda: a > b,  # type: ignore[operator]
        ast.ComparisonOperator.GreaterEqual: lambda: a >= b,  # type: ignore[operator]
    }[op]()


_OP_TEXT = {
    ast.ComparisonOperator.Equal: "=", ast.ComparisonOperator.NotEqual: "!=",
    ast.ComparisonOperator.LessThan: "<", ast.ComparisonOperator.LessEqual: "<=",
    ast.ComparisonOperator.GreaterThan: ">", ast.ComparisonOperator.GreaterEqual: ">=",
}


# -- literals ----------------------------------------------------------------------------------


@dataclass
class Step:
    """One body literal, as it held (or failed) in a rule instance."""

    kind: str  # "atom" (positive), "not" (negative), "test" (comparison), "count" (aggregate)
    holds: bool
    atom: Symbol | None = None  # "atom": the atom; "not": the atom that is absent (or present)
    pattern: ast.AST | None = None  # the literal's atom when it could not be made ground
    text: str = ""  # "test"/"count": the literal with its values
    members: list[Symbol] = field(default_factory=list)  # "count": the atoms counted


def _ready(literal: ast.AST, sub: Sub) -> bool:
    """Can this literal be tested now (all its variables bound, bar the one an `=` assigns)?"""
    atom = literal.atom
    if literal.sign == ast.Sign.NoSign and atom.ast_type == ASTType.SymbolicAtom:
        return True
    unbound = {v for v in variables(atom) if v not in sub}
    if atom.ast_type == ASTType.Comparison and len(atom.guards) == 1 and atom.guards[0].comparison == ast.ComparisonOperator.Equal:
        left, right = {v for v in variables(atom.term) if v not in sub}, {v for v in variables(atom.guards[0].term) if v not in sub}
        return (len(left) <= 1 and atom.term.ast_type == ASTType.Variable and not right) or (not left and len(right) <= 1 and atom.guards[0].term.ast_type == ASTType.Variable) or not unbound
    if atom.ast_type == ASTType.BodyAggregate:
        guard_vars = set()
        for guard in (atom.left_guard, atom.right_guard):
            if guard is not None:
                guard_vars |= {v for v in variables(guard.term) if v not in sub}
        local = set()
        for element in atom.elements:
            for cond in element.condition:
                local |= variables(cond)
            for term in element.terms:
                local |= variables(term)
        return not ({v for v in unbound if v not in local} - guard_vars) and len(guard_vars) <= 1
    return not unbound  # anonymous variables (`_`) of a negated atom are not counted


def match_literal(literal: ast.AST, sub: Sub, model: Model) -> Iterator[tuple[Sub, Step]]:
    """Every way `literal` holds in `model` extending `sub`. Yields nothing if it fails."""
    atom = literal.atom
    if atom.ast_type == ASTType.SymbolicAtom:
        term = atom.symbol
        if literal.sign == ast.Sign.NoSign:
            ground = evaluate(term, sub)
            if ground is not None:
                if ground in model:
                    yield sub, Step("atom", True, atom=ground)
                return
            for candidate in model.candidates(term):
                extended = unify(term, candidate, sub)
                if extended is not None:
                    yield extended, Step("atom", True, atom=candidate)
            return
        # negation: holds if no atom of the model unifies with it
        ground = evaluate(term, sub)
        if ground is not None:
            if ground not in model:
                yield sub, Step("not", True, atom=ground)
            return
        if not any(unify(term, c, sub) is not None for c in model.candidates(term)):
            yield sub, Step("not", True, pattern=term)
        return
    if atom.ast_type == ASTType.Comparison:
        yield from _match_comparison(literal, sub)
        return
    if atom.ast_type == ASTType.BodyAggregate:
        yield from _match_aggregate(literal, sub, model)
        return
    if atom.ast_type == ASTType.BooleanConstant:
        if atom.value == (literal.sign == ast.Sign.NoSign):
            yield sub, Step("test", True, text=str(atom))


def _match_comparison(literal: ast.AST, sub: Sub) -> Iterator[tuple[Sub, Step]]:
    comparison = literal.atom
    left = comparison.term
    for guard in comparison.guards:
        lv, rv = evaluate(left, sub), evaluate(guard.term, sub)
        if guard.comparison == ast.ComparisonOperator.Equal:
            if lv is None and rv is not None and left.ast_type == ASTType.Variable:
                sub, lv = {**sub, left.name: rv}, rv
            elif rv is None and lv is not None and guard.term.ast_type == ASTType.Variable:
                sub, rv = {**sub, guard.term.name: lv}, lv
        if lv is None or rv is None:
            return
        holds = compare(guard.comparison, lv, rv)
        if literal.sign != ast.Sign.NoSign:
            holds = not holds
        if not holds:
            return
        left = guard.term
    yield sub, Step("test", True, text=_comparison_text(literal, sub))


def _comparison_text(literal: ast.AST, sub: Sub) -> str:
    comparison = literal.atom
    parts = [_value_text(comparison.term, sub)]
    for guard in comparison.guards:
        parts += [_OP_TEXT[guard.comparison], _value_text(guard.term, sub)]
    text = " ".join(parts)
    return f"not {text}" if literal.sign != ast.Sign.NoSign else text


def _value_text(term: ast.AST, sub: Sub) -> str:
    value = evaluate(term, sub)
    return str(value) if value is not None else str(term)


def _conditions(conditions: list[ast.AST], sub: Sub, model: Model) -> Iterator[tuple[Sub, list[Step]]]:
    if not conditions:
        yield sub, []
        return
    pending = list(conditions)
    for i, literal in enumerate(pending):
        if _ready(literal, sub):
            rest = pending[:i] + pending[i + 1 :]
            for extended, step in match_literal(literal, sub, model):
                for final, steps in _conditions(rest, extended, model):
                    yield final, [step, *steps]
            return


def _match_aggregate(literal: ast.AST, sub: Sub, model: Model) -> Iterator[tuple[Sub, Step]]:
    aggregate = literal.atom
    tuples: dict[tuple[Symbol, ...], list[Symbol]] = {}
    for element in aggregate.elements:
        for local, steps in _conditions(list(element.condition), sub, model):
            values = tuple(evaluate(t, local) for t in element.terms)
            if any(v is None for v in values):
                continue
            tuples.setdefault(values, []).extend(s.atom for s in steps if s.kind == "atom" and s.atom is not None)  # type: ignore[arg-type]
    function = aggregate.function
    numbers = [t[0].number for t in tuples if t and t[0].type == SymbolType.Number]
    if function == ast.AggregateFunction.Count:
        value = len(tuples)
    elif function == ast.AggregateFunction.Sum or function == ast.AggregateFunction.SumPlus:
        value = sum(numbers)
    elif function == ast.AggregateFunction.Max:
        value = max(numbers) if numbers else None
    else:
        value = min(numbers) if numbers else None
    if value is None:
        return
    result = Number(value)
    for guard, result_on_left in ((aggregate.left_guard, False), (aggregate.right_guard, True)):
        if guard is None:
            continue
        other = evaluate(guard.term, sub)
        if other is None and guard.comparison == ast.ComparisonOperator.Equal and guard.term.ast_type == ASTType.Variable:
            sub = {**sub, guard.term.name: result}
            continue
        if other is None:
            return
        ok = compare(guard.comparison, result, other) if result_on_left else compare(guard.comparison, other, result)
        if not ok:
            return
    members = sorted({a for atoms in tuples.values() for a in atoms})
    yield sub, Step("count", True, text=f"{_aggregate_name(function)} = {value}", members=members)


def _aggregate_name(function: ast.AggregateFunction) -> str:
    return {ast.AggregateFunction.Count: "#count", ast.AggregateFunction.Sum: "#sum",
            ast.AggregateFunction.SumPlus: "#sum+", ast.AggregateFunction.Max: "#max",
            ast.AggregateFunction.Min: "#min"}[function]


# -- bodies ------------------------------------------------------------------------------------


@dataclass
class Failure:
    """How far an attempt at a rule body got, and the literal it failed on."""

    done: list[Step]
    literal: ast.AST
    sub: Sub


def instances(body: list[ast.AST], sub: Sub, model: Model) -> Iterator[tuple[Sub, list[Step]]]:
    """Every substitution under which the whole body holds, with its steps."""
    for result in _attempt(body, sub, model, []):
        if isinstance(result, tuple):
            yield result


def failures(body: list[ast.AST], sub: Sub, model: Model, limit: int = 200) -> list[Failure]:
    """The attempts that fail, deepest first (those that got furthest before failing)."""
    found: list[Failure] = []
    for result in _attempt(body, sub, model, []):
        if isinstance(result, Failure):
            found.append(result)
            if len(found) >= limit:
                break
        else:
            return []  # the body holds: no failure to report
    found.sort(key=lambda f: -len(f.done))
    return found


def _attempt(pending: list[ast.AST], sub: Sub, model: Model, done: list[Step]) -> Iterator[tuple[Sub, list[Step]] | Failure]:
    if not pending:
        yield sub, done
        return
    for i, literal in enumerate(pending):
        if _ready(literal, sub):
            break
    else:
        yield Failure(done, pending[0], sub)
        return
    rest = pending[:i] + pending[i + 1 :]
    matched = False
    for extended, step in match_literal(literal, sub, model):
        matched = True
        yield from _attempt(rest, extended, model, [*done, step])
    if not matched:
        yield Failure(done, literal, sub)


def pattern_unify(head: ast.AST, name: str, args: list[Symbol | None]) -> Sub | None:
    """Unify a rule head with a pattern whose None arguments match anything."""
    if head.ast_type != ASTType.Function or head.name != name or len(head.arguments) != len(args):
        if head.ast_type == ASTType.SymbolicTerm:
            value = head.symbol
            if value.type == SymbolType.Function and value.name == name and len(value.arguments) == len(args):
                ok = all(a is None or a == v for a, v in zip(args, value.arguments))
                return {} if ok else None
        return None
    sub: Sub | None = {}
    for pattern, value in zip(head.arguments, args):
        if value is None or sub is None:
            continue
        sub = unify(pattern, value, sub)
    return sub


__all__ = ["Model", "Step", "Failure", "instances", "failures", "evaluate", "unify", "pattern_unify", "variables"]

"""Many single-fact what-ifs answered over one grounding.

A what-if adds a few input atoms to the fact base ("what if Luxembourg had deposited on
1953-06-01?"). Grounding the rule base again for each is the slow part of answering it, so a
sweep grounds once with every what-if in the program and answers each by solving under
assumptions. What-if `i` gets an external atom `_whatif(i)` of its own and one rule per atom it
adds, `atom :- _whatif(i)` (through clingo's backend, like every input atom: never as text);
solving assumes `_whatif(i)` true and every other switch false. The switch, not the atom, is
assumed: assuming `at_war(syria)` false would also cut the rules of rules/ that derive it.
With every switch off, the sweep answers exactly as the fact base does.

What-if `i` gives the same consequences as `World(facts, as_of, extra=whatifs[i])`;
tests/test_sweep.py checks it. Only additions can be swept: a what-if that removes a fact needs
a grounding without it.

Every what-if's atoms enlarge the ground program that each solve works on (250 candidate deposit
dates are 250 more dates for Art. 23's counts), so one grounding for a thousand what-ifs is slower
than twenty groundings of 50: `sweep()` answers them in batches.

Most what-ifs change little, and the ground program says how little. The atoms that depend on
what-if `i`'s switch, following the ground rules from body to head, are its cone; every other
atom keeps its value in every answer set (the atoms outside a cone are a splitting set of the
program: their rules never mention the cone). Each answer set of that bottom part still extends
to the cone when no integrity constraint reads the cone and no atom depends on itself through
negation (tests/test_rule_base.py holds the rule base to that). Then the consequences outside
the cone are the fact base's, and only the cone's shown atoms need reading from the solves; a
cone without a shown atom needs no solve at all (a what-if that restates a fact of the record).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import clingo
from clingo import Function, Number, Symbol

from . import focus
from .engine import Limits, Solution, World, reader
from .facts import FactBase


@dataclass
class Sweep(World):
    """A World whose rule base is grounded with every what-if's atoms left open to assumptions."""

    whatifs: Sequence[Sequence[Symbol]] = ()
    #: the fact base's own consequences, if already known (every switch off gives them again)
    record: Solution | None = None

    @property
    def base(self) -> Solution:
        return self.record if self.record is not None else super().base

    def _add_inputs(self, backend: clingo.Backend) -> None:
        self._literals: dict[Symbol, int | None] = {}
        self._switches = [Function("_whatif", [Number(i)]) for i in range(len(self.whatifs))]
        for switch, whatif in zip(self._switches, self.whatifs):
            on = backend.add_atom(switch)
            backend.add_external(on, clingo.TruthValue.Free)
            for atom in whatif:
                backend.add_rule([backend.add_atom(atom)], [on])

    def _fixed_assumptions(self) -> list[tuple[Symbol, bool]]:
        # every question asked through World's own methods sees the fact base unchanged
        return [*super()._fixed_assumptions(), *((s, False) for s in self._switches)]

    def _solve(self, mode: str, assumptions: Sequence[tuple[Symbol, bool]],
               read: Callable[[clingo.Model], frozenset[Symbol]] | None = None) -> frozenset[Symbol] | None:
        # clingo looks each assumed symbol up anew on every solve: with a thousand switches that
        # lookup, not the solving, is the cost; program literals are looked up once (World._solve
        # hands the assumptions to clingo as they are, and clingo takes literals as well)
        return super()._solve(mode, [self._literal(a, v) for a, v in assumptions], read)  # type: ignore[misc]

    def _literal(self, atom: Symbol, value: bool) -> int | tuple[Symbol, bool]:
        if atom not in self._literals:
            found = self._control.symbolic_atoms[atom]
            self._literals[atom] = found.literal if found is not None else None
        literal = self._literals[atom]
        return (atom, value) if literal is None else literal if value else -literal

    def _observer(self) -> clingo.Observer:
        self._graph, self._cones = _Graph(), {}
        return self._graph

    def answer(self, i: int) -> Solution | None:
        """The cautious and brave consequences with what-if `i`'s atoms added (None: no answer set)."""
        cone = self._cone(i)
        if cone is None:  # an integrity constraint reads the cone: solve for every atom
            return self._answer(i)
        shown = self._graph.shown(cone)
        if not shown:
            return self.base
        assumptions = self._assumptions(i)
        brave = self._solve("brave", assumptions, reader(shown))
        if brave is None:
            return None
        # what holds in every answer set holds in some: with none of the cone's atoms in any,
        # there is nothing left to ask
        cautious = self._solve("cautious", assumptions, reader({a: shown[a] for a in brave})) if brave else brave
        assert cautious is not None
        changed = frozenset(shown)
        return Solution(self.base.cautious - changed | cautious, self.base.brave - changed | brave)

    def confined(self, i: int, to: Callable[[Symbol], bool]) -> bool:
        """Are the shown atoms what-if `i` can change (there are some) all ones `to` accepts?"""
        cone = self._cone(i)
        shown = self._graph.shown(cone) if cone is not None else {}
        return bool(shown) and all(to(atom) for atom in shown)

    def _cone(self, i: int) -> set[int] | None:
        # confined() and answer() both ask for it: walked once
        if i not in self._cones:
            self._cones[i] = self._graph.cone(self._control.symbolic_atoms[self._switches[i]].literal)
        return self._cones[i]

    def _assumptions(self, i: int) -> list[tuple[Symbol, bool]]:
        return [(a, v or a == self._switches[i]) for a, v in self._base_assumptions]

    def _answer(self, i: int) -> Solution | None:
        cautious = self._solve("cautious", self._assumptions(i))
        if cautious is None:
            return None
        brave = self._solve("brave", self._assumptions(i))
        assert brave is not None
        return Solution(cautious, brave)


class _Graph(clingo.Observer):
    """The ground program as clingo hands it to the solver: which atoms each atom's value feeds."""

    def __init__(self) -> None:
        self.users: dict[int, list[int]] = {}
        self.constrained: set[int] = set()  # the atoms an integrity constraint reads
        self.output: dict[int, list[Symbol]] = {}

    def rule(self, choice: bool, head: Sequence[int], body: Sequence[int]) -> None:
        self._edges(head, [abs(literal) for literal in body])

    def weight_rule(self, choice: bool, head: Sequence[int], lower_bound: int, body: Sequence[tuple[int, int]]) -> None:
        self._edges(head, [abs(literal) for literal, _ in body])

    def _edges(self, head: Sequence[int], body: list[int]) -> None:
        if not head:
            self.constrained.update(body)
        for atom in body:
            self.users.setdefault(atom, []).extend(head)

    def output_atom(self, symbol: Symbol, atom: int) -> None:
        if atom:  # atom 0: a fact, the same in every answer set
            self.output.setdefault(atom, []).append(symbol)

    def cone(self, start: int) -> set[int] | None:
        """The atoms whose value can depend on `start`'s; None if an integrity constraint reads one."""
        seen, pending = {start}, [start]
        while pending:
            for head in self.users.get(pending.pop(), ()):
                if head not in seen:
                    seen.add(head)
                    pending.append(head)
        return None if seen & self.constrained else seen

    def shown(self, atoms: set[int]) -> dict[Symbol, int]:
        return {symbol: atom for atom in atoms for symbol in self.output.get(atom, ())}


def sweep(facts: FactBase, as_of: dt.date, whatifs: Sequence[Sequence[Symbol]], fixed: dict[str, str] | None = None,
          limits: Limits | None = None, batch: int = 50, bundle_size: int = 8) -> Iterator[Solution | None]:
    """The consequences of each what-if, in turn.

    A what-if that only restates facts of the record is answered by the record. One that can
    alter only the answers of the states it names (focus.py: no rule links them to the rest of
    the world; or, for a state every slice holds, the world's ground program shows its cone
    touches only their atoms) is solved over the slice of the fact base those states need,
    grounded once for every few such groups: the whole world's consequences with that part
    replaced. Every other what-if is answered over the whole world, `batch` to a grounding.
    """
    fixed, limits = dict(fixed or {}), limits or Limits()
    reach = focus.Reach(facts)
    recorded = set(facts.translation.atoms)
    world = World(facts, as_of, fixed, limits=limits).base
    answers: dict[int, Solution | None] = {}
    local: dict[frozenset[str], list[int]] = {}
    everywhere: list[int] = []
    for i, whatif in enumerate(whatifs):
        if recorded.issuperset(whatif):  # it restates the record: nothing to ground or solve
            answers[i] = world
            continue
        reached = reach.of(_constants(whatif))
        if reached is None:
            everywhere.append(i)
        else:
            local.setdefault(frozenset(reached), []).append(i)
    subjects: dict[Symbol, str | None] = {}  # the same atoms come back in every answer: look each up once

    def subject(atom: Symbol) -> str | None:
        if atom not in subjects:
            subjects[atom] = focus.subject(atom, facts.states)
        return subjects[atom]

    def over_world(indices: list[int], confine: bool) -> None:
        for start in range(0, len(indices), batch):
            chunk = indices[start:start + batch]
            part = Sweep(facts, as_of, fixed, limits=limits, whatifs=[whatifs[i] for i in chunk], record=world)
            for j, i in enumerate(chunk):
                named = frozenset(name for name in _constants(whatifs[i]) if name in facts.states)
                if confine and part.confined(j, lambda atom: subject(atom) in named):
                    local.setdefault(named, []).append(i)  # cheaper to solve over its slice
                else:
                    answers[i] = part.answer(j)

    over_world(everywhere, confine=True)
    further: list[int] = []
    groups = sorted(local, key=sorted)
    for bundle in (groups[k:k + bundle_size] for k in range(0, len(groups), bundle_size)):
        # a few groups share a grounding: it costs more than the solves of one group's what-ifs
        indices = [i for reached in bundle for i in local[reached]]
        part = Sweep(focus.about(facts, frozenset().union(*bundle)), as_of, fixed, limits=limits,
                     whatifs=[whatifs[i] for i in indices])
        for j, i in enumerate(indices):
            reached = next(r for r in bundle if i in local[r])
            answer = part.answer(j)
            if answer is None:  # no answer set for the slice: none for the world that holds it
                answers[i] = None
                continue
            changed = (answer.cautious ^ part.base.cautious) | (answer.brave ^ part.base.brave)
            if any(subject(a) not in reached for a in changed):
                further.append(i)  # it reached further than its states: ask the world
                continue
            # the world's atoms about those states are the slice's: apply the slice's changes
            base = part.base
            answers[i] = Solution(world.cautious - (base.cautious - answer.cautious) | (answer.cautious - base.cautious),
                                  world.brave - (base.brave - answer.brave) | (answer.brave - base.brave))
    over_world(sorted(further), confine=False)
    for i in range(len(whatifs)):
        yield answers[i]


def _constants(atoms: Iterable[Symbol]) -> Iterator[str]:
    """Every constant inside `atoms`, however deeply nested."""
    for atom in atoms:
        for argument in atom.arguments:
            if argument.type == clingo.SymbolType.Function:
                if not argument.arguments:
                    yield argument.name
                yield from _constants([argument])

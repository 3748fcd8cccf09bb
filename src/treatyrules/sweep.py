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
than forty groundings of 25: `sweep()` answers them in batches (bench/README.md has the figures).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import clingo
from clingo import Function, Number, Symbol

from . import focus, rulebase
from .engine import Limits, Solution, World
from .facts import FactBase


@dataclass
class Sweep(World):
    """A World whose rule base is grounded with every what-if's atoms left open to assumptions."""

    whatifs: Sequence[Sequence[Symbol]] = ()

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

    def reader(self, atoms: Sequence[Symbol]) -> Callable[[clingo.Model], frozenset[Symbol]]:
        """What reads only `atoms` of a model, for `answer`: reading a few atoms of a model is
        cheaper than reading all it shows."""
        literals = [(atom, self._control.symbolic_atoms[atom].literal) for atom in atoms]
        return lambda model: frozenset(atom for atom, literal in literals if model.is_true(literal))

    def answer(self, i: int, read: Callable[[clingo.Model], frozenset[Symbol]] | None = None) -> Solution | None:
        """The cautious and brave consequences with what-if `i`'s atoms added (None: no answer
        set): every shown atom, or what `read` takes of them."""
        assumptions = [(a, v or a == self._switches[i]) for a, v in self._base_assumptions]
        cautious = self._solve("cautious", assumptions, read)
        if cautious is None:
            return None
        brave = self._solve("brave", assumptions, read)
        assert brave is not None
        return Solution(cautious, brave)


def sweep(facts: FactBase, as_of: dt.date, whatifs: Sequence[Sequence[Symbol]], fixed: dict[str, str] | None = None,
          limits: Limits | None = None, batch: int = 25) -> Iterator[Solution | None]:
    """The consequences of each what-if, in turn.

    A what-if whose atoms name only states that no rule links to the rest of the world
    (focus.py) can alter only the answers of those states and of the states whose facts name
    them. It is answered over the slice those need, grounded once for every what-if that touches
    the same states: the whole world's consequences with that part replaced. Should the what-if
    alter anything else in the slice, it is answered over the whole world after all, as is
    every what-if that names a state every slice holds, `batch` to a grounding.
    """
    fixed, limits = dict(fixed or {}), limits or Limits()
    reach = focus.Reach(facts)
    answers: dict[int, Solution | None] = {}
    local: dict[frozenset[str], list[int]] = {}
    for i, whatif in enumerate(whatifs):
        reached = reach.of(name for atom in whatif for name in _constants(atom))
        local.setdefault(frozenset(reached) if reached else frozenset(), []).append(i)
    everywhere = local.pop(frozenset(), [])
    if local:
        world = World(facts, as_of, fixed, limits=limits).base
    subjects: dict[Symbol, str | None] = {}  # the same atoms come back in every answer: look each up once

    def subject(atom: Symbol) -> str | None:
        if atom not in subjects:
            subjects[atom] = focus.subject(atom, facts.states)
        return subjects[atom]

    shown = rulebase.load().shown
    for reached, indices in local.items():
        def split(atoms: frozenset[Symbol], reached: frozenset[str] = reached) -> tuple[frozenset[Symbol], frozenset[Symbol]]:
            mine = frozenset(a for a in atoms if subject(a) in reached)
            return mine, atoms - mine

        part = Sweep(focus.about(facts, reached), as_of, fixed, limits=limits, whatifs=[whatifs[i] for i in indices])
        # what is read of each answer: the shown atoms about the states reached, and the options
        # of every choice (should a what-if rule some option out, it reached further after all)
        watched = [a.symbol for a in part._control.symbolic_atoms
                   if (a.symbol.name, len(a.symbol.arguments)) in shown
                   and (subject(a.symbol) in reached or a.symbol.match("choose", 2))]
        before = [split(part.base.cautious & set(watched))[1], split(part.base.brave & set(watched))[1]]
        outside = [split(world.cautious)[1], split(world.brave)[1]]
        read = part.reader(watched)
        for j, i in enumerate(indices):
            answer = part.answer(j, read)
            if answer is None:  # no answer set for the slice: none for the world that holds it
                answers[i] = None
                continue
            (cautious, rest_c), (brave, rest_b) = split(answer.cautious), split(answer.brave)
            if [rest_c, rest_b] != before:  # it reached further than its states: ask the world
                everywhere.append(i)
                continue
            answers[i] = Solution(outside[0] | cautious, outside[1] | brave)
    everywhere.sort()
    for start in range(0, len(everywhere), batch):
        indices = everywhere[start:start + batch]
        part = Sweep(facts, as_of, fixed, limits=limits, whatifs=[whatifs[i] for i in indices])
        for j, i in enumerate(indices):
            answers[i] = part.answer(j)
    for i in range(len(whatifs)):
        yield answers[i]


def _constants(atom: Symbol) -> Iterator[str]:
    for argument in atom.arguments:
        if argument.type == clingo.SymbolType.Function:
            if not argument.arguments:
                yield argument.name
            yield from _constants(argument)

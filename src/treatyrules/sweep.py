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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import clingo
from clingo import Function, Number, Symbol

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

    def _solve(self, mode: str, assumptions: Sequence[tuple[Symbol, bool]]) -> frozenset[Symbol] | None:
        # clingo looks each assumed symbol up anew on every solve: with a thousand switches that
        # lookup, not the solving, is the cost; program literals are looked up once (World._solve
        # hands the assumptions to clingo as they are, and clingo takes literals as well)
        return super()._solve(mode, [self._literal(a, v) for a, v in assumptions])  # type: ignore[misc]

    def _literal(self, atom: Symbol, value: bool) -> int | tuple[Symbol, bool]:
        if atom not in self._literals:
            found = self._control.symbolic_atoms[atom]
            self._literals[atom] = found.literal if found is not None else None
        literal = self._literals[atom]
        return (atom, value) if literal is None else literal if value else -literal

    def answer(self, i: int) -> Solution | None:
        """The cautious and brave consequences with what-if `i`'s atoms added (None: no answer set)."""
        assumptions = [(a, v or a == self._switches[i]) for a, v in self._base_assumptions]
        cautious = self._solve("cautious", assumptions)
        if cautious is None:
            return None
        brave = self._solve("brave", assumptions)
        assert brave is not None
        return Solution(cautious, brave)


def sweep(facts: FactBase, as_of: dt.date, whatifs: Sequence[Sequence[Symbol]], fixed: dict[str, str] | None = None,
          limits: Limits | None = None, batch: int = 25) -> Iterator[Solution | None]:
    """The consequences of each what-if in turn, `batch` what-ifs to a grounding."""
    for start in range(0, len(whatifs), batch):
        part = Sweep(facts, as_of, dict(fixed or {}), limits=limits or Limits(), whatifs=whatifs[start:start + batch])
        for i in range(len(part.whatifs)):
            yield part.answer(i)

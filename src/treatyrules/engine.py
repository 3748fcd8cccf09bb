"""Ground the rule base with a fact base, solve, and say for each conclusion under what it holds.

The answer sets of the rule base are the worlds the record leaves open: one option of each
reading, each disputed fact and each unknown fact. A conclusion holds under *all* of them
(cautious consequence), under *some* (brave, not cautious), or under none. For one that holds
under some, the engine finds the few conditions it turns on by solving again under assumptions,
one option at a time: the cost grows with the sum of the options, not their product.

Python decides nothing here: which atoms are readings, disputes and unknowns, and what follows
from them, all comes out of the answer sets of `rules/`.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

import clingo
from clingo import Function, Symbol

from .errors import LimitExceeded, RuleBaseError, UnknownReading
from .facts import FactBase, const, date_number

#: clingo messages that mean the rule base is wrong; they are errors, never warnings.
_FATAL = {
    clingo.MessageCode.AtomUndefined,
    clingo.MessageCode.OperationUndefined,
    clingo.MessageCode.GlobalVariable,
    clingo.MessageCode.VariableUnbounded,
    clingo.MessageCode.RuntimeError,
}


def rules_dir() -> Path:
    """The rule base shipped with the package (a copy of `rules/` in a wheel, the folder itself
    in a source checkout)."""
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if (checkout / "main.lp").is_file():  # a source checkout, editable install included
        return checkout
    return Path(str(resources.files("treatyrules") / "rules"))


# -- the time limit -----------------------------------------------------------------------------
# One watchdog thread for the process interrupts a solve that outlives its deadline. A thread (or
# an asynchronous solve) per solve would cost as much as a small solve itself: a what-if sweep
# makes thousands of them.

_watch = threading.Condition()
_armed: dict[object, tuple[float, Callable[[], None]]] = {}
_watchdog: list[threading.Thread] = []


def _watching() -> None:
    with _watch:
        while True:
            now = time.monotonic()
            for key in [k for k, (due, _) in _armed.items() if due <= now]:
                _armed.pop(key)[1]()  # clingo's interrupt only sets a flag: safe under the lock
            nearest = min((due for due, _ in _armed.values()), default=None)
            # a far deadline is looked at again within the hour: a wait cannot be any length
            _watch.wait(None if nearest is None else min(nearest - now, 3600.0))


@contextmanager
def _deadline(seconds: float, interrupt: Callable[[], None]) -> Iterator[None]:
    """Call `interrupt` if the block is still running after `seconds`."""
    if not math.isfinite(seconds):  # no deadline at all
        yield
        return
    key = object()
    with _watch:
        if not _watchdog or not _watchdog[-1].is_alive():
            _watchdog.append(threading.Thread(target=_watching, name="treatyrules-deadline", daemon=True))
            _watchdog[-1].start()
        _armed[key] = (time.monotonic() + seconds, interrupt)
        _watch.notify()
    try:
        yield
    finally:
        with _watch:
            _armed.pop(key, None)


def reader(atoms: dict[Symbol, int]) -> Callable[[clingo.Model], frozenset[Symbol]]:
    """What reads only `atoms` (with their program literals) of a model: reading a few atoms of
    a model is cheaper than building every atom it shows."""
    literals = list(atoms.items())
    return lambda model: frozenset(atom for atom, literal in literals if model.is_true(literal))


#: what open_choices and the verdicts read of every answer set, whatever the question
_VERDICTS_READ = {("reading_option", 2), ("dispute_option", 2), ("unknown", 1), ("assumed", 1), ("choose", 2)}


@dataclass(frozen=True, order=True)
class Condition:
    """One option of one choice the record leaves open."""

    kind: Literal["reading", "dispute", "unknown"]
    group: Symbol  # the reading's name, the dispute's id, or the unknown fact
    option: Symbol | bool  # the option chosen; for an unknown fact, whether it holds

    @property
    def assumption(self) -> tuple[Symbol, bool]:
        if self.kind == "unknown":
            assert isinstance(self.option, bool)
            return self.group, self.option
        name = self.group if self.kind == "reading" else Function("dispute", [self.group])
        assert isinstance(self.option, Symbol)
        return Function("choose", [name, self.option]), True

    def label(self) -> str:
        if self.kind == "reading":
            return f"{self.group}={self.option}"
        if self.kind == "dispute":
            (subject,) = self.group.arguments
            return f"{subject}.{self.group.name}={self.option}"
        return f"{self.group}" if self.option else f"not {self.group}"


@dataclass(frozen=True)
class Verdict:
    """Under what a conclusion holds.

    holds: "all" (every reading, every option of every disputed or unknown fact); "some" (under
    the alternatives in `under`, each a conjunction of reading or dispute options); or
    "undetermined" (it turns on a fact the record does not settle, named in `needs`).
    """

    holds: Literal["all", "some", "undetermined"]
    under: tuple[tuple[Condition, ...], ...] = ()
    needs: tuple[Symbol, ...] = ()


ALL = Verdict("all")


@dataclass
class Solution:
    cautious: frozenset[Symbol]
    brave: frozenset[Symbol]


@dataclass
class Limits:
    """Bounds on one question, so a huge or hostile fact base fails cleanly."""

    max_atoms: int = 5_000_000
    solve_seconds: float = 60.0


@dataclass
class World:
    """The rule base grounded with one fact base as of one date, ready to answer questions."""

    facts: FactBase
    as_of: dt.date
    fixed: dict[str, str] = field(default_factory=dict)
    extra: Sequence[Symbol] = ()
    limits: Limits = field(default_factory=Limits)
    #: the shown predicates the questions asked of this world read (with those every verdict
    #: reads); None: all. Reading a few of a model's atoms is cheaper than building them all,
    #: and an unknown fact none of them can turn on need not be weighed (_idle_unknowns).
    reads: Collection[tuple[str, int]] | None = None

    def __post_init__(self) -> None:
        self.messages: list[str] = []
        self._control = clingo.Control(["--warn=all"], logger=self._log, message_limit=100)
        observer = self._observer()
        if observer is not None:
            self._control.register_observer(observer)
        self._control.load(str(rules_dir() / "main.lp"))
        atoms = list(self.facts.translation.atoms) + list(self.extra)
        if len(atoms) > self.limits.max_atoms:
            raise LimitExceeded(f"the fact base has {len(atoms):,} facts; the limit is {self.limits.max_atoms:,}")
        with self._control.backend() as backend:
            for symbol in [*atoms, Function("as_of", [clingo.Number(date_number(self.as_of))])]:
                backend.add_rule([backend.add_atom(symbol)])
            self._add_inputs(backend)
        self._control.ground([("base", [])])
        self._raise_on_messages()
        if len(self._control.symbolic_atoms) > self.limits.max_atoms:
            raise LimitExceeded(
                f"grounding produced {len(self._control.symbolic_atoms):,} atoms; the limit is {self.limits.max_atoms:,}"
            )
        self._base_assumptions = self._fixed_assumptions()
        self._read: Callable[[clingo.Model], frozenset[Symbol]] | None = None
        if self.reads is not None:
            self._read = reader({atom.symbol: atom.literal for name, arity in sorted({*self.reads, *_VERDICTS_READ})
                                 for atom in self._control.symbolic_atoms.by_signature(name, arity)})
            self._base_assumptions += self._idle_unknowns()
        self._cache: dict[tuple, Solution | None] = {}

    def _idle_unknowns(self) -> list[tuple[Symbol, bool]]:
        """The unknown facts nothing this world reads can turn on, taken as not holding.

        Their predicates are ones only a choice rule makes true, and on which no predicate read
        and no constraint depends (rulebase.RuleBase.idle): whether such a fact holds or not,
        the rest of each answer set can stay as it is, so no read atom's brave or cautious
        consequence changes, and each solve is spared the answer sets that differ in it alone.
        In a slice of a large world, most unknown facts are of that kind (Art. 14(a)1's
        conditions, the advantages of settlements), and each doubled a solve's answer sets.
        """
        from .rulebase import load

        idle = load().idle(self.reads or ())
        stated = self.facts.translation.provenance  # a fact the input states (or a what-if) is no choice
        return [(fact, False) for atom in self._control.symbolic_atoms.by_signature("unknown", 1)
                for fact in atom.symbol.arguments
                if (fact.name, len(fact.arguments)) in idle and fact not in stated and fact not in self.extra]

    def _observer(self) -> clingo.Observer | None:
        """Hook for an observer of the ground program (sweep.py reads its rules)."""
        return None

    def _add_inputs(self, backend: clingo.Backend) -> None:
        """Hook for input atoms other than facts, added before grounding: sweep.py adds the
        candidate facts of many what-ifs as externals, to flip them with assumptions."""

    # -- clingo plumbing ---------------------------------------------------------------------

    def _log(self, code: clingo.MessageCode, message: str) -> None:
        # Adding facts through the backend before grounding makes clingo check the #show
        # directives against an empty program first; tests/test_rule_base.py grounds the rule
        # base without the backend, where this message is real.
        if "no atoms over signature occur in program" in message and "show.lp" in message:
            return
        if code in _FATAL:
            self.messages.append(message.strip())

    def _raise_on_messages(self) -> None:
        if self.messages:
            raise RuleBaseError("the rule base does not ground cleanly:\n" + "\n".join(self.messages))

    def _models(self, mode: str, models: int, assumptions: Sequence[tuple[Symbol, bool]],
                atoms: bool = False) -> Iterator[frozenset[Symbol]]:
        """The models clingo yields in `mode`, each cut short by the time limit."""
        config = self._control.configuration.solve
        config.enum_mode, config.models = mode, models
        deadline = time.monotonic() + self.limits.solve_seconds
        with self._control.solve(yield_=True, async_=True, assumptions=list(assumptions)) as handle:
            while True:
                handle.resume()
                if not handle.wait(max(0.0, deadline - time.monotonic())):
                    handle.cancel()
                    raise LimitExceeded(f"solving took longer than {self.limits.solve_seconds:g} s")
                model = handle.model()
                if model is None:
                    break
                yield frozenset(model.symbols(atoms=True) if atoms else model.symbols(shown=True))
        self._raise_on_messages()

    def _solve(self, mode: str, assumptions: Sequence[tuple[Symbol, bool]],
               read: Callable[[clingo.Model], frozenset[Symbol]] | None = None) -> frozenset[Symbol] | None:
        """The brave or cautious consequences (all the shown atoms, or what `read` takes of
        them): clingo refines them model by model; only the last model is read (`on_last`), so
        the intermediate ones cost nothing in Python."""
        config = self._control.configuration.solve
        config.enum_mode, config.models = mode, 0
        last: list[frozenset[Symbol]] = []
        take = read or self._read or (lambda m: frozenset(m.symbols(shown=True)))
        with _deadline(self.limits.solve_seconds, self._control.interrupt):
            result = self._control.solve(assumptions=list(assumptions), on_last=lambda m: last.append(take(m)))
        if result.interrupted:
            raise LimitExceeded(f"solving took longer than {self.limits.solve_seconds:g} s")
        self._raise_on_messages()
        return last[-1] if result.satisfiable and last else None

    def solution(self, conditions: Iterable[Condition] = ()) -> Solution | None:
        """Cautious and brave consequences under the fixed readings and `conditions`."""
        return self.consequences(tuple(c.assumption for c in sorted(set(conditions))))

    def consequences(self, assumptions: tuple[tuple[Symbol, bool], ...]) -> Solution | None:
        """Cautious and brave consequences under the fixed readings and `assumptions`."""
        if assumptions not in self._cache:
            every = [*self._base_assumptions, *assumptions]
            cautious = self._solve("cautious", every)
            if cautious is None:
                self._cache[assumptions] = None
                return None
            brave = self._solve("brave", every)
            assert brave is not None
            self._cache[assumptions] = Solution(cautious, brave)
        return self._cache[assumptions]

    def model(self, conditions: Iterable[Condition] = (),
              assumptions: Sequence[tuple[Symbol, bool]] = ()) -> frozenset[Symbol] | None:
        """One whole answer set (every atom, not only the shown ones) under `conditions` and
        `assumptions`: the world an explanation is read from."""
        given = [*self._base_assumptions, *(c.assumption for c in conditions), *assumptions]
        # The same question must read the same answer set, whatever clingo solved before: every
        # choice left open takes its first option, and every unknown fact not asked about is
        # taken as not holding. Should that contradict what is asked, clingo picks freely.
        constrained = {a for a, _ in given}
        canonical = []
        for group in self.open_choices():
            first = group[0]
            if first.kind == "unknown":  # (one unknown only under some option may hold by another rule)
                if first.group not in constrained and Function("unknown", [first.group]) in self.base.cautious:
                    canonical.append((first.group, False))
            elif not any(c.assumption[0] in constrained for c in group):
                canonical.append(first.assumption)
        found = next(self._models("auto", 1, [*given, *canonical], atoms=True), None)
        return found if found is not None else next(self._models("auto", 1, given, atoms=True), None)

    def any_answer(self) -> frozenset[Symbol] | None:
        """The shown atoms of one answer set, whichever clingo finds first (None: there is none)."""
        return next(self._models("auto", 1, self._base_assumptions), None)

    @property
    def base(self) -> Solution:
        solution = self.solution()
        if solution is None:
            raise RuleBaseError("the rule base has no answer set for this fact base")
        return solution

    # -- readings ----------------------------------------------------------------------------

    def readings(self) -> dict[str, list[str]]:
        """Every reading the rule base defines, with its options (from `reading_option/2`)."""
        out: dict[str, list[str]] = {}
        for atom in self._control.symbolic_atoms.by_signature("reading_option", 2):
            name, option = atom.symbol.arguments
            out.setdefault(str(name), []).append(str(option))
        return {k: sorted(v) for k, v in sorted(out.items())}

    def disputes(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for atom in self._control.symbolic_atoms.by_signature("dispute_option", 2):
            ident, option = atom.symbol.arguments
            (subject,) = ident.arguments
            out.setdefault(f"{subject}.{ident.name}", []).append(str(option))
        return {k: sorted(v) for k, v in sorted(out.items())}

    def _fixed_assumptions(self) -> list[tuple[Symbol, bool]]:
        readings, disputes = self.readings(), self.disputes()
        assumptions = []
        for name, option in self.fixed.items():
            if name in readings:
                options, group = readings[name], const(name)
            elif name in disputes:
                options = disputes[name]
                subject, _, fieldname = name.partition(".")
                group = Function("dispute", [Function(fieldname, [const(subject)])])
            else:
                # a slice grounds only its own states' disputes: the list names the whole base's
                known = ", ".join([*readings, *self.facts.disputed()])
                raise UnknownReading(f"no reading or disputed fact named {name!r} (there are: {known})")
            if option not in options:
                raise UnknownReading(f"reading {name!r} has no option {option!r} (options: {', '.join(options)})")
            assumptions.append((Function("choose", [group, const(option)]), True))
        return assumptions

    def open_choices(self, relevant: Callable[[Symbol], bool] = lambda s: True) -> list[list[Condition]]:
        """The choices still open: readings not fixed, disputes not fixed, unknown facts."""
        fixed = {a for a, _ in self._base_assumptions}
        groups: dict[tuple[str, Symbol], list[Condition]] = {}
        for atom in [*self.shown("reading_option", 2), *self.shown("dispute_option", 2), *self.shown("unknown", 1)]:
            if atom.name in ("reading_option", "dispute_option"):
                kind = "reading" if atom.name == "reading_option" else "dispute"
                group, option = atom.arguments
                name = group if kind == "reading" else Function("dispute", [group])
                if any(f.match("choose", 2) and f.arguments[0] == name for f in fixed):
                    continue
                groups.setdefault((kind, group), []).append(Condition(kind, group, option))  # type: ignore[arg-type]
            elif relevant(atom.arguments[0]) and atom.arguments[0] not in fixed:  # (idle unknowns are fixed)
                fact = atom.arguments[0]
                groups[("unknown", fact)] = [Condition("unknown", fact, True), Condition("unknown", fact, False)]
        return [sorted(options) for _, options in sorted(groups.items())]

    # -- verdicts ----------------------------------------------------------------------------

    def ground_atoms(self, name: str, arity: int) -> list[Symbol]:
        """Every ground atom of a predicate, true in some answer set or not."""
        return [a.symbol for a in self._control.symbolic_atoms.by_signature(name, arity)]

    def shown(self, name: str, arity: int) -> list[Symbol]:
        """The shown atoms of a predicate that hold in some world (brave), by signature."""
        index = self.__dict__.get("_shown")
        if index is None:
            index = {}
            for atom in self.base.brave:
                index.setdefault((atom.name, len(atom.arguments)), []).append(atom)
            self.__dict__["_shown"] = index
        return index.get((name, arity), [])

    def about(self, subject: str) -> list[Symbol]:
        """The atoms (of some world) whose first argument is the constant `subject`."""
        index = self.__dict__.get("_about")
        if index is None:
            index = {}
            for atom in self.base.brave:
                arguments = atom.arguments
                if arguments and arguments[0].type == clingo.SymbolType.Function and not arguments[0].arguments:
                    index.setdefault(arguments[0].name, []).append(atom)
            self.__dict__["_about"] = index
        return index.get(subject, [])

    def verdicts(
        self, wanted: Callable[[Symbol], bool], relevant: Callable[[Symbol], bool] = lambda s: True,
        subject: str | None = None,
    ) -> dict[Symbol, Verdict]:
        """Every conclusion `wanted` selects that holds in some world, with its verdict."""
        base = self.base
        candidates = self.about(subject) if subject is not None else base.brave
        out = {atom: ALL for atom in candidates if atom in base.cautious and wanted(atom)}
        varying = sorted(atom for atom in candidates if atom not in base.cautious and wanted(atom))
        if not varying:
            return out
        choices = self.open_choices(relevant)
        # Two ways to the same verdicts: solve under each option (shared by every conclusion and
        # every later question on this world) or around each conclusion (a few solves each,
        # whatever the number of options). One question takes the cheaper; a world asked many
        # questions (states, whatif, territory) reuses the per-option solves.
        self._questions = getattr(self, "_questions", 0) + 1
        options = [c for group in choices for c in group]
        uncached = sum(1 for c in options if (c.assumption,) not in self._cache)
        if self._questions > 1 or 2 * uncached <= 4 * len(varying):
            for c in options:
                self.solution([c])
            for atom in varying:
                out[atom] = self._verdict(atom, choices, by_option=True)
        else:
            for atom in varying:
                out[atom] = self._verdict(atom, choices, by_option=False)
        return out

    @staticmethod
    def _takes(option: Condition, solution: Solution) -> bool:
        """Does some world of `solution` take `option`?"""
        if option.kind == "unknown":
            assumed = Function("assumed", [option.group])
            return assumed in solution.brave if option.option else assumed not in solution.cautious
        return option.assumption[0] in solution.brave

    def _verdict(self, atom: Symbol, choices: list[list[Condition]], by_option: bool) -> Verdict:
        """The options `atom` turns on: those under which it always holds, or failing that the
        options under which alone it can hold, checked together."""
        base = self.base
        def forces_by_option(c: Condition) -> bool:  # it holds in every world that takes c
            s = self.solution([c])
            return s is not None and atom in s.cautious

        def allows_by_option(c: Condition) -> bool:  # it holds in some world that takes c
            s = self.solution([c])
            return s is not None and atom in s.brave

        if by_option:
            forces, allows = forces_by_option, allows_by_option
        else:
            without = self.consequences(((atom, False),))
            within = self.consequences(((atom, True),))
            assert without is not None and within is not None  # it varies: both kinds of world exist

            def readable(c: Condition) -> bool:
                # `assumed(F)` tells which way F went only in worlds where F is unknown at all
                return c.kind != "unknown" or Function("unknown", [c.group]) in base.cautious

            def forces(c: Condition) -> bool:  # no world without it takes c
                if not readable(c):
                    return forces_by_option(c)
                return self._takes(c, base) and not self._takes(c, without)

            def allows(c: Condition) -> bool:
                return self._takes(c, within) if readable(c) else allows_by_option(c)

        forcing = [c for group in choices for c in group if forces(c)]
        named = [c for c in forcing if c.kind != "unknown"]
        if named:
            return Verdict("some", tuple((c,) for c in named))
        # It turns on several choices together: take, in each choice it depends on, the option
        # under which it can hold, and check that together they make it hold.
        together: list[Condition] = []
        for group in choices:
            possible = [c for c in group if allows(c)]
            if len(possible) == 1 < len(group):
                together.append(possible[0])
        unknowns = tuple(sorted({c.group for c in together if c.kind == "unknown"} |
                                {c.group for c in forcing if c.kind == "unknown"}))
        chosen = [c for c in together if c.kind != "unknown"]
        if chosen:
            solution = self.solution(together)
            if solution is not None and atom in solution.cautious and not unknowns:
                return Verdict("some", (tuple(chosen),))
            return Verdict("undetermined", (tuple(chosen),), unknowns)
        return Verdict("undetermined", (), unknowns or tuple(sorted(
            c.group for group in choices for c in group if c.kind == "unknown" and not allows(c)
        )))


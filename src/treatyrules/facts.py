"""The fact base: YAML files -> validated models -> clingo symbols, each with its provenance.

This is the only module that turns facts into clingo symbols (and so the only one that knows
the input predicates of `rules/defined.lp`). Symbols are built through clingo's API, never by
formatting text, so no name or note in a fact file can become a rule.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clingo import Function, Number, String, Symbol

from .errors import FactBaseError
from .schema import (
    Claim,
    ConditionFact,
    ConditionsFile,
    Designation,
    DesignationsFile,
    Dispute,
    LaterInstrument,
    Place,
    PlacesFile,
    Settlement,
    SettlementsFile,
    Source,
    SourcesFile,
    State,
    StatesFile,
)

if TYPE_CHECKING:
    from .names import NameIndex

#: The predicate each conditions file decides, by the article it is for.
CONDITION_PREDICATES = {"14(a)1": "occupied_and_damaged"}

#: Fields of a state, in the order they are explained.
STATE_FIELDS = ("signed", "ratified", "at_war", "un_declaration", "formerly_part_of", "rejected_treaty",
                "notified_23b")

_EARLIEST = dt.date(1951, 9, 8)  # the Treaty was signed: no deposit can come before
_LATEST = dt.date(9999, 12, 31)


def date_number(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def number_date(value: int) -> dt.date:
    return dt.date(value // 10000, value // 100 % 100, value % 100)


# -- the fact base -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Where:
    file: Path
    line: int | None

    def __str__(self) -> str:
        try:  # a path a reader can open from where they stand
            path = self.file.relative_to(Path.cwd())
        except ValueError:
            path = self.file
        return f"{path}:{self.line}" if self.line else str(path)


@dataclass(frozen=True)
class Provenance:
    """Where an input atom comes from: the claim, and the file and line that hold it."""

    subject: str
    field: str
    claim: Claim
    where: Where
    option: str | None = None  # the side of a dispute this claim is


@dataclass
class FactBase:
    root: Path
    sources: dict[str, Source] = field(default_factory=dict)
    states: dict[str, State] = field(default_factory=dict)
    designations: dict[str, Designation] = field(default_factory=dict)
    conditions: dict[str, dict[str, ConditionFact]] = field(default_factory=dict)
    settlements: dict[str, Settlement] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    instruments: dict[str, LaterInstrument] = field(default_factory=dict)
    where: dict[tuple[str, str], Where] = field(default_factory=dict)
    #: for a slice of a fact base (focus.about), the fact base it was cut from
    whole: FactBase | None = field(default=None, repr=False, compare=False)

    def display_name(self, ident: str) -> str:
        entity = self.states.get(ident) or self.designations.get(ident) or self.places.get(ident)
        return entity.names.en if entity else ident

    @functools.cached_property
    def translation(self) -> "FactAtoms":
        return FactAtoms.of(self)

    @functools.cached_property
    def positions(self) -> dict[str, int]:
        """Each state's place in the fact base's order, which a slice of it keeps (focus.py)."""
        return {ident: i for i, ident in enumerate(self.states)}

    def disputed(self) -> list[str]:
        """Every disputed fact of the whole fact base, as a reading names it: "syria.at_war"."""
        base = self.whole or self
        return [f"{ident}.{name}" for ident, state in base.states.items()
                for name in STATE_FIELDS if isinstance(getattr(state, name), Dispute)]

    @functools.cached_property
    def names(self) -> "NameIndex":
        """Every name and alias of a state or designation, folded for look-up."""
        from .names import NameIndex

        return NameIndex.of(self)


def _files(root: Path, pattern: str) -> list[Path]:
    return sorted(p for p in root.glob(pattern) if p.is_file())


def load(root: Path) -> FactBase:
    """Read and validate every file of the fact base at `root`, and check references between them."""
    from . import yamlread  # PyYAML only for a run that reads the files

    if not root.is_dir():
        raise FactBaseError(f"{root}: no fact base here (not a folder)")
    base = FactBase(root=root)

    def located(kind: str, ident: str, path: Path, data: Any, lines: dict, loc: tuple) -> None:
        key = (kind, ident)
        here = Where(path, yamlread.line_of(data, lines, loc))
        if key in base.where:
            raise FactBaseError(f"{here}: {kind} {ident!r} is defined twice (first at {base.where[key]})")
        base.where[key] = here

    for path in _files(root, "sources/*.yaml"):
        parsed, data, lines = yamlread.validate(SourcesFile, path)
        for i, source in enumerate(parsed.sources):
            located("source", source.id, path, data, lines, ("sources", i, "id"))
            base.sources[source.id] = source
    for path in _files(root, "designations.yaml"):
        parsed, data, lines = yamlread.validate(DesignationsFile, path)
        for i, designation in enumerate(parsed.designations):
            located("designation", designation.id, path, data, lines, ("designations", i, "id"))
            base.designations[designation.id] = designation
    for path in _files(root, "states/*.yaml"):
        parsed, data, lines = yamlread.validate(StatesFile, path)
        for i, state in enumerate(parsed.states):
            located("state", state.id, path, data, lines, ("states", i, "id"))
            base.states[state.id] = state
            for name in STATE_FIELDS:  # each claim's own line, for citing it
                line = yamlread.line_of(data, lines, ("states", i, name))
                if getattr(state, name) is not None and line:
                    base.where[(f"state.{name}", state.id)] = Where(path, line)
    for path in _files(root, "conditions/*.yaml"):
        parsed, data, lines = yamlread.validate(ConditionsFile, path)
        if parsed.article not in CONDITION_PREDICATES:
            known = ", ".join(CONDITION_PREDICATES)
            raise FactBaseError(f"{Where(path, yamlread.line_of(data, lines, ('article',)))}: article: "
                                f"no condition of article {parsed.article!r} is modelled ({known} are)")
        table = base.conditions.setdefault(parsed.article, {})
        for i, fact in enumerate(parsed.facts):
            located(f"condition {parsed.article}", fact.state, path, data, lines, ("facts", i, "state"))
            table[fact.state] = fact
    for path in _files(root, "settlements.yaml"):
        parsed, data, lines = yamlread.validate(SettlementsFile, path)
        for i, settlement in enumerate(parsed.settlements):
            located("settlement", settlement.id, path, data, lines, ("settlements", i, "id"))
            base.settlements[settlement.id] = settlement
    for path in _files(root, "territories.yaml"):
        parsed, data, lines = yamlread.validate(PlacesFile, path)
        for i, place in enumerate(parsed.places):
            located("place", place.id, path, data, lines, ("places", i, "id"))
            base.places[place.id] = place
        for i, instrument in enumerate(parsed.later_instruments):
            located("instrument", instrument.id, path, data, lines, ("later_instruments", i, "id"))
            base.instruments[instrument.id] = instrument
    _check_references(base)
    return base


def _claims(value: Claim | Dispute | None) -> Iterator[tuple[str | None, Claim]]:
    if isinstance(value, Dispute):
        for option in value.options:
            yield option.option, option
    elif value is not None:
        yield None, value


def _check_references(base: FactBase) -> None:
    """Every source cited exists, every state named exists, dates come in order."""
    problems: list[str] = []

    def cite(where: Where, what: str, claim: Claim | Settlement) -> None:
        for key in claim.sources:
            if key not in base.sources:
                problems.append(f"{where}: {what}: source {key!r} is not defined in sources/")

    def state_ref(where: Where, what: str, ident: str | None) -> None:
        if ident is not None and ident not in base.states:
            problems.append(f"{where}: {what}: no state {ident!r} in the fact base")

    for ident, state in base.states.items():
        where = base.where[("state", ident)]
        signed_on = [c.date for _, c in _claims(state.signed) if c.value and c.date]
        for name in STATE_FIELDS:
            at = base.where.get((f"state.{name}", ident), where)  # the field's own line
            for option, claim in _claims(getattr(state, name)):
                what = f"{ident}.{name}" + (f"[{option}]" if option else "")
                cite(at, what, claim)
                state_ref(at, what + ".via", claim.via)
                state_ref(at, what + ".of", claim.of)
                if name == "formerly_part_of" and claim.value is not False and claim.of is None:
                    problems.append(f"{at}: {what}: give the state it formed part of (of:)")
                if name == "rejected_treaty" and claim.value and claim.date is None:
                    problems.append(f"{at}: {what}: a rejection needs its date")
                # no rule makes an unknown notification a choice: it would read as "not notified"
                if name == "notified_23b" and (claim.value is None or (claim.value and claim.date is None)):
                    problems.append(f"{at}: {what}: a notification is true with its date, or false")
                if name == "ratified" and claim.value and claim.date and signed_on:
                    if claim.date < min(signed_on):
                        problems.append(f"{at}: {what}: deposited {claim.date} before it signed ({min(signed_on)})")
                if name == "ratified" and claim.value and claim.by and signed_on and claim.by < min(signed_on):
                    problems.append(f"{at}: {what}: deposited by {claim.by}, before it signed ({min(signed_on)})")
                if name == "at_war" and claim.value and claim.date and signed_on and claim.date > min(signed_on):
                    problems.append(f"{at}: {what}: at war from {claim.date}, after it signed the Treaty of "
                                    f"peace ({min(signed_on)})")
                if name == "ratified" and claim.value and not any(
                    c.value for _, c in _claims(state.signed)
                ):
                    problems.append(f"{at}: {what}: ratified, but the fact base has no signature")
    for article, table in base.conditions.items():
        for ident, fact in table.items():
            where = base.where[(f"condition {article}", ident)]
            cite(where, f"{article}.{ident}", fact)
            state_ref(where, f"{article}.state", ident)
    for ident, settlement in base.settlements.items():
        where = base.where[("settlement", ident)]
        cite(where, ident, settlement)
        state_ref(where, f"{ident}.with_state", settlement.with_state)
        if settlement.in_force and settlement.in_force < settlement.signed:
            problems.append(f"{where}: {ident}.in_force: comes before it was signed")
        for advantage in settlement.advantages:
            cite(where, f"{ident}.{advantage.id}", advantage.greater_than_treaty)
    for ident, place in base.places.items():
        where = base.where[("place", ident)]
        cite(where, f"{ident}", place)  # type: ignore[arg-type]
        if place.within is not None:
            cite(where, f"{ident}.within", place.within)  # type: ignore[arg-type]
        for other in ([place.within.place] if place.within else []) + list(place.comprises):
            if other not in base.places:
                problems.append(f"{where}: {ident}: no place {other!r} in the fact base")
            elif other == ident:
                problems.append(f"{where}: {ident}: a place cannot lie within or comprise itself")
    for ident, instrument in base.instruments.items():
        where = base.where[("instrument", ident)]
        cite(where, ident, instrument)  # type: ignore[arg-type]
        for state in instrument.between:
            state_ref(where, f"{ident}.between", state)
        for other in instrument.places:
            if other not in base.places:
                problems.append(f"{where}: {ident}.places: no place {other!r} in the fact base")
    for ident in sorted(set(base.places) & (set(base.states) | set(base.designations))):
        problems.append(f"{base.where[('place', ident)]}: {ident!r} is both a place and a state or designation")
    clash = set(base.states) & set(base.designations)
    for ident in sorted(clash):
        problems.append(f"{base.where[('state', ident)]}: {ident!r} is both a state and a designation")
    if problems:
        more = f"\n(and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise FactBaseError("\n".join(problems[:10]) + more)


# -- facts as clingo symbols -------------------------------------------------------------------


def _atom(name: str, *args: Symbol | int | str) -> Symbol:
    return Function(name, [a if isinstance(a, Symbol) else Number(a) if isinstance(a, int) else String(a) for a in args])


def const(ident: str) -> Symbol:
    return Function(ident, [])


def _state_atoms(ident: str, name: str, claim: Claim) -> Iterator[Symbol]:
    """The input atoms one claim about state `ident` stands for (see rules/defined.lp)."""
    s = const(ident)
    if name == "ratified":
        if claim.date:
            yield _atom("deposited", s, date_number(claim.date))
        else:  # ratified, deposit date not found; or not known to have ratified at all
            after = claim.after or _EARLIEST
            by = claim.by if (claim.by and claim.value) else _LATEST
            yield _atom("deposit_window", s, date_number(after), date_number(by))
        return
    if name == "formerly_part_of":
        yield _atom("formerly_part_of", s, const(claim.of or "unknown"))
        return
    if name == "rejected_treaty":
        yield _atom("rejected_treaty", s, date_number(claim.date or _EARLIEST))
        return
    if name == "notified_23b":  # _check_references makes sure the date is there
        yield _atom("notified_23b", s, date_number(claim.date or _LATEST))
        return
    yield _atom(name, s)
    if claim.date:
        yield _atom({"signed": "signed_on", "at_war": "at_war_since",
                     "un_declaration": "un_declaration_on"}[name], s, date_number(claim.date))
    if claim.via:
        yield _atom("at_war_via", s, const(claim.via))


def dispute_id(subject: str, name: str) -> Symbol:
    return _atom(name, const(subject))


@dataclass
class FactAtoms:
    """The fact base as input atoms, and for each atom the claims it stands for."""

    atoms: list[Symbol]
    provenance: dict[Symbol, list[Provenance]]
    #: every claim by (subject, field), true, false or unknown: what a why-not answer cites
    claims: dict[tuple[str, str], list[Provenance]]

    @classmethod
    def of(cls, base: FactBase) -> "FactAtoms":
        out = cls([], {}, {})

        def add(symbol: Symbol, origin: Provenance | None) -> None:
            if symbol not in out.provenance:
                out.atoms.append(symbol)
                out.provenance[symbol] = []
            if origin is not None:
                out.provenance[symbol].append(origin)

        def claim_atoms(subject: str, name: str, value: Claim | Dispute | None,
                        atoms_of: Any, where: Where) -> None:
            for option, claim in _claims(value):
                origin = Provenance(subject, name, claim, where, option)
                out.claims.setdefault((subject, name), []).append(origin)
                if claim.value is False:
                    continue
                for symbol in atoms_of(claim):
                    if claim.value is None and name != "ratified":
                        symbol = _atom("open", symbol)
                    if option is not None:
                        symbol = _atom("disputed", dispute_id(subject, name), const(option), symbol)
                    add(symbol, origin)

        for ident, state in base.states.items():
            where = base.where[("state", ident)]
            add(_atom("state", const(ident)), None)
            for name in STATE_FIELDS:
                claim_atoms(ident, name, getattr(state, name),
                            functools.partial(_state_atoms, ident, name), base.where.get((f"state.{name}", ident), where))
        for article, table in base.conditions.items():
            predicate = CONDITION_PREDICATES[article]
            for ident, fact in table.items():
                where = base.where[(f"condition {article}", ident)]
                add(_atom("recorded", _atom(predicate, const(ident))), Provenance(ident, predicate, fact, where))
                claim_atoms(ident, predicate, fact, lambda c, i=ident, p=predicate: [_atom(p, const(i))], where)
        for ident, settlement in base.settlements.items():
            where = base.where[("settlement", ident)]
            origin = Provenance(ident, "settlement", Claim(value=True, date=settlement.signed,
                                sources=settlement.sources, tag=settlement.tag, note=settlement.note), where)
            add(_atom("settlement", const(ident), const(settlement.with_state),
                      const(settlement.kind), date_number(settlement.signed)), origin)
            out.claims.setdefault((ident, "settlement"), []).append(origin)
            for advantage in settlement.advantages:
                add(_atom("advantage", const(ident), const(advantage.id)), origin)
                claim_atoms(advantage.id, "greater_than_treaty", advantage.greater_than_treaty,
                            lambda c, a=advantage.id: [_atom("greater_than_treaty", const(a))], where)
        for ident, place in base.places.items():
            where = base.where[("place", ident)]
            origin = Provenance(ident, "place", Claim(value=True, sources=place.sources, tag=place.tag,
                                                      note=place.note), where)
            out.claims.setdefault((ident, "place"), []).append(origin)
            add(_atom("place", const(ident)), origin)
            if place.within is not None:
                w = place.within
                inside = Provenance(ident, "within", Claim(value=True, sources=w.sources, tag=w.tag, note=w.note), where)
                out.claims.setdefault((ident, "within"), []).append(inside)
                add(_atom("place_within", const(ident), const(w.place)), inside)
            for member in place.comprises:
                add(_atom("place_member", const(ident), const(member)), origin)
        for ident, instrument in base.instruments.items():
            where = base.where[("instrument", ident)]
            origin = Provenance(ident, "instrument", Claim(value=True, date=instrument.signed, sources=instrument.sources,
                                                           tag=instrument.tag, note=instrument.note), where)
            out.claims.setdefault((ident, "instrument"), []).append(origin)
            add(_atom("later_instrument", const(ident), date_number(instrument.signed)), origin)
            if instrument.in_force:
                add(_atom("instrument_in_force", const(ident), date_number(instrument.in_force)), origin)
            add(_atom("instrument_effect", const(ident), const(instrument.effect)), origin)
            for place_id in instrument.places:
                add(_atom("instrument_place", const(ident), const(place_id)), origin)
        return out


"""Answers about the whole fact base: every state's status, the readings, a check of the base."""

from __future__ import annotations

import datetime as dt
import re

from clingo import Symbol

from pydantic import Field

from .answer import Cited, Conclusion, Out, cited, conclusion
from . import focus
from .engine import Limits, World, rules_dir
from .errors import FactBaseError, RuleBaseError
from .facts import FactBase, number_date

STATES_SCHEMA = "treatyrules.states/1"
READINGS_SCHEMA = "treatyrules.readings/1"


class StateRow(Out):
    id: str
    name: str
    signed: list[Cited]
    ratified: list[Cited]
    in_force: Conclusion | None
    in_force_from: dt.date | None
    allied_power: Conclusion | None
    allied_power_limbs: list[str]


class StatesAnswer(Out):
    schema_: str = Field(STATES_SCHEMA, alias="schema")
    as_of: dt.date
    readings: dict[str, str]
    first_entry_into_force: dt.date | None
    states: list[StateRow]

    def model_dump_public(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)


def _subject(atom: Symbol) -> str:
    return atom.arguments[0].name


def states(facts: FactBase, as_of: dt.date, fixed: dict[str, str], limits: Limits, allied_only: bool = False,
           batch: int | None = None) -> StatesAnswer:
    """Every state's status, `batch` states to a grounding: each batch over its slice of the
    fact base (focus.py), so the work grows with the number of states, not with its square.

    Every slice also holds the states every answer needs. A batch costs a grounding of that
    shared part whatever its size, and solves that grow with the whole slice: its cost per state
    is least when it is about as large as the shared part, and not very small. By default it is
    (and at least 64).
    """
    from .answer import _merge

    wanted = {("allied_power", 3), ("in_force", 2), ("in_force_from", 2)}
    everywhere = sorted(focus.states_needed(facts, []))
    others = [s for s in facts.states if s not in everywhere]
    batch = batch or max(64, len(everywhere))
    batches = [everywhere + others[:batch], *(others[i:i + batch] for i in range(batch, len(others), batch))]
    rows, first = [], []
    for subjects in batches:
        world = World(focus.about(facts, subjects), as_of, fixed, limits=limits,
                      reads=[*wanted, ("first_entry_into_force", 2)])
        mine = set(subjects)
        verdicts = world.verdicts(lambda a: (a.name, len(a.arguments)) in wanted and _subject(a) in mine)
        first = first or [a.arguments[0].number for a in world.base.cautious if a.match("first_entry_into_force", 2)]
        claims = world.facts.translation.claims
        for ident in subjects:
            own = {a: v for a, v in verdicts.items() if _subject(a) == ident}
            allied = [v for a, v in own.items() if a.name == "allied_power"]
            in_force = [v for a, v in own.items() if a.name == "in_force"]
            start = [a.arguments[1].number for a, v in own.items() if a.name == "in_force_from" and v.holds == "all"]
            if allied_only and not allied:
                continue
            merged_allied, merged_force = _merge(allied), _merge(in_force)
            rows.append(StateRow(
                id=ident, name=facts.states[ident].names.en,
                signed=[cited(p) for p in claims.get((ident, "signed"), [])],
                ratified=[cited(p) for p in claims.get((ident, "ratified"), [])],
                in_force=conclusion(merged_force, world.facts) if merged_force else None,
                in_force_from=number_date(start[0]) if start else None,
                allied_power=conclusion(merged_allied, world.facts) if merged_allied else None,
                allied_power_limbs=sorted({str(a.arguments[1]) for a in own if a.name == "allied_power"}),
            ))
    rows.sort(key=lambda row: row.name.casefold())
    return StatesAnswer(as_of=as_of, readings=dict(fixed),
                        first_entry_into_force=number_date(first[0]) if first else None, states=rows)


# -- readings ----------------------------------------------------------------------------------

class Option(Out):
    option: str
    authority: str


class Reading(Out):
    name: str
    kind: str  # "reading" or "dispute"
    title: str
    question: str | None = None
    file: str | None = None
    options: list[Option]


class ReadingsAnswer(Out):
    schema_: str = Field(READINGS_SCHEMA, alias="schema")
    readings: list[Reading]

    def model_dump_public(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)


def reading_header(path) -> tuple[str, dict[str, str]]:
    """The title and the authority for each option, from a reading file's header comments."""
    title, authorities, current = "", {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("%"):
            if line.strip():
                break
            continue
        text = line.lstrip("%").rstrip()
        if text.startswith("# ") and not title:
            title = text[2:].strip()
            continue
        match = re.match(r"^ - (\w+): (.*)$", text)
        if match:
            current = match.group(1)
            authorities[current] = match.group(2).strip()
        elif current and text.startswith("   ") and text.strip():
            authorities[current] += " " + text.strip()
        else:
            current = None
    return title, authorities


def readings(world: World) -> ReadingsAnswer:
    out = []
    headers = {}
    for path in sorted((rules_dir() / "readings").glob("*.lp")):
        title, authorities = reading_header(path)
        headers[path.stem] = (title, authorities, path)
    for name, options in world.readings().items():
        title, authorities, path = headers.get(name, (name, {}, None))
        out.append(Reading(name=name, kind="reading", title=title.removeprefix("Reading: "),
                           file=f"rules/readings/{path.name}" if path else None,
                           options=[Option(option=o, authority=authorities.get(o, "")) for o in options]))
    claims = world.facts.translation.claims
    for name, options in world.disputes().items():
        subject, _, field = name.partition(".")
        state = world.facts.states.get(subject)
        dispute = getattr(state, field, None) if state else None
        described = []
        for o in options:
            origin = next((p for p in claims.get((subject, field), []) if p.option == o), None)
            text = ""
            if origin:
                c = origin.claim
                text = f"{ {True: 'yes', False: 'no', None: 'not known'}[c.value] }" \
                       f"{' ' + c.date.isoformat() if c.date else ''} [{', '.join(c.sources)}; {c.tag}]" \
                       f"{': ' + c.note if c.note else ''}"
            described.append(Option(option=o, authority=text))
        out.append(Reading(name=name, kind="dispute", title=f"disputed fact: {name}",
                           question=getattr(dispute, "question", None), options=described))
    return ReadingsAnswer(readings=out)


def check(world: World) -> str:
    """Ground and solve once; report the states the rules name that the fact base lacks."""
    found = world.any_answer()  # what is checked holds in every answer set: one is enough
    if found is None:
        raise RuleBaseError("the rule base has no answer set for this fact base")
    missing = sorted(str(a.arguments[0]) for a in found if a.match("missing_state", 1))
    if missing:
        raise FactBaseError(f"{world.facts.root}: the rules name states the fact base lacks: {', '.join(missing)}")
    f = world.facts
    return (f"{f.root}: OK: {len(f.states)} states, {len(f.designations)} designations, "
            f"{sum(len(t) for t in f.conditions.values())} condition facts, {len(f.settlements)} settlements, "
            f"{len(f.sources)} sources; the rule base grounds and solves cleanly")

"""What-if: change, add or remove facts for one question, and show what that changes.

A scenario is written in the fact base's own schema (`docs/facts-format.md`, "Scenarios") and
validated as strictly, with the file, line and field in every error; `--assume STATE.FIELD=VALUE`
and `--retract STATE.FIELD` parse into the same models, never into ASP text. Applying one builds
a new `FactBase`: no file is written and the loaded fact base is not mutated (it is cached and
shared). The difference is read from the answers `answer.entitled` gives in both worlds: Python
compares conclusions, it draws none.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from clingo import Symbol
from pydantic import Field, StringConstraints, ValidationError, create_model

from . import answer as answers
from .answer import Entitlement, EntitledAnswer, Obligation, Out
from .engine import World
from .errors import FactBaseError, InputError, UnknownName
from .facts import CONDITION_PREDICATES, STATE_FIELDS, FactBase, Where, _check_references
from .yamlread import line_of, validate
from .names import Entity, NameIndex
from .schema import Claim, ConditionFact, Identifier, Name, Record, Settlement, Source, State, Text
from .session import Session

SCENARIO_SCHEMA = "treatyrules.scenario/1"
WHATIF_SCHEMA = "treatyrules.whatif/1"

#: The source every command-line assumption cites, and a scenario's claims may cite.
SCENARIO_SOURCE = Source(id="SCENARIO", title="a hypothesis of the scenario, not a fact",
                         what="assumed for one question (a scenario file or --assume); never in the fact base")

#: The facts about a state that can be assumed or retracted: its claims, and the per-article
#: conditions (`occupied_and_damaged` for Art. 14(a)1), which live in conditions/ files.
ARTICLE_OF = {predicate: article for article, predicate in CONDITION_PREDICATES.items()}
FIELDS = (*STATE_FIELDS, *ARTICLE_OF)

Retraction = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,62}\.[a-z][a-z0-9_]{0,62}$", strict=True)]


# -- the scenario file ---------------------------------------------------------------------------


def _patch_of(model: type[Record]) -> type[Record]:
    """`model`'s fields, all optional but `id`: derived, so that a new field of a state can be
    assumed and retracted without a second list to keep in step."""
    hints = typing.get_type_hints(model, include_extras=True)
    fields: dict[str, Any] = {name: (hints[name] | None, None) for name in model.model_fields if name != "id"}
    return create_model(f"{model.__name__}Patch", __base__=Record, __doc__=_PATCH_DOC, id=(Identifier, ...), **fields)


_PATCH_DOC = "A new state (with its names), or the fields to replace in one; a field set to null is removed."
StatePatch = _patch_of(State)


class ConditionsPatch(Record):
    """Per-state facts of one article's condition, as in facts/conditions/*.yaml: added or replaced."""

    article: Name
    condition: Text | None = None
    facts: list[ConditionFact]


class Scenario(Record):
    schema_: Literal["treatyrules.scenario/1"] = Field(alias="schema")
    title: Text
    description: Text
    #: the date the scenario asks about; --as-of overrides it
    as_of: dt.date | None = None
    #: sources its claims cite, besides the fact base's and SCENARIO
    sources: list[Source] = []
    states: list[StatePatch] = []
    settlements: list[Settlement] = []
    conditions: list[ConditionsPatch] = []
    #: "STATE.FIELD": facts the fact base records, set aside
    retract: list[Retraction] = []


@dataclass(frozen=True)
class WhatIf:
    """A validated scenario, with where each of its entries was written (for error messages)."""

    scenario: Scenario
    file: Path | None
    locate: Callable[[tuple[Any, ...]], Where]


def read(path: Path) -> WhatIf:
    """Read and validate a scenario file (the fact base's own validation, line numbers included)."""
    parsed, data, lines = validate(Scenario, path)
    return WhatIf(parsed, path, lambda loc: Where(path, line_of(data, lines, loc)))


# -- the command line ----------------------------------------------------------------------------


def _resolve(text: str, names: NameIndex, option: str) -> tuple[str, str]:
    """`STATE.FIELD` -> (state id, field). The state may be written in any of its names."""
    who, dot, name = text.strip().rpartition(".")
    if not dot or not who.strip() or not name.strip():
        raise InputError(f"{option} {text!r}: write it as STATE.FIELD, e.g. indonesia.ratified")
    entity = names.find(who.strip())  # UnknownName, with near matches
    if entity.kind != "state":
        raise InputError(f"{option} {text!r}: {entity.name} is a designation of Art. 21, not a state: "
                         f"it has no facts to assume or retract")
    name = name.strip()
    if name not in FIELDS:
        raise InputError(f"{option} {text!r}: a state has no field {name!r} (fields: {', '.join(FIELDS)})")
    return entity.id, name


def _claim(value: str, item: str) -> dict[str, Any]:
    """`true`, `false`, `unknown` or an ISO date (true on that date) as a claim citing SCENARIO."""
    cited = {"sources": [SCENARIO_SOURCE.id], "tag": "analysis", "note": f"assumed: --assume {item}"}
    text = value.strip().lower()
    if text in ("true", "false"):
        return {"value": text == "true", **cited}
    if text == "unknown":
        return {"value": None, **cited, "tag": "OPEN"}
    try:
        return {"value": True, "date": dt.date.fromisoformat(text), **cited}
    except ValueError:
        raise InputError(f"--assume {item!r}: the value is true, false, unknown or a date YYYY-MM-DD") from None


def from_options(assume: Sequence[str], retract: Sequence[str], names: NameIndex) -> WhatIf:
    """`--assume` and `--retract` as a scenario: one patch per option, applied in order."""
    states: list[StatePatch] = []
    conditions: list[ConditionsPatch] = []
    origin: dict[tuple[str, int], str] = {}
    for item in assume:
        target, eq, value = item.partition("=")
        if not eq:
            raise InputError(f"--assume {item!r}: write it as STATE.FIELD=VALUE, e.g. indonesia.ratified=1952-06-01")
        ident, name = _resolve(target, names, "--assume")
        claim = _claim(value, item)
        try:
            if name in ARTICLE_OF:
                origin[("conditions", len(conditions))] = f"--assume {item}"
                conditions.append(ConditionsPatch(article=ARTICLE_OF[name],
                                                  facts=[ConditionFact(state=ident, **claim)]))
            else:
                origin[("states", len(states))] = f"--assume {item}"
                states.append(StatePatch(id=ident, **{name: Claim(**claim)}))
        except ValidationError as exc:
            raise InputError(f"--assume {item!r}: {exc.errors(include_url=False)[0]['msg']}") from None
    retracted = []
    for i, item in enumerate(retract):
        origin[("retract", i)] = f"--retract {item}"
        retracted.append(".".join(_resolve(item, names, "--retract")))
    scenario = Scenario(schema=SCENARIO_SCHEMA, title="assumptions given on the command line",
                        description="--assume and --retract", states=states, conditions=conditions,
                        retract=retracted)
    # a Where names a file; here the "file" is the option itself, which is what the user must fix
    return WhatIf(scenario, None, lambda loc: Where(Path(origin.get(tuple(loc[:2]), "(command line)")), None))


# -- applying a scenario -------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One change a scenario makes, for the reason line of a difference."""

    subject: str | None  # the state whose facts it changes; None for a settlement (it may reach every party)
    label: str


@dataclass(frozen=True)
class Applied:
    facts: FactBase
    changes: tuple[Change, ...]


def _describe(value: Any) -> str:
    if isinstance(value, Claim):
        word = {True: "true", False: "false", None: "unknown"}[value.value]
        return word + (f" on {value.date.isoformat()}" if value.date else "")
    return "a dispute" if hasattr(value, "options") else "replaced"


def _unknown_state(ident: str, names: NameIndex) -> str:
    try:
        names.find(ident)
    except UnknownName as exc:
        return str(UnknownName("state", ident, exc.suggestions))
    return f"{ident!r} is a designation of Art. 21, not a state"


def apply(base: FactBase, whatifs: Iterable[WhatIf]) -> Applied:
    """A new fact base: `base` with each scenario applied in turn, checked as `facts.load` checks."""
    if SCENARIO_SOURCE.id in base.sources and base.sources[SCENARIO_SOURCE.id] != SCENARIO_SOURCE:
        raise FactBaseError(f"{base.where[('source', SCENARIO_SOURCE.id)]}: the source key "
                            f"{SCENARIO_SOURCE.id} is reserved for scenarios")
    names = NameIndex.of(base)
    # copies of the tables a scenario can change; every other table is shared, never written
    new = dataclasses.replace(base, sources={**base.sources, SCENARIO_SOURCE.id: SCENARIO_SOURCE},
                              states=dict(base.states), conditions={a: dict(t) for a, t in base.conditions.items()},
                              settlements=dict(base.settlements), where=dict(base.where))
    changes: list[Change] = []
    for whatif in whatifs:
        s, at = whatif.scenario, whatif.locate
        for i, source in enumerate(s.sources):
            if source.id in new.sources:
                first = new.where.get(("source", source.id), "the built-in sources")
                raise FactBaseError(f"{at(('sources', i, 'id'))}: sources[{i}].id: source {source.id!r} "
                                    f"is already defined (at {first})")
            new.sources[source.id] = source
            new.where[("source", source.id)] = at(("sources", i, "id"))
        for i, patch in enumerate(s.states):
            changes += _patch_state(new, patch, at, i, names)
        for i, settlement in enumerate(s.settlements):
            verb = "replaces" if settlement.id in new.settlements else "adds"
            new.settlements[settlement.id] = settlement
            new.where[("settlement", settlement.id)] = at(("settlements", i, "id"))
            changes.append(Change(None, f"{verb} settlement {settlement.id} (with {settlement.with_state}, "
                                        f"{settlement.signed.isoformat()})"))
        for i, block in enumerate(s.conditions):
            if block.article not in CONDITION_PREDICATES:
                raise FactBaseError(f"{at(('conditions', i, 'article'))}: conditions[{i}].article: no condition "
                                    f"of article {block.article!r} is modelled ({', '.join(CONDITION_PREDICATES)} are)")
            predicate = CONDITION_PREDICATES[block.article]
            for j, fact in enumerate(block.facts):
                new.conditions.setdefault(block.article, {})[fact.state] = fact
                new.where[(f"condition {block.article}", fact.state)] = at(("conditions", i, "facts", j, "state"))
                changes.append(Change(fact.state, f"sets {fact.state}.{predicate}: {_describe(fact)}"))
        for i, text in enumerate(s.retract):
            changes.append(_retract(new, text, at(("retract", i)), f"retract[{i}]", names))
    _check_references(new)
    return Applied(new, tuple(changes))


def _patch_state(new: FactBase, patch: StatePatch, at: Callable[[tuple[Any, ...]], Where], i: int,
                 names: NameIndex) -> list[Change]:
    given = [f for f in StatePatch.model_fields if f in patch.model_fields_set and f != "id"]
    where, field = at(("states", i, "id")), f"states[{i}]"
    current = new.states.get(patch.id)
    if current is None and patch.names is None:
        raise FactBaseError(f"{where}: {field}.id: {_unknown_state(patch.id, names)} "
                            f"(to add a state, give its names)")
    if "names" in given and patch.names is None:
        raise FactBaseError(f"{where}: {field}.names: a state's names cannot be removed")
    merged = {f: getattr(current, f) for f in State.model_fields} if current else {}
    merged.update({f: getattr(patch, f) for f in given}, id=patch.id)
    merged["aliases"] = merged.get("aliases") or []
    try:
        new.states[patch.id] = State(**merged)
    except ValidationError as exc:  # the patch validated: only the merged whole can fail here
        first = exc.errors(include_url=False)[0]
        raise FactBaseError(f"{where}: {field}.{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    # the patched record now comes from here: reference errors point where the user can fix them,
    # and each claim the scenario gives is cited at its own line
    new.where[("state", patch.id)] = where
    for f in given:
        new.where.pop((f"state.{f}", patch.id), None)
        if getattr(patch, f) is not None:
            new.where[(f"state.{f}", patch.id)] = at(("states", i, f))
    if current is None:
        return [Change(patch.id, f"adds state {patch.id}")]
    return [Change(patch.id, f"removes {patch.id}.{f}" if getattr(patch, f) is None
                   else f"sets {patch.id}.{f}: {_describe(getattr(patch, f))}") for f in given]


def _retract(new: FactBase, text: str, where: Where, field: str, names: NameIndex) -> Change:
    ident, name = text.split(".")
    if ident not in new.states:
        raise FactBaseError(f"{where}: {field}: {_unknown_state(ident, names)}")
    if name not in FIELDS:
        raise FactBaseError(f"{where}: {field}: a state has no field {name!r} (fields: {', '.join(FIELDS)})")
    if name in ARTICLE_OF:
        table = new.conditions.get(ARTICLE_OF[name], {})
        if ident not in table:
            raise FactBaseError(f"{where}: {field}: the fact base records nothing for {text}")
        new.conditions[ARTICLE_OF[name]] = {k: v for k, v in table.items() if k != ident}
    else:
        state = new.states[ident]
        if getattr(state, name) is None:
            raise FactBaseError(f"{where}: {field}: the fact base records nothing for {text}")
        new.states[ident] = state.model_copy(update={name: None})  # None is every claim field's default
        new.where.pop((f"state.{name}", ident), None)
    return Change(ident, f"retracts {text}")


def assuming(query: Session, assume: Sequence[str] | None, retract: Sequence[str] | None) -> Session:
    """`query` with the command line's assumptions applied (for `entitled --assume`)."""
    if not assume and not retract:
        return query
    applied = apply(query.facts, [from_options(assume or (), retract or (), query.names)])
    return Session(applied.facts, query.as_of, query.fixed)


# -- the difference ------------------------------------------------------------------------------


class Shift(Out):
    before: Literal["yes", "no", "some", "undetermined"]
    after: Literal["yes", "no", "some", "undetermined"]


class EntityRef(Out):
    id: str
    name: str


class StateChange(Out):
    state: EntityRef
    allied_power: Shift
    #: entitlements, and undetermined ones, as in `entitled`'s JSON: an item whose verdict changed
    #: is lost with the old verdict and gained with the new
    gained: list[Entitlement]
    lost: list[Entitlement]
    obligations_gained: list[Obligation]
    obligations_lost: list[Obligation]
    #: other parts of the answer that changed (e.g. "obligations_ended", "status.in_force_from")
    also_changed: list[str]
    reason: str


class ScenarioRef(Out):
    title: str
    file: str | None


class WhatIfAnswer(Out):
    schema_: str = Field(WHATIF_SCHEMA, alias="schema")
    as_of: dt.date
    readings: dict[str, str]
    scenario: ScenarioRef
    assumptions: list[str]
    changes: list[StateChange]

    def model_dump_public(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)


#: Parts of an answer that quote the record or word it, rather than conclude: a scenario that
#: cites another source or sits in another file changes them without changing any conclusion.
_RECORD = {"signed", "ratified", "at_war", "un_declaration", "formerly_part_of"}
_WORDING = {"where", "recorded", "reason", "note", "not_allied_because"}


def _strip(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip(v) for k, v in data.items() if k not in _WORDING}
    if isinstance(data, list):
        return [_strip(v) for v in data]
    return data


def conclusions(result: EntitledAnswer | None) -> dict:
    """What an answer concludes, without the record it quotes or the words it uses."""
    if result is None:
        return {}
    return _strip(result.model_dump(mode="json", exclude={"state": True, "status": _RECORD}))


def _key(item: Out) -> str:
    return json.dumps(_strip(item.model_dump(mode="json")), sort_keys=True)


def _minus(these: Sequence[Out], those: Sequence[Out]) -> list:
    gone = {_key(x) for x in those}
    return [x for x in these if _key(x) not in gone]


def _allied(result: EntitledAnswer | None) -> str:
    verdict = result.status.allied_power if result else None
    return "no" if verdict is None else {"all": "yes"}.get(verdict.holds, verdict.holds)


def _entities(facts: FactBase) -> dict[str, Entity]:
    out = {i: Entity("designation", i, d.names.en) for i, d in facts.designations.items()}
    out.update({i: Entity("state", i, s.names.en) for i, s in facts.states.items()})
    return out


def _named(symbol: Symbol, idents: set[str]) -> set[str]:
    """The states and designations an atom names, at any depth."""
    if symbol.type.name != "Function":
        return set()
    here = {symbol.name} if not symbol.arguments and symbol.name in idents else set()
    return here.union(*(_named(a, idents) for a in symbol.arguments))


def candidates(before: World, after: World, idents: set[str], direct: set[str]) -> set[str]:
    """The states whose answer can differ: those the scenario touches, and those named by a
    shown atom that holds in one world and not the other. An atom that names none of them (the
    first entry into force, say) may reach anyone: then every state is a candidate."""
    b, a = before.base, after.base
    out = set(direct) & idents
    for atom in (b.brave ^ a.brave) | (b.cautious ^ a.cautious):
        named = _named(atom, idents)
        if not named:
            return set(idents)
        out |= named
    return out


def difference(before: World, after: World, applied: Applied, only: str | None = None) -> list[StateChange]:
    """The states whose answer differs between the two worlds, with what they gain and lose."""
    old, new = _entities(before.facts), _entities(after.facts)
    idents = set(old) | set(new)
    direct = {c.subject for c in applied.changes if c.subject}
    wanted = candidates(before, after, idents, direct) if only is None else {only}
    out = []
    for ident in sorted(wanted, key=lambda i: (new.get(i) or old[i]).name.casefold()):
        was = answers.entitled(before, old[ident]) if ident in old else None
        now = answers.entitled(after, new[ident]) if ident in new else None
        if conclusions(was) == conclusions(now):
            continue
        out.append(_change(new.get(ident) or old[ident], was, now, applied.changes))
    return out


def _items(result: EntitledAnswer | None, *parts: str) -> list:
    return [x for part in parts for x in (getattr(result, part) if result else [])]


def _change(entity: Entity, was: EntitledAnswer | None, now: EntitledAnswer | None,
            changes: Sequence[Change]) -> StateChange:
    before, after = conclusions(was), conclusions(now)
    shown = {"entitlements", "undetermined", "obligations", "allied_power", "status"}
    old_status, new_status = before.get("status") or {}, after.get("status") or {}
    also = sorted({k for k in before.keys() | after.keys() if k not in shown and before.get(k) != after.get(k)}
                  | {f"status.{k}" for k in old_status.keys() | new_status.keys()
                     if k != "allied_power" and old_status.get(k) != new_status.get(k)})
    entitlements = ("entitlements", "undetermined")
    return StateChange(
        state=EntityRef(id=entity.id, name=entity.name),
        allied_power=Shift(before=_allied(was), after=_allied(now)),
        gained=_minus(_items(now, *entitlements), _items(was, *entitlements)),
        lost=_minus(_items(was, *entitlements), _items(now, *entitlements)),
        obligations_gained=_minus(_items(now, "obligations"), _items(was, "obligations")),
        obligations_lost=_minus(_items(was, "obligations"), _items(now, "obligations")),
        also_changed=also,
        reason=_reason(entity.id, changes),
    )


def _reason(ident: str, changes: Sequence[Change]) -> str:
    """Which of the scenario's changes reach this state: its own facts, else the others'."""
    def listed(items: list[str]) -> str:
        return "; ".join(items[:4]) + (f"; and {len(items) - 4} more" if len(items) > 4 else "")

    own = [c.label for c in changes if c.subject == ident]
    if own:
        return "the scenario changes its own facts: " + listed(own)
    return "not touched directly; follows from the scenario's changes: " + listed([c.label for c in changes])


# -- the question --------------------------------------------------------------------------------


def whatif(root: Path | None, file: Path | None, assume: Sequence[str] | None, retract: Sequence[str] | None,
           as_of: dt.date | None, fixed: dict[str, str], state: str | None = None) -> WhatIfAnswer:
    """Solve the real world and the scenario's, and return the difference."""
    if file is None and not assume and not retract:
        raise InputError("give a scenario (--scenario FILE) or assumptions (--assume STATE.FIELD=VALUE, "
                         "--retract STATE.FIELD)")
    scenario = read(file) if file is not None else None
    day = as_of or (scenario.scenario.as_of if scenario else None) or dt.date.today()
    real = Session.open(root, day, fixed)
    steps = [scenario] if scenario else []
    if assume or retract:
        steps.append(from_options(assume or (), retract or (), real.names))
    applied = apply(real.facts, steps)
    other = Session(applied.facts, day, real.fixed)
    only = None
    if state is not None:
        only = NameIndex.of(applied.facts).find(state).id
    title = scenario.scenario.title if scenario else steps[0].scenario.title
    return WhatIfAnswer(
        as_of=day, readings=dict(fixed), scenario=ScenarioRef(title=title, file=str(file) if file else None),
        assumptions=[c.label for c in applied.changes],
        changes=difference(real.world, other.world, applied, only),
    )


def whatif_text(result: WhatIfAnswer, console: Any) -> None:
    from rich.markup import escape  # a title or a name is the user's text, not markup

    from .render import verdict_text

    where = f" ({result.scenario.file})" if result.scenario.file else ""
    console.print(f"[bold]What if[/bold]: {escape(result.scenario.title + where)}, as of {result.as_of.isoformat()}")
    if result.readings:
        console.print("readings fixed: " + ", ".join(f"{k}={v}" for k, v in result.readings.items()))
    for label in result.assumptions:
        console.print(f"  the scenario {label}", markup=False)
    if not result.changes:
        console.print("No state's answer changes.")
    for change in result.changes:
        shift = change.allied_power
        allied = f"Allied Power {shift.before} -> {shift.after}" if shift.before != shift.after \
            else f"Allied Power: {shift.after} (unchanged)"
        console.print(f"[bold]{escape(change.state.name)}[/bold]: {allied}")
        for sign, items in (("+", change.gained), ("-", change.lost)):
            for e in items:
                advantage = f" ({e.advantage})" if e.advantage else ""
                console.print(f"  {sign} Art. {e.article}{advantage}, basis Art. {e.basis}: {verdict_text(e)}",
                              markup=False)
        for sign, obligations in (("+", change.obligations_gained), ("-", change.obligations_lost)):
            for o in obligations:
                console.print(f"  {sign} obligation of Japan (Art. {o.article}) until {o.until.isoformat()}: "
                              f"{verdict_text(o)}", markup=False)
        if change.also_changed:
            console.print(f"  also changed: {', '.join(change.also_changed)}", markup=False)
        console.print(f"  why: {change.reason}", markup=False)

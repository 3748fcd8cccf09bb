"""What the engine answers about one state, as a versioned output model (JSON schema in docs/).

This module reads conclusions out of the answer sets and arranges them; every conclusion and its
article come from `rules/`. The wording here is rendering only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

from clingo import Symbol
from pydantic import BaseModel, ConfigDict, Field

from .engine import Condition, Verdict, World
from .facts import FactBase, Provenance, number_date
from .names import Entity

ENTITLED_SCHEMA = "treatyrules.entitled/1"

Holds = Literal["all", "some", "undetermined"]


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class StateRef(Out):
    id: str
    name: str
    kind: Literal["state", "designation"]


class Cited(Out):
    """A fact as the fact base records it, with its sources and confidence tag."""

    fact: str
    value: bool | None
    date: dt.date | None = None
    option: str | None = None
    sources: list[str]
    tag: str
    note: str | None = None
    where: str


class Missing(Out):
    """A fact the answer turns on that the record does not settle."""

    fact: str
    recorded: list[Cited] = []


class Conclusion(Out):
    holds: Holds
    #: alternatives (any one suffices), each a list of reading or dispute options that together make it hold
    under: list[list[str]] = []
    needs: list[Missing] = []
    #: the disputed facts among `under`, each with the sources on every side
    disputes: list[Missing] = []


class Status(Out):
    signed: list[Cited] = []
    ratified: list[Cited] = []
    at_war: list[Cited] = []
    un_declaration: list[Cited] = []
    formerly_part_of: list[Cited] = []
    in_force: Conclusion | None = None
    in_force_from: dt.date | None = None
    allied_power: Conclusion | None = None
    allied_power_limbs: list[str] = []
    excluded: Conclusion | None = None
    #: where it is not (or not always) an Allied Power: the facts Art. 25's conditions fail on
    not_allied_because: str | None = None
    designations_held: list[str] = []


class Entitlement(Conclusion):
    article: str
    basis: str
    advantage: str | None = None
    reason: str


class Obligation(Conclusion):
    article: str
    of: str = "japan"
    until: dt.date
    branches: list[str] = []
    note: str


class EndedObligation(Conclusion):
    article: str
    how: str
    on: dt.date
    settlement: str | None = None


class EntitledAnswer(Out):
    schema_: str = Field(ENTITLED_SCHEMA, alias="schema")
    state: StateRef
    as_of: dt.date
    readings: dict[str, str] = {}
    allied_power: bool
    status: Status
    entitlements: list[Entitlement]
    undetermined: list[Entitlement]
    obligations: list[Obligation]
    obligations_ended: list[EndedObligation]
    not_modelled: list[str]
    #: with --explain: the trace under each entitlement, or the why-not of an empty answer
    explanation: list[Any] | None = None

    def model_dump_public(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)


# -- building an answer ------------------------------------------------------------------------

def article_key(article: str) -> tuple:
    """Order articles as the treaty does: 2 < 4 < 10 < 14(a)1 < 14(a)2 < 26."""
    number = int(article.split("(")[0])
    return (number, article[len(str(number)):])


def _string(symbol: Symbol) -> str:
    return symbol.string if symbol.type.name == "String" else str(symbol)


def cited(origin: Provenance) -> Cited:
    c = origin.claim
    return Cited(fact=f"{origin.subject}.{origin.field}", value=c.value, date=c.date, option=origin.option,
                 sources=list(c.sources), tag=c.tag, note=c.note, where=str(origin.where))


def conclusion(verdict: Verdict, facts: FactBase) -> Conclusion:
    return Conclusion(**_verdict_fields(verdict, facts))


def _verdict_fields(verdict: Verdict, facts: FactBase) -> dict:
    disputed = sorted({c.group for alternative in verdict.under for c in alternative if c.kind == "dispute"})
    return {
        "holds": verdict.holds,
        "under": [[c.label() for c in alternative] for alternative in verdict.under],
        "needs": [missing(s, facts) for s in verdict.needs],
        "disputes": [missing(group, facts) for group in disputed],
    }


def missing(fact: Symbol, facts: FactBase) -> Missing:
    subject = fact.arguments[0].name if fact.arguments and fact.arguments[0].type.name == "Function" else ""
    field = {"deposited_by_as_of": "ratified"}.get(fact.name, fact.name)
    recorded = [cited(p) for p in facts.translation.claims.get((subject, field), [])]
    return Missing(fact=str(fact), recorded=recorded)


def _select(verdicts: dict[Symbol, Verdict], name: str, arity: int) -> Iterable[tuple[Symbol, Verdict]]:
    return sorted(((a, v) for a, v in verdicts.items() if a.match(name, arity)), key=lambda av: str(av[0]))


_REPORTED = frozenset({"entitled", "extended", "allied_power", "party", "in_force", "in_force_from", "excluded",
                       "obligation", "obligation_ended", "art26_eligible", "holds_designation", "benefit_withheld"})


def entitled(world: World, entity: Entity) -> EntitledAnswer:
    facts = world.facts
    me = entity.id

    def mine(atom: Symbol) -> bool:  # the conclusions this answer reports (world.about picks the state's)
        return atom.name in _REPORTED

    verdicts = world.verdicts(mine, subject=me)
    reasons = Reasons.of(world)
    status = _status(world, entity, verdicts, reasons)
    entitlements, undetermined = [], []
    granted = [*_select(verdicts, "entitled", 3), *_select(verdicts, "extended", 3)]
    why = reasons.reasons(granted)
    for atom, verdict in granted:
        # entitled(S, Article, Basis); extended(S, Advantage, "26")
        article, advantage = (_string(atom.arguments[1]), None) if atom.name == "entitled" else ("26", _string(atom.arguments[1]))
        basis = _string(atom.arguments[2])
        item = Entitlement(article=article, basis=basis, advantage=advantage, reason=why[atom],
                           **_verdict_fields(verdict, facts))
        (undetermined if verdict.holds == "undetermined" else entitlements).append(item)
    order = lambda e: (article_key(e.article), e.basis, e.advantage or "")  # noqa: E731
    obligations = []
    for atom, verdict in _select(verdicts, "obligation", 3):
        _, article, until = atom.arguments
        branches = sorted(str(a.arguments[1]) for a, v in _select(verdicts, "art26_eligible", 2))
        obligations.append(Obligation(
            article=_string(article), until=number_date(until.number), branches=branches,
            note="an obligation of Japan towards this state; by Art. 25 it confers no right on it",
            **_verdict_fields(verdict, facts)))
    ended = []
    for atom, verdict in _select(verdicts, "obligation_ended", 4):
        _, article, how, on = atom.arguments
        settlement = str(how.arguments[0]) if how.arguments else None
        ended.append(EndedObligation(article=_string(article), how=how.name, on=number_date(on.number),
                                     settlement=settlement, **_verdict_fields(verdict, facts)))
    not_modelled = sorted((_string(a.arguments[0]) for a in world.base.cautious if a.match("not_modelled", 1)),
                          key=article_key)
    return EntitledAnswer(
        state=StateRef(id=me, name=entity.name, kind=entity.kind),  # type: ignore[arg-type]
        as_of=world.as_of,
        readings=dict(world.fixed),
        allied_power=status.allied_power is not None and status.allied_power.holds == "all",
        status=status,
        entitlements=sorted(entitlements, key=order),
        undetermined=sorted(undetermined, key=order),
        obligations=obligations,
        obligations_ended=ended,
        not_modelled=not_modelled,
    )


def _merge(verdicts: list[Verdict]) -> Verdict | None:
    """One verdict for a conclusion reached in several ways (two limbs of Art. 25, say)."""
    if not verdicts:
        return None
    for v in verdicts:
        if v.holds == "all":
            return v
    some = [v for v in verdicts if v.holds == "some"]
    if some:
        return Verdict("some", tuple(alt for v in some for alt in v.under))
    return Verdict("undetermined", tuple(alt for v in verdicts for alt in v.under),
                   tuple(sorted({n for v in verdicts for n in v.needs})))


class Reasons:
    """One-line reasons, each the template of the rule that derived the conclusion (rules/)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._explainers: dict[tuple, object] = {}

    @classmethod
    def of(cls, world: World) -> "Reasons":
        """One per world: its answer sets are shared by every state's answer."""
        return world.__dict__.setdefault("_reasons", cls(world))

    def _explainer(self, conditions: tuple[Condition, ...], assumptions: tuple = ()):
        from .explain import Explainer

        key = (conditions, assumptions)
        if key not in self._explainers:
            atoms = self.world.model(conditions, assumptions)
            self._explainers[key] = Explainer(self.world, atoms) if atoms is not None else None
        return self._explainers[key]

    def reasons(self, items: list[tuple[Symbol, Verdict]]) -> dict[Symbol, str]:
        """Reasons for many conclusions at once: one answer set per reading condition, in which
        every fact they turn on holds, serves them all (falling back to one each)."""
        groups: dict[tuple[Condition, ...], list[tuple[Symbol, Verdict]]] = {}
        for atom, verdict in items:
            conditions = tuple(verdict.under[0]) if verdict.holds != "all" and verdict.under else ()
            groups.setdefault(conditions, []).append((atom, verdict))
        out: dict[Symbol, str] = {}
        for conditions, members in groups.items():
            needs = tuple(sorted({(fact, True) for _, v in members for fact in v.needs}))
            shared = self._explainer(conditions, needs)
            for atom, verdict in members:
                if shared is not None and atom in shared.model:
                    out[atom] = shared.reason(atom)
                else:
                    out[atom] = self.reason(atom, verdict)
        return out

    def reason(self, atom: Symbol, verdict: Verdict) -> str:
        if verdict.holds == "all":
            explainer = self._explainer(())
        elif verdict.holds == "some":
            explainer = self._explainer(tuple(verdict.under[0]))
        else:  # a world where the facts it turns on hold: one per missing fact, shared by every state
            conditions = tuple(verdict.under[0]) if verdict.under else ()
            explainer = self._explainer(conditions, tuple((fact, True) for fact in verdict.needs))
            if explainer is None or atom not in explainer.model:
                explainer = self._explainer(conditions, ((atom, True),))
        return explainer.reason(atom) if explainer is not None else str(atom)

    def why_not_allied(self, entity_id: str) -> str | None:
        """What Art. 25's conditions fail on, in one line: the facts it rests on, with sources."""
        from clingo import Function

        explainer = self._explainer(())
        if explainer is None:
            return None
        node = explainer.why_not("allied", [Function(entity_id, [])])
        if node.holds:
            return None
        parts = []
        for leaf in node.leaves():
            cite = f" [{', '.join(leaf.sources)}; {leaf.tag}]" if leaf.sources else ""
            text = f"{leaf.text}{cite}"
            if leaf.kind in ("missing", "fact") and text not in parts:
                parts.append(text)
        return "; ".join(parts) or None


def _status(world: World, entity: Entity, verdicts: dict[Symbol, Verdict], reasons: Reasons) -> Status:
    facts = world.facts
    claims = facts.translation.claims

    def recorded(field: str) -> list[Cited]:
        return [cited(p) for p in claims.get((entity.id, field), [])]

    allied = list(_select(verdicts, "allied_power", 3))
    in_force = [v for _, v in _select(verdicts, "in_force", 2)]
    excluded = [v for _, v in _select(verdicts, "excluded", 2)]
    start = [a.arguments[1].number for a, v in _select(verdicts, "in_force_from", 2) if v.holds == "all"]
    merged = _merge([v for _, v in allied])
    return Status(
        signed=recorded("signed"), ratified=recorded("ratified"), at_war=recorded("at_war"),
        un_declaration=recorded("un_declaration"), formerly_part_of=recorded("formerly_part_of"),
        in_force=conclusion(_merge(in_force), facts) if in_force else None,
        in_force_from=number_date(start[0]) if start else None,
        allied_power=conclusion(merged, facts) if merged else None,
        allied_power_limbs=sorted({str(a.arguments[1]) for a, _ in allied}),
        excluded=conclusion(_merge(excluded), facts) if excluded else None,
        not_allied_because=reasons.why_not_allied(entity.id)
        if entity.kind == "state" and (not allied or merged.holds != "all") else None,
        designations_held=[_held(facts.display_name(str(a.arguments[1])), v)
                           for a, v in _select(verdicts, "holds_designation", 2)],
    )


def _held(name: str, verdict: Verdict) -> str:
    if verdict.holds == "all":
        return name
    return f"{name} (under {conditions_text(verdict.under)})" if verdict.under else f"{name} ({verdict.holds})"


def conditions_text(alternatives: Iterable[Iterable[Condition]]) -> str:
    return " or ".join(" and ".join(c.label() for c in alt) for alt in alternatives)

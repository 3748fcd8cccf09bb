"""A state's answer from its slice of the fact base is its answer from the whole world (focus.py).

The slice leaves out every state whose facts no rule connects to the state asked about. These
tests hold that premise to account: on the shipped fact base, for every state and designation at
several dates, and on generated worlds where states name each other (former territory, war
through another state, settlements), the two answers must be identical, byte for byte as JSON.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from worlds import INITIAL, OTHER_LISTED, base_states, claim, fact_base, state

from treatyrules import answer, focus, listing, session
from treatyrules.engine import Limits, World
from treatyrules.facts import Where
from treatyrules.names import Entity
from treatyrules.schema import Advantage, Settlement

DATES = [dt.date(1952, 5, 1), dt.date(1953, 1, 1), dt.date(1957, 1, 1), dt.date(2026, 11, 26)]


@functools.lru_cache(maxsize=8)
def _shipped(as_of: dt.date) -> session.Session:
    return session.Session.open(None, as_of)


def _entities(query: session.Session) -> list[Entity]:
    return [query.names.find(ident) for ident in [*query.facts.states, *query.facts.designations]]


def _same(full: session.Session, entity: Entity) -> None:
    sliced = full.about(entity.id)
    assert len(sliced.facts.states) < len(full.facts.states)
    whole = answer.entitled(full.world, entity).model_dump_public()
    part = answer.entitled(sliced.world, entity).model_dump_public()
    assert part == whole, entity.id


@pytest.mark.parametrize("as_of", DATES)
def test_every_shipped_answer_is_the_same_from_its_slice(as_of: dt.date) -> None:
    full = _shipped(as_of)
    for entity in _entities(full):
        _same(full, entity)


def test_the_slice_keeps_what_the_rules_name_and_leaves_out_the_rest() -> None:
    full = _shipped(DATES[0])
    kept = set(full.about("korea").facts.states)
    assert {"japan", "united_states", *INITIAL, *OTHER_LISTED} <= kept  # Art. 23(a), by name in the rules
    assert {"roc", "prc", "rok", "dprk"} <= kept  # the governments the readings let hold a designation
    assert "burma" in kept  # the other side of a settlement (Art. 26)
    assert "ussr" in kept  # a party to a later instrument the fact base records (the 1956 Declaration)
    assert "argentina" not in kept and "el_salvador" not in kept  # nothing links them to Korea
    assert "argentina" in set(full.about("argentina").facts.states)


def test_a_fact_naming_another_state_brings_that_state_in() -> None:
    base = fact_base([*base_states(), state("alpha", signed=True, former="beta"), state("beta", signed=False),
                      state("gamma", signed=True)])
    assert focus.states_needed(base, ["alpha"]) >= {"alpha", "beta"}
    assert "gamma" not in focus.states_needed(base, ["alpha"])
    assert "alpha" not in focus.states_needed(base, ["beta"])


def test_the_rule_files_are_read_for_the_states_they_name() -> None:
    names = focus.rule_identifiers()
    assert {"japan", "united_states", "australia", "roc", "prc"} <= names
    assert "deposited" in names  # predicates too: more than needed is harmless
    assert "Art" not in names and "S" not in names  # variables and comment words are not identifiers


# -- generated worlds -----------------------------------------------------------------------------

OTHERS = [f"s{i}" for i in range(6)]
LISTED = list(INITIAL) + OTHER_LISTED
maybe = st.sampled_from([True, False, None])


@st.composite
def worlds(draw):
    states = base_states()
    for ident in OTHERS:
        deposited = draw(st.sampled_from([None, dt.date(1952, 3, 1), dt.date(1953, 6, 1)]))
        former = draw(st.sampled_from([None, *LISTED[:3], *OTHERS]))
        s = state(ident, signed=draw(st.booleans()), deposited=deposited, former=former if former != ident else None)
        at_war = draw(maybe)
        fields = {"at_war": claim(at_war)}
        if draw(st.booleans()):  # a state at war through another (a colony through its metropole)
            fields["at_war"] = claim(True, via=draw(st.sampled_from(OTHERS)))
        if draw(st.booleans()):
            fields["un_declaration"] = claim(draw(maybe))
        states.append(s.model_copy(update=fields))
    base = fact_base(states)
    for i in range(draw(st.integers(0, 2))):
        with_state = draw(st.sampled_from(OTHERS))
        base.settlements[f"deal{i}"] = Settlement(
            id=f"deal{i}", title="a generated settlement", with_state=with_state, kind=draw(st.sampled_from(["peace", "war_claims"])),
            signed=dt.date(1952, 6, 9), sources=["GEN"], tag="V",
            advantages=[Advantage(id=f"adv{i}", description="generated", greater_than_treaty=claim(draw(maybe)))])
        base.where[("settlement", f"deal{i}")] = Where(Path("generated.yaml"), 100 + i)
    return base


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds(), st.sampled_from(DATES[:3]), st.sampled_from(OTHERS))
def test_generated_answers_are_the_same_from_their_slice(base, as_of: dt.date, ident: str) -> None:
    entity = Entity("state", ident, base.states[ident].names.en)
    whole = answer.entitled(World(base, as_of), entity).model_dump_public()
    part = answer.entitled(World(focus.about(base, [ident]), as_of), entity).model_dump_public()
    assert part == whole


@pytest.mark.parametrize("as_of", [DATES[0], DATES[2]])
def test_the_states_listing_by_slices_is_the_listing_of_the_whole_world(as_of: dt.date) -> None:
    full = _shipped(as_of)
    whole = listing.states(full.facts, as_of, {}, Limits(), batch=10_000)  # one batch: every state
    assert listing.states(full.facts, as_of, {}, Limits(), batch=3) == whole
    assert listing.states(full.facts, as_of, {"china": "prc"}, Limits(), batch=5, allied_only=True) == \
        listing.states(full.facts, as_of, {"china": "prc"}, Limits(), batch=10_000, allied_only=True)


# -- unknown facts set aside (engine.World._idle_unknowns) ----------------------------------------
# A world that reads only some predicates takes as not holding every unknown fact none of them can
# depend on. The listing of states relies on it; each verdict on what it reads must stay the same.

STATUS = [("allied_power", 3), ("in_force", 2), ("in_force_from", 2)]
ENTITLEMENTS = [*STATUS, ("entitled", 3), ("extended", 4)]


def _same_verdicts(base, as_of: dt.date, reads: list[tuple[str, int]]) -> World:
    part = World(base, as_of, reads=reads)
    wanted = lambda atom: (atom.name, len(atom.arguments)) in reads  # noqa: E731
    assert part.verdicts(wanted) == World(base, as_of).verdicts(wanted)
    return part


@pytest.mark.parametrize("as_of", DATES)
def test_unknown_facts_the_status_cannot_turn_on_are_set_aside_without_changing_a_verdict(as_of: dt.date) -> None:
    part = _same_verdicts(_shipped(as_of).facts, as_of, STATUS)
    idle = {fact.name for fact, holds in part._base_assumptions if not holds}
    assert "occupied_and_damaged" in idle  # Art. 14(a)1's condition: no Allied Power turns on it
    assert not idle & {"signed", "deposited_by_as_of"}  # Art. 25 and Art. 23 do


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds(), st.sampled_from(DATES[:3]), st.sampled_from([STATUS, ENTITLEMENTS]))
def test_generated_worlds_give_the_same_verdicts_with_idle_unknowns_set_aside(base, as_of: dt.date, reads) -> None:
    _same_verdicts(base, as_of, reads)

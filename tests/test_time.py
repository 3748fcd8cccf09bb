"""Time: Art. 23 (coming into force), Art. 26's three years, and the dates either side of each.

Every case names its date: the answer the day before a date that matters and on the day itself.
Nothing here relies on today's date. The dates the engine derives (the first entry into force,
Art. 26's expiry) are checked as derived: moving a deposit moves them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json

import pytest
from clingo import Function, Number, String
from typer.testing import CliRunner

from treatyrules import answer, scenario, session
from treatyrules.cli import app
from treatyrules.engine import World

D = dt.date
FIRST = D(1952, 4, 28)
ART25 = {"2@25", "4@25", "9@25", "10@25", "12@25", "14(a)2@25", "26@25"}  # an Allied Power, 14(a)1 aside
runner = CliRunner()


@functools.lru_cache(maxsize=32)
def _session(day: dt.date) -> session.Session:
    return session.Session.open(None, day)


def ask(state: str, day: dt.date) -> answer.EntitledAnswer:
    query = _session(day)
    return answer.entitled(query.world, query.names.find(state))


def held(result: answer.EntitledAnswer) -> set[str]:
    """The entitlements that hold under every reading, as ARTICLE@BASIS."""
    return {f"{e.article}@{e.basis}" for e in result.entitlements if e.holds == "all"}


def world_assuming(day: dt.date, assume: tuple[str, ...] = (), retract: tuple[str, ...] = ()) -> World:
    """The shipped fact base with command-line style assumptions, as of `day`."""
    real = _session(day)
    applied = scenario.apply(real.facts, [scenario.from_options(assume, retract, real.names)])
    return World(applied.facts, day)


def cli(*args: str) -> dict:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- the "done when" cases, through the command line ------------------------------------


def test_philippines_not_allied_in_1953():
    out = cli("entitled", "--state", "Philippines", "--as-of", "1953-01-01", "--format", "json")
    assert out["allied_power"] is False
    assert out["entitlements"] == []


def test_philippines_allied_in_1957_with_14a1():
    out = cli("entitled", "--state", "Philippines", "--as-of", "1957-01-01", "--format", "json")
    assert out["allied_power"] is True
    got = {f"{e['article']}@{e['basis']}" for e in out["entitlements"] if e["holds"] == "all"}
    assert got == ART25 | {"14(a)1@25"}


def test_india_1952_05_01_no_entitlements_and_japans_obligation():
    out = cli("entitled", "--state", "India", "--as-of", "1952-05-01", "--format", "json")
    assert out["entitlements"] == [] and out["undetermined"] == []
    [obligation] = out["obligations"]
    assert (obligation["article"], obligation["of"], obligation["until"], obligation["holds"]) == \
        ("26", "japan", "1955-04-28", "all")
    assert "confers no right" in obligation["note"]  # Art. 25: Japan's undertaking, not India's right


def test_india_1953_none_outstanding_fulfilled_by_the_1952_treaty():
    out = cli("entitled", "--state", "India", "--as-of", "1953-01-01", "--format", "json")
    assert out["obligations"] == []
    assert [(e["article"], e["how"], e["on"], e["settlement"]) for e in out["obligations_ended"]] == \
        [("26", "concluded", "1952-06-09", "india_1952")]
    text = runner.invoke(app, ["entitled", "--state", "India", "--as-of", "1953-01-01"]).stdout
    assert "fulfilled by india_1952" in text


def test_india_1956_none():
    out = cli("entitled", "--state", "India", "--as-of", "1956-01-01", "--format", "json")
    assert out["obligations"] == [] and out["entitlements"] == []


# -- Art. 23(a): the first entry into force is derived from the deposits ------------------------


def _dates(world: World, name: str) -> set[dt.date]:
    out = set()
    for atom in world.base.cautious:
        if atom.match(name, 2) or atom.match(name, 1):
            n = atom.arguments[0].number
            out.add(D(n // 10000, n // 100 % 100, n % 100))
    return out


def test_first_entry_into_force_is_derived_not_typed_in():
    world = _session(D(1953, 1, 1)).world
    assert Function("first_entry_into_force", [Number(19520428), String("23(a)")]) in world.base.cautious
    assert _dates(world, "first_entry_into_force") == {FIRST}
    # no input atom states it: it comes from Japan's deposit, the United States' and a majority's
    assert not any(a.name in ("first_entry_into_force", "in_force") for a in world.facts.translation.atoms)


@pytest.mark.parametrize("us_deposit, first", [
    ("1952-04-29", D(1952, 4, 29)),  # the United States is required: the day it deposits
    ("1953-03-01", D(1953, 3, 1)),
])
def test_first_entry_moves_with_the_united_states_deposit(us_deposit, first):
    world = world_assuming(D(1960, 1, 1), (f"united_states.ratified={us_deposit}",))
    assert _dates(world, "first_entry_into_force") == {first}
    # Art. 26's three years run from it
    expiry = first.replace(year=first.year + 3)
    assert {a.arguments[2].number for a in world_assuming(first, (f"united_states.ratified={us_deposit}",))
            .base.cautious if a.match("obligation", 3)} == {expiry.year * 10000 + expiry.month * 100 + expiry.day}


def test_no_entry_into_force_without_the_united_states():
    world = world_assuming(D(1960, 1, 1), retract=("united_states.ratified",))
    assert _dates(world, "first_entry_into_force") == set()
    assert not any(a.match("entitled", 3) for a in world.base.brave)


def test_nobody_is_entitled_the_day_before_the_first_entry_into_force():
    before, on = _session(D(1952, 4, 27)).world, _session(FIRST).world
    for name, arity in (("entitled", 3), ("extended", 3), ("party", 2), ("in_force", 2), ("obligation", 3)):
        assert not any(a.match(name, arity) for a in before.base.brave), name
    assert any(a.match("entitled", 3) for a in on.base.cautious)


# (state, the day before, the day, what it holds from that day)
FIRST_GROUP = [
    ("France", D(1952, 4, 27), FIRST, ART25),
    ("United States", D(1952, 4, 27), FIRST, ART25 | {"14(a)1@25"}),
    ("China", D(1952, 4, 27), FIRST, {"10@21", "14(a)2@21"}),
    ("Korea", D(1952, 4, 27), FIRST, {"2@21", "4@21", "9@21", "12@21"}),
]
LATER_RATIFIERS = [
    ("Belgium", D(1952, 8, 21), D(1952, 8, 22), ART25),
    ("Chile", D(1954, 4, 27), D(1954, 4, 28), ART25),
    ("Ecuador", D(1955, 12, 26), D(1955, 12, 27), ART25),
    ("Philippines", D(1956, 7, 22), D(1956, 7, 23), ART25 | {"14(a)1@25"}),
    ("Bolivia", D(1977, 8, 10), D(1977, 8, 11), ART25),
]


@pytest.mark.parametrize("state, before, day, benefits", FIRST_GROUP + LATER_RATIFIERS,
                         ids=[f"{c[0]}-{c[2]}" for c in FIRST_GROUP + LATER_RATIFIERS])
def test_nothing_the_day_before_and_the_benefits_on_the_day(state, before, day, benefits):
    assert held(ask(state, before)) == set()
    assert held(ask(state, day)) == benefits


@pytest.mark.parametrize("state, before, day, benefits", LATER_RATIFIERS, ids=[c[0] for c in LATER_RATIFIERS])
def test_a_later_ratifier_is_an_allied_power_and_in_force_from_its_deposit(state, before, day, benefits):
    was, now = ask(state, before), ask(state, day)
    assert not was.allied_power and was.status.in_force is None
    assert now.allied_power and now.status.in_force.holds == "all"
    assert now.status.in_force_from == day


def test_first_group_allied_before_in_force():
    # France deposited on 18 April 1952: an Allied Power from its deposit (Art. 25), but the
    # Treaty was in force for no one until 28 April, so no benefits yet
    was = ask("France", D(1952, 4, 27))
    assert was.allied_power and was.status.in_force is None and was.entitlements == []
    assert ask("France", FIRST).status.in_force_from == FIRST


# -- Art. 26, first sentence: three years after the first entry into force -----------------------

EXPIRY = D(1955, 4, 28)


def test_art26_obligation_the_day_before_and_the_day_of_expiry():
    was = ask("USSR", EXPIRY - dt.timedelta(days=1))
    assert [(o.until, o.holds) for o in was.obligations] == [(EXPIRY, "all")]
    now = ask("USSR", EXPIRY)
    assert now.obligations == []
    assert [(e.how, e.on, e.settlement) for e in now.obligations_ended] == [("expired", EXPIRY, None)]


@pytest.mark.parametrize("state, signed, settlement", [
    ("India", D(1952, 6, 9), "india_1952"),
    ("Burma", D(1954, 11, 5), "burma_1954"),
])
def test_art26_obligation_ends_with_the_bilateral_treaty(state, signed, settlement):
    was = ask(state, signed - dt.timedelta(days=1))
    assert [(o.until, o.holds) for o in was.obligations] == [(EXPIRY, "all")]
    assert was.obligations_ended == []
    now = ask(state, signed)
    assert now.obligations == []
    assert [(e.how, e.on, e.settlement) for e in now.obligations_ended] == [("concluded", signed, settlement)]


def test_no_art26_obligation_before_the_first_entry_into_force():
    assert ask("India", D(1952, 4, 27)).obligations == []
    assert [o.until for o in ask("India", FIRST).obligations] == [EXPIRY]


def test_the_ussr_1956_declaration_came_after_the_three_years():
    # the Joint Declaration of 19 Oct 1956 did not end the obligation: it had expired
    now = ask("USSR", D(1957, 1, 1))
    assert [(e.how, e.on) for e in now.obligations_ended] == [("expired", EXPIRY)]


# -- Art. 23(b): the notification route, through scenarios ---------------------------------------

LATE_US = ("united_states.ratified=1953-03-01",)


def _in_force_23b(world: World, state: str) -> bool:
    return Function("in_force", [Function(state, []), String("23(b)")]) in world.base.cautious


def test_art23b_scenario_the_day_before_and_the_day_of_the_notification():
    path = session.facts_dir().parent / "scenarios" / "art23b-notification.yaml"
    applied = scenario.apply(_session(FIRST).facts, [scenario.read(path)])
    for day, uk_benefits in ((D(1952, 9, 30), set()), (D(1952, 10, 1), ART25 | {"14(a)1@25"})):
        query = session.Session(applied.facts, day)
        uk = answer.entitled(query.world, query.names.find("United Kingdom"))
        assert uk.allied_power, day  # it deposited on 3 January 1952: an Allied Power either way
        assert held(uk) == uk_benefits, day
        assert (uk.status.in_force is not None) is bool(uk_benefits), day
        assert uk.status.in_force_from == D(1952, 10, 1), day  # the date it comes into force for it
        # no one else notified: for France the Treaty is not in force before the United States deposits
        france = answer.entitled(query.world, query.names.find("France"))
        assert held(france) == set() and france.status.in_force is None, day


@pytest.mark.parametrize("us_deposit, available", [
    ("1952-08-28", False),  # Art. 23(a) met within nine months of Japan's deposit (28 Nov 1951)
    ("1952-08-29", True),   # the day after the nine months: Art. 23(b) opens
])
def test_art23b_needs_nine_months_without_entry_into_force(us_deposit, available):
    world = world_assuming(D(1952, 12, 1), (f"united_states.ratified={us_deposit}",
                                            "united_kingdom.notified_23b=1952-10-01"))
    assert _in_force_23b(world, "united_kingdom") is available


@pytest.mark.parametrize("notified, valid", [
    ("1954-11-28", True),   # "not later than three years after the date of deposit of Japan's ratification"
    ("1954-11-29", False),
])
def test_art23b_notification_within_three_years_of_japans_deposit(notified, valid):
    world = world_assuming(D(1955, 1, 1), (f"united_kingdom.notified_23b={notified}",),
                           ("united_states.ratified",))
    assert _in_force_23b(world, "united_kingdom") is valid


def test_art23b_not_in_history():
    # in the record the United States deposited in time: a notification would change nothing
    world = world_assuming(D(1952, 12, 1), ("united_kingdom.notified_23b=1952-10-01",))
    assert not _in_force_23b(world, "united_kingdom")
    history = _session(D(1960, 1, 1)).world.base.brave
    assert not any(a.match("in_force", 2) and a.arguments[1] == String("23(b)") for a in history)


def test_art23b_requires_the_state_to_have_ratified():
    # Indonesia never deposited: its notification brings nothing into force
    world = world_assuming(D(1953, 1, 1), LATE_US + ("indonesia.notified_23b=1952-10-01",))
    assert not _in_force_23b(world, "indonesia")

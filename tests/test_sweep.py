"""What-if sweeps (src/treatyrules/sweep.py): one grounding answers as a grounding per what-if does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from treatyrules import facts
from treatyrules.engine import World
from treatyrules.schema import Claim
from treatyrules.sweep import Sweep, sweep

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(1960, 1, 1)


@pytest.fixture(scope="module")
def base() -> facts.FactBase:
    return facts.load(ROOT / "facts")


def whatif(state: str, field: str, day: dt.date | None) -> list:
    return list(facts._state_atoms(state, field, Claim(value=True, date=day, sources=["S1"], tag="analysis")))


CASES = [
    ("ussr", "signed", dt.date(1951, 9, 8)),
    ("ussr", "ratified", dt.date(1953, 1, 1)),
    ("luxembourg", "ratified", dt.date(1953, 6, 1)),
    ("syria", "at_war", dt.date(1945, 2, 26)),      # disputed in the fact base: rules/ also derive it
    ("indonesia", "ratified", dt.date(1958, 4, 15)),
    ("united_states", "ratified", dt.date(1952, 3, 1)),  # an earlier deposit: moves the first entry into force
    ("india", "signed", dt.date(1951, 9, 8)),
]


def test_each_what_if_answers_as_a_fresh_grounding(base: facts.FactBase) -> None:
    cases = [whatif(*case) for case in CASES]
    sweep = Sweep(base, DAY, whatifs=cases)
    for i, case in enumerate(cases):
        assert sweep.answer(i) == World(base, DAY, extra=case).solution(), CASES[i]


def test_with_every_switch_off_the_sweep_answers_as_the_fact_base(base: facts.FactBase) -> None:
    sweep = Sweep(base, DAY, whatifs=[whatif(*case) for case in CASES])
    plain = World(base, DAY)
    assert sweep.base == plain.base
    assert sweep.readings() == plain.readings()


def test_fixed_readings_hold_in_every_what_if(base: facts.FactBase) -> None:
    fixed = {"china": "prc", "korea": "dprk"}
    cases = [whatif(*case) for case in CASES[:3]]
    sweep = Sweep(base, DAY, fixed, whatifs=cases)
    for i, case in enumerate(cases):
        assert sweep.answer(i) == World(base, DAY, fixed, extra=case).solution()


def test_batches_answer_as_one_sweep(base: facts.FactBase) -> None:
    cases = [whatif(*case) for case in CASES]
    one = Sweep(base, DAY, whatifs=cases)
    assert list(sweep(base, DAY, cases, batch=3)) == [one.answer(i) for i in range(len(cases))]


def test_a_sweep_answers_each_what_if_as_a_fresh_grounding_of_the_whole_world(base: facts.FactBase) -> None:
    # most of these name states no rule links to the rest (answered over their slice); some name
    # states every slice holds (answered over the whole world)
    cases = [whatif(state, field, day) for state in ("ussr", "luxembourg", "united_states", "syria", "el_salvador", "roc")
             for field, day in (("signed", dt.date(1951, 9, 8)), ("ratified", dt.date(1953, 1, 1)),
                                ("at_war", dt.date(1942, 1, 1)), ("un_declaration", dt.date(1943, 1, 1)))]
    for i, answer in enumerate(sweep(base, DAY, cases, batch=5)):
        assert answer == World(base, DAY, extra=cases[i]).solution(), cases[i]


def test_every_kind_of_what_if_on_every_state_answers_as_a_fresh_grounding(base: facts.FactBase) -> None:
    # restatements of the record, what-ifs confined to states no rule links to the rest, ones
    # about states every slice holds whose cone stays with them, and ones that move the Treaty's
    # entry into force for everyone: each path of sweep() against a grounding of its own
    kinds = [("signed", dt.date(1951, 9, 8)), ("ratified", dt.date(1952, 3, 1)), ("ratified", dt.date(1955, 1, 1)),
             ("at_war", dt.date(1942, 1, 1)), ("un_declaration", dt.date(1943, 1, 1))]
    cases = [whatif(state, field, day) for state in sorted(base.states) for field, day in kinds]
    for i, answer in enumerate(sweep(base, DAY, cases, batch=40, bundle_size=3)):
        assert answer == World(base, DAY, extra=cases[i]).solution(), cases[i]


def test_a_what_if_that_reaches_past_its_slice_is_answered_over_the_world(base: facts.FactBase,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # focus.Reach never errs on the shipped rules, so no real case takes this path: make it claim
    # every what-if reaches only the states it names, and the slice's answers must be caught
    # reaching further (an earlier US deposit moves the first entry into force, and with it every
    # party's) and asked of the world
    from treatyrules import focus

    monkeypatch.setattr(focus.Reach, "of", lambda self, changed: {s for s in changed if s in self.base.states})
    cases = [whatif("united_states", "ratified", dt.date(1952, 3, 1)), whatif("ussr", "signed", dt.date(1951, 9, 8)),
             whatif("japan", "ratified", dt.date(1952, 6, 1))]
    for i, answer in enumerate(sweep(base, DAY, cases, bundle_size=1)):
        assert answer == World(base, DAY, extra=cases[i]).solution(), cases[i]

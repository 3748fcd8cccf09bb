"""The engine's two ways to a verdict (solving under each option, or around each conclusion) are
a matter of cost only: they must agree on every conclusion about every state."""

from __future__ import annotations

import datetime as dt

import pytest

from treatyrules import engine, session

WANTED = {"entitled", "allied_power", "extended", "obligation", "obligation_ended", "in_force", "party",
          "holds_designation"}


@pytest.mark.parametrize("as_of", [dt.date(1952, 5, 1), dt.date(1953, 1, 1), dt.date(1956, 1, 1), dt.date(2026, 11, 26)])
def test_both_strategies_give_the_same_verdicts(as_of: dt.date) -> None:
    facts = session.Session.open(None, as_of).facts
    around_each, by_option = engine.World(facts, as_of), engine.World(facts, as_of)
    by_option._questions = 1  # a world already asked a question solves under each option
    for state in [*facts.states, *facts.designations]:
        def wanted(atom, state=state):
            return atom.name in WANTED and atom.arguments[0].name == state

        def relevant(fact, state=state):
            named = [a.name for a in fact.arguments if a.type.name == "Function" and a.name in facts.states]
            return not named or state in named

        around_each._questions = 0  # every question asked afresh: the cheaper way is taken
        assert around_each.verdicts(wanted, relevant, subject=state) == by_option.verdicts(wanted, relevant, subject=state), state


@pytest.mark.parametrize("as_of", [dt.date(1952, 5, 1), dt.date(1957, 1, 1)])
def test_a_world_that_reads_only_some_predicates_gives_the_same_verdicts_on_them(as_of: dt.date) -> None:
    facts = session.Session.open(None, as_of).facts
    reads = [("allied_power", 3), ("in_force", 2), ("entitled", 3)]
    whole, part = engine.World(facts, as_of), engine.World(facts, as_of, reads=reads)

    def wanted(atom):
        return (atom.name, len(atom.arguments)) in reads

    assert part.verdicts(wanted) == whole.verdicts(wanted)
    assert part.base.brave < whole.base.brave  # it did read less
    assert {a for a in whole.base.brave if wanted(a)} == {a for a in part.base.brave if wanted(a)}

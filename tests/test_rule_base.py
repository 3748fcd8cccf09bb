"""The rule base itself: it grounds without a warning, a misspelt predicate is an error, and every
file quotes the article it encodes."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import clingo
import pytest

from treatyrules import engine, rulebase, session
from treatyrules.errors import RuleBaseError

RULES = engine.rules_dir()


def _ground_plainly(root: Path) -> list[str]:
    messages: list[str] = []
    control = clingo.Control(["--warn=all"], logger=lambda code, text: messages.append(text))
    control.load(str(root / "main.lp"))
    control.add("base", [], "as_of(20000101).")
    control.ground([("base", [])])
    return messages


def test_the_rule_base_grounds_without_any_message() -> None:
    # no facts through the backend here: a #show of a predicate no rule defines is reported too
    assert _ground_plainly(RULES) == []


def test_a_misspelt_body_atom_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "rules"
    shutil.copytree(RULES, copy)
    art25 = copy / "treaty" / "art_25.lp"
    art25.write_text(art25.read_text().replace("signed(S), deposited_by_as_of(S).", "signd(S), deposited_by_as_of(S).", 1))
    monkeypatch.setattr(engine, "rules_dir", lambda: copy)
    facts = session.Session.open(None, dt.date(2026, 11, 26)).facts
    with pytest.raises(RuleBaseError, match="signd"):
        engine.World(facts, dt.date(2026, 11, 26))


def test_an_undefined_operation_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "rules"
    shutil.copytree(RULES, copy)
    (copy / "main.lp").write_text((copy / "main.lp").read_text() + '\nbroken(X) :- as_of(T), X = "a" + T.\n')
    monkeypatch.setattr(engine, "rules_dir", lambda: copy)
    facts = session.Session.open(None, dt.date(2026, 11, 26)).facts
    with pytest.raises(RuleBaseError, match="undefined"):
        engine.World(facts, dt.date(2026, 11, 26))


ARTICLE_FILES = sorted((RULES / "treaty").glob("art_*.lp"))


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda p: p.name)
def test_each_article_file_quotes_its_text_and_cites_its_source(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^%# Article \d+", text, re.M), "a heading naming the article"
    assert "UNTS vol. 136, No. 1832" in text and "Stable id: sf1951/art" in text
    quoted = [line[4:] for line in text.splitlines() if line.startswith("% > ")]
    assert quoted, "the article's words, quoted"


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda p: p.name)
def test_the_quotes_are_the_treatys_words(path: Path) -> None:
    """Every quoted line appears, word for word, in shared/reference/treaty-text.md."""
    reference = Path(__file__).resolve().parents[2] / "shared" / "reference" / "treaty-text.md"
    if not reference.exists():
        pytest.skip("shared/reference is not beside the project")
    lines = [re.sub(r"^> ?", "", line) for line in reference.read_text(encoding="utf-8").splitlines()]
    words = " ".join(" ".join(lines).split())
    text = path.read_text(encoding="utf-8").splitlines()
    blocks, block = [], []
    for line in text:
        if line.startswith("% > "):
            block.append(line[4:].strip())
        elif block:
            blocks.append(" ".join(block))
            block = []
    for quote in blocks:
        for part in quote.split("[...]"):
            part = part.strip(" ;,")
            if part:
                assert " ".join(part.split()) in words, part[:80]


def test_every_rule_of_the_treaty_and_readings_has_a_template() -> None:
    missing = [info.where() for info in rulebase.load().rules
               if ("/treaty/" in str(info.file) or "/readings/" in str(info.file))
               and info.body and info.template() is None]
    assert missing == []


def test_conclusions_carry_their_article() -> None:
    world = session.Session.open(None, dt.date(2026, 11, 26)).world
    for atom in world.base.brave:
        if atom.name in ("entitled", "allied_power", "party", "excluded", "in_force", "obligation", "extended"):
            article = atom.arguments[-1] if atom.name not in ("obligation",) else atom.arguments[1]
            assert article.type == clingo.SymbolType.String and re.match(r"^\d+(\([a-z]\))?\d?$", article.string), atom


def test_no_atom_depends_on_itself_through_negation() -> None:
    # sweep.py takes a what-if's consequences outside its cone from the record: that needs every
    # answer set of the rest of the program to extend to the cone, which holds for a program
    # without integrity constraints on the cone (sweep.py checks those) whose predicates are
    # stratified (checked here)
    edges = rulebase.load().edges
    assert sum(len(v) for v in edges.values()) > 100  # the walk found the rules' dependencies

    def reaches(start, goal) -> bool:
        seen, pending = {start}, [start]
        while pending:
            for head, _ in edges.get(pending.pop(), ()):
                if head == goal:
                    return True
                if head not in seen:
                    seen.add(head)
                    pending.append(head)
        return start == goal

    cycles = [(body, head) for body, targets in edges.items() for head, negative in targets
              if negative and reaches(head, body)]
    assert not cycles, f"a predicate depends on itself through negation: {cycles}"


def test_every_fact_the_record_can_leave_open_is_a_choice_in_the_rules() -> None:
    # the engine reads each unknown(F) as a choice the rules leave open: one the rules do not open
    # would be "needed" by every undetermined answer (hypothesis found rejected_treaty so)
    from treatyrules import facts
    from treatyrules.schema import Claim

    unknown = Claim(value=None, date=dt.date(1951, 9, 8), via="other", of="other", sources=["S5"], tag="OPEN")
    opened = {(atom.name, len(atom.arguments)) for field in facts.STATE_FIELDS if field != "ratified"
              for atom in facts._state_atoms("somewhere", field, unknown)}
    opened |= {(p, 1) for p in facts.CONDITION_PREDICATES.values()} | {("greater_than_treaty", 1)}
    assert ("rejected_treaty", 2) in opened and ("signed_on", 2) in opened  # the walk found them
    rules = rulebase.load()
    choices = {rulebase._signature(a) for info in rules.rules if info.is_choice for a in info.head_atoms()}
    assumed = {rulebase._signature(a) for info in rules.defining("assumed", 1) for a in info.head_atoms()}
    assert opened - choices == set(), "no choice rule in rules/uncertainty.lp"
    told = {sig for info in rules.defining("assumed", 1) for sig, _ in rulebase.body_reads(info.body)}
    assert opened - told == set(), "no assumed(...) rule in rules/uncertainty.lp"
    assert assumed == {("assumed", 1)}


# -- predicates an answer cannot turn on (RuleBase.idle, engine.World._idle_unknowns) ---------------

def test_only_predicates_a_choice_alone_makes_true_can_be_idle() -> None:
    idle = rulebase.load().idle([])
    assert {("occupied_and_damaged", 1), ("greater_than_treaty", 1)} <= idle
    # a disputed fact's option makes these true too: taking one as not holding would cut worlds
    assert not idle & {("signed", 1), ("at_war", 1), ("un_declaration", 1), ("rejected_treaty", 2)}


def test_a_predicate_a_constraint_turns_on_is_never_idle(tmp_path: Path) -> None:
    (tmp_path / "main.lp").write_text("{ p(a) }. { s(a) }. q :- p(a). :- q, r. r :- t. t.\n", encoding="utf-8")
    idle = rulebase.load(tmp_path).idle([("t", 0)])
    assert ("s", 1) in idle and ("p", 1) not in idle


def test_a_what_if_that_states_an_idle_fact_keeps_it() -> None:
    # the record leaves France's Art. 14(a)1 condition open; a what-if asserting it must hold
    from treatyrules.engine import World

    facts = session.Session.open(None, dt.date(1960, 1, 1)).facts
    fact = clingo.Function("occupied_and_damaged", [clingo.Function("france")])
    world = World(facts, dt.date(1960, 1, 1), extra=[fact], reads=[("allied_power", 3)])
    assert world.base is not None and (fact, False) not in world._base_assumptions

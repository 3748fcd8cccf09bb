"""`treatyrules check [--facts DIR]`: a broken fact base is refused with its file, line and field.

Each test copies the shipped fact base, breaks one thing, and reads the one error line.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from treatyrules.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    root = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", root)
    return root


def edit(path: Path, old: str, new: str) -> int:
    """Replace `old` once; return the line the edit is on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def refused(root: Path) -> str:
    result = runner.invoke(app, ["check", "--facts", str(root)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_the_shipped_fact_base_passes() -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert re.search(r"OK: \d+ states", result.output)


def test_a_wrong_type_names_file_line_and_field(facts: Path) -> None:
    path = facts / "states" / "france.yaml"
    line = edit(path, "signed: {value: true,", 'signed: {value: "yes",')
    assert f"france.yaml:{line}: states[0].signed.value: Input should be a valid boolean" in refused(facts)


def test_an_unknown_key_and_a_quoted_date(facts: Path) -> None:
    path = facts / "states" / "france.yaml"
    line = edit(path, "      date: 1952-04-18", '      date: "1952-04-18"')
    assert f"france.yaml:{line}: states[0].ratified.date: Input should be a valid date" in refused(facts)
    edit(path, '      date: "1952-04-18"', "      dated: 1952-04-18")
    assert f"france.yaml:{line}: states[0].ratified.dated: Extra inputs are not permitted" in refused(facts)


def test_a_key_given_twice(facts: Path) -> None:
    path = facts / "states" / "france.yaml"
    edit(path, "    aliases:", "    names: {en: Gaul}\n    aliases:")
    line = line_of(path, "names: {en: Gaul}")
    assert f"france.yaml:{line}: not valid YAML: the key 'names' is given twice" in refused(facts)


def test_a_source_that_is_not_defined(facts: Path) -> None:
    path = facts / "states" / "france.yaml"
    edit(path, "sources: [S5]", "sources: [NOPE]")
    line = line_of(path, "signed:")
    assert f"france.yaml:{line}: france.signed: source 'NOPE' is not defined in sources/" in refused(facts)


def test_a_state_that_is_not_in_the_fact_base(facts: Path) -> None:
    path = facts / "states" / "ceylon.yaml"
    edit(path, "via: united_kingdom", "via: atlantis")
    line = line_of(path, "at_war:")
    assert f"ceylon.yaml:{line}: ceylon.at_war.via: no state 'atlantis' in the fact base" in refused(facts)


def test_a_condition_about_an_unknown_state(facts: Path) -> None:
    path = facts / "conditions" / "art14a1.yaml"
    line = edit(path, "- state: argentina", "- state: atlantis")
    assert f"art14a1.yaml:{line}: 14(a)1.state: no state 'atlantis' in the fact base" in refused(facts)


def test_a_ratification_before_the_signature(facts: Path) -> None:
    path = facts / "states" / "france.yaml"
    edit(path, "      date: 1952-04-18", "      date: 1951-01-01")
    line = line_of(path, "ratified:")
    assert f"france.yaml:{line}: france.ratified: deposited 1951-01-01 before it signed (1951-09-08)" in refused(facts)


def test_a_deposit_window_that_closes_before_the_signature(facts: Path) -> None:
    path = facts / "states" / "syria.yaml"
    edit(path, "      after: 1952-04-28\n      by: 1977-08-11", "      after: 1950-01-01\n      by: 1951-01-01")
    line = line_of(path, "ratified:")
    assert f"syria.yaml:{line}: syria.ratified: deposited by 1951-01-01, before it signed (1951-09-08)" in refused(facts)


def test_a_state_of_war_after_the_signature(facts: Path) -> None:
    path = facts / "states" / "france.yaml"
    edit(path, "      date: 1941-12-08", "      date: 1952-01-01")
    line = line_of(path, "at_war:")
    assert f"france.yaml:{line}: france.at_war: at war from 1952-01-01, after it signed" in refused(facts)


def test_a_ratification_without_a_signature(facts: Path) -> None:
    path = facts / "states" / "france.yaml"
    edit(path, "signed: {value: true, date: 1951-09-08, sources: [S5], tag: V}", "signed: {value: false, sources: [S5], tag: V}")
    line = line_of(path, "ratified:")
    assert f"france.yaml:{line}: france.ratified: ratified, but the fact base has no signature" in refused(facts)


def test_a_settlement_in_force_before_it_was_signed(facts: Path) -> None:
    path = facts / "settlements.yaml"
    edit(path, "    in_force: 1952-08-05", "    in_force: 1952-01-01")
    line = line_of(path, "id: taipei_1952")
    assert f"settlements.yaml:{line}: taipei_1952.in_force: comes before it was signed" in refused(facts)


def test_a_state_defined_twice(facts: Path) -> None:
    shutil.copy(facts / "states" / "france.yaml", facts / "states" / "zz_france_again.yaml")
    assert "zz_france_again.yaml:3: state 'france' is defined twice (first at" in refused(facts)


def test_a_state_the_rules_name_is_missing(facts: Path) -> None:
    edit(facts / "states" / "pakistan.yaml", "id: pakistan", "id: dominion_of_pakistan")
    edit(facts / "conditions" / "art14a1.yaml", "state: pakistan", "state: dominion_of_pakistan")
    assert "the rules name states the fact base lacks: pakistan" in refused(facts)


def test_not_a_folder(tmp_path: Path) -> None:
    assert "no fact base here (not a folder)" in refused(tmp_path / "nowhere")

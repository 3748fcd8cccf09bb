"""ASP injection through every input never changes an answer (issue 6).

Facts reach clingo only as symbols built through its API (facts.py), never as program text, so
text such as `korea). entitled(narnia,"2","25"` can at most be a name. Each test puts such text in
one input field and checks the answer against the clean one, and that the run ends in exit 0 or 2.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from treatyrules.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
DAY = ["--as-of", "1960-01-01"]

PAYLOADS = [
    'korea). entitled(narnia,"2","25"',
    '#include "/etc/passwd".',
    "a :- b.",
    "x.\n:- not y.",
    "\n#show.\nentitled(france,\"99\",\"25\").",
    '"). allied_power(ussr,at_war,"25"). %',
    "%*! comment *% entitled(ussr,\"2\",\"25\").",
    "#const x=1.",
    "{ signed(ussr) }.",
    "[/red][bold]markup",
]


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 2), (args, result.output, result.exception)
    assert "Traceback" not in result.output
    return result


def answer(*args: str) -> dict:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return _conclusions(json.loads(result.stdout))


def _conclusions(data):
    """An answer without the words that quote where a fact is written (a path differs per copy)."""
    if isinstance(data, dict):
        return {k: _conclusions(v) for k, v in data.items() if k not in ("where", "file")}
    if isinstance(data, list):
        return [_conclusions(v) for v in data]
    return data


CLEAN = {}


def clean(state: str) -> dict:
    if state not in CLEAN:
        CLEAN[state] = answer("entitled", "--state", state, *DAY)
    return CLEAN[state]


# -- the command line ------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS)
def test_state_names_on_the_command_line(payload: str) -> None:
    for text in (payload, "France" + payload, payload + "France", "France\n" + payload):
        result = run("entitled", "--state", text, *DAY, "--format", "json")
        if result.exit_code == 0:  # it named a state after all: then that state's own answer
            got = _conclusions(json.loads(result.stdout))
            assert got == clean(got["state"]["name"])
        else:
            assert "no state or designation named" in result.output or "at most 200" in result.output


@pytest.mark.parametrize("payload", PAYLOADS)
def test_reading_names_and_options(payload: str) -> None:
    for item in (payload, f"china={payload}", f"{payload}=roc", f"china=roc{payload}"):
        result = run("entitled", "--state", "China", *DAY, "--reading", item)
        assert result.exit_code == 2
        assert re.search(r"reading|NAME=OPTION", result.output), result.output
    assert clean("China") == answer("entitled", "--state", "China", *DAY)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_dates(payload: str) -> None:
    for text in (payload, "1953-01-01" + payload, "1953-01-01). as_of(99999999"):
        result = run("entitled", "--state", "France", "--as-of", text)
        assert result.exit_code == 2 and "--as-of" in result.output, result.output


@pytest.mark.parametrize("payload", PAYLOADS)
def test_articles_formats_and_what_if_options(payload: str) -> None:
    assert run("explain", "--state", "France", "--article", payload, *DAY).exit_code == 2
    assert run("entitled", "--state", "France", "--format", payload).exit_code == 2
    for option in ("--assume", "--retract"):
        for item in (payload, f"luxembourg.ratified={payload}", f"luxembourg.{payload}=true", f"{payload}.signed"):
            result = run("entitled", "--state", "France", *DAY, option, item)
            assert result.exit_code == 2, (option, item, result.output)


# -- a fact file -----------------------------------------------------------------------------------

def _copy_facts(tmp_path: Path) -> Path:
    root = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", root)
    return root


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def test_names_aliases_and_notes_in_a_fact_file(tmp_path: Path) -> None:
    root = _copy_facts(tmp_path)
    path = root / "states" / "france.yaml"
    text = path.read_text(encoding="utf-8")
    aliases = ", ".join(_quoted(p) for p in PAYLOADS)
    text = re.sub(r"aliases: \[", f"aliases: [{aliases}, ", text, count=1)
    text = re.sub(r'ja: "[^"]*"', f"ja: {_quoted(PAYLOADS[0])}", text, count=1)
    text = re.sub(r"\n    note: .*\n", f"\n    note: {_quoted(' '.join(PAYLOADS))}\n", text, count=1)
    text = text.replace("tag: V}", f"tag: V, note: {_quoted(PAYLOADS[2])}}}", 1)
    path.write_text(text, encoding="utf-8")
    got = answer("entitled", "--state", "France", *DAY, "--facts", str(root))
    expected = clean("France")
    notes = lambda d: {k: v for k, v in d.items() if k != "status"}  # noqa: E731  (status quotes the notes)
    assert notes(got) == notes(expected)
    # every payload now names France, and asks the same question
    for payload in PAYLOADS:
        if payload.strip() and len(payload) <= 200:
            assert notes(answer("entitled", "--state", payload, *DAY, "--facts", str(root))) == notes(expected)
    # and no other state's answer moved
    states = lambda facts: _conclusions(json.loads(run("states", *DAY, "--format", "json", *facts).stdout))  # noqa: E731
    assert [(s["id"], s["allied_power"], s["in_force"]) for s in states(["--facts", str(root)])["states"]] == \
           [(s["id"], s["allied_power"], s["in_force"]) for s in states([])["states"]]


@pytest.mark.parametrize("file,field,written", [
    ("france.yaml", "id", "id: france"),
    ("france.yaml", "source key", "sources: [S5"),
    ("syria.yaml", "dispute option", "option: declared"),
    ("ceylon.yaml", "via", "via: united_kingdom"),
])
def test_identifiers_in_a_fact_file_are_refused(tmp_path: Path, file: str, field: str, written: str) -> None:
    root = _copy_facts(tmp_path)
    path = root / "states" / file
    text = path.read_text(encoding="utf-8")
    assert written in text, (file, written)
    key, _, value = written.partition(": ")
    bracket = "[" if value.startswith("[") else ""
    path.write_text(text.replace(written, f"{key}: {bracket}{_quoted(PAYLOADS[0])}", 1), encoding="utf-8")
    result = run("entitled", "--state", "France", *DAY, "--facts", str(root))
    assert result.exit_code == 2, (field, result.output)
    assert re.search(re.escape(file) + r":\d+: ", result.output) and "should match pattern" in result.output, result.output


def test_sources_questions_and_settlements_text_in_a_fact_file(tmp_path: Path) -> None:
    root = _copy_facts(tmp_path)
    sources = root / "sources" / "facts-md.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(re.sub(r'(\n    title: )"[^"]*"', lambda m: m.group(1) + _quoted(PAYLOADS[1]), text, count=3),
                       encoding="utf-8")
    syria = root / "states" / "syria.yaml"
    text = syria.read_text(encoding="utf-8")
    syria.write_text(re.sub(r'question: "[^"]*"', "question: " + _quoted(PAYLOADS[3]), text, count=1), encoding="utf-8")
    settlements = root / "settlements.yaml"
    text = settlements.read_text(encoding="utf-8")
    settlements.write_text(re.sub(r'(\n    title: )"[^"]*"', lambda m: m.group(1) + _quoted(PAYLOADS[4]), text),
                           encoding="utf-8")
    for state in ("Syria", "France", "Burma"):
        got = answer("entitled", "--state", state, *DAY, "--facts", str(root))
        assert {k: v for k, v in got.items() if k != "status"} == \
               {k: v for k, v in clean(state).items() if k != "status"}


# -- a scenario ------------------------------------------------------------------------------------

def test_scenario_values(tmp_path: Path) -> None:
    scenario = ROOT / "scenarios" / "indonesia-ratifies.yaml"
    if not scenario.exists():
        pytest.skip("no scenario to compare with")
    text = scenario.read_text(encoding="utf-8")
    hostile = tmp_path / "hostile.yaml"
    body = re.sub(r"\ntitle: .*\n", f"\ntitle: {_quoted(PAYLOADS[0])}\n", text, count=1)
    body = re.sub(r"note: .*\n", f"note: {_quoted(PAYLOADS[2])}\n", body)
    hostile.write_text(body, encoding="utf-8")
    changes = lambda path: [_conclusions(c) for c in json.loads(  # noqa: E731
        run("whatif", "--scenario", str(path), *DAY, "--format", "json").stdout)["changes"]]
    assert changes(hostile) == changes(scenario)
    # an identifier in a scenario is validated like the fact base's
    hostile.write_text(text.replace("id: indonesia", "id: " + _quoted(PAYLOADS[0]), 1), encoding="utf-8")
    result = run("whatif", "--scenario", str(hostile), *DAY)
    assert result.exit_code == 2 and "hostile.yaml" in result.output, result.output

"""Hypothesis against the fact loader, the scenario loader and the command line (issue 6).

Malformed, wrongly typed, oversized and hostile input must end in exit 0 or 2, never in a
traceback, and a refusal must name the input: the file (with its line and field where there is
one) or the option. `TREATYRULES_FUZZ_EXAMPLES` sets the examples per test (200 by default, for
CI); `make fuzz` runs 10,000.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import string
import tempfile
import threading
import traceback
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from treatyrules import facts, scenario, session, yamlread
from treatyrules.cli import app
from treatyrules.errors import InputError

EXAMPLES = int(os.environ.get("TREATYRULES_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 200,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

pytestmark = pytest.mark.fuzz


@pytest.fixture(autouse=True, scope="module")
def private_cache(tmp_path_factory):
    """Fuzzed fact bases must not fill the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


# -- hostile values ------------------------------------------------------------------------------

HOSTILE_TEXT = [
    "", " ", "\t", "\x00", "\x07bell", "\x1b[31mred", "\u202eevil", "\ufeffbom", "\ufffd",
    "a" * 201, "a" * 5000, "[/red]", "[bold]x", ":smile:", "%s%n", "{0}", "${HOME}", "$(id)", "`id`",
    "korea). entitled(narnia,\"2\",\"25\"", '#include "/etc/passwd".', "a :- b.", "x.\n:- not y.", "\n\n",
    "'; DROP TABLE states; --", "../../etc/passwd", "/dev/zero", "C:\\con", "NaN", "-0", "1e309",
    "日本", "대한민국", "\u0301", "ｕｓａ", "True", "null", "~", "!!python/object:os.system", "*alias", "&anchor",
]
TAGS = ["!!python/object/apply:os.system [echo pwned]", "!!python/name:os.system", "!!binary aGVsbG8=",
        "!!set {a, b}", "!!omap [a: 1]", "!!timestamp 2001-12-14", "!!float nan", "!!int 0x1F", "!custom x",
        "!!str", "!!null ''", "!<tag:yaml.org,2002:python/object> {}"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70), st.floats(allow_nan=True),
    st.text(max_size=30), st.sampled_from(HOSTILE_TEXT), st.dates(min_value=dt.date(1, 1, 1)),
    st.binary(max_size=20),
)
FIELDS = ["schema", "states", "id", "names", "en", "ja", "aliases", "note", "signed", "ratified", "at_war",
          "un_declaration", "formerly_part_of", "rejected_treaty", "value", "date", "after", "by", "via", "of",
          "sources", "tag", "question", "options", "option", "designations", "title", "facts", "state",
          "article", "condition", "settlements", "with_state", "kind", "in_force", "advantages", "places"]
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), inner, max_size=5)),
    max_leaves=25)

VALID_STATE = """schema: treatyrules.facts/1
states:
  - id: narnia
    names: {en: "Narnia", ja: "ナルニア"}
    aliases: ["Land of Narnia"]
    signed: {value: true, date: 1951-09-08, sources: [S1], tag: V}
    ratified: {value: true, date: 1952-04-28, sources: [S1], tag: V}
    at_war:
      question: "Did Narnia declare war?"
      options:
        - {option: declared, value: true, date: 1942-01-01, sources: [S1], tag: V}
        - {option: reported_only, value: null, sources: [S1], tag: OPEN}
"""


def _bomb(levels: int) -> str:
    text = "schema: treatyrules.facts/1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, levels + 1):
        text += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n"
    return text + f"states: [*a{levels}]\n"


@st.composite
def hostile_yaml(draw) -> str:
    """A document: random data dumped as YAML, a valid file mutated, or raw hostile text."""
    kind = draw(st.sampled_from(["data", "mutated", "tagged", "bomb", "deep", "huge", "raw"]))
    if kind == "data":
        data = draw(values)
        if draw(st.booleans()):
            data = {"schema": "treatyrules.facts/1", "states": [data]}
        try:
            return yaml.safe_dump(data, allow_unicode=draw(st.booleans()))
        except yaml.YAMLError:
            return str(data)
    if kind == "mutated":
        lines = VALID_STATE.splitlines()
        i = draw(st.integers(0, len(lines) - 1))
        key, sep, _ = lines[i].partition(":")
        replacement = draw(st.one_of(st.sampled_from(HOSTILE_TEXT + TAGS), st.text(max_size=40)))
        lines[i] = f"{key}{sep} {replacement}" if sep and draw(st.booleans()) else replacement
        return "\n".join(lines) + "\n"
    if kind == "tagged":
        return f"schema: treatyrules.facts/1\nstates:\n  - id: narnia\n    names: {{en: {draw(st.sampled_from(TAGS))}}}\n"
    if kind == "bomb":
        return _bomb(draw(st.integers(1, 9)))
    if kind == "deep":
        depth = draw(st.integers(50, 20000))
        return "schema: treatyrules.facts/1\nstates: " + "[" * depth + "]" * depth + "\n"
    if kind == "huge":
        size = draw(st.sampled_from([201, 2001, 100_000, 1_000_000]))
        return VALID_STATE.replace('"Narnia"', '"' + draw(st.sampled_from("a\u00e9日")) * size + '"')
    return draw(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))


SOURCES = "schema: treatyrules.facts/1\nsources:\n  - {id: S1, title: a source}\n"
FILES = ["states/fuzz.yaml", "sources/fuzz.yaml", "designations.yaml", "conditions/fuzz.yaml", "settlements.yaml"]


def _assert_names_file(message: str, path: Path) -> None:
    assert path.name in message, message
    if re.search(r"Input should|Field required|Extra inputs|String should", message):
        # a schema error: file:line: field: problem (the line is absent only for a missing key)
        field = r'(?:[\w.()]|\[\d+\]|\["(?:[^"\\]|\\.)*"\])+'  # states[0][":smile:"].date
        assert re.search(re.escape(path.name) + r"(:\d+)?: " + field + ": ", message), message


@FUZZ
@given(document=hostile_yaml(), where=st.sampled_from(FILES), raw=st.booleans())
def test_the_fact_loader_refuses_cleanly(document: str, where: str, raw: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for folder in ("states", "sources", "conditions"):
            (root / folder).mkdir()
        (root / "sources" / "base.yaml").write_text(SOURCES, encoding="utf-8")
        path = root / where
        if raw:  # bytes that need not be UTF-8
            path.write_bytes(document.encode("utf-8", "surrogatepass")[:-1] + b"\xff")
        else:
            path.write_text(document, encoding="utf-8", errors="surrogatepass")
        try:
            facts.load(root)
        except InputError as exc:
            _assert_names_file(str(exc), path)


def test_an_alias_bomb_and_an_oversized_file_are_refused(tmp_path: Path) -> None:
    (tmp_path / "states").mkdir()
    bomb = tmp_path / "states" / "bomb.yaml"
    bomb.write_text(_bomb(9), encoding="utf-8")  # 10^10 nodes once expanded
    with pytest.raises(InputError, match=r"bomb\.yaml: refused: its aliases"):
        facts.load(tmp_path)
    bomb.write_text("schema: treatyrules.facts/1\nstates: &a [*a]\n", encoding="utf-8")
    with pytest.raises(InputError, match="contain itself"):
        facts.load(tmp_path)
    bomb.unlink()
    big = tmp_path / "states" / "big.yaml"
    with big.open("w") as f:
        f.write("schema: treatyrules.facts/1\nstates: []\n")
        f.seek(yamlread.MAX_FILE_BYTES + 1)
        f.write("#")
    with pytest.raises(InputError, match=r"big\.yaml: refused: larger than 50 MB"):
        facts.load(tmp_path)


# -- the scenario loader -------------------------------------------------------------------------

SCENARIO = """schema: treatyrules.scenario/1
title: fuzz
description: fuzz
states:
  - id: luxembourg
    ratified: {value: true, date: 1953-06-01, sources: [SCENARIO], tag: analysis}
retract: [ussr.signed]
"""


@st.composite
def hostile_scenario(draw) -> str:
    if draw(st.booleans()):
        return draw(hostile_yaml()).replace("treatyrules.facts/1", "treatyrules.scenario/1")
    lines = SCENARIO.splitlines()
    i = draw(st.integers(0, len(lines) - 1))
    key, sep, _ = lines[i].partition(":")
    lines[i] = f"{key}{sep} {draw(st.one_of(st.sampled_from(HOSTILE_TEXT + TAGS), st.text(max_size=40)))}"
    return "\n".join(lines) + "\n"


@FUZZ
@given(document=hostile_scenario())
def test_the_scenario_loader_refuses_cleanly(document: str) -> None:
    base = session._load((ROOT / "facts").resolve())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scenario.yaml"
        path.write_text(document, encoding="utf-8", errors="surrogatepass")
        try:
            scenario.apply(base, [scenario.read(path)])
        except InputError as exc:
            _assert_names_file(str(exc), path)


# -- the command line ------------------------------------------------------------------------------

words = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=30),
                  st.sampled_from(["Korea", "France", "USSR", "日本", "china=roc", "korea=rok", "2", "14(a)1",
                                   "1952-04-28", "0001-01-01", "9999-12-31", "luxembourg.ratified=1953-01-01",
                                   "ussr.signed", "text", "json", "dot"]))
OPTIONS = ["--state", "--as-of", "--reading", "--format", "--facts", "--article", "--assume", "--retract",
           "--scenario", "--allied", "--explain", "--lang", "--max-atoms", "--timeout", "-s", "-r", "-f"]


@st.composite
def command_lines(draw) -> list[str]:
    args = []
    if draw(st.booleans()):
        args += [draw(st.sampled_from(["--max-atoms", "--timeout"])), draw(words)]
    command = draw(st.sampled_from(["entitled", "explain", "states", "readings", "check", "whatif", "territory",
                                    "nonsense", "--help", ""]))
    args += [command] if command else []
    if command == "territory":
        args.append(draw(words))
    for _ in range(draw(st.integers(0, 4))):
        args.append(draw(st.sampled_from(OPTIONS)))
        if draw(st.integers(0, 9)):
            args.append(draw(words))
    return args


@FUZZ
@given(args=command_lines())
def test_the_command_line_never_shows_a_traceback(args: list[str]) -> None:
    crashed: list = []  # a thread's exception prints its traceback on stderr, past CliRunner
    previous, threading.excepthook = threading.excepthook, crashed.append
    try:
        result = runner.invoke(app, args)
    finally:
        threading.excepthook = previous
    assert not crashed, (args, ["".join(traceback.format_exception(c.exc_type, c.exc_value, c.exc_traceback))
                                for c in crashed])
    output = result.output  # stdout and stderr, as a terminal shows them
    assert result.exit_code in (0, 2), (args, result.exit_code, output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
    assert "Traceback" not in output, (args, output)
    if result.exit_code == 2 and "error:" in output:
        assert len([line for line in output.splitlines() if line.startswith("error:")]) == 1, output

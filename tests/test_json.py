"""The JSON outputs: versioned, documented by committed JSON Schemas, and valid against them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from treatyrules import schemas
from treatyrules.cli import app

DOCS = Path(__file__).resolve().parents[1] / "docs" / "schema"
runner = CliRunner()


@pytest.mark.parametrize("name", sorted(schemas.models()))
def test_the_committed_schema_is_the_one_the_models_generate(name: str) -> None:
    committed = DOCS / f"{name}.schema.json"
    assert committed.exists(), f"run: python -m treatyrules.schemas docs/schema"
    assert committed.read_text(encoding="utf-8") == schemas.text(name), "regenerate: python -m treatyrules.schemas docs/schema"


OUTPUTS = [
    ("entitled", ["entitled", "--state", "Korea"]),
    ("entitled", ["entitled", "--state", "France", "--explain"]),
    ("entitled", ["entitled", "--state", "Syria"]),
    ("entitled", ["entitled", "--state", "India", "--as-of", "1952-05-01"]),
    ("entitled", ["entitled", "--state", "PRC", "--reading", "china=prc"]),
    ("explain", ["explain", "--state", "Soviet Union", "--article", "2"]),
    ("explain", ["explain", "--state", "Republic of China", "--article", "10"]),
    ("explain", ["explain", "--state", "France", "--article", "15"]),
    ("states", ["states", "--as-of", "1953-01-01"]),
    ("readings", ["readings"]),
]


@pytest.mark.parametrize("name, args", OUTPUTS, ids=[" ".join(a) for _, a in OUTPUTS])
def test_outputs_validate_against_their_schema(name: str, args: list[str]) -> None:
    if "--as-of" not in args and name != "readings":
        args = [*args, "--as-of", "2026-11-26"]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["schema"].startswith(f"treatyrules.{name}/")
    jsonschema.validate(document, json.loads((DOCS / f"{name}.schema.json").read_text(encoding="utf-8")))

"""The JSON Schemas of every `--format json` output, generated from the pydantic output models.

`python -m treatyrules.schemas docs/schema` writes them; tests/test_json.py checks that the
committed files are current and that real outputs validate against them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel


def models() -> dict[str, type[BaseModel]]:
    from .answer import EntitledAnswer
    from .explain import Explanation
    from .listing import ReadingsAnswer, StatesAnswer

    found: dict[str, type[BaseModel]] = {
        "entitled": EntitledAnswer, "explain": Explanation, "states": StatesAnswer, "readings": ReadingsAnswer,
    }
    for name, module, attr in (("whatif", "scenario", "WhatIfAnswer"), ("territory", "territory", "TerritoryAnswer")):
        try:  # the what-if and territory answers live in their own modules
            found[name] = getattr(__import__(f"treatyrules.{module}", fromlist=[attr]), attr)
        except (ImportError, AttributeError):
            pass
    return found


def schema(name: str) -> dict:
    model = models()[name]
    document = model.model_json_schema(mode="serialization", by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["$id"] = f"https://treatyrules.invalid/schema/{name}.schema.json"
    return document


def text(name: str) -> str:
    return json.dumps(schema(name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main(folder: str = "docs/schema") -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name in models():
        (out / f"{name}.schema.json").write_text(text(name), encoding="utf-8")
        print(out / f"{name}.schema.json")


if __name__ == "__main__":
    main(*sys.argv[1:])

"""The case tables of tests/cases/*.yaml: one named, dated case per line of the treaty's logic.

Each case asserts exact sets, OpenFisca-style: what a state is entitled to under every reading,
under some, and what is undetermined; its Allied Power status; Japan's Art. 26 obligations.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ask

CASES = [
    pytest.param(case, id=f"{path.stem}: {case['name']}")
    for path in sorted((Path(__file__).parent / "cases").glob("*.yaml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))
]


def _keys(items, holds: str) -> set[str]:
    return {f"{e.article}@{e.basis}" for e in items if e.holds == holds and e.advantage is None}


@pytest.mark.parametrize("case", CASES)
def test_case(case: dict) -> None:
    result = ask(case["state"], case["as_of"], case.get("readings"))
    status = result.status.allied_power
    if "allied_power" in case:
        assert (status.holds if status else "none") == case["allied_power"]
    if "allied_under" in case:
        assert status is not None and status.under == case["allied_under"]
    if "limbs" in case:
        assert result.status.allied_power_limbs == case["limbs"]
    if "entitled" in case:
        assert _keys(result.entitlements, "all") == set(case["entitled"])
    if "some" in case:
        assert _keys(result.entitlements, "some") == set(case["some"])
    if "undetermined" in case:
        assert {f"{e.article}@{e.basis}" for e in result.undetermined if e.advantage is None} == set(case["undetermined"])
    if "undetermined_articles" in case:
        assert {e.article for e in result.undetermined if e.advantage is None} == set(case["undetermined_articles"])
    if "obligations" in case:
        assert [o.until.isoformat() for o in result.obligations] == case["obligations"]
    if "ended" in case:
        assert [f"{e.how}:{e.settlement or ''}:{e.on.isoformat()}" for e in result.obligations_ended] == case["ended"]


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 40

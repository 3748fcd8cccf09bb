"""Shared fixtures: answers from the shipped fact base, one grounding per date and readings."""

from __future__ import annotations

import datetime as dt
import functools
import os

import pytest
from hypothesis import settings

# CI runs the same examples every time, so that it passes or fails on the code alone; the
# property tests look for new ones with HYPOTHESIS_PROFILE=explore (and the *_EXAMPLES variables)
settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

from treatyrules import answer, session


@functools.lru_cache(maxsize=64)
def _session(as_of: dt.date, readings: tuple[tuple[str, str], ...]) -> session.Session:
    return session.Session.open(None, as_of, dict(readings))


def ask(state: str, as_of: dt.date, readings: dict[str, str] | None = None) -> answer.EntitledAnswer:
    query = _session(as_of, tuple(sorted((readings or {}).items())))
    return answer.entitled(query.world, query.names.find(state))


@pytest.fixture
def entitled():
    return ask

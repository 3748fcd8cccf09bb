"""Shared fixtures: answers from the shipped fact base, one grounding per date and readings."""

from __future__ import annotations

import datetime as dt
import functools

import pytest

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

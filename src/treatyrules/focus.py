"""The part of a fact base that a question about one state needs.

An answer about state S is read from S's own facts, from the facts of every state the rules name
(Japan, the States of Art. 23(a), the governments a reading lets hold a designation), from the
facts that belong to no one state (settlements, places, later instruments, designations, sources),
and from the facts of every state those facts name, and so on. The rules of `rules/` relate two
states only through a fact or a constant that names both: none counts or quantifies over every
state. So no other state's facts can change S's answer, and leaving them out makes the work of
one question the size of its slice, not of the world. `tests/test_focus.py` checks that every
state's answer is the same in its slice as in the whole world, for the shipped fact base and for
generated ones; a rule that broke the premise would fail it.

Which states the rules name is read from the rule files themselves: every identifier in them
(comments aside) that is a state of the fact base. Reading too many is harmless; the slice is
only larger.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Container, Iterable, Iterator
from pathlib import Path

from clingo import Symbol, SymbolType
from pydantic import BaseModel

from .engine import rules_dir
from .facts import FactBase

_COMMENT = re.compile(r"%\*.*?\*%|%[^\n]*", re.S)
_IDENTIFIER = re.compile(r"\b[a-z_][A-Za-z0-9_']*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


@functools.lru_cache(maxsize=2)
def rule_identifiers(root: Path | None = None) -> frozenset[str]:
    """Every lower-case identifier written in the rule files (outside comments and strings)."""
    found: set[str] = set()
    for path in sorted((root or rules_dir()).rglob("*.lp")):
        text = _STRING.sub(" ", _COMMENT.sub(" ", path.read_text(encoding="utf-8")))
        found.update(_IDENTIFIER.findall(text))
    return frozenset(found)


def _strings(value: object) -> Iterator[str]:
    """Every string inside a record of the fact base, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for item in value.__dict__.values():
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _named_by(base: FactBase, ident: str) -> set[str]:
    """The states that state `ident`'s own facts name (itself included)."""
    found = {s for s in _strings(base.states[ident]) if s in base.states}
    for table in base.conditions.values():
        if ident in table:
            found.update(s for s in _strings(table[ident]) if s in base.states)
    return found | {ident}


def states_needed(base: FactBase, subjects: Iterable[str]) -> set[str]:
    """`subjects`, the states the rules name, and every state a needed fact names, transitively."""
    states = base.states
    pending = [s for s in subjects if s in states]
    pending += [s for s in rule_identifiers() if s in states]
    for table in (base.settlements, base.places, base.instruments, base.designations):
        pending += [s for s in _strings(table) if s in states]
    needed: set[str] = set()
    while pending:
        ident = pending.pop()
        if ident not in needed:
            needed.add(ident)
            pending += _named_by(base, ident) - needed
    return needed


class Reach:
    """Which states' answers a change to some states' facts can alter."""

    def __init__(self, base: FactBase) -> None:
        self.base, self.everywhere = base, states_needed(base, [])
        self._naming: dict[str, set[str]] = {}
        for ident in base.states:
            for named in _named_by(base, ident):
                self._naming.setdefault(named, set()).add(ident)

    def of(self, changed: Iterable[str]) -> set[str] | None:
        """The states of `changed` and every state whose slice holds one of them; None where
        that is every state (a change to a state that every slice holds: one the rules name, or
        one a settlement or a place names)."""
        pending = [s for s in changed if s in self.base.states]
        if set(pending) & self.everywhere:
            return None
        reached: set[str] = set()
        while pending:
            ident = pending.pop()
            if ident not in reached:
                reached.add(ident)
                pending += self._naming.get(ident, set()) - reached
        return reached


def subject(atom: Symbol, states: Container[str]) -> str | None:
    """The state an atom is about: the first state its arguments name, however deeply nested
    (`entitled(france, "2", "25")`, `assumed(signed(ussr))`); None for one about no state."""
    for argument in atom.arguments:
        if argument.type == SymbolType.Function:
            if not argument.arguments and argument.name in states:
                return argument.name
            found = subject(argument, states)
            if found is not None:
                return found
    return None


def about(base: FactBase, subjects: Iterable[str]) -> FactBase:
    """The fact base cut down to what answers about `subjects` need (the same answers, faster)."""
    keep = states_needed(base, subjects)
    if len(keep) == len(base.states):
        return base
    # in the fact base's own order, and in time with the slice, not the world
    kept = sorted(keep, key=base.positions.__getitem__)
    return dataclasses.replace(
        base,
        states={i: base.states[i] for i in kept},
        conditions={a: {i: t[i] for i in kept if i in t} for a, t in base.conditions.items()},
        whole=base.whole or base,
    )

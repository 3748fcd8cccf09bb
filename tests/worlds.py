"""Small fact bases built in memory, for property tests: the states the rules name, plus others."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from treatyrules.facts import FactBase, Where
from treatyrules.schema import Claim, Designation, Names, Source, State

SIGNED = dt.date(1951, 9, 8)
#: the deposits that bring the Treaty into force on 28 April 1952, as in history
INITIAL = {
    "japan": dt.date(1951, 11, 28), "united_kingdom": dt.date(1952, 1, 3), "australia": dt.date(1952, 4, 10),
    "new_zealand": dt.date(1952, 4, 10), "canada": dt.date(1952, 4, 17), "pakistan": dt.date(1952, 4, 17),
    "france": dt.date(1952, 4, 18), "united_states": dt.date(1952, 4, 28),
}
OTHER_LISTED = ["ceylon", "indonesia", "netherlands", "philippines"]


def claim(value: bool | None = True, date: dt.date | None = None, **extra) -> Claim:
    return Claim(value=value, date=date, sources=["GEN"], tag="V" if value is not None else "OPEN", **extra)


def state(ident: str, *, signed: bool | None = None, deposited: dt.date | None = None,
          at_war: bool | None = None, former: str | None = None) -> State:
    fields: dict = {}
    if signed is not None:
        fields["signed"] = claim(signed, SIGNED if signed else None)
    if deposited is not None:
        fields["ratified"] = claim(True, deposited)
    if at_war is not None or at_war is None and False:
        fields["at_war"] = claim(at_war)
    if former is not None:
        fields["formerly_part_of"] = claim(True, of=former)
    return State(id=ident, names=Names(en=ident.replace("_", " ").title()), **fields)


def base_states() -> list[State]:
    states = [state(i, signed=True, deposited=d, at_war=i != "japan") for i, d in INITIAL.items()]
    states += [state(i, signed=False) for i in OTHER_LISTED]
    return states


def fact_base(states: list[State]) -> FactBase:
    base = FactBase(root=Path("generated"))
    base.sources["GEN"] = Source(id="GEN", title="generated for a property test")
    base.designations = {
        "china": Designation(id="china", names=Names(en="China")),
        "korea": Designation(id="korea", names=Names(en="Korea")),
    }
    for line, s in enumerate(states, start=1):
        base.states[s.id] = s
        base.where[("state", s.id)] = Where(Path("generated.yaml"), line)
    return base

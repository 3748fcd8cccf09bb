"""The fact base's schema: strict, closed, frozen pydantic models.

Every model derives from `Record`, whose config does not pass down to nested models by itself,
so each one restates it through inheritance. Strict mode refuses `'123'` for an int and an ISO
string for a date in a Python dict: YAML hands dates over as `datetime.date` already.

The format is documented for people in `docs/facts-format.md`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic import Tag as Kind

FACTS_SCHEMA = "treatyrules.facts/1"

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,62}$", strict=True)
]
SourceKey = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$", strict=True)
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strict=True)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, strict=True)]

#: How sure we are, as `shared/reference/facts.md` tags it.
#: V: checked in a primary or official source; V-2: secondary only, or sources conflict;
#: R: recalled, not found in a source; OPEN: looked for and not found; analysis: our reasoning.
Tag = Literal["V", "V-2", "R", "OPEN", "analysis"]


class Record(BaseModel):
    # defer_build: a run that unpickles a cached fact base never validates one, so it need not
    # build the validators (most of this module's import time); they are built on first use
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


class Names(Record):
    en: Name
    zh_hant: Name | None = None
    zh_hans: Name | None = None
    ja: Name | None = None
    ko: Name | None = None


class Claim(Record):
    """One sourced statement about a state: true, false, or not known (`value: null`)."""

    value: bool | None
    date: dt.date | None = None
    #: when `date` is not known: the bounds that are (after < date <= by)
    after: dt.date | None = None
    by: dt.date | None = None
    #: at_war: the state through which the state of war arose (a colony at war through its metropole)
    via: Identifier | None = None
    #: formerly_part_of: the state it formed part of
    of: Identifier | None = None
    sources: list[SourceKey] = Field(min_length=1)
    tag: Tag
    note: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Claim:
        if self.value is None and self.tag != "OPEN" and not (self.after or self.by):
            raise ValueError("an unknown value (value: null) must be tagged OPEN")
        if self.value is False and (self.date or self.after or self.by):
            raise ValueError("a false claim carries no date")
        if self.date and (self.after or self.by):
            raise ValueError("give either date, or after/by bounds, not both")
        if self.after and self.by and not self.after < self.by:
            raise ValueError("after must come before by")
        return self


class Option(Claim):
    """One side of a disputed fact, with the sources that take it."""

    option: Identifier


class Dispute(Record):
    """A fact on which sources disagree: each option becomes a choice the engine answers across."""

    question: Text
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _distinct(self) -> Dispute:
        names = [o.option for o in self.options]
        if len(set(names)) != len(names):
            raise ValueError("option names must be distinct")
        return self



def _fact_kind(value: object) -> str:
    if isinstance(value, dict):
        return "dispute" if "options" in value else "claim"
    return "dispute" if isinstance(value, Dispute) else "claim"


#: A field holds one claim, or the dispute between sources about it.
Fact = Annotated[
    Annotated[Claim, Kind("claim")] | Annotated[Dispute, Kind("dispute")],
    Discriminator(_fact_kind),
]


class State(Record):
    id: Identifier
    names: Names
    aliases: list[Name] = []
    note: Text | None = None
    signed: Fact | None = None
    ratified: Fact | None = None
    at_war: Fact | None = None
    un_declaration: Fact | None = None
    formerly_part_of: Fact | None = None
    rejected_treaty: Fact | None = None
    #: Art. 23(b): the state notified Japan and the United States on `date` (true, with its date),
    #: bringing the Treaty into force between itself and Japan. History never used the route:
    #: the field exists for what-if scenarios, so it is one claim, never a dispute.
    notified_23b: Claim | None = None


class Designation(Record):
    """A name the treaty uses without naming a government: "China" and "Korea" in Art. 21."""

    id: Identifier
    names: Names
    aliases: list[Name] = []
    note: Text | None = None


class Source(Record):
    id: SourceKey
    title: Text
    what: Text | None = None
    url: Text | None = None


class ConditionFact(Claim):
    """A per-state fact that one article's condition turns on (e.g. Art. 14(a)1)."""

    state: Identifier


class Advantage(Record):
    id: Identifier
    description: Text
    #: does it go beyond what the treaty provides? null where the record is unclear
    greater_than_treaty: Claim


class Settlement(Record):
    id: Identifier
    title: Text
    with_state: Identifier
    kind: Literal["peace", "war_claims", "peace_and_war_claims", "other"]
    signed: dt.date
    in_force: dt.date | None = None
    sources: list[SourceKey] = Field(min_length=1)
    tag: Tag
    note: Text | None = None
    advantages: list[Advantage] = []


# -- file shapes ------------------------------------------------------------------------------


class SourcesFile(Record):
    schema_: Literal["treatyrules.facts/1"] = Field(alias="schema")
    sources: list[Source]


class StatesFile(Record):
    schema_: Literal["treatyrules.facts/1"] = Field(alias="schema")
    states: list[State]


class DesignationsFile(Record):
    schema_: Literal["treatyrules.facts/1"] = Field(alias="schema")
    designations: list[Designation]


class ConditionsFile(Record):
    schema_: Literal["treatyrules.facts/1"] = Field(alias="schema")
    #: the article whose condition these facts decide, as the treaty writes it: "14(a)1"
    article: Name
    condition: Text
    facts: list[ConditionFact]


class SettlementsFile(Record):
    schema_: Literal["treatyrules.facts/1"] = Field(alias="schema")
    settlements: list[Settlement]


# -- places (facts/territories.yaml) ------------------------------------------------------------

#: What kind of place: the Treaty names territories, islands, groups of islands and one area.
PlaceKind = Literal["territory", "island", "island_group", "area"]


class Within(Record):
    """An uncontested fact of geography: the place lies inside another place of the fact base.
    A contested one ("is Dokdo part of Korea?") is a reading in rules/readings/, never this."""

    place: Identifier
    sources: list[SourceKey] = Field(min_length=1)
    tag: Tag
    note: Text | None = None


class Place(Record):
    """A place Art. 2 or 3 names, or one people ask about that the Treaty does not name.

    Which paragraph names it is the Treaty's text, in the rules (`names_place/2`), not here. The
    sources identify the names (the Treaty's and the modern ones) with the place.
    """

    id: Identifier
    names: Names
    aliases: list[Name] = []
    kind: PlaceKind
    sources: list[SourceKey] = Field(min_length=1)
    tag: Tag
    note: Text | None = None
    within: Within | None = None
    #: a group of places the fact base lists one by one (each is answered on its own)
    comprises: list[Identifier] = []


class LaterInstrument(Record):
    """An instrument after the Treaty that concerns some places: never the Treaty itself."""

    id: Identifier
    title: Text
    between: list[Identifier] = Field(min_length=2)
    signed: dt.date
    in_force: dt.date | None = None
    places: list[Identifier] = Field(min_length=1)
    #: the provision that concerns the places, and its words as the sources give them
    provision: Name
    text: Text
    #: relinquishes_art3: the United States relinquishes its rights under Art. 3 over the places
    #: (the rules read this); transfer_after_peace_treaty, other: recorded and shown, not applied
    effect: Literal["relinquishes_art3", "transfer_after_peace_treaty", "other"]
    #: always true: the instrument is outside the Treaty of Peace, and an answer labels it so
    outside_treaty: Literal[True]
    sources: list[SourceKey] = Field(min_length=1)
    tag: Tag
    note: Text | None = None

    @model_validator(mode="after")
    def _dates(self) -> LaterInstrument:
        if self.in_force and self.in_force < self.signed:
            raise ValueError("in_force comes before signed")
        return self


class PlacesFile(Record):
    schema_: Literal["treatyrules.facts/1"] = Field(alias="schema")
    places: list[Place]
    later_instruments: list[LaterInstrument] = []

"""One question's set-up: the fact base (shipped or the user's), the names, the grounded world."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from clingo import Symbol

from . import facts as factbase
from .engine import World
from .names import NameIndex


def facts_dir() -> Path:
    """The fact base shipped with the package (inside a wheel; the folder in a checkout)."""
    checkout = Path(__file__).resolve().parents[2] / "facts"
    if (checkout / "designations.yaml").is_file():  # a source checkout, editable install included
        return checkout
    return Path(str(resources.files("treatyrules") / "facts"))


@functools.lru_cache(maxsize=4)
def _load(root: Path) -> factbase.FactBase:
    return factbase.load(root)


@dataclass
class Session:
    facts: factbase.FactBase
    as_of: dt.date
    fixed: dict[str, str] = field(default_factory=dict)
    extra: Sequence[Symbol] = ()

    @classmethod
    def open(cls, root: Path | None, as_of: dt.date, fixed: dict[str, str] | None = None) -> Session:
        return cls(_load((root or facts_dir()).resolve()), as_of, fixed or {})

    @functools.cached_property
    def names(self) -> NameIndex:
        return NameIndex.of(self.facts)

    @functools.cached_property
    def world(self) -> World:
        return World(self.facts, self.as_of, self.fixed, self.extra)

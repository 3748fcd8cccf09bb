"""One question's set-up: the fact base (shipped or the user's), the names, the grounded world."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from clingo import Symbol

from . import facts as factbase
from .engine import Limits, World
from .errors import FactBaseError
from .names import NameIndex


def facts_dir() -> Path:
    """The fact base shipped with the package (inside a wheel; the folder in a checkout)."""
    checkout = Path(__file__).resolve().parents[2] / "facts"
    if (checkout / "designations.yaml").is_file():  # a source checkout, editable install included
        return checkout
    return Path(str(resources.files("treatyrules") / "facts"))


@functools.lru_cache(maxsize=4)
def _load(root: Path) -> factbase.FactBase:
    from . import cache  # an unchanged fact base is validated once, not on every run

    return cache.load(root, factbase.load)


#: The bounds every world of this process is grounded and solved under (`--max-atoms`, `--timeout`).
LIMITS = Limits()


def set_limits(max_atoms: int | None = None, solve_seconds: float | None = None) -> None:
    """Set both bounds; one not given takes engine.Limits' default (the CLI calls this on every run)."""
    global LIMITS
    default = Limits()
    LIMITS = Limits(max_atoms=max_atoms or default.max_atoms, solve_seconds=solve_seconds or default.solve_seconds)


@dataclass
class Session:
    facts: factbase.FactBase
    as_of: dt.date
    fixed: dict[str, str] = field(default_factory=dict)
    extra: Sequence[Symbol] = ()

    @classmethod
    def open(cls, root: Path | None, as_of: dt.date, fixed: dict[str, str] | None = None) -> Session:
        folder = root or facts_dir()
        try:
            base = _load(folder.resolve())
        except OSError as exc:  # a path the system refuses: too long, a loop of links, no permission
            raise FactBaseError(f"{folder}: cannot read: {exc.strerror or exc}") from None
        return cls(base, as_of, fixed or {})

    def about(self, subject: str) -> Session:
        """This question narrowed to the facts an answer about `subject` needs (focus.py): the
        same answer, grounded and solved over a slice of the world instead of all of it."""
        from . import focus

        # a disputed fact fixed by name ("syria.at_war") stays in the slice, to be checked and echoed
        disputed = [name.partition(".")[0] for name in self.fixed if "." in name]
        return dataclasses.replace(self, facts=focus.about(self.facts, [subject, *disputed]))

    @property
    def names(self) -> NameIndex:
        return self.facts.names

    @functools.cached_property
    def world(self) -> World:
        return World(self.facts, self.as_of, self.fixed, self.extra, LIMITS)

"""The one exception tree. The CLI catches `TreatyRulesError` and prints it; nothing else does.

    TreatyRulesError
    ├── InputError            the user's input is wrong (exit 2)
    │   ├── FactBaseError     a fact or scenario file is malformed: file, line, field
    │   ├── UnknownName       no state, designation, place or article by that name: near matches
    │   ├── UnknownReading    no reading or option by that name
    │   └── LimitExceeded     grounding or solving would pass the configured limits
    └── RuleBaseError         the rule base itself is broken (a clingo warning or error): a defect
"""

from __future__ import annotations


class TreatyRulesError(Exception):
    """Base of every error treatyrules reports."""

    exit_code = 1


class InputError(TreatyRulesError):
    exit_code = 2


class FactBaseError(InputError):
    """A fact base or scenario file that does not validate. The message names file, line, field."""


class UnknownName(InputError):
    def __init__(self, kind: str, name: str, suggestions: list[str]) -> None:
        self.kind, self.name, self.suggestions = kind, name, suggestions
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"no {kind} named {name!r}{hint}")


class UnknownReading(InputError):
    pass


class LimitExceeded(InputError):
    pass


class RuleBaseError(TreatyRulesError):
    """clingo reported a warning or error on the rule base: a misspelt predicate, say."""

"""Find a state, designation or article by what a user types, in any language the fact base holds."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import FactBaseError, InputError, UnknownName
from .facts import FactBase


def fold(text: str) -> str:
    """Case-, width- and punctuation-insensitive key: 'U.S.A.' and 'ｕｓａ' both fold to 'usa'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\s.\-_'’‘·・]+", " ", text).strip()
    text = re.sub(r"^the ", "", text)
    return text.replace(" ", "")


@dataclass(frozen=True)
class Entity:
    kind: str  # "state" or "designation"
    id: str
    name: str


class NameIndex:
    def __init__(self, entries: Iterable[tuple[str, Entity]]) -> None:
        self._by_key: dict[str, Entity] = {}
        self._display: dict[str, str] = {}
        for name, entity in entries:
            key = fold(name)
            if not key:
                continue
            other = self._by_key.get(key)
            if other is not None and other != entity:
                raise FactBaseError(
                    f"the name {name!r} is given to both {other.kind} {other.id!r} and {entity.kind} {entity.id!r}"
                )
            self._by_key[key] = entity
            self._display.setdefault(key, name)

    @classmethod
    def of(cls, base: FactBase) -> NameIndex:
        def entries() -> Iterable[tuple[str, Entity]]:
            for kind, table in (("designation", base.designations), ("state", base.states)):
                for ident, item in table.items():
                    entity = Entity(kind, ident, item.names.en)
                    yield ident, entity
                    for name in (*item.names.model_dump(exclude_none=True).values(), *item.aliases):
                        yield name, entity
        return cls(entries())

    def find(self, text: str) -> Entity:
        if len(text) > 200:
            raise InputError("a state's name is at most 200 characters")
        key = fold(text)
        if key in self._by_key:
            return self._by_key[key]
        close = difflib.get_close_matches(key, list(self._by_key), n=3, cutoff=0.6)
        if not close:  # a prefix of a longer name: "Phil" -> Philippines
            close = [k for k in self._by_key if key and k.startswith(key)][:3]
        seen: list[str] = []
        for k in close:
            name = self._by_key[k].name
            if name not in seen:
                seen.append(name)
        raise UnknownName("state or designation", text, seen)


_ARTICLE = re.compile(r"^\s*(?:art(?:icle)?\.?\s*)?(\d{1,2})\s*(?:[.(]?\s*([a-f])\s*\)?)?\s*(?:[.(]?\s*(\d)\s*\)?)?\s*$", re.I)


def article_id(text: str) -> str:
    """Normalise what a user types for an article to the way the treaty writes it.

    `14a2`, `14(a)(2)`, `14.a.2`, `Art. 14 (a) 2` all mean `14(a)2`; `2a` means `2(a)`.
    """
    match = _ARTICLE.match(text)
    if not match:
        raise InputError(f"{text!r} is not an article of the Treaty (write it as 2, 2(a), 14(a)2 ...)")
    number, letter, item = match.groups()
    if not 1 <= int(number) <= 27:
        raise InputError(f"the Treaty has Articles 1 to 27; there is no Article {int(number)}")
    out = str(int(number))
    if letter:
        out += f"({letter.lower()})"
    if item:
        if not letter:
            raise InputError(f"{text!r}: a numbered sub-paragraph needs its paragraph letter, as in 14(a)2")
        out += item
    return out

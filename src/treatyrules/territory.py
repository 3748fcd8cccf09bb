"""What the Treaty did with one place, and who takes the benefit: the `territory` answer.

Every conclusion here is read out of the answer sets of `rules/` (art_02_territory.lp, art_03.lp,
the place readings): which paragraph disposes of the place, what Japan gave up, that no recipient
is named, who takes the benefit of the paragraph and who does not, and the state of the United
States' right under Art. 3. This module arranges them, quotes the paragraphs from the rule files
(the words quoted above the rules that name the places) and renders text, JSON and DOT. It
decides no legal question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from clingo import Symbol
from pydantic import Field
from rich.console import Console

from .answer import Conclusion, Out, article_key
from .engine import Verdict, World
from .errors import FactBaseError, InputError, UnknownName
from .facts import FactBase, number_date
from .names import Entity, NameIndex

TERRITORY_SCHEMA = "treatyrules.territory/1"


# -- the answer model ------------------------------------------------------------------------------


class PlaceRef(Out):
    id: str
    name: str
    names: dict[str, str]
    aliases: list[str] = []
    kind: str
    sources: list[str]
    tag: str
    note: str | None = None


class Paragraph(Out):
    """A paragraph of Art. 2 or 3, quoted from the rule files, with what it does."""

    article: str
    text: str
    names: list[str]  # the places it names, by their English names
    renounces: list[str] = []
    recognizes: list[str] = []
    accepts: list[str] = []
    undertakes: list[str] = []
    grants: list[str] = []  # "United States: the right to ..."
    recipient_named: bool
    recipient_note: str
    in_effect_from: dt.date | None = None


class Disposition(Conclusion):
    article: str
    how: Literal["named", "part_of"]
    part_of: str | None = None  # the named place it is part of


class Party(Out):
    id: str
    name: str
    kind: Literal["state", "designation"]


class Benefit(Conclusion):
    """One state's or designation's relation to one paragraph: it takes the benefit, or not."""

    party: Party
    article: str
    takes: bool
    basis: str
    reason: str


class Art3Status(Out):
    article: str = "3"
    us_right: Conclusion | None
    relinquished: list[Relinquishment] = []
    trusteeship: Conclusion | None = None


class Relinquishment(Conclusion):
    instrument: str
    title: str
    in_force: dt.date
    outside_treaty: bool = True


class ReadingOption(Out):
    option: str
    authority: str


class ReadingUsed(Out):
    name: str
    kind: str  # "reading" or "dispute"
    title: str
    fixed: str | None = None  # the option fixed with --reading, if any
    options: list[ReadingOption]


class LaterEvent(Out):
    """An instrument after the Treaty: outside it, and labelled so."""

    id: str
    title: str
    outside_treaty: bool = True
    label: str = "outside this Treaty"
    between: list[str]
    signed: dt.date
    in_force: dt.date | None
    provision: str
    text: str
    effect: str
    places: list[str]
    sources: list[str]
    tag: str
    note: str | None = None


class ClaimedPart(Out):
    """A place the Treaty does not name that a reading counts as part of this one."""

    place: str
    name: str
    reading: str
    options: list[str]


class Member(Out):
    """One place of a group (the four islands): how the Treaty disposes of it."""

    place: str
    name: str
    dispositions: list[Disposition]
    not_disposed: Conclusion | None


class TerritoryAnswer(Out):
    schema_: str = Field(TERRITORY_SCHEMA, alias="schema")
    place: PlaceRef
    asked: str
    as_of: dt.date
    readings: dict[str, str] = {}
    named_in_treaty: list[str]  # the paragraphs that name it
    dispositions: list[Disposition]
    not_disposed: Conclusion | None
    members: list[Member] = []
    claimed_parts: list[ClaimedPart] = []
    paragraphs: list[Paragraph]  # the paragraphs that dispose of it, under some reading at least
    nearest: list[Paragraph] = []  # for a place the Treaty does not name: the paragraphs nearest it
    benefits: list[Benefit]
    art3: Art3Status | None = None
    readings_that_matter: list[ReadingUsed]
    later_events: list[LaterEvent]

    def model_dump_public(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)


Art3Status.model_rebuild()


# -- finding a place -------------------------------------------------------------------------------


def place_index(facts: FactBase) -> NameIndex:
    """Places only: "Korea" here is the territory of Art. 2(a), never the designation of Art. 21."""

    def entries() -> Iterable[tuple[str, Entity]]:
        for ident, place in facts.places.items():
            entity = Entity("place", ident, place.names.en)
            yield ident, entity
            for name in (*place.names.model_dump(exclude_none=True).values(), *place.aliases):
                yield name, entity

    return NameIndex(entries())


def find_place(facts: FactBase, text: str) -> Entity:
    if len(text) > 200:
        raise InputError("a place's name is at most 200 characters")
    if not facts.places:
        raise FactBaseError(f"{facts.root}: the fact base has no places (territories.yaml)")
    try:
        return place_index(facts).find(text)
    except UnknownName as exc:
        raise UnknownName("place", text, exc.suggestions) from None


# -- the treaty's words, from the rule files -------------------------------------------------------


_QUOTED_BY = ("names_place", "included_in", "recognizes", "renounces", "accepts", "undertakes", "grants",
              "administering_authority")


def paragraph_quotes() -> dict[str, str]:
    """The words quoted above the rules that say what each paragraph does, in file order."""
    from . import rulebase

    base = rulebase.load()
    out: dict[str, list[str]] = {}
    for info in base.rules:
        for atom in info.head_atoms():
            name = getattr(atom, "name", None)
            if name not in _QUOTED_BY or not info.quote:
                continue
            first = str(atom.arguments[0]).strip('"')
            parts = out.setdefault(first, [])
            if info.quote not in parts:
                parts.append(info.quote)
    return {article: " ".join(parts) for article, parts in out.items()}


# -- building the answer ---------------------------------------------------------------------------


def _s(symbol: Symbol) -> str:
    return symbol.string if symbol.type.name == "String" else str(symbol)


def _conclusion(verdict: Verdict, facts: FactBase) -> dict:
    from .answer import missing

    return {"holds": verdict.holds, "under": [[c.label() for c in alt] for alt in verdict.under],
            "needs": [missing(s, facts) for s in verdict.needs]}


def _place_ref(facts: FactBase, ident: str) -> PlaceRef:
    p = facts.places[ident]
    return PlaceRef(id=ident, name=p.names.en, names=p.names.model_dump(exclude_none=True), aliases=list(p.aliases),
                    kind=p.kind, sources=list(p.sources), tag=p.tag, note=p.note)


def territory(world: World, entity: Entity, asked: str) -> TerritoryAnswer:
    facts = world.facts
    base = world.base
    missing_places = sorted(str(a.arguments[0]) for a in base.cautious if a.match("missing_place", 1))
    if missing_places:
        raise FactBaseError(f"{facts.root}: the rules name places the fact base lacks: {', '.join(missing_places)}")
    me = entity.id
    members = list(facts.places[me].comprises)
    mine = {me, *members}

    def first_is(atom: Symbol, pos: int = 0) -> bool:
        arg = atom.arguments[pos]
        return arg.type.name == "Function" and not arg.arguments and arg.name in mine

    def wanted(atom: Symbol) -> bool:
        if atom.match("disposes", 3):
            return first_is(atom, 1)
        if atom.match("not_disposed", 1) or atom.match("art3_trusteeship", 1):
            return first_is(atom)
        if atom.match("us_administration", 2) or atom.match("art3_relinquished", 3):
            return first_is(atom)
        return (atom.match("takes_benefit", 3) or atom.match("no_benefit", 3)
                or atom.match("not_allied_because", 2) or atom.match("holds_designation", 2))

    verdicts = world.verdicts(wanted)

    def select(name: str, arity: int) -> list[tuple[Symbol, Verdict]]:
        return sorted(((a, v) for a, v in verdicts.items() if a.match(name, arity)), key=lambda av: str(av[0]))

    def dispositions_of(ident: str) -> tuple[list[Disposition], Conclusion | None]:
        out = []
        for atom, verdict in select("disposes", 3):
            article, place, how = atom.arguments
            if place.name != ident:
                continue
            part = facts.display_name(how.arguments[0].name) if how.arguments else None
            out.append(Disposition(article=_s(article), how="part_of" if how.arguments else "named", part_of=part,
                                   **_conclusion(verdict, facts)))
        out.sort(key=lambda d: (article_key(d.article), d.how, d.part_of or ""))
        nd = [v for a, v in select("not_disposed", 1) if a.arguments[0].name == ident]
        return out, (Conclusion(**_conclusion(nd[0], facts)) if nd else None)

    dispositions, not_disposed = dispositions_of(me)
    member_answers = []
    for m in members:
        ds, nd = dispositions_of(m)
        member_answers.append(Member(place=m, name=facts.display_name(m), dispositions=ds, not_disposed=nd))

    shown = base.brave
    named_in = sorted({_s(a.arguments[0]) for a in shown if a.match("names_place", 2) and a.arguments[1].name == me},
                      key=article_key)
    articles = sorted({d.article for d in dispositions} | {d.article for m in member_answers for d in m.dispositions},
                      key=article_key)
    nearest_articles = sorted({_s(a.arguments[1]) for a in shown
                               if a.match("nearest_paragraph", 2) and a.arguments[0].name == me}, key=article_key)
    quotes = paragraph_quotes()
    paragraphs = [_paragraph(world, a, quotes) for a in articles]
    nearest = [_paragraph(world, a, quotes) for a in nearest_articles] if not named_in else []

    claimed: dict[tuple[str, str], list[str]] = {}
    for atom in sorted(shown, key=str):
        if atom.match("place_claim", 4) and atom.arguments[1].name == me:
            claimed.setdefault((atom.arguments[0].name, atom.arguments[2].name), []).append(atom.arguments[3].name)
    claimed_parts = [ClaimedPart(place=p, name=facts.display_name(p), reading=r, options=o)
                     for (p, r), o in claimed.items()]
    benefits = _benefits(world, verdicts, set(articles))
    art3 = _art3(world, verdicts, me) if "3" in articles else None
    used = _readings_used(world, verdicts, mine, dispositions, member_answers, benefits, art3, claimed_parts)
    events = _events(world, mine, verdicts)
    return TerritoryAnswer(
        place=_place_ref(facts, me), asked=asked, as_of=world.as_of, readings=dict(world.fixed),
        named_in_treaty=named_in, dispositions=dispositions, not_disposed=not_disposed, members=member_answers,
        claimed_parts=claimed_parts,
        paragraphs=paragraphs, nearest=nearest, benefits=benefits, art3=art3, readings_that_matter=used,
        later_events=events,
    )


def _paragraph(world: World, article: str, quotes: dict[str, str]) -> Paragraph:
    facts = world.facts
    atoms = [a for a in world.base.cautious if a.arguments and a.arguments[0].type.name == "String"
             and a.arguments[0].string == article]

    def strings(name: str, arity: int, pos: int = 1) -> list[str]:
        return [_s(a.arguments[pos]) for a in atoms if a.match(name, arity)]

    names = [a.arguments[1].name for a in atoms if a.match("names_place", 2)]
    order = {ident: i for i, ident in enumerate(facts.places)}
    names.sort(key=lambda n: order.get(n, 0))
    grants = [f"{facts.display_name(a.arguments[1].name)}: {_s(a.arguments[2])}" for a in atoms if a.match("grants", 3)]
    authority = [facts.display_name(a.arguments[1].name) for a in atoms if a.match("administering_authority", 2)]
    no_recipient = any(a.match("no_recipient_named", 1) for a in atoms)
    if no_recipient:
        note = "no recipient named: Japan renounces, and the paragraph names no State to receive what it renounces"
    elif authority:
        note = (f"no transfer: the paragraph names the {', '.join(authority)} as sole administering authority of the "
                f"trusteeship proposed, and gives it the interim right of administration; it names no recipient of sovereignty")
    else:
        note = "no recipient named"
    since = [number_date(a.arguments[1].number) for a in atoms if a.match("in_effect", 2)]
    return Paragraph(article=article, text=quotes.get(article, ""), names=[facts.display_name(n) for n in names],
                     renounces=strings("renounces", 2), recognizes=strings("recognizes", 2),
                     accepts=strings("accepts", 2), undertakes=strings("undertakes", 2), grants=grants,
                     recipient_named=False, recipient_note=note, in_effect_from=since[0] if since else None)


_NOT_ALLIED = {
    "did_not_sign": "it did not sign the Treaty",
    "not_ratified": "it signed but had not deposited its ratification",
    "neither_limb": "it was neither at war with Japan nor formerly part of a State named in Art. 23",
}


def _benefits(world: World, verdicts: dict[Symbol, Verdict], articles: set[str]) -> list[Benefit]:
    facts = world.facts
    art21 = {}
    for a in world.base.cautious:
        if a.match("art21_names", 2):
            art21.setdefault(a.arguments[0].name, []).append(_s(a.arguments[1]))
    whys: dict[str, list[str]] = {}
    for atom, verdict in sorted(verdicts.items(), key=lambda av: str(av[0])):
        if atom.match("not_allied_because", 2) and verdict.holds == "all":
            whys.setdefault(atom.arguments[0].name, []).append(atom.arguments[1].name)
    holders: dict[str, list[str]] = {}  # government -> the designations it holds under some reading
    for atom in sorted(world.base.brave, key=str):
        if atom.match("holds_designation", 2):
            holders.setdefault(atom.arguments[0].name, []).append(atom.arguments[1].name)

    def party(ident: str) -> Party:
        kind = "designation" if ident in facts.designations else "state"
        return Party(id=ident, name=facts.display_name(ident), kind=kind)  # type: ignore[arg-type]

    def signed_sources(ident: str) -> str:
        claims = facts.translation.claims.get((ident, "signed"), [])
        keys = sorted({k for p in claims if p.claim.value is False for k in p.claim.sources})
        return f" [{', '.join(keys)}]" if keys else ""

    def arts(designation: str) -> str:
        items = sorted(art21.get(designation, []), key=article_key)
        if len(items) == 1:
            return f"Art. {items[0]}"
        return "Arts. " + ", ".join(items[:-1]) + " and " + items[-1]

    out = []
    for atom, verdict in verdicts.items():
        takes = atom.match("takes_benefit", 3)
        if not (takes or atom.match("no_benefit", 3)):
            continue
        ident, article, basis = atom.arguments[0].name, _s(atom.arguments[1]), _s(atom.arguments[2])
        if article not in articles:
            continue
        name = facts.display_name(ident)
        main = article.split("(")[0]
        if takes and basis == "25":
            reason = f"{name} is an Allied Power for which the Treaty is in force: a party (Art. 25)"
        elif takes and basis == "21" and ident in facts.designations:
            reason = (f"Art. 21: \"Notwithstanding the provisions of Article 25\", {name} is entitled to the "
                      f"benefits of Art. {main}")
        elif takes and basis == "21":
            held = " and ".join(facts.display_name(d) for d in holders.get(ident, [])) or "a designation"
            reason = f"{name} holds the designation {held} of Art. 21 under the reading chosen, and takes its benefits"
        elif takes and basis == "3":
            reason = ("Art. 3 gives the United States \"the right to exercise all and any powers of administration, "
                      "legislation and jurisdiction\", pending a trusteeship proposal")
        elif takes:
            reason = f"Art. {basis}"
        elif basis == "21":
            reason = f"Art. 21 names {name} for the benefits of {arts(ident)} only, not of Art. {main}"
        elif basis == "23(a)":
            reason = "the Treaty had not yet come into force (Art. 23(a)); Art. 21's benefits run from then"
        elif basis == "23":
            reason = f"{name} is an Allied Power, but the Treaty was not yet in force for it (Art. 23)"
        else:
            codes = whys.get(ident, [])
            why = "; ".join(_NOT_ALLIED.get(c, c) for c in codes) or "it is not an Allied Power on this date"
            extra = signed_sources(ident) if "did_not_sign" in codes else ""
            also = "".join(
                f"; holding {facts.display_name(d)} under a reading does not help: Art. 21 names "
                f"{facts.display_name(d)} for the benefits of {arts(d)} only"
                for d in holders.get(ident, []) if main not in art21.get(d, []))
            reason = (f"not an Allied Power: {why}{extra}. Art. 25: the Treaty confers no rights, titles or benefits "
                      f"on it, nor is any right, title or interest of Japan diminished or prejudiced in its favour{also}")
        out.append(Benefit(party=party(ident), article=article, takes=takes, basis=basis, reason=reason,
                           **_conclusion(verdict, facts)))
    out.sort(key=lambda b: (article_key(b.article), not b.takes, b.party.kind != "designation",
                            b.party.name.casefold(), b.basis))
    return out


def _art3(world: World, verdicts: dict[Symbol, Verdict], me: str) -> Art3Status:
    facts = world.facts
    right = [v for a, v in verdicts.items() if a.match("us_administration", 2) and a.arguments[0].name == me]
    trust = [v for a, v in verdicts.items() if a.match("art3_trusteeship", 1) and a.arguments[0].name == me]
    relinquished = []
    for atom, verdict in sorted(verdicts.items(), key=lambda av: str(av[0])):
        if atom.match("art3_relinquished", 3) and atom.arguments[0].name == me:
            ident = atom.arguments[1].name
            instrument = facts.instruments.get(ident)
            relinquished.append(Relinquishment(instrument=ident, title=instrument.title if instrument else ident,
                                               in_force=number_date(atom.arguments[2].number),
                                               **_conclusion(verdict, facts)))
    relinquished.sort(key=lambda r: r.in_force)
    return Art3Status(us_right=Conclusion(**_conclusion(right[0], facts)) if right else None,
                      relinquished=relinquished,
                      trusteeship=Conclusion(**_conclusion(trust[0], facts)) if trust else None)


def _readings_used(world: World, verdicts, mine: set[str], dispositions, members, benefits, art3,
                   claimed_parts) -> list[ReadingUsed]:
    from .listing import readings as all_readings

    names: list[str] = []

    def note(labels: Iterable[str]) -> None:
        for label in labels:
            name = label.partition("=")[0]
            if name not in names:
                names.append(name)

    # the readings that place this place (or its members) in a named territory come first
    for atom in sorted(world.base.brave, key=str):
        if atom.match("place_claim", 4) and atom.arguments[0].name in mine:
            note([f"{atom.arguments[2]}="])
    note(f"{c.reading}=" for c in claimed_parts)
    conclusions = [*dispositions, *(d for m in members for d in m.dispositions),
                   *(m.not_disposed for m in members if m.not_disposed)]
    if art3:
        conclusions += [c for c in (art3.us_right, art3.trusteeship) if c] + list(art3.relinquished)
    conclusions += list(benefits)
    for c in conclusions:
        for alt in c.under:
            note(alt)
    table = {r.name: r for r in all_readings(world).readings}
    out = []
    for name in names:
        r = table.get(name)
        if r is None:
            continue
        out.append(ReadingUsed(name=r.name, kind=r.kind, title=r.title, fixed=world.fixed.get(r.name),
                               options=[ReadingOption(option=o.option, authority=o.authority) for o in r.options]))
    return out


def _events(world: World, mine: set[str], verdicts) -> list[LaterEvent]:
    facts = world.facts
    ids = [i for i, x in facts.instruments.items() if mine & set(x.places)]
    for atom in verdicts:
        if atom.match("art3_relinquished", 3) and atom.arguments[1].name not in ids:
            ids.append(atom.arguments[1].name)
    out = []
    for ident in ids:
        x = facts.instruments.get(ident)
        if x is None:
            continue
        out.append(LaterEvent(id=ident, title=x.title, between=[facts.display_name(s) for s in x.between],
                              signed=x.signed, in_force=x.in_force, provision=x.provision, text=x.text,
                              effect=x.effect, places=[facts.display_name(p) for p in x.places],
                              sources=list(x.sources), tag=x.tag, note=x.note))
    out.sort(key=lambda e: (e.signed, e.id))
    return out


# -- rendering -------------------------------------------------------------------------------------


def _holds(c: Conclusion) -> str:
    if c.holds == "all":
        return "under every reading"
    if c.holds == "some":
        return "only under " + " or ".join(" and ".join(alt) for alt in c.under)
    needs = ", ".join(n.fact for n in c.needs)
    return f"undetermined (turns on {needs or 'facts not recorded'})"


def _disposition_line(d: Disposition) -> str:
    what = "names it" if d.how == "named" else f"names {d.part_of}, of which it is part"
    return f"Art. {d.article} {what}: {_holds(d)}"


def text(answer: TerritoryAnswer, console: Console) -> None:
    p = answer.place
    say = lambda line="": console.print(line, markup=False, highlight=False)  # noqa: E731
    others = ", ".join(dict.fromkeys(v for k, v in p.names.items() if k != "en"))
    say(f"{p.name} ({others}), as of {answer.as_of.isoformat()}")
    if answer.asked.casefold() != p.name.casefold():
        say(f"  asked as: {answer.asked}")
    say(f"  identified by: [{', '.join(p.sources)}; {p.tag}]")
    if answer.readings:
        say("  readings fixed: " + ", ".join(f"{k}={v}" for k, v in answer.readings.items()))
    say()
    if answer.named_in_treaty:
        say("Named in the Treaty: Art. " + ", Art. ".join(answer.named_in_treaty))
    else:
        say("Not named in the Treaty: neither Art. 2 nor Art. 3 names it.")
    if answer.members:
        say("A group: each place is answered on its own.")
        for m in answer.members:
            lines = [_disposition_line(d) for d in m.dispositions]
            if m.not_disposed:
                lines.append(f"no paragraph of Art. 2 or 3 disposes of it: {_holds(m.not_disposed)}")
            say(f"  {m.name}: " + "; ".join(lines))
    for d in answer.dispositions:
        say("  " + _disposition_line(d))
    if answer.not_disposed:
        say(f"  No paragraph of Art. 2 or Art. 3 disposes of it: {_holds(answer.not_disposed)}")
    for c in answer.claimed_parts:
        options = " or ".join(f"{c.reading}={o}" for o in c.options)
        say(f"  Contested extent: {c.name}, which the Treaty does not name, is part of it only under {options}")
    for para in answer.nearest:
        say()
        say(f"The nearest paragraph, Art. {para.article}, names: {'; '.join(para.names)}")
        say(f"  \"{para.text}\"")
    for para in answer.paragraphs:
        say()
        since = (f"in force since {para.in_effect_from.isoformat()}" if para.in_effect_from
                 else "not yet in force on this date (Art. 23)")
        say(f"Art. {para.article} ({since})")
        if not any(n.article == para.article for n in answer.nearest):
            say(f"  \"{para.text}\"")
        say(f"  names: {'; '.join(para.names)}")
        if para.renounces:
            say("  Japan gives up: " + "; ".join(para.renounces))
        else:
            say("  Japan gives up: nothing in words; Art. 3 renounces nothing")
        for what in para.recognizes:
            say(f"  Japan recognizes: {what}")
        for what in para.accepts:
            say(f"  Japan accepts: {what}")
        for what in para.undertakes:
            say(f"  Japan undertakes to: {what}")
        for what in para.grants:
            say(f"  grants: {what}")
        say(f"  recipient: {para.recipient_note}")
        _benefit_lines(answer, para.article, say)
    if answer.art3:
        a = answer.art3
        say()
        say("Art. 3, second sentence, on this date:")
        if a.us_right:
            say(f"  the United States has the right to exercise all and any powers of administration, legislation "
                f"and jurisdiction (pending a proposal and affirmative action thereon): {_holds(a.us_right)}")
        if a.trusteeship:
            say(f"  a trusteeship proposal was made and acted on: {_holds(a.trusteeship)}")
        for r in a.relinquished:
            say(f"  relinquished in favour of Japan by {r.title} ({r.instrument}), in force {r.in_force.isoformat()} "
                f"[outside this Treaty]: {_holds(r)}")
        if not a.us_right and not a.relinquished and not a.trusteeship:
            say("  the right has not arisen: the Treaty is not in force on this date, or no reading places it under Art. 3")
    if answer.readings_that_matter:
        say()
        say("Readings that change the answer:")
        for r in answer.readings_that_matter:
            fixed = f" (fixed: {r.fixed})" if r.fixed else ""
            say(f"  {r.name}{fixed}: {r.title}")
            for o in r.options:
                say(f"    {r.name}={o.option}: {o.authority}")
    if answer.later_events:
        say()
        say("Later events, outside this Treaty:")
        for e in answer.later_events:
            force = f", in force {e.in_force.isoformat()}" if e.in_force else ""
            say(f"  {e.signed.isoformat()}{force}: {e.title} ({', '.join(e.between)}) [{', '.join(e.sources)}; {e.tag}]")
            say(f"    {e.provision}: \"{e.text}\"")
            if e.note:
                say(f"    {e.note}")


def _benefit_lines(answer: TerritoryAnswer, article: str, say) -> None:
    rows = [b for b in answer.benefits if b.article == article]
    takers = [b for b in rows if b.takes]
    parties = [b for b in takers if b.basis == "25" and b.holds == "all"]
    say(f"  Who takes the benefit of Art. {article}:")
    if parties:
        names = ", ".join(b.party.name for b in sorted(parties, key=lambda b: b.party.name.casefold()))
        say(f"    the parties, {len(parties)} Allied Powers for which the Treaty is in force (Art. 25): {names}")
    for b in takers:
        if b in parties:
            continue
        say(f"    {b.party.name} (Art. {b.basis}), {_holds(b)}: {b.reason}")
    if not takers:
        say("    nobody, on this date")
    say(f"  Who does not take the benefit of Art. {article}:")
    for b in rows:
        if not b.takes:
            say(f"    {b.party.name} (Art. {b.basis}), {_holds(b)}: {b.reason}")


def dot(answer: TerritoryAnswer) -> str:
    """A small graph: place -> paragraph -> beneficiaries (dashed: under some readings only)."""

    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    def style(c: Conclusion) -> str:
        return "solid" if c.holds == "all" else "dashed"

    def cond(c: Conclusion) -> str:
        return "" if c.holds == "all" else "\n" + " or ".join(" and ".join(a) for a in c.under)

    lines = ["digraph territory {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];"]
    place = answer.place.name
    lines.append(f"  {q(place)} [shape=box, style=bold];")
    paragraphs = {d.article for d in answer.dispositions}
    for d in answer.dispositions:
        label = "named" if d.how == "named" else f"part of {d.part_of}"
        lines.append(f"  {q(place)} -> {q('Art. ' + d.article)} [label={q(label + cond(d))}, style={style(d)}];")
    for m in answer.members:
        lines.append(f"  {q(place)} -> {q(m.name)} [label=\"comprises\"];")
        for d in m.dispositions:
            paragraphs.add(d.article)
            lines.append(f"  {q(m.name)} -> {q('Art. ' + d.article)} [label={q(cond(d).strip() or 'named')}, "
                         f"style={style(d)}];")
    if not paragraphs and answer.not_disposed:
        lines.append(f"  {q(place)} -> {q('no paragraph')} [style={style(answer.not_disposed)}];")
    for article in sorted(paragraphs, key=article_key):
        lines.append(f"  {q('Art. ' + article)} [shape=note];")
        rows = [b for b in answer.benefits if b.article == article]
        parties = [b for b in rows if b.takes and b.basis == "25" and b.holds == "all"]
        if parties:
            node = f"the parties ({len(parties)})"
            lines.append(f"  {q(node)} [shape=ellipse];")
            lines.append(f"  {q('Art. ' + article)} -> {q(node)} [label=\"Art. 25\"];")
        for b in rows:
            if b in parties:
                continue
            if b.takes:
                lines.append(f"  {q('Art. ' + article)} -> {q(b.party.name)} [label={q('Art. ' + b.basis + cond(b))}, "
                             f"style={style(b)}];")
            elif b.party.kind == "designation":
                lines.append(f"  {q('Art. ' + article)} -> {q(b.party.name)} [label={q('no: Art. ' + b.basis + cond(b))}, "
                             f"style=dotted, color=red];")
        outside = sorted(b.party.name for b in rows if not b.takes and b.party.kind == "state" and b.holds == "all")
        if outside:
            node = f"no benefit ({len(outside)}):\n" + "\n".join(outside)
            lines.append(f"  {q(node)} [shape=box, color=red];")
            lines.append(f"  {q('Art. ' + article)} -> {q(node)} [label=\"no: Art. 25\", style=dotted, color=red];")
    lines.append("}")
    return "\n".join(lines) + "\n"

"""Why, and why not: derivation trees read off an answer set, down to the words of the treaty and
the sources of the facts.

Each inner node is an instance of a rule of `rules/` that holds (or the literal on which it fails),
with the article it encodes, the treaty words quoted above it and its `%@` template; each leaf is a
fact with its sources and confidence tag, a reading chosen, or a fact the record does not settle.
The search is goal-directed: it visits only the atoms the question leads to.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from clingo import Function, String, Symbol, SymbolType, ast
from pydantic import BaseModel, ConfigDict, Field

from . import rulebase
from .engine import Condition, World
from .facts import Provenance, number_date
from .justify import Model, Step, evaluate, failures, instances, pattern_unify, unify

EXPLAIN_SCHEMA = "treatyrules.explain/1"

Kind = Literal["rule", "treaty", "fact", "missing", "assumed", "reading", "given", "test", "count", "absent",
               "listed", "no-rule", "not", "truncated"]

#: which field of the fact base an input predicate comes from (for citing the record in a why-not)
FIELD_OF = {
    "signed": "signed", "signed_on": "signed", "deposited": "ratified", "deposit_window": "ratified",
    "at_war": "at_war", "at_war_since": "at_war", "at_war_via": "at_war", "un_declaration": "un_declaration",
    "un_declaration_on": "un_declaration", "formerly_part_of": "formerly_part_of",
    "rejected_treaty": "rejected_treaty", "occupied_and_damaged": "occupied_and_damaged",
    "greater_than_treaty": "greater_than_treaty", "settlement": "settlement", "notified_23b": "notified_23b",
}


class Node(BaseModel):
    model_config = ConfigDict(extra="forbid")

    holds: bool
    kind: Kind
    atom: str
    text: str
    article: str | None = None
    quote: str | None = None
    rule: str | None = None
    sources: list[str] = []
    tag: str | None = None
    note: str | None = None
    where: str | None = None
    reading: str | None = None
    children: list[Node] = []

    def leaves(self) -> list[Node]:
        if not self.children:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]


def show(value: Symbol | None, names: dict[str, str]) -> str:
    """A value as a reader wants it: a state's name, a date in ISO form, a string without quotes."""
    if value is None:
        return "_"
    if value.type == SymbolType.Number and 10000101 <= value.number <= 99991231:
        try:
            return number_date(value.number).isoformat()
        except ValueError:
            return str(value.number)
    if value.type == SymbolType.String:
        return value.string
    if value.type == SymbolType.Function and not value.arguments and value.name in names:
        return names[value.name]
    return str(value)


def excerpt(quote: str, limit: int = 280) -> str:
    return quote if len(quote) <= limit else quote[: limit - 1].rsplit(" ", 1)[0] + " …"


class Explainer:
    """Explains atoms of one answer set of `world`."""

    def __init__(self, world: World, atoms: frozenset[Symbol], lang: str = "en", max_depth: int = 14) -> None:
        self.world, self.facts = world, world.facts
        self.model = Model(atoms, world.ground_atoms)
        self.rules = rulebase.load()
        self.lang, self.max_depth = lang, max_depth
        field = {"zh": "zh_hant", "ja": "ja", "ko": "ko"}.get(lang, "en")  # names in the template's language
        entities = [*self.facts.states.items(), *self.facts.designations.items()]
        self.names = {k: getattr(v.names, field) or v.names.en for k, v in entities}
        self._why: dict[Symbol, Node] = {}
        self._not: dict[tuple, Node] = {}

    # -- text --------------------------------------------------------------------------------

    def fill(self, template: str | None, sub: dict[str, Symbol], fallback: str) -> str:
        if not template:
            return fallback
        out = template
        for name, value in sub.items():
            out = out.replace("{" + name + "}", show(value, self.names))
        return re.sub(r"\{[A-Z][A-Za-z0-9_]*\}", "…", out)  # a variable the failed attempt left unbound

    def fill_atom(self, template: str | None, atom: Symbol, sub: dict[str, Symbol], fallback: str) -> str:
        """A template may also name the conclusion's arguments by position: {1}, {2} ..."""
        if template and atom.type == SymbolType.Function:
            for i, value in enumerate(atom.arguments, start=1):
                template = template.replace("{" + str(i) + "}", show(value, self.names))
        return self.fill(template, sub, fallback)

    def _fact_leaf(self, atom: Symbol, origin: Provenance, holds: bool = True) -> Node:
        c = origin.claim
        value = {True: "yes", False: "no", None: "not known"}[c.value]
        when = f" ({c.date.isoformat()})" if c.date else ""
        option = f", option {origin.option}" if origin.option else ""
        subject = self.names.get(origin.subject, origin.subject)
        return Node(holds=holds, kind="fact", atom=str(atom),
                    text=f"{subject}, {origin.field.replace('_', ' ')}: {value}{when}{option}",
                    sources=list(c.sources), tag=c.tag, note=c.note, where=str(origin.where), reading=None)

    # -- why ---------------------------------------------------------------------------------

    def why(self, atom: Symbol, depth: int = 0) -> Node:
        if atom in self._why:
            return self._why[atom]
        node = self._why_uncached(atom, depth)
        self._why[atom] = node
        return node

    def _why_uncached(self, atom: Symbol, depth: int) -> Node:
        if depth > self.max_depth:
            return Node(holds=True, kind="truncated", atom=str(atom), text="(further steps omitted)")
        if atom.match("as_of", 1):
            return Node(holds=True, kind="given", atom=str(atom), text=f"the question is asked as of {show(atom.arguments[0], self.names)}")
        if atom.match("choose", 2):
            return self._reading_leaf(atom)
        origins = self.facts.translation.provenance.get(atom)
        if origins:
            if len(origins) == 1:
                return self._fact_leaf(atom, origins[0])
            return Node(holds=True, kind="fact", atom=str(atom), text=f"{atom}: recorded {len(origins)} times",
                        children=[self._fact_leaf(atom, o) for o in origins])
        if origins is not None:  # an input atom with no claim behind it: state(S)
            return Node(holds=True, kind="given", atom=str(atom), text=f"{show(atom.arguments[0], self.names) if atom.arguments else atom} is in the fact base")
        name, arity = (atom.name, len(atom.arguments)) if atom.type == SymbolType.Function else (str(atom), 0)
        for info in self.rules.defining(name, arity):
            for head in info.head_atoms():
                sub = unify(head, atom, {})
                if sub is None:
                    continue
                for final, steps in instances(info.body, sub, self.model):
                    if info.is_choice:
                        return Node(holds=True, kind="assumed", atom=str(atom), rule=info.where(), article=info.article,
                                    text=f"{atom}: the record does not settle this; this answer set takes it to hold",
                                    children=[self._step(s, depth) for s in steps])
                    # a rule with no body states what the treaty itself says (Art. 23(a) names ...)
                    return Node(holds=True, kind="rule" if info.body else "treaty", atom=str(atom),
                                rule=info.where(), article=info.article,
                                quote=excerpt(info.quote) if info.quote else None,
                                text=self.fill_atom(info.template(self.lang), atom, final, _head_text(info, final)),
                                reading=self._reading_of(steps),
                                children=[self._step(s, depth) for s in steps if self._worth(s)])
        return Node(holds=True, kind="given", atom=str(atom), text=f"{atom} (given)")

    def reason(self, atom: Symbol) -> str:
        """The template of the first rule instance that derives `atom`: a one-line reason."""
        name, arity = atom.name, len(atom.arguments)
        for info in self.rules.defining(name, arity):
            for head in info.head_atoms():
                sub = unify(head, atom, {})
                if sub is None or info.is_choice:
                    continue
                for final, _ in instances(info.body, sub, self.model):
                    return self.fill_atom(info.template(self.lang), atom, final, _head_text(info, final))
        return str(atom)

    def _reading_leaf(self, atom: Symbol) -> Node:
        group, option = atom.arguments
        if group.match("dispute", 1):
            (ident,) = group.arguments
            (subject,) = ident.arguments
            origins = [o for o in self.facts.translation.claims.get((subject.name, ident.name), []) if o.option == str(option)]
            label = f"{subject.name}.{ident.name}={option}"
            node = Node(holds=True, kind="reading", atom=str(atom), reading=label,
                        text=f"disputed fact {subject.name}.{ident.name}: this answer takes the option '{option}'")
            if origins:
                leaf = self._fact_leaf(atom, origins[0])
                node.sources, node.tag, node.note, node.where = leaf.sources, leaf.tag, leaf.note, leaf.where
            return node
        return Node(holds=True, kind="reading", atom=str(atom), reading=f"{group}={option}",
                    text=f"reading {group}={option} (see `treatyrules readings`)", rule=f"rules/readings/{group}.lp")

    def _reading_of(self, steps: list[Step]) -> str | None:
        labels = []
        for s in steps:
            if s.kind == "atom" and s.atom is not None and s.atom.match("choose", 2):
                g, o = s.atom.arguments
                labels.append(f"{g}={o}" if not g.match("dispute", 1) else f"{g.arguments[0].arguments[0]}.{g.arguments[0].name}={o}")
        return ", ".join(labels) or None

    @staticmethod
    def _worth(step: Step) -> bool:
        # bookkeeping atoms that every answer shares add nothing a reader can check
        return not (step.kind == "atom" and step.atom is not None and step.atom.match("state", 1))

    def _step(self, step: Step, depth: int) -> Node:
        if step.kind == "atom" and step.atom is not None:
            return self.why(step.atom, depth + 1)
        if step.kind == "not":
            what = str(step.atom) if step.atom is not None else str(step.pattern)
            return Node(holds=True, kind="absent", atom=what, text=f"not {self._pretty(what)}: it does not hold")
        if step.kind == "count":
            return Node(holds=True, kind="count", atom=step.text, text=f"counted: {step.text}",
                        children=[self.why(m, depth + 1) for m in step.members])
        return Node(holds=True, kind="test", atom=step.text, text=self._pretty(step.text))

    def _pretty(self, text: str) -> str:
        # dates inside a test read better in ISO form: 19520428 -> 1952-04-28
        words = []
        for word in text.split(" "):
            if word.isdigit() and len(word) == 8:
                try:
                    word = number_date(int(word)).isoformat()
                except ValueError:
                    pass
            words.append(word)
        return " ".join(words)

    # -- why not -----------------------------------------------------------------------------

    def why_not(self, name: str, args: list[Symbol | None], depth: int = 0) -> Node:
        key = (name, tuple(args))
        if key not in self._not:
            self._not[key] = self._why_not_uncached(name, args, depth)
        return self._not[key]

    def _pattern(self, name: str, args: list[Symbol | None]) -> str:
        return f"{name}({','.join('_' if a is None else str(a) for a in args)})" if args else name

    def _why_not_uncached(self, name: str, args: list[Symbol | None], depth: int) -> Node:
        pattern = self._pattern(name, args)
        held = [a for a in self.model.of(name, len(args))
                if all(x is None or x == y for x, y in zip(args, a.arguments))]
        if held:
            return self.why(held[0], depth)
        if depth > self.max_depth:
            return Node(holds=False, kind="truncated", atom=pattern, text="(further steps omitted)")
        if (name, len(args)) in self.rules.inputs and name in FIELD_OF:
            return self._missing(name, args, pattern)
        children = []
        listed: list[rulebase.RuleInfo] = []
        for info in self.rules.defining(name, len(args)):
            if info.is_choice:
                continue  # a choice only opens what the record leaves unsettled
            for head in info.head_atoms():
                sub = pattern_unify(head, name, args)
                if sub is None:
                    listed.append(info)
                    continue
                if not info.body:
                    continue
                attempts = failures(info.body, sub, self.model)
                if not attempts:
                    continue
                failure = attempts[0]
                children.append(Node(
                    holds=False, kind="rule", atom=pattern, rule=info.where(), article=info.article,
                    quote=excerpt(info.quote) if info.quote else None,
                    text="not met: " + self.fill(info.template(self.lang), failure.sub, _head_text(info, failure.sub)),
                    children=[self._failed(failure.literal, failure.sub, depth)],
                ))
        if children:
            return Node(holds=False, kind="not", atom=pattern, text=f"{pattern} does not hold", children=children)
        if listed:
            return self._listed(name, args, pattern, listed)
        return Node(holds=False, kind="no-rule", atom=pattern, text=f"no rule of the rule base concludes {pattern}")

    def _listed(self, name: str, args: list[Symbol | None], pattern: str, infos: list[rulebase.RuleInfo]) -> Node:
        """No rule's head fits: say what the rule base does conclude of this predicate."""
        heads = []
        for info in infos:
            text = _head_text(info, {})
            if not info.body:
                text = text.removesuffix(" (a fact of the rule base)")
            if text not in heads:
                heads.append(text)
        shown = ", ".join(heads[:12]) + (f" and {len(heads) - 12} more" if len(heads) > 12 else "")
        info = infos[0]
        return Node(holds=False, kind="listed", atom=pattern, rule=info.where(), article=info.article,
                    text=f"no rule gives {pattern}: the rule base concludes {name} only as {shown}",
                    quote=excerpt(info.quote) if info.quote else None)

    def _missing(self, name: str, args: list[Symbol | None], pattern: str) -> Node:
        subject = args[0].name if args and args[0] is not None and args[0].type == SymbolType.Function else None
        origins = self.facts.translation.claims.get((subject, FIELD_OF[name]), []) if subject else []
        who = self.names.get(subject or "", subject or "")
        field = FIELD_OF[name].replace("_", " ")
        if not origins:
            return Node(holds=False, kind="missing", atom=pattern,
                        text=f"{who}, {field}: the fact base records nothing, so it is not established")
        leaves = [self._fact_leaf(Function(name, [a for a in args if a is not None]), o, holds=False) for o in origins]
        if len(leaves) == 1:
            leaves[0].kind = "missing"
            return leaves[0]
        return Node(holds=False, kind="missing", atom=pattern, text=f"{who}, {field}: not established", children=leaves)

    def _failed(self, literal: ast.AST, sub: dict, depth: int) -> Node:
        atom = literal.atom
        if atom.ast_type == ast.ASTType.SymbolicAtom:
            term = atom.symbol
            if literal.sign == ast.Sign.NoSign:
                if term.ast_type == ast.ASTType.Function:
                    args = [evaluate(a, sub) for a in term.arguments]
                    return self.why_not(term.name, args, depth + 1)
                value = evaluate(term, sub)
                return self.why_not(str(value), [], depth + 1)
            ground = evaluate(term, sub)
            if ground is not None:
                node = self.why(ground, depth + 1)
            else:
                match = next((c for c in self.model.candidates(term) if unify(term, c, sub) is not None), None)
                node = self.why(match, depth + 1) if match is not None else Node(holds=True, kind="given", atom=str(term), text=str(term))
            return Node(holds=False, kind="not", atom=f"not {node.atom}", text=f"it fails because {node.atom} holds", children=[node])
        from .justify import _comparison_text
        if atom.ast_type == ast.ASTType.Comparison:
            return Node(holds=False, kind="test", atom=str(atom), text=f"fails: {self._pretty(_comparison_text(literal, sub))}")
        return Node(holds=False, kind="test", atom=str(atom), text=f"fails: {atom}")


def _head_text(info: rulebase.RuleInfo, sub: dict) -> str:
    """A rule's head with what is known of its variables: entitled(korea,"2","21")."""
    texts = []
    for head in info.head_atoms():
        value = evaluate(head, sub)
        if value is not None:
            texts.append(str(value))
            continue
        if head.ast_type == ast.ASTType.Function:
            args = [evaluate(a, sub) for a in head.arguments]
            texts.append(f"{head.name}({','.join('_' if a is None else str(a) for a in args)})")
        else:
            texts.append(str(head))
    return " | ".join(texts)


# -- the question `explain --state S --article A` ----------------------------------------------


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")
    state: dict[str, str]
    article: str
    as_of: dt.date
    readings: dict[str, str] = {}


class Explanation(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_: str = Field(EXPLAIN_SCHEMA, alias="schema")
    question: Question
    answer: Literal["entitled", "not entitled", "under some readings", "undetermined", "not modelled"]
    summary: str
    why: list[Node] = []
    why_not: list[Node] = []

    def model_dump_public(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)


def _strings(symbols: frozenset[Symbol], name: str) -> set[str]:
    return {a.arguments[0].string for a in symbols if a.match(name, 1) and a.arguments[0].type == SymbolType.String}


def explain(world: World, entity_id: str, entity_name: str, kind: str, article: str, lang: str = "en") -> Explanation:
    """Why `entity` is, or is not, entitled to the benefits of `article` as of the world's date."""
    question = Question(state={"id": entity_id, "name": entity_name, "kind": kind}, article=article,
                        as_of=world.as_of, readings=dict(world.fixed))
    base = world.base
    benefit = _strings(base.brave, "benefit_article")
    asked = article
    if article not in benefit and article.split("(")[0] in benefit:
        asked = article.split("(")[0]  # the rule base takes the benefits of Art. 2 as a whole
    if asked not in benefit:
        modelled = _strings(base.cautious, "not_modelled")
        why = "the rule base does not encode it" if article in modelled or article.split("(")[0] in modelled else \
            "it confers no benefit the rule base knows of"
        return Explanation(question=question, answer="not modelled",
                           summary=f"Art. {article} is not modelled: {why}; the answer is neither yes nor no.")
    me = Function(entity_id, [])

    def wanted(atom: Symbol) -> bool:
        if atom.match("entitled", 3):
            return atom.arguments[0] == me and atom.arguments[1].type == SymbolType.String and atom.arguments[1].string == asked
        return asked == "26" and atom.match("extended", 3) and atom.arguments[0] == me

    verdicts = world.verdicts(wanted)
    whys = []
    for atom, verdict in sorted(verdicts.items()):
        conditions: list[Condition] = list(verdict.under[0]) if verdict.under else []
        atoms = world.model(conditions, [(atom, True)])
        if atoms is None:
            continue
        node = Explainer(world, atoms, lang).why(atom)
        if verdict.holds != "all":
            node = node.model_copy(update={"reading": " or ".join(" and ".join(c.label() for c in alt) for alt in verdict.under) or node.reading})
        whys.append((verdict, node))
    why_nots: list[Node] = []
    if not any(v.holds == "all" for v, _ in whys):
        # explain the absence in a world where it fails
        present = [(a, False) for a in verdicts]
        atoms = world.model((), present) or world.model()
        if atoms is not None:
            explainer = Explainer(world, atoms, lang)
            why_nots.append(explainer.why_not("entitled", [me, String(asked), None]))
            excluded = next((a for a in atoms if a.match("excluded", 2) and a.arguments[0] == me), None)
            if excluded is not None:
                why_nots.insert(0, explainer.why(excluded))
    holds = {v.holds for v, _ in whys}
    name = entity_name
    if "all" in holds:
        answer, summary = "entitled", f"{name} is entitled to the benefits of Art. {asked}."
    elif "some" in holds:
        answer, summary = "under some readings", f"{name} is entitled to the benefits of Art. {asked} under some readings only."
    elif "undetermined" in holds:
        answer, summary = "undetermined", f"Whether {name} is entitled to the benefits of Art. {asked} turns on facts the record does not settle."
    else:
        answer, summary = "not entitled", f"{name} is not entitled to the benefits of Art. {asked}."
    if asked != article:
        summary += f" (Asked about Art. {article}: the rule base takes the benefits of Art. {asked} as a whole.)"
    return Explanation(question=question, answer=answer, summary=summary, why=[n for _, n in whys], why_not=why_nots)



def traces(world: World, entity_id: str, result: Any) -> list[Node]:
    """`entitled --explain`: the why of each entitlement, or the why-not of an empty answer."""
    me = Function(entity_id, [])
    nodes: list[Node] = []
    explainers: dict[tuple, Explainer | None] = {}

    def explainer(conditions: tuple[Condition, ...]) -> Explainer | None:
        if conditions not in explainers:
            atoms = world.model(conditions)
            explainers[conditions] = Explainer(world, atoms) if atoms is not None else None
        return explainers[conditions]

    wanted = {(e.article, e.basis, e.advantage) for e in result.entitlements}
    verdicts = world.verdicts(lambda a: (a.match("entitled", 3) or a.match("extended", 3)) and a.arguments[0] == me)
    for atom, verdict in sorted(verdicts.items()):
        args = [a.string if a.type == SymbolType.String else str(a) for a in atom.arguments[1:]]
        key = (args[0], args[1], None) if atom.name == "entitled" else ("26", args[1], args[0])
        if key not in wanted:
            continue
        found = explainer(tuple(verdict.under[0]) if verdict.under else ())
        if found is not None:
            nodes.append(found.why(atom))
    if not nodes:
        found = explainer(())
        if found is not None:
            nodes.append(found.why_not("entitled", [me, None, None]))
    return nodes

"""Text output: rich tables on a terminal, plain lines when piped or under NO_COLOR."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .answer import Cited, Conclusion, EntitledAnswer, Entitlement

if TYPE_CHECKING:
    from rich.console import Console


def stdout() -> Console:
    plain = not sys.stdout.isatty() or "NO_COLOR" in os.environ
    if plain:
        return PlainConsole()  # type: ignore[return-value]
    from rich.console import Console

    return Console(no_color=False, highlight=False, soft_wrap=True, force_terminal=None)


#: what rich could read as markup ([bold], [/red], \[), an emoji code (:flag_jp:), or a character
#: it rewrites (tabs, control codes, whitespace ending a line): such a line is left to rich
_MARKUP = re.compile(r"\[[a-z#/@]|\\")
_PLAIN_REWRITES = re.compile(r":\S*:|[\t\x07\x08\x0b\x0c\x0d]|\s(?=\n)|\s$")
_BOLD = re.compile(r"\[bold\]([^\[\\]*)\[/bold\]")


class PlainConsole:
    """rich's Console as stdout() makes it for plain output (no colour, soft wrap, no highlighting),
    without importing rich, a fifth of start-up: a line of text is written as rich would print it
    (a [bold] tag dropped), and anything else, or any line rich could change, goes to rich."""

    no_color = True
    is_terminal = False

    def __init__(self) -> None:
        self._rich: Console | None = None

    def print(self, *objects: Any, markup: bool | None = None, highlight: bool | None = None,
              soft_wrap: bool | None = None, **options: Any) -> None:
        text = objects[0] if len(objects) == 1 and isinstance(objects[0], str) else None
        if text is not None and not options and not highlight and soft_wrap is not False:
            if markup is not False:
                text = _BOLD.sub(r"\1", text)
                if _MARKUP.search(text):
                    text = None
            if text is not None and not _PLAIN_REWRITES.search(text):
                sys.stdout.write(text + "\n")
                return
        if self._rich is None:
            from rich.console import Console

            self._rich = Console(no_color=True, highlight=False, soft_wrap=True, force_terminal=False)
        self._rich.print(*objects, markup=markup, highlight=highlight, soft_wrap=soft_wrap, **options)


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def _cites(items: Iterable[Cited]) -> str:
    parts = []
    for c in items:
        value = {True: "yes", False: "no", None: "not known"}[c.value]
        when = f" {c.date.isoformat()}" if c.date else ""
        option = f" ({c.option})" if c.option else ""
        parts.append(f"{value}{when}{option} [{', '.join(c.sources)}; {c.tag}]")
    return "; ".join(parts) if parts else "no record"


def verdict_text(c: Conclusion | None) -> str:
    if c is None:
        return "no"
    if c.holds == "all":
        return "yes"
    if c.holds == "some":
        return "under some readings: " + " or ".join(" and ".join(alt) for alt in c.under)
    needs = ", ".join(n.fact for n in c.needs)
    under = (" if " + " or ".join(" and ".join(alt) for alt in c.under)) if c.under else ""
    return f"undetermined{under} (turns on {needs or 'facts not recorded'})"


def _entitlement_line(e: Entitlement) -> tuple[str, str, str, str]:
    article = f"Art. {e.article}" + (f" ({e.advantage})" if e.advantage else "")
    under = " or ".join(" and ".join(a) for a in e.under)
    if e.holds == "undetermined":
        condition = "turns on " + ", ".join(n.fact for n in e.needs) + (f", under {under}" if under else "")
        return article, f"Art. {e.basis}", condition, "if it holds: " + e.reason
    return article, f"Art. {e.basis}", "all readings" if e.holds == "all" else under, e.reason


def entitled_text(answer: EntitledAnswer, console: Console) -> None:
    s = answer.status
    kind = "designation in Art. 21" if answer.state.kind == "designation" else "state"
    console.print(f"[bold]{answer.state.name}[/bold] ({kind}), as of {answer.as_of.isoformat()}")
    if answer.readings:
        console.print("readings fixed: " + ", ".join(f"{k}={v}" for k, v in answer.readings.items()))
    if answer.state.kind == "state":
        console.print(f"  signed: {_cites(s.signed)}")
        console.print(f"  ratified (deposit): {_cites(s.ratified)}")
        console.print(f"  at war with Japan: {_cites(s.at_war)}")
        if s.formerly_part_of:
            console.print(f"  formerly part of: {_cites(s.formerly_part_of)}")
        start = f" from {s.in_force_from.isoformat()}" if s.in_force_from else ""
        console.print(f"  Treaty in force for it: {verdict_text(s.in_force)}{start if s.in_force else ''}")
    limbs = f" ({', '.join(s.allied_power_limbs)})" if s.allied_power_limbs and s.allied_power else ""
    console.print(f"  Allied Power (Art. 25): {verdict_text(s.allied_power)}{limbs}")
    if s.designations_held:
        console.print(f"  holds the designation: {', '.join(s.designations_held)} (Art. 21)")
    if s.not_allied_because and answer.state.kind == "state":
        console.print(f"  not an Allied Power (Art. 25), because: {s.not_allied_because}", markup=False)
    if s.excluded is not None and not answer.entitlements:
        why = "it is not an Allied Power" if s.excluded.holds == "all" else verdict_text(s.excluded)
        console.print(f"  Art. 25, second sentence: the Treaty confers no rights, titles or benefits on it: {why}")
    _table(console, "Entitled to the benefits of", answer.entitlements)
    if not answer.entitlements:
        console.print("Entitled to: nothing under the Treaty as of this date.")
    _table(console, "Undetermined (a fact the record does not settle)", answer.undetermined)
    for o in answer.obligations:
        holds = "" if o.holds == "all" else f" ({verdict_text(o)})"
        console.print(f"Obligation of Japan (Art. {o.article}): to be prepared to conclude a bilateral treaty of "
                      f"peace, until {o.until.isoformat()} at the latest{holds}; {o.note}.")
    for e in answer.obligations_ended:
        how = f"fulfilled by {e.settlement}" if e.settlement else "expired"
        console.print(f"Obligation of Japan (Art. {e.article}) ended on {e.on.isoformat()}: {how}.")
    if answer.not_modelled:
        console.print("Not modelled (answered neither yes nor no): Art. " + ", ".join(answer.not_modelled))
    if answer.explanation:
        console.print("Explanation:")
        for node in answer.explanation:
            _plain_tree(node, console, "  ", set())


def _table(console: Console, title: str, rows: list[Entitlement]) -> None:
    if not rows:
        return
    if console.no_color or not console.is_terminal:
        console.print(title + ":")
        for article, basis, holds, reason in map(_entitlement_line, rows):
            console.print(f"  {article:<12} basis {basis:<9} {holds:<14} {reason}")
        return
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for column in ("article", "basis", "holds under", "reason"):
        table.add_column(column)
    for row in map(_entitlement_line, rows):
        table.add_row(*row)
    console.print(table)


def states_text(answer, console: Console) -> None:
    first = answer.first_entry_into_force
    console.print(f"As of {answer.as_of.isoformat()}; the Treaty first came into force on "
                  f"{first.isoformat() if first else '(not yet)'} (Art. 23(a))")
    rows = []
    for row in answer.states:
        start = row.in_force_from.isoformat() if row.in_force_from else ""
        in_force = verdict_text(row.in_force) + (f" from {start}" if row.in_force and start else "")
        limbs = f" ({', '.join(row.allied_power_limbs)})" if row.allied_power else ""
        rows.append((row.name, _cites(row.signed), _cites(row.ratified), in_force, verdict_text(row.allied_power) + limbs))
    headers = ("state", "signed", "ratified (deposit)", "in force", "Allied Power (Art. 25)")
    if console.no_color or not console.is_terminal:
        for name, signed, ratified, in_force, allied in rows:
            console.print(f"{name}: Allied Power: {allied}; in force: {in_force}; signed: {signed}; ratified: {ratified}")
        return
    from rich.table import Table

    table = Table()
    for h in headers:
        table.add_column(h)
    for r in rows:
        table.add_row(*r)
    console.print(table)


def readings_text(answer, console: Console) -> None:
    for reading in answer.readings:
        console.print(f"[bold]{reading.name}[/bold] ({reading.kind}): {reading.title}")
        if reading.question:
            console.print(f"  {reading.question}")
        for option in reading.options:
            console.print(f"  {reading.name}={option.option}: {option.authority}", markup=False)


def _node_label(node) -> str:
    mark = "" if node.holds else "✗ "
    parts = [f"{mark}{node.text}"]
    if node.article and node.kind in ("rule", "treaty", "listed"):
        parts.append(f"[{node.article}; {node.rule}]")
    if node.reading:
        parts.append(f"(under {node.reading})")
    if node.sources:
        parts.append(f"[{', '.join(node.sources)}; {node.tag}]")
    if node.where and node.kind in ("fact", "missing"):
        parts.append(f"<{node.where}>")
    return " ".join(parts)


def _plain_tree(node, console: Console, indent: str, seen: set[int], quoted: str | None = None) -> None:
    console.print(indent + "- " + _node_label(node), markup=False, highlight=False)
    if node.quote and node.kind in ("rule", "treaty", "listed") and node.quote != quoted:
        console.print(indent + f'    "{node.quote}"', markup=False, highlight=False)
        quoted = node.quote
    if id(node) in seen and node.children:
        console.print(indent + "    (as above)", markup=False)
        return
    seen.add(id(node))
    for child in node.children:
        _plain_tree(child, console, indent + "    ", seen, quoted)


def explanation_text(result, console: Console) -> None:
    from rich.markup import escape
    from rich.tree import Tree

    q = result.question
    console.print(f"{result.summary}", markup=False)
    console.print(f"(as of {q.as_of.isoformat()}" + (f"; readings fixed: {q.readings}" if q.readings else "") + ")", markup=False)
    sections = (("Why", result.why), ("Why not", result.why_not))
    plain = console.no_color or not console.is_terminal
    for title, nodes in sections:
        if not nodes:
            continue
        console.print(f"{title}:")
        for node in nodes:
            if plain:
                _plain_tree(node, console, "", set())
                continue
            tree = Tree(escape(_node_label(node)))

            def grow(branch, n, quoted=None):
                if n.quote and n.kind in ("rule", "treaty", "listed") and n.quote != quoted:
                    branch.add(f'[italic]"{escape(n.quote)}"[/italic]')
                    quoted = n.quote
                for child in n.children:
                    grow(branch.add(escape(_node_label(child)), style=None if child.holds else "red"), child, quoted)

            grow(tree, node)
            console.print(tree)


def explanation_dot(result) -> None:
    lines = ["digraph explanation {", '  rankdir=TB; node [shape=box, fontname="Helvetica", fontsize=10];']
    ids: dict[int, str] = {}

    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'

    def visit(node) -> str:
        if id(node) in ids:
            return ids[id(node)]
        name = f"n{len(ids)}"
        ids[id(node)] = name
        color = "black" if node.holds else "red"
        shape = "ellipse" if node.kind in ("fact", "missing", "reading", "given") else "box"
        label = _node_label(node)
        if node.quote and node.kind == "rule":
            label += "\n\"" + node.quote[:120] + "\""
        lines.append(f"  {name} [label={quote(label)}, color={color}, shape={shape}];")
        for child in node.children:
            lines.append(f"  {name} -> {visit(child)};")
        return name

    root = "q"
    lines.append(f"  q [label={quote(result.summary)}, shape=doubleoctagon];")
    for node in [*result.why, *result.why_not]:
        lines.append(f"  {root} -> {visit(node)};")
    lines.append("}")
    sys.stdout.write("\n".join(lines) + "\n")

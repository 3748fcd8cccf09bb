"""The command line: `treatyrules entitled --state Korea`, and the rest.

Errors a user can make are `TreatyRulesError`s: printed on stderr in one line, exit 2, no
traceback. Data goes to stdout, everything else to stderr.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from .errors import InputError, TreatyRulesError

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="What the 1951 Treaty of Peace with Japan gives, and does not give, to each state.",
)


class _Stderr:
    """rich's Console, imported on first use: a run that prints no error need not load it."""

    console = None

    def __getattr__(self, name: str):  # noqa: ANN204
        if _Stderr.console is None:
            from rich.console import Console

            _Stderr.console = Console(stderr=True, highlight=False, emoji=False)
        return getattr(_Stderr.console, name)


stderr = _Stderr()


class Format(str, enum.Enum):
    text = "text"
    json = "json"


StateOpt = Annotated[str, typer.Option("--state", "-s", help="A state or designation, in any language: Korea, 韓國, USSR, 蘇聯 ...")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="The date the question is about (ISO 8601, YYYY-MM-DD). Default: today.")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="text (default) or json.")]
ReadingOpt = Annotated[list[str] | None, typer.Option("--reading", "-r", help="Fix a reading or disputed fact: NAME=OPTION (repeatable). See `treatyrules readings`.")]
FactsOpt = Annotated[Path | None, typer.Option("--facts", help="Read this fact base folder instead of the shipped one.")]
AssumeOpt = Annotated[list[str] | None, typer.Option("--assume", help="For this question only, assume a fact: STATE.FIELD=VALUE, VALUE true, false, unknown or a date YYYY-MM-DD (true on that date); repeatable. No file is changed.")]
RetractOpt = Annotated[list[str] | None, typer.Option("--retract", help="For this question only, set aside a recorded fact: STATE.FIELD (repeatable).")]


@contextlib.contextmanager
def reporting() -> Iterator[None]:
    """Turn the user's mistakes into one line on stderr and exit 2; never a traceback."""
    try:
        yield
    except TreatyRulesError as exc:
        first, *rest = str(exc).splitlines() or [""]
        from rich.markup import escape  # the message quotes the user's input: "[/red]" is text

        stderr.print(f"[red]error[/red]: {escape(first)}", markup=True, soft_wrap=True)
        for line in rest:
            stderr.print(f"  {line}", markup=False, soft_wrap=True)
        raise typer.Exit(code=exc.exit_code) from None


def parse_date(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--as-of {text!r} is not a date: write it as YYYY-MM-DD, e.g. 1953-01-01") from None
    if not dt.date(1900, 1, 1) <= day <= dt.date(2999, 12, 31):
        raise InputError(f"--as-of {text}: give a date between 1900-01-01 and 2999-12-31")
    return day


def parse_readings(items: list[str] | None) -> dict[str, str]:
    fixed: dict[str, str] = {}
    for item in items or []:
        name, sep, option = item.partition("=")
        if not sep or not name.strip() or not option.strip():
            raise InputError(f"--reading {item!r}: write it as NAME=OPTION, e.g. china=roc")
        fixed[name.strip()] = option.strip()
    return fixed


@app.command()
def entitled(state: StateOpt, as_of: AsOfOpt = None, format: FormatOpt = Format.text,
             reading: ReadingOpt = None, facts: FactsOpt = None,
             assume: AssumeOpt = None, retract: RetractOpt = None,
             explain: Annotated[bool, typer.Option("--explain", help="Print the trace under every entitlement, and the why-not under an empty answer.")] = False) -> None:
    """What the Treaty entitles a state to, on which article, and why; as of a date."""
    from . import answer, render, session

    with reporting():
        query = session.Session.open(facts, parse_date(as_of), parse_readings(reading))
        if assume or retract:  # scenario.py is imported only for a what-if: start-up stays small
            from . import scenario

            query = scenario.assuming(query, assume, retract)
            # the answer is not the record's: say so, off stdout
            stderr.print("what-if: assuming " + ", ".join([*(assume or []), *(f"no {r}" for r in retract or [])])
                         + " (the fact base is unchanged)", markup=False, soft_wrap=True)
        entity = query.names.find(state)
        query = query.about(entity.id)  # only the facts this state's answer needs
        result = answer.entitled(query.world, entity)
        if explain:
            from .explain import traces

            result = result.model_copy(update={"explanation": traces(query.world, entity.id, result)})
        if format is Format.json:
            render.print_json(result.model_dump_public())
        else:
            render.entitled_text(result, render.stdout())


def main() -> None:
    # pydantic validates and serialises here, nothing more: looking for plugins in every installed
    # package's metadata would cost each run a tenth of its start-up (set the variable to opt in)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app()


@app.callback()
def _root(
    max_atoms: Annotated[int | None, typer.Option(
        "--max-atoms", envvar="TREATYRULES_MAX_ATOMS", min=1,
        help="Refuse a question whose facts or grounding exceed this many atoms (default 5,000,000).")] = None,
    timeout: Annotated[float | None, typer.Option(
        "--timeout", envvar="TREATYRULES_TIMEOUT", min=0.001,
        help="Refuse a question when one solver call takes longer than this many seconds (default 60).")] = None,
) -> None:
    """What the 1951 Treaty of Peace with Japan gives, and does not give, to each state."""
    from . import session

    session.set_limits(max_atoms, timeout)  # on every run: one run's limits must not outlive it


@app.command()
def states(as_of: AsOfOpt = None, allied: Annotated[bool, typer.Option("--allied", help="Only the Allied Powers (under some reading at least).")] = False,
           format: FormatOpt = Format.text, reading: ReadingOpt = None, facts: FactsOpt = None) -> None:
    """Every state in the fact base, with its status under Arts. 23 and 25."""
    from . import listing, render, session

    with reporting():
        query = session.Session.open(facts, parse_date(as_of), parse_readings(reading))
        result = listing.states(query.facts, query.as_of, query.fixed, session.LIMITS, allied_only=allied)
        if format is Format.json:
            render.print_json(result.model_dump_public())
        else:
            render.states_text(result, render.stdout())


@app.command()
def readings(format: FormatOpt = Format.text, facts: FactsOpt = None) -> None:
    """The readings and disputed facts the engine answers across, with their authorities."""
    from . import listing, render, session

    with reporting():
        query = session.Session.open(facts, parse_date(None))
        result = listing.readings(query.world)
        if format is Format.json:
            render.print_json(result.model_dump_public())
        else:
            render.readings_text(result, render.stdout())


@app.command()
def check(facts: FactsOpt = None) -> None:
    """Validate a fact base: schema, references between files, dates in order, and the states the rules name."""
    from . import listing, session

    with reporting():
        query = session.Session.open(facts, parse_date(None))
        summary = listing.check(query.world)
        typer.echo(summary)


class TraceFormat(str, enum.Enum):
    text = "text"
    json = "json"
    dot = "dot"


@app.command()
def explain(state: StateOpt, article: Annotated[str, typer.Option("--article", "-a", help="The article, as the treaty writes it: 2, 14(a)2 (also 14a2, 14.a.2).")],
            as_of: AsOfOpt = None,
            format: Annotated[TraceFormat, typer.Option("--format", "-f", help="text (default), json or dot (Graphviz).")] = TraceFormat.text,
            reading: ReadingOpt = None, facts: FactsOpt = None,
            lang: Annotated[str, typer.Option("--lang", help="Language of the rule templates: en, zh or ja (English where no other is written).")] = "en") -> None:
    """Why a state is, or is not, entitled to the benefits of an article: the trace down to the treaty's words and each fact's source."""
    from . import explain as explaining
    from . import names, render, session

    with reporting():
        query = session.Session.open(facts, parse_date(as_of), parse_readings(reading))
        entity = query.names.find(state)
        query = query.about(entity.id)  # only the facts this state's answer needs
        result = explaining.explain(query.world, entity.id, entity.name, entity.kind, names.article_id(article), lang)
        if format is TraceFormat.json:
            render.print_json(result.model_dump_public())
        elif format is TraceFormat.dot:
            render.explanation_dot(result)
        else:
            render.explanation_text(result, render.stdout())


@app.command()
def whatif(scenario: Annotated[Path | None, typer.Option("--scenario", help="A scenario file (treatyrules.scenario/1; see scenarios/).")] = None,
           assume: AssumeOpt = None, retract: RetractOpt = None,
           state: Annotated[str | None, typer.Option("--state", "-s", help="Only this state's difference.")] = None,
           as_of: AsOfOpt = None, format: FormatOpt = Format.text, reading: ReadingOpt = None, facts: FactsOpt = None) -> None:
    """What a scenario changes: the states whose answer differs from the real world's, and why."""
    from . import render
    from . import scenario as scenarios

    with reporting():
        day = parse_date(as_of) if as_of is not None else None  # else the scenario's as_of, else today
        result = scenarios.whatif(facts, scenario, assume, retract, day, parse_readings(reading), state)
        if format is Format.json:
            render.print_json(result.model_dump_public())
        else:
            scenarios.whatif_text(result, render.stdout())


@app.command()
def territory(name: Annotated[str, typer.Argument(help="A place, in any language: Formosa, Taiwan, 臺灣, Kurile Islands, Dokdo, 竹島, Senkaku ...")],
              as_of: AsOfOpt = None,
              reading: ReadingOpt = None,
              format: Annotated[TraceFormat, typer.Option("--format", "-f", help="text (default), json or dot (Graphviz).")] = TraceFormat.text,
              facts: FactsOpt = None) -> None:
    """What Arts. 2 and 3 did with a place: the paragraph, what Japan gave up, who takes the benefit and who does not."""
    from . import render, session
    from . import territory as territories

    with reporting():
        query = session.Session.open(facts, parse_date(as_of), parse_readings(reading))
        place = territories.find_place(query.facts, name)
        result = territories.territory(query.world, place, name)
        if format is TraceFormat.json:
            render.print_json(result.model_dump_public())
        elif format is TraceFormat.dot:
            typer.echo(territories.dot(result), nl=False)
        else:
            territories.text(result, render.stdout())

"""Plain output without rich: `render.PlainConsole` prints every line exactly as the rich Console
it stands in for would, markup, emoji codes, control characters and trailing blanks included."""

from __future__ import annotations

import contextlib
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from treatyrules import render

#: the characters rich's markup, emoji codes and line handling turn on, and some plain ones
PIECES = [*"[]/\\:#@ \t\n\r\x07abdlo_R1.;()éー臺", "[bold]", "[/bold]", ":smile:", "Art. 25: ", "\u3000"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)


def printed(console_of, text: str, markup: bool | None) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            console_of().print(text, markup=markup, highlight=False)
        except Exception as exc:  # rich refuses some markup: the plain console must refuse it too
            return f"{type(exc).__name__}"
    return out.getvalue()


def rich_console() -> Console:  # what render.stdout() made before PlainConsole
    return Console(no_color=True, highlight=False, soft_wrap=True, force_terminal=False)


@settings(max_examples=2000, deadline=None)
@given(TEXT, st.sampled_from([None, True, False]))
def test_plain_console_prints_as_rich_does(text: str, markup: bool | None) -> None:
    assert printed(render.PlainConsole, text, markup) == printed(rich_console, text, markup)


def test_piped_output_uses_the_plain_console() -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        assert isinstance(render.stdout(), render.PlainConsole)

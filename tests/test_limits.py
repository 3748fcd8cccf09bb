"""Limits on grounding and solving: `--max-atoms` and `--timeout` (or TREATYRULES_MAX_ATOMS and
TREATYRULES_TIMEOUT) refuse a question that would pass them, with exit 2 and a clear message."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from treatyrules import session
from treatyrules.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(autouse=True)
def defaults_after(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    yield
    session.set_limits()  # the limits live in the process: leave the defaults for the next test


def refused(*args: str, env: dict | None = None) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


def test_too_many_facts() -> None:
    assert "error: the fact base has" in refused("--max-atoms", "10", "entitled", "--state", "Korea")
    assert "the limit is 10" in refused("entitled", "--state", "Korea", env={"TREATYRULES_MAX_ATOMS": "10"})


def test_too_many_ground_atoms() -> None:
    out = refused("--max-atoms", "1500", "states")  # more facts than that would fail earlier
    assert "error: grounding produced" in out and "the limit is 1,500" in out


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    return generate.generate(tmp_path_factory.mktemp("bench") / "world", 300)


def test_a_solver_call_that_takes_too_long(world: Path) -> None:
    out = refused("--timeout", "0.001", "entitled", "--state", "Synthland 1", "--facts", str(world))
    assert "error: solving took longer than 0.001 s" in out
    out = refused("entitled", "--state", "Synthland 1", "--facts", str(world), env={"TREATYRULES_TIMEOUT": "0.001"})
    assert "solving took longer" in out


@pytest.mark.parametrize("args,env", [
    (["--timeout", "0"], None), (["--timeout", "soon"], None), (["--max-atoms", "-5"], None),
    ([], {"TREATYRULES_TIMEOUT": "abc"}), ([], {"TREATYRULES_MAX_ATOMS": "1e9"}),
])
def test_a_bad_limit_is_a_usage_error(args: list[str], env: dict | None) -> None:
    out = refused(*args, "entitled", "--state", "Korea", env=env)
    assert "--timeout" in out or "--max-atoms" in out


def test_the_next_run_has_the_default_limits_again() -> None:
    refused("--max-atoms", "10", "entitled", "--state", "Korea")
    assert runner.invoke(app, ["entitled", "--state", "Korea"]).exit_code == 0


def test_a_timeout_too_large_to_wait_for_is_no_limit_and_the_next_one_still_holds(world: Path) -> None:
    # 1e309 is infinity: no deadline, and no wait the clock cannot express (hypothesis found the
    # watchdog thread dying of it, after which no later limit held)
    for timeout in ("1e309", "1e300"):
        result = runner.invoke(app, ["--timeout", timeout, "states"])
        assert result.exit_code == 0, result.output
    out = refused("--timeout", "0.001", "entitled", "--state", "Synthland 1", "--facts", str(world))
    assert "solving took longer than 0.001 s" in out

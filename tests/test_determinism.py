"""The same question gives byte-identical output across runs, whatever Python's hash seed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

QUESTIONS = [
    ["entitled", "--state", "Korea"],
    ["entitled", "--state", "France", "--as-of", "1960-01-01"],
    ["entitled", "--state", "Syria", "--as-of", "1960-01-01"],
    ["entitled", "--state", "USSR", "--as-of", "1953-01-01"],
    ["states", "--as-of", "1960-01-01"],
    ["readings"],
]


def run(args: list[str], seed: str, cache: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed, "XDG_CACHE_HOME": cache, "NO_COLOR": "1", "COLUMNS": "120"}
    done = subprocess.run([sys.executable, "-c", "from treatyrules.cli import main; main()", *args],
                          capture_output=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@pytest.mark.parametrize("args", QUESTIONS, ids=lambda a: " ".join(a[:3]))
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_byte_identical_across_hash_seeds(args: list[str], fmt: str, tmp_path) -> None:
    args = [*args, "--format", fmt]
    # the second run reads the fact base from the cache the first wrote: that must not matter either
    first = run(args, "1", str(tmp_path))
    assert run(args, "4242", str(tmp_path)) == first

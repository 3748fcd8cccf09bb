"""The fact-base cache: identical answers, a miss whenever anything it depends on changes, and no
file loaded that this user's treatyrules did not write."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import clingo
import pytest

from treatyrules import answer, cache, facts
from treatyrules.engine import World
from treatyrules.names import NameIndex

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def root(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TREATYRULES_CACHE", raising=False)
    copy = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", copy)
    return copy


class Counting:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, root: Path) -> facts.FactBase:
        self.calls += 1
        return facts.load(root)


def test_a_cached_fact_base_gives_identical_answers(root: Path) -> None:
    fresh = facts.load(root)
    cache.load(root, facts.load)  # writes
    loader = Counting()
    cached = cache.load(root, loader)
    assert loader.calls == 0, "the second load should come from the cache"
    assert cached.states == fresh.states and cached.settlements == fresh.settlements
    assert cached.where == fresh.where and cached.sources == fresh.sources
    assert cached.translation.atoms == fresh.translation.atoms
    assert cached.translation.provenance == fresh.translation.provenance
    assert cached.translation.claims == fresh.translation.claims
    import datetime as dt

    day = dt.date(1960, 1, 1)
    for name in ("Korea", "France", "Syria", "USSR"):
        one = answer.entitled(World(fresh, day), NameIndex.of(fresh).find(name))
        two = answer.entitled(World(cached, day), NameIndex.of(cached).find(name))
        assert one.model_dump_public() == two.model_dump_public()


def test_a_cached_fact_base_unpickles_only_the_states_it_is_asked_for(root: Path) -> None:
    cache.load(root, facts.load)
    cached = cache.load(root, Counting())
    assert isinstance(cached.states, cache.Records) and len(cached.states) == len(facts.load(root).states)
    assert "france" in cached.states and not cached.states._read  # the keys are known, no record is read
    assert cached.states["france"] == facts.load(root).states["france"]
    assert list(cached.states._read) == ["france"]
    assert cached.names.find("Korea").id == "korea"  # the name index comes with the cache, built
    with pytest.raises(KeyError):
        cached.states["narnia"]


def test_an_edited_added_or_removed_file_misses(root: Path) -> None:
    cache.load(root, facts.load)
    loader = Counting()
    path = root / "states" / "france.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("French Republic", "French Republik"), encoding="utf-8")
    assert "French Republik" in cache.load(root, loader).states["france"].aliases
    assert loader.calls == 1
    shutil.copy(root / "states" / "france.yaml", root / "states" / "france_copy.yaml")
    with pytest.raises(Exception, match="defined twice"):
        cache.load(root, loader)
    (root / "states" / "france_copy.yaml").unlink()
    cache.load(root, loader)  # the files are again those cached after the edit: a hit
    assert loader.calls == 2


def _cache_file(root: Path) -> Path:
    (file,) = cache.directory().glob("facts-*.pickle")
    return file


@pytest.mark.parametrize("damage", ["digest", "magic", "key", "truncated", "group-writable", "foreign pickle"])
def test_a_damaged_or_foreign_cache_file_is_never_loaded(root: Path, damage: str) -> None:
    cache.load(root, facts.load)
    file = _cache_file(root)
    data = file.read_bytes()
    if damage == "digest":
        file.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "magic":
        file.write_bytes(b"x" + data)
    elif damage == "key":
        file.write_bytes(data.replace(cache.key(root).encode(), b"0" * 64, 1))
    elif damage == "truncated":
        file.write_bytes(data[: len(data) // 2])
    elif damage == "group-writable":
        os.chmod(file, 0o664)
    else:  # a well-formed header over someone else's pickle: only ownership and mode stop it
        import hashlib

        payload = pickle.dumps(("not", "a", "fact", "base"))
        header = b"".join([cache.MAGIC, cache.FORMAT, b"\n", cache.key(root).encode(), b"\n",
                           hashlib.sha256(payload).hexdigest().encode(), b"\n"])
        file.write_bytes(header + payload)
        os.chmod(file, 0o666)
    loader = Counting()
    assert isinstance(cache.load(root, loader), facts.FactBase)
    assert loader.calls == 1


def test_an_unwritable_cache_is_skipped_silently(root: Path, tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    loader = Counting()
    assert cache.load(root, loader).states
    assert cache.load(root, loader).states
    assert loader.calls == 2


def test_the_cache_can_be_switched_off(root: Path, monkeypatch) -> None:
    monkeypatch.setenv("TREATYRULES_CACHE", "0")
    loader = Counting()
    cache.load(root, loader)
    cache.load(root, loader)
    assert loader.calls == 2 and not cache.directory().exists()


def test_symbols_are_rebuilt_from_their_structure() -> None:
    symbols = [clingo.Number(-3), clingo.String('a "quoted"\nstring'), clingo.Function("f", [clingo.Number(1)], False),
               clingo.Function("g", [clingo.Function("h", []), clingo.Tuple_([clingo.Number(1), clingo.String("x")])]),
               clingo.Infimum, clingo.Supremum]
    back = pickle.loads(cache._dumps(symbols))
    assert back == symbols and [str(s) for s in back] == [str(s) for s in symbols]

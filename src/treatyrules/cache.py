"""A private cache of validated fact bases: an unchanged fact base is read and validated once.

Reading the YAML and validating it with pydantic is most of a run's cost on a large fact base,
and the answer does not depend on anything but the files and this code. So the validated
`FactBase` (its states one record at a time, see `Records`, and its name index) is pickled under
`$XDG_CACHE_HOME/treatyrules` (or `~/.cache/treatyrules`), one file per fact base folder, and
reused while its key matches.

The key covers every file under the folder (path, size, mtime, ctime, inode: ctime cannot be set
back, so a same-size edit with a restored mtime still misses), every module of this package (an
edited schema must re-validate), and the versions of Python, pydantic and clingo, and PyYAML's file.

Pickle runs code on load, so a file is loaded only if it is ours: a regular file owned by this
user in a folder owned by this user, neither writable by anyone else, starting with our magic
line, our format and the expected key, and whose payload matches the SHA-256 in its header.
Anything else, and any error at all, means a cache miss: the fact base is read as if there were
no cache. A folder that cannot be written is skipped silently.

clingo symbols pickle by default as a handle into one process's symbol table, meaningless in
the next: they are rebuilt here through clingo's API from their structure, never from text.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import clingo

MAGIC = b"treatyrules fact cache\n"
FORMAT = b"2"


def directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "treatyrules"


def _versions() -> list[str]:
    import importlib.util

    import pydantic
    import pydantic_core

    # PyYAML by its installed file, not its version: importing it costs a warm run 10 ms
    spec = importlib.util.find_spec("yaml")
    yaml_file = os.stat(spec.origin) if spec and spec.origin else None
    return [FORMAT.decode(), sys.version, clingo.__version__, pydantic.VERSION, pydantic_core.__version__,
            f"yaml {spec.origin if spec else None} {yaml_file.st_size if yaml_file else 0} "
            f"{yaml_file.st_mtime_ns if yaml_file else 0}"]


def _stats(root: Path) -> list[str]:
    out = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            s = os.stat(path)
            out.append(f"{os.path.relpath(path, root)}\0{s.st_size}\0{s.st_mtime_ns}\0{s.st_ctime_ns}\0{s.st_ino}")
    return out


def key(root: Path) -> str:
    code = Path(__file__).parent
    parts = [str(root), *_versions(), *_stats(root), *(f"code/{x}" for x in _stats(code) if x.split("\0")[0].endswith(".py"))]
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _file(root: Path) -> Path:
    return directory() / f"facts-{hashlib.sha256(str(root).encode('utf-8', 'surrogatepass')).hexdigest()[:24]}.pickle"


# -- clingo symbols, by structure ----------------------------------------------------------------

def _symbol(kind: int, value: Any, arguments: tuple, positive: bool) -> clingo.Symbol:
    if kind == 0:
        return clingo.Number(value)
    if kind == 1:
        return clingo.String(value)
    if kind == 2:
        return clingo.Function(value, arguments, positive)
    return clingo.Infimum if kind == 3 else clingo.Supremum


def _reduce_symbol(symbol: clingo.Symbol) -> tuple:
    t = symbol.type
    if t == clingo.SymbolType.Number:
        return _symbol, (0, symbol.number, (), True)
    if t == clingo.SymbolType.String:
        return _symbol, (1, symbol.string, (), True)
    if t == clingo.SymbolType.Function:
        return _symbol, (2, symbol.name, tuple(symbol.arguments), symbol.positive)
    return _symbol, (3 if t == clingo.SymbolType.Infimum else 4, None, (), True)


def _dumps(obj: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, clingo.Symbol: _reduce_symbol}
    pickler.dump(obj)
    return buffer.getvalue()


# -- reading and writing ---------------------------------------------------------------------------

def _ours(path: Path) -> bool:
    """A regular file and folder owned by this user that no one else can write."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    for p, kind in ((path.parent, stat.S_ISDIR), (path, stat.S_ISREG)):
        s = os.lstat(p)
        if not kind(s.st_mode) or s.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
        if uid is not None and s.st_uid != uid:
            return False
    return True


def read(root: Path, expected: str) -> Any | None:
    """The fact base cached for `root` under key `expected`, or None (a miss, for whatever reason)."""
    path = _file(root)
    try:
        if not _ours(path):
            return None
        with open(path, "rb") as f:
            if f.readline() != MAGIC or f.readline() != FORMAT + b"\n":
                return None
            if f.readline().strip().decode("ascii") != expected:
                return None
            digest = f.readline().strip().decode("ascii")
            payload = f.read()
        if hashlib.sha256(payload).hexdigest() != digest:
            return None
        return pickle.loads(payload)
    except Exception:  # a damaged or foreign cache is a miss, never an error
        return None


def write(root: Path, expected: str, value: Any) -> None:
    """Store `value` for `root` under key `expected`; skip silently if the folder cannot be written."""
    try:
        payload = _dumps(value)
        folder = directory()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        header = b"".join([MAGIC, FORMAT, b"\n", expected.encode(), b"\n",
                           hashlib.sha256(payload).hexdigest().encode(), b"\n"])
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".facts-", suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(header + payload)
            os.replace(tmp, _file(root))
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # no cache is slower, never wrong
        return


def load(root: Path, loader: Callable[[Path], Any]) -> Any:
    """`loader(root)`, or the same result from the cache while nothing it depends on changed."""
    if os.environ.get("TREATYRULES_CACHE", "1") == "0":
        return loader(root)
    try:
        expected = key(root)  # before reading: a file edited meanwhile must not be cached as read
    except OSError:
        return loader(root)  # the loader says what is wrong with the folder
    cached = read(root, expected)
    if cached is not None:
        return cached
    value = loader(root)
    write(root, expected, _stored(value))
    return value


class Records(Mapping[str, Any]):
    """A table of the fact base kept pickled record by record, each unpickled when first read: a
    question about one state reads the few states of its slice (focus.py), not the whole world."""

    def __init__(self, blobs: dict[str, bytes]) -> None:
        self._blobs, self._read = blobs, {}

    def __getitem__(self, key: str) -> Any:
        if key not in self._read:
            self._read[key] = pickle.loads(self._blobs[key])  # KeyError for a key not in the table
        return self._read[key]

    def __contains__(self, key: object) -> bool:  # (Mapping's own would unpickle the record)
        return key in self._blobs

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)

    def __reduce__(self) -> tuple:
        return Records, (self._blobs,)


def _stored(value: Any) -> Any:
    """What is cached of a fact base: its states record by record, and its name index (every
    question looks a name up). Not its clingo atoms: only those of a slice are needed, and
    translating a slice is cheaper than unpickling the atoms of the world."""
    from .errors import FactBaseError

    stored = dataclasses.replace(value, states=Records({k: _dumps(v) for k, v in value.states.items()}))
    try:
        stored.__dict__["names"] = value.names
    except FactBaseError:  # a clash of names is reported when a question looks a name up
        pass
    return stored

"""Reading a YAML file of the fact base or a scenario into a validated record, with the line of
every key, so that an error names the file, the line and the field.

Only a run that reads the files imports this (and PyYAML): one that finds its fact base in the
cache (cache.py) does not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import FactBaseError

M = TypeVar("M", bound=BaseModel)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# -- YAML with line numbers --------------------------------------------------------------------

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # type: ignore[assignment]


class _LineLoader(_Loader):  # type: ignore[misc,valid-type]
    """Remembers, for every mapping it builds, the line of each key (for error messages)."""

    lines: dict[int, dict[Any, int]]

    def construct_yaml_map(self, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
        data: dict[Any, Any] = {}
        yield data  # the object handed out first is the one that ends up in the document
        # YAML keeps the last of two equal keys: a second `ratified:` would silently drop the first
        written: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                if key_node.value in written:
                    raise yaml.constructor.ConstructorError(None, None, f"the key {key_node.value!r} is given twice",
                                                            key_node.start_mark)
                written.add(key_node.value)
        data.update(self.construct_mapping(node))
        self.lines[id(data)] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                self.lines[id(data)].setdefault(self.construct_object(key_node), key_node.start_mark.line + 1)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_yaml_map)


#: A fact or scenario file larger than this is refused before it is parsed.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Aliases may not make a document walk past this many nodes per character of its text: a
#: "billion laughs" file is a few hundred bytes whose aliases expand to 10^9 nodes.
MAX_NODES_PER_CHAR = 10


def _expands_past(data: Any, limit: int) -> bool:
    """Whether `data`, with every alias followed, has more than `limit` nodes, or contains itself.

    Each distinct list or mapping is visited once and its expanded size remembered, so the cost
    is that of the document as written, not as expanded.
    """
    sizes: dict[int, int] = {}
    started: set[int] = set()  # the lists and mappings whose children are being sized: ancestors
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, children_sized = stack.pop()
        if not isinstance(node, (dict, list)) or id(node) in sizes:
            continue
        children = list(node.values()) if isinstance(node, dict) else node
        if children_sized:
            started.discard(id(node))
            sizes[id(node)] = 1 + len(children) + sum(sizes.get(id(c), 0) for c in children)
            if sizes[id(node)] > limit:
                return True
            continue
        started.add(id(node))
        stack.append((node, True))
        for child in children:
            if isinstance(child, (dict, list)) and id(child) not in sizes:
                if id(child) in started:  # an alias to an ancestor: endless
                    return True
                stack.append((child, False))
    return False


def read(path: Path) -> tuple[Any, dict[int, dict[Any, int]]]:
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise FactBaseError(f"{path}: refused: larger than {MAX_FILE_BYTES // 2**20} MB")
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FactBaseError(f"{path}: cannot read: {exc}") from None
    loader = _LineLoader(text)
    loader.lines = {}
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise FactBaseError(f"{where}: not valid YAML: {problem}") from None
    except RecursionError:  # nesting deeper than the constructor can follow
        raise FactBaseError(f"{path}: not valid YAML: nested too deeply") from None
    finally:
        loader.dispose()
    if _expands_past(data, MAX_NODES_PER_CHAR * len(text) + 10_000):
        raise FactBaseError(f"{path}: refused: its aliases (*name) expand it far beyond its own size, "
                            "or make it contain itself")
    return data, loader.lines


def line_of(data: Any, lines: dict[int, dict[Any, int]], loc: tuple[Any, ...]) -> int | None:
    """The line of the deepest key on the path `loc` (a pydantic error location)."""
    line, node = None, data
    for step in loc:
        if isinstance(node, dict) and step in node:
            line = lines.get(id(node), {}).get(step, line)
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        # steps such as union tags ("claim") name no key: skip them
    return line


def _field_path(loc: tuple[Any, ...]) -> str:
    """`states[0].ratified.date`; a key that is no plain name is quoted, `states[0][":smile:"]`,
    so that the field reads as one, whatever its characters."""
    path = ""
    for step in loc:
        if isinstance(step, int):
            path += f"[{step}]"
        elif not isinstance(step, str) or not _NAME.fullmatch(step):
            path += f"[{json.dumps(str(step), ensure_ascii=False)}]"
        elif step not in ("claim", "dispute"):
            path += f".{step}" if path else step
    return path or "(file)"


def validate(model: type[M], path: Path) -> tuple[M, Any, dict[int, dict[Any, int]]]:
    data, lines = read(path)
    try:
        return model.model_validate(data), data, lines
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            line = line_of(data, lines, tuple(err["loc"]))
            where = f"{path}:{line}" if line else str(path)
            problems.append(f"{where}: {_field_path(tuple(err['loc']))}: {err['msg']}")
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise FactBaseError("\n".join(problems[:5]) + more) from None

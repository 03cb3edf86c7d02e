"""What the editor-owned content files (content/*.yml) have in common."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any, Callable, Dict, Tuple, Type, TypeVar

import yaml
from pydantic import BaseModel, Extra, ValidationError

T = TypeVar("T")
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
M = TypeVar("M", bound=BaseModel)


class StrictModel(BaseModel):
    """Unknown fields are errors (a misspelt field must not be ignored silently)."""

    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True


_cache: Dict[Tuple[Callable[..., Any], Path], Tuple[float, Any]] = {}
# Re-entrant: parsing one file may load another (contacts name services).
_lock = threading.RLock()


def load_when_changed(path: Path, parse: Callable[[str, Path], T]) -> T:
    """``parse(text, path)`` of the file, re-read only when the file changes, so
    editors' edits show up in a running assistant without a restart."""
    path = Path(path)
    mtime = path.stat().st_mtime
    with _lock:
        cached = _cache.get((parse, path))
        if cached and cached[0] == mtime:
            return cached[1]
        parsed = parse(path.read_text(encoding="utf-8"), path)
        _cache[(parse, path)] = (mtime, parsed)
        return parsed


def describe_validation_error(error: ValidationError, path: Path) -> str:
    """One line per problem, naming the list, the entry (counted from 1) and
    the field, in words an editor can act on."""
    lines = [f"{path}: {len(error.errors())} problem(s)"]
    for problem in error.errors():
        location = problem["loc"]
        where = ".".join(str(part) for part in location)
        if len(location) >= 2 and isinstance(location[1], int):
            rest = ".".join(str(part) for part in location[2:]) or "(the entry)"
            where = f"{location[0]} entry {location[1] + 1}, field {rest!r}"
        lines.append(f"  - {where}: {problem['msg']}")
    return "\n".join(lines)


def parse_content(text: str, path: Path, model: Type[M], error: Type[Exception]) -> M:
    """A content file parsed into ``model``; ``error`` names what is wrong and where."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as problem:
        raise error(f"{path}: not valid YAML: {problem}") from problem
    try:
        return model.parse_obj(raw or {})
    except ValidationError as problem:
        raise error(describe_validation_error(problem, path)) from problem


def check_slug(value: str) -> str:
    """An id in a content file: lower case letters, digits and _, starting with a letter."""
    if not _SLUG.match(value):
        raise ValueError("use lower case letters, digits and _ only, starting with a letter")
    return value

"""What the editor-owned content files (content/*.yml) have in common."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Callable, Dict, Tuple, TypeVar

from pydantic import BaseModel, Extra

T = TypeVar("T")


class StrictModel(BaseModel):
    """Unknown fields are errors (a misspelt field must not be ignored silently)."""

    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True


_cache: Dict[Tuple[Callable[..., Any], Path], Tuple[float, Any]] = {}
_lock = threading.Lock()


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

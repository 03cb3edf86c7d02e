"""Fill ``{placeholders}`` in response texts, formatting values for a locale.

Placeholders are Python format fields. A format spec names how to render a
value in the resident's locale, using Babel:

- ``{start:date}`` (e.g. "tirsdag 10. februar 2026"), ``{start:short_date}``,
  ``{start:time}`` ("18:00"), ``{start:datetime}``
- ``{count:number}``
- ``{what:t}``: the value is itself a bokmål source text (from ``content/``)
  and is translated through the catalogs
- no spec: the value as it is

Values may be ``date``/``datetime`` objects or ISO 8601 strings (which is how
slots and action kwargs carry them). Unknown placeholders and ``None`` values
render as empty text rather than failing a reply.
"""

from __future__ import annotations

import re
import string
from datetime import date, datetime, time
from typing import Any, Callable, Mapping, Optional

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal


def _as_datetime(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            try:
                return date.fromisoformat(value)
            except ValueError:
                return value
    return value


class LocaleFormatter(string.Formatter):
    """A ``str.format`` that renders dates and numbers for one locale."""

    def __init__(self, language: str, translate: Optional[Callable[[str], str]] = None) -> None:
        super().__init__()
        self.locale = Locale.parse(language)
        self.translate = translate or (lambda text: text)

    def get_value(self, key, args, kwargs):
        if isinstance(key, int):
            return args[key] if key < len(args) else None
        return kwargs.get(key)

    def format_field(self, value: Any, format_spec: str) -> str:
        if value is None:
            return ""
        if format_spec == "t":
            return self.translate(str(value))
        if format_spec in ("date", "short_date", "time", "datetime"):
            moment = _as_datetime(value)
            if format_spec == "date" and isinstance(moment, (date, datetime)):
                return format_date(moment, format="full", locale=self.locale)
            if format_spec == "short_date" and isinstance(moment, (date, datetime)):
                return format_date(moment, format="medium", locale=self.locale)
            if format_spec == "time" and isinstance(moment, (datetime, time)):
                return format_time(moment, format="short", locale=self.locale)
            if format_spec == "datetime" and isinstance(moment, datetime):
                return format_datetime(moment, format="medium", locale=self.locale)
            return str(value)
        if format_spec == "number" and isinstance(value, (int, float)):
            return format_decimal(value, locale=self.locale)
        if format_spec == "number":
            return str(value)
        return super().format_field(value, format_spec)


_EMPTY_LINES = re.compile(r"\n{3,}")


def fill(
    text: str,
    values: Mapping[str, Any],
    language: str,
    translate: Optional[Callable[[str], str]] = None,
) -> str:
    """``text`` with its placeholders filled from ``values`` for ``language``."""
    if "{" not in text:
        return text
    try:
        filled = LocaleFormatter(language, translate).vformat(text, (), dict(values))
    except (ValueError, IndexError, AttributeError, KeyError, TypeError):
        # A malformed placeholder (e.g. a stray "{" in a translation) must not
        # cost the resident the whole reply.
        return text
    # Optional values (a status note) leave empty lines behind.
    return _EMPTY_LINES.sub("\n\n", filled).strip()

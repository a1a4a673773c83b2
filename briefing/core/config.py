"""Layered TOML, one loader for every settings file: shipped defaults, then each layer over them.

Settings (defaults.toml, --profile, command-line options) and audiences (base, built-in,
--templates) are read the same way: a key must exist in the defaults, its value has the type
of its default and stays within the key's Limit; a table merges key by key. Every mistake
names the file, the key, the bad value and what is allowed (messages in errors.py).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.core import errors

Table = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Limit:
    """What a key allows beyond its type: one of some choices (for text, or each text of a
    list), a range of numbers (low excluded when above is set), text that formats with only
    the given fields, or text matching a pattern (described by its example)."""

    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    above: bool = False
    fields: tuple[str, ...] | None = None
    pattern: str = ""
    example: str = ""

    def allows(self, value: Any) -> bool:
        values = value if isinstance(value, list) else [value]
        if self.choices and any(v not in self.choices for v in values):
            return False
        if self.low is not None and (value <= self.low if self.above else value < self.low):
            return False
        if self.high is not None and value > self.high:
            return False
        if self.pattern and not re.fullmatch(self.pattern, value):
            return False
        return self.fields is None or _formats_with(value, self.fields)

    def describe(self) -> str:
        if self.pattern:
            return self.example
        if self.choices:
            return f"one of {', '.join(self.choices)}"
        if self.fields is not None:
            named = ", ".join("{" + f + "}" for f in self.fields)
            return f"text using only {named} (write {{{{ and }}}} for a brace)"
        low = "" if self.low is None else f"{'above' if self.above else 'at least'} {self.low:g}"
        high = "" if self.high is None else f"at most {self.high:g}"
        return " and ".join(part for part in (low, high) if part)


def _formats_with(text: str, fields: Sequence[str]) -> bool:
    """text.format() succeeds given only these fields."""
    try:
        text.format(**dict.fromkeys(fields, ""))
    except (KeyError, IndexError, ValueError, AttributeError):
        return False
    return True


def read_toml(path: Path, what: str) -> Table:
    """A TOML file as a table; a missing, unreadable, non-UTF-8 or malformed file is one line."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise errors.missing_file(what, path) from None
    except IsADirectoryError:
        raise errors.folder_not_file(what, path) from None
    except UnicodeDecodeError:
        raise errors.not_utf8(what, path) from None
    except tomllib.TOMLDecodeError as error:
        raise errors.bad_toml(what, path, str(error)) from None
    except OSError as error:
        raise errors.unreadable(what, path, error.strerror or "error") from None


def layered(defaults: Table, layers: Sequence[tuple[str, Table]], limits: Mapping[str, Limit],
            free_tables: Mapping[str, type] | None = None) -> Table:
    """The defaults with each (origin, table) layer over them, every value checked.

    limits: per key (`table.key` inside a table). free_tables: tables whose keys the user
    names (none in the defaults), with the type of their values.
    """
    values = dict(defaults)
    for origin, update in layers:
        for key, value in update.items():
            values[key] = checked(origin, key, value, values, limits, free_tables or {})
    return values


def checked(origin: str, key: str, value: Any, values: Table, limits: Mapping[str, Limit],
            free_tables: Mapping[str, type]) -> Any:
    """value for key, merged with the table it updates; a bad key or value raises one line."""
    if key not in values:
        raise errors.unknown_key(origin, key, sorted(values))
    default = values[key]
    if not isinstance(default, dict):
        _check_value(origin, key, value, default, limits.get(key))
        return value
    if not isinstance(value, dict):
        raise errors.not_a_table(origin, key)
    for inner, item in value.items():
        name = f"{key}.{inner}"
        if key in free_tables:
            _check_value(origin, name, item, free_tables[key](), limits.get(name))
        elif inner not in default:
            raise errors.unknown_key(origin, name, [f"{key}.{k}" for k in sorted(default)])
        else:
            _check_value(origin, name, item, default[inner], limits.get(name))
    return {**default, **value}


TYPE_NAMES = {bool: "true or false", int: "a whole number", float: "a number",
              str: "text in quotes", list: 'a list of text in quotes, like ["a", "b"]'}


def _check_value(origin: str, key: str, value: Any, default: Any, limit: Limit | None) -> None:
    """value has the type of default (a whole number is a number too) and keeps to the limit."""
    kind = type(default)
    if not _has_type(value, kind):
        raise errors.bad_value(origin, key, value, TYPE_NAMES[kind])
    if limit is not None and not limit.allows(value):
        raise errors.bad_value(origin, key, value, limit.describe())


def _has_type(value: Any, kind: type) -> bool:
    if isinstance(value, bool) or kind is bool:
        return kind is bool and isinstance(value, bool)
    if kind is float:
        return isinstance(value, int | float)
    if kind is list:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, kind)

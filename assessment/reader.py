"""Typed reading of raw YAML data that records every problem with its path."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any

from assessment.errors import Problem

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
MAX_TEXT = 10_000
MISSING = object()


def join(path: str, key: str | int) -> str:
    """``sections[2]`` + ``criteria`` -> ``sections[2].criteria``; ints become ``[n]``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class Reader:
    """Collects problems instead of stopping at the first, so authors see them all."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def mapping(
        self, value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        """The value as a mapping with only known keys; None (and a problem) otherwise."""
        if not isinstance(value, dict):
            self.fail(path, f"must be a mapping, not {_kind(value)}")
            return None
        known = set(required) | set(optional)
        for key in value:
            if not isinstance(key, str):
                self.fail(path, f"keys must be text, not {_kind(key)} {key!r}")
            elif key not in known:
                allowed = ", ".join(sorted(known))
                self.fail(join(path, key), f"unknown key (allowed here: {allowed})")
        for key in required:
            if key not in value:
                self.fail(join(path, key), "is missing")
        return value

    def sequence(
        self, data: dict[str, Any], key: str, path: str, *, min_items: int = 0
    ) -> list[Any]:
        value = data.get(key, MISSING)
        here = join(path, key)
        if value is MISSING:
            return []
        if not isinstance(value, list):
            self.fail(here, f"must be a list, not {_kind(value)}")
            return []
        if len(value) < min_items:
            self.fail(here, f"must have at least {min_items} item(s)")
        return value

    def text(self, data: dict[str, Any], key: str, path: str, *, default: str | None = None) -> str:
        value = data.get(key, MISSING)
        here = join(path, key)
        if value is MISSING:
            return default if default is not None else ""
        if not isinstance(value, str):
            hint = " (quote it)" if isinstance(value, int | float) and key == "version" else ""
            self.fail(here, f"must be text, not {_kind(value)}{hint}")
            return ""
        stripped: str = value.strip()
        if not stripped and default is None:
            self.fail(here, "must not be empty")
        if len(stripped) > MAX_TEXT:
            self.fail(here, f"is longer than {MAX_TEXT} characters")
        return stripped

    def ident(self, data: dict[str, Any], key: str, path: str) -> str:
        value = self.text(data, key, path)
        if value and not ID_PATTERN.match(value):
            self.fail(
                join(path, key),
                f"{value!r} is not a valid id (lower-case letters, digits, '_' and '-', "
                "starting with a letter, at most 64 characters)",
            )
        return value

    def integer(
        self,
        data: dict[str, Any],
        key: str,
        path: str,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
        default: int | None = None,
        why: str = "",
    ) -> int:
        value = data.get(key, MISSING)
        here = join(path, key)
        if value is MISSING:
            return default if default is not None else 0
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(here, f"must be a whole number, not {_kind(value)}")
            return default if default is not None else 0
        if minimum is not None and value < minimum:
            self.fail(here, f"must be at least {minimum}, not {value}{why}")
        if maximum is not None and value > maximum:
            self.fail(here, f"must be at most {maximum}, not {value}{why}")
        return value

    def number(
        self, data: dict[str, Any], key: str, path: str, *, default: Decimal | None = None
    ) -> Decimal:
        value = data.get(key, MISSING)
        here = join(path, key)
        if value is MISSING:
            return default if default is not None else Decimal(0)
        number = to_decimal(value)
        if number is None:
            self.fail(here, f"must be a number, not {_kind(value)}")
            return default if default is not None else Decimal(0)
        return number

    def boolean(
        self, data: dict[str, Any], key: str, path: str, *, default: bool | None = None
    ) -> bool:
        value = data.get(key, MISSING)
        here = join(path, key)
        if value is MISSING:
            return bool(default)
        if not isinstance(value, bool):
            self.fail(here, f"must be true or false, not {_kind(value)}")
            return bool(default)
        return value

    def choice(
        self,
        data: dict[str, Any],
        key: str,
        path: str,
        allowed: tuple[str, ...],
        default: str | None = None,
    ) -> str:
        value = data.get(key, MISSING)
        if value is MISSING and default is not None:
            return default
        text = self.text(data, key, path)
        if text and text not in allowed:
            self.fail(join(path, key), f"must be one of {', '.join(allowed)}, not {text!r}")
        return text if text in allowed else (default or allowed[0])


def to_decimal(value: Any) -> Decimal | None:
    """A finite number as Decimal (floats through their shortest repr); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    return None


def parse_decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float | Decimal):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ({value[:40]!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__

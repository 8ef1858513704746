"""Reading the registry's query parameters, shared by the page, the CSV and the API."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field

from labelapp.services.registry import MAX_PAGE_SIZE
from labelapp.services.registry import RegistryFilter
from labelapp.text import Text
from labelapp.text import msg

_CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class RegistryParams:
    filter: RegistryFilter = field(default_factory=RegistryFilter)
    page: int = 1
    page_size: int = 50

    def query(self, page: int | None = None) -> dict[str, str | int]:
        """The non-empty parameters, to build links to other pages."""
        values: dict[str, str | int] = {
            "q": self.filter.text,
            "country": self.filter.country,
            "level": self.filter.level,
            "scheme": self.filter.scheme,
        }
        found = {key: value for key, value in values.items() if value}
        found["page"] = page or self.page
        return found


def _whole(text: str | None, default: int) -> int | None:
    if text is None or text == "":
        return default
    return int(text) if text.isascii() and text.isdigit() and len(text) < 7 else None


def read_params(
    args: Mapping[str, str], default_page_size: int
) -> tuple[RegistryParams, dict[str, Text]]:
    """The parameters, with a problem per unusable one (which is then ignored)."""
    problems: dict[str, Text] = {}
    text = (args.get("q") or "").strip()[:200]
    country = (args.get("country") or "").strip().upper()
    if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
        problems["country"] = msg("Choose a country by its two-letter code, e.g. PL.")
        country = ""
    level = (args.get("level") or "").strip().lower()
    if level and not _CODE.match(level):
        problems["level"] = msg("Choose a level from the list.")
        level = ""
    scheme = (args.get("scheme") or "").strip().lower()
    if scheme and not _CODE.match(scheme):
        problems["scheme"] = msg("Choose a scheme from the list.")
        scheme = ""
    page = _whole(args.get("page"), 1)
    if page is None or page < 1:
        problems["page"] = msg("The page must be a whole number from 1.")
        page = 1
    size = _whole(args.get("per_page"), default_page_size)
    if size is None or not 1 <= size <= MAX_PAGE_SIZE:
        problems["per_page"] = msg(
            "per_page must be a whole number from 1 to %(limit)s.", limit=MAX_PAGE_SIZE
        )
        size = default_page_size
    return (
        RegistryParams(RegistryFilter(text, country, level, scheme), page, size),
        problems,
    )

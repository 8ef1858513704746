"""The public registry: organisations holding a currently valid label.

Every page is a fixed number of queries (the page's ids, their rows, the count, the
filter choices), whatever the number of certificates; the ids and the choices come
from covering indexes, so a page never sorts or reads the whole table. One more
aggregate, ``fingerprint``, tells whether anything a page shows may have changed.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from slugify import slugify
from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker

from assessment.model import scheme_short_title
from labelapp.models import Certificate
from labelapp.models import CertificateStatus

MAX_PAGE_SIZE = 100


def search_key(text: str) -> str:
    """Names as they are searched: lower case, accents and scripts folded to plain Latin.

    "Łódzki", "lodzki" and "ŁÓDZKI" all find the same organisation, on every database.
    """
    return slugify(text, separator=" ", lowercase=True, max_length=200)


@dataclass(frozen=True)
class RegistryFilter:
    text: str = ""
    country: str = ""
    level: str = ""
    scheme: str = ""

    def conditions(self, on: date) -> list[ColumnElement[bool]]:
        found = currently_valid(on)
        key = search_key(self.text)
        if key:
            found.append(Certificate.name_key.contains(key, autoescape=True))
        if self.country:
            found.append(Certificate.country == self.country)
        if self.level:
            found.append(Certificate.level == self.level)
        if self.scheme:
            found.append(Certificate.scheme == self.scheme)
        return found


@dataclass(frozen=True)
class RegistryPage:
    rows: list[Certificate]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


@dataclass(frozen=True)
class Choices:
    countries: list[str]
    levels: list[tuple[str, str]]  # (id, title)
    schemes: list[tuple[str, str]]  # (key, short name)


def currently_valid(on: date) -> list[ColumnElement[bool]]:
    return [
        Certificate.status == CertificateStatus.VALID,
        Certificate.superseded_by_id.is_(None),
        Certificate.valid_until >= on,
    ]


def _ordered(statement: Select[Any]) -> Select[Any]:
    return statement.order_by(Certificate.name_key, Certificate.number)


def search(
    session: Session, wanted: RegistryFilter, on: date, page: int, page_size: int
) -> RegistryPage:
    """One page of the registry; a page past the end is clamped to the last one."""
    conditions = wanted.conditions(on)
    total = session.scalar(select(func.count(Certificate.id)).where(*conditions)) or 0
    pages = max(1, math.ceil(total / page_size))
    page = min(max(page, 1), pages)
    # The page's ids first, from the covering index in name order; then their rows.
    ids = session.scalars(
        _ordered(select(Certificate.id).where(*conditions))
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    found = {
        row.id: row for row in session.scalars(select(Certificate).where(Certificate.id.in_(ids)))
    }
    return RegistryPage([found[i] for i in ids if i in found], total, page, page_size)


# Built once, like the certificate lookup: it runs on every registry request.
_FINGERPRINT = select(
    func.count(Certificate.id), func.sum(Certificate.row_version), func.max(Certificate.id)
)


def fingerprint(session: Session) -> tuple[int, int, int]:
    """What every registry page depends on, besides the day: one aggregate over the table.

    The number of certificates, the sum of their row versions and the newest id.
    Certificates are never deleted and every change to one (a status, a supersession)
    bumps its row version, so any issue or change gives another fingerprint. Expiry
    comes with the date, which callers add.
    """
    count, versions, newest = session.execute(_FINGERPRINT).one()
    return int(count), int(versions or 0), int(newest or 0)


def export(
    sessions: sessionmaker[Session], wanted: RegistryFilter, on: date
) -> Iterator[Certificate]:
    """Every matching row, read in batches for a streamed CSV.

    The generator opens its own session and closes it when it ends or is closed
    (a finished or abandoned download): a stream outlives its request, so it must
    not borrow the request's session, whose connection would never go back.
    """
    statement = _ordered(select(Certificate).where(*wanted.conditions(on)))
    with sessions() as session:
        yield from session.scalars(statement.execution_options(yield_per=500))


def choices(session: Session, on: date) -> Choices:
    """The countries, levels and schemes that currently valid labels have (one query)."""
    rows = session.execute(
        select(
            Certificate.country,
            Certificate.level,
            Certificate.level_title,
            Certificate.scheme,
            Certificate.scheme_title,
        )
        .where(*currently_valid(on))
        .distinct()
    ).all()
    return Choices(
        countries=sorted({row.country for row in rows}),
        levels=sorted({(row.level, row.level_title) for row in rows}, key=lambda x: x[1]),
        # By name: a scheme's versions share it (and the rows show the version).
        schemes=sorted({(row.scheme, scheme_short_title(row.scheme_title)) for row in rows}),
    )

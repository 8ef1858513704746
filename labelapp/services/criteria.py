"""Published criteria versions: publish, list, choose current, load with hash check, diff."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment import CriteriaError
from assessment import Scheme
from assessment import canonical_text
from assessment import diff_schemes
from assessment import load_criteria
from assessment import load_stored
from assessment import sha256_hex
from assessment.diff import Change
from labelapp.models import CriteriaStatus
from labelapp.models import CriteriaVersion
from labelapp.models.criteria_version import version_sort_key
from labelapp.resources import criteria_dir
from labelapp.services import audit
from labelapp.services.actor import SYSTEM
from labelapp.services.actor import Actor
from labelapp.services.errors import LabelappError
from labelapp.services.errors import NotAllowed
from labelapp.text import msg


class CriteriaConflict(NotAllowed):
    """Publishing would change a published version, the file is a draft, or it is not published."""


class CriteriaTampered(LabelappError):
    """A stored version no longer matches its hash; it must never be used to score."""


class UnknownVersion(LabelappError):
    """No such scheme or version is stored."""


def publish_version(
    session: Session,
    scheme: Scheme,
    source_text: str,
    source_name: str,
    actor: Actor | None = None,
) -> tuple[CriteriaVersion, bool]:
    """Store a validated scheme as published; returns the row and whether it is new.

    Publishing the same content again changes nothing. The newest published
    version of the scheme becomes current for new assessments.

    Raises:
        CriteriaConflict: the file is a draft, or this version is already
            published with different content.
    """
    if scheme.status != "published":
        raise CriteriaConflict(
            msg(
                "%(file)s: status is %(status)s; set it to 'published' to publish",
                file=source_name,
                status=repr(scheme.status),
            )
        )
    content = canonical_text(scheme)
    digest = sha256_hex(content)
    existing = session.scalar(
        select(CriteriaVersion).where(
            CriteriaVersion.scheme == scheme.key, CriteriaVersion.version == scheme.version
        )
    )
    if existing is not None:
        if existing.content_sha256 != digest:
            raise CriteriaConflict(
                msg(
                    "%(scheme)s %(version)s is already published with different content "
                    "(sha256 %(sha256)s…); a published version never changes: "
                    "give the new content a new version",
                    scheme=scheme.key,
                    version=scheme.version,
                    sha256=existing.content_sha256[:12],
                )
            )
        return existing, False
    row = CriteriaVersion(
        scheme=scheme.key,
        version=scheme.version,
        title=scheme.title,
        status=CriteriaStatus.PUBLISHED,
        content=content,
        content_sha256=digest,
        source_text=source_text,
        source_name=source_name,
    )
    session.add(row)
    session.flush()
    _make_newest_current(session, scheme.key)
    audit.record(
        session,
        actor or SYSTEM,
        "criteria.published",
        "criteria_version",
        row.id,
        details={"version": row.label, "sha256": digest},
    )
    return row, True


def _make_newest_current(session: Session, scheme_key: str) -> None:
    rows = list(
        session.scalars(
            select(CriteriaVersion).where(
                CriteriaVersion.scheme == scheme_key,
                CriteriaVersion.status == CriteriaStatus.PUBLISHED,
            )
        )
    )
    newest = max(rows, key=lambda row: version_sort_key(row.version))
    set_current(session, newest)


def set_current(session: Session, row: CriteriaVersion, actor: Actor | None = None) -> None:
    """Make this published version the one new assessments of its scheme start on.

    Raises:
        CriteriaConflict: the version is not published.
    """
    if row.status is not CriteriaStatus.PUBLISHED:
        raise CriteriaConflict(
            msg(
                "%(version)s is %(status)s; only a published version can be current",
                version=row.label,
                status=row.status.value,
            )
        )
    for other in session.scalars(
        select(CriteriaVersion).where(
            CriteriaVersion.scheme == row.scheme, CriteriaVersion.is_current.is_(True)
        )
    ):
        if other.id != row.id:
            other.is_current = False
    # Clear the old flag first: the partial unique index allows one current per scheme.
    session.flush()
    row.is_current = True
    session.flush()
    if actor is not None:  # an administrator's choice (publishing records its own event)
        audit.record(
            session,
            actor,
            "criteria.made_current",
            "criteria_version",
            row.id,
            details={"version": row.label},
        )


def publish_file(session: Session, path: Path) -> tuple[CriteriaVersion, bool]:
    """Validate a criteria file and publish it.

    Raises:
        CriteriaError: the file is invalid (nothing is stored).
        CriteriaConflict: as publish_version.
    """
    scheme = load_criteria(path)
    return publish_version(session, scheme, path.read_text(encoding="utf-8"), path.name)


def bundled_files() -> list[Path]:
    """The criteria files that ship with the app, oldest version first."""
    return sorted(criteria_dir().glob("*.yaml"), key=lambda p: version_sort_key(p.stem))


def publish_bundled(session: Session) -> list[tuple[CriteriaVersion, bool]]:
    """Publish every bundled file (each once; an edited published file is refused).

    Raises:
        CriteriaError, CriteriaConflict: as publish_file.
    """
    return [publish_file(session, path) for path in bundled_files()]


def list_versions(session: Session) -> list[CriteriaVersion]:
    rows = session.scalars(select(CriteriaVersion))
    return sorted(rows, key=lambda row: (row.scheme, version_sort_key(row.version)))


def versions_between(
    session: Session, scheme_key: str, after: str, up_to: str
) -> list[CriteriaVersion]:
    """The scheme's published versions after ``after`` up to ``up_to``, oldest first:
    together their ``changes`` say everything that changed between the two."""
    low, high = version_sort_key(after), version_sort_key(up_to)
    return [
        row
        for row in list_versions(session)
        if row.scheme == scheme_key
        and row.status is CriteriaStatus.PUBLISHED
        and low < version_sort_key(row.version) <= high
    ]


def get_version(session: Session, scheme_key: str, version: str) -> CriteriaVersion:
    """Raises: UnknownVersion."""
    row = session.scalar(
        select(CriteriaVersion).where(
            CriteriaVersion.scheme == scheme_key, CriteriaVersion.version == version
        )
    )
    if row is None:
        raise UnknownVersion(
            msg(
                "no version %(version)s of scheme %(scheme)s is stored",
                version=repr(version),
                scheme=repr(scheme_key),
            )
        )
    return row


def current_version(session: Session, scheme_key: str) -> CriteriaVersion | None:
    return session.scalar(
        select(CriteriaVersion).where(
            CriteriaVersion.scheme == scheme_key, CriteriaVersion.is_current.is_(True)
        )
    )


def load_scheme(row: CriteriaVersion) -> Scheme:
    """The scheme of a stored version, after checking its text against its hash.

    Raises:
        CriteriaTampered: the stored text was altered; it is never used to score.
    """
    try:
        return load_stored(row.content, row.content_sha256, f"{row.label} (stored)")
    except CriteriaError as exc:
        raise CriteriaTampered(exc.first) from None


def diff_versions(session: Session, scheme_key: str, old: str, new: str) -> list[Change]:
    """What changed from one stored version to another.

    Raises:
        UnknownVersion, CriteriaTampered.
    """
    before = load_scheme(get_version(session, scheme_key, old))
    after = load_scheme(get_version(session, scheme_key, new))
    return diff_schemes(before, after)

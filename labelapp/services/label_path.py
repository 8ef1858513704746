"""The facts the label's path rules look at, gathered from the workflow.

The engine (``assessment.path``) judges the rules; this module owns what it is told:
which labels the organisation held and how long before this assessment, how many of
its improvement areas the lead validated as achieved, and which countries its
assessors come from.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.model import DEFAULT_GRACE_MONTHS
from assessment.path import EarlierLabel
from assessment.path import PathFacts
from labelapp.models import Assessment
from labelapp.models import Certificate
from labelapp.models import CertificateStatus
from labelapp.models import CriteriaVersion
from labelapp.models import ImprovementArea
from labelapp.models import User
from labelapp.models.improvement import ACHIEVED

MAX_HISTORY = 100  # labels followed back; a longer chain is not a real history


def whole_months(earlier: date, later: date) -> int:
    """Whole months from ``earlier`` to ``later``: 15 March to 14 September is 5, to 15
    September 6. Negative when ``later`` comes first."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if months > 0 and later.day < earlier.day:
        months -= 1
    elif months < 0 and later.day > earlier.day:
        months += 1
    return months


def assessment_date(assessment: Assessment) -> date:
    """The day the assessment took place; today while the lead has not recorded it, so
    a draft's gaps say what it would need if it were assessed now."""
    from labelapp.services import certificates  # certificates scores through us

    return assessment.assessed_on or certificates.today()


def label_date(certificate: Certificate) -> date:
    """The day a label's assessment took place; the day of issue on labels issued before
    the assessment date was recorded."""
    return certificate.assessed_on or certificate.issued_on


def grace_end(session: Session, certificate: Certificate, months: int | None = None) -> date:
    """The last day a renewal may start and still continue ``certificate``'s history:
    its expiry plus its level's grace window (``grace_months``; given by a caller that
    looks at many labels of a few versions)."""
    from labelapp.services import certificates  # certificates scores through us

    if months is None:
        months = grace_months(session, certificate.criteria_version_id, certificate.level)
    return certificates.add_months(certificate.valid_until, months)


def grace_months(session: Session, criteria_version_id: int, level: str) -> int:
    """A level's renewal grace window in months: data of its criteria version."""
    from labelapp.services.criteria import load_scheme

    version = session.get(CriteriaVersion, criteria_version_id)
    assert version is not None  # a foreign key
    rule = load_scheme(version).level(level)
    return rule.grace_months if rule is not None else DEFAULT_GRACE_MONTHS


def history_base(session: Session, assessment: Assessment) -> Certificate | None:
    """The label ``assessment`` continues: the organisation's latest label that was not
    revoked, issued before the assessment started, when the assessment started within
    that label's validity or grace window. None: the assessment starts afresh."""
    latest = session.scalar(
        select(Certificate)
        .where(
            Certificate.organisation_id == assessment.organisation_id,
            Certificate.assessment_id != assessment.id,
            Certificate.status != CertificateStatus.REVOKED,
            Certificate.issued_at <= assessment.created_at,
        )
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        .limit(1)
    )
    if latest is None or assessment.created_at.date() > grace_end(session, latest):
        return None
    return latest


def label_history(session: Session, certificate: Certificate) -> list[Certificate]:
    """``certificate`` and the labels whose history it continues, oldest first."""
    chain = [certificate]
    while chain[-1].continues_id is not None and len(chain) < MAX_HISTORY:
        earlier = session.get(Certificate, chain[-1].continues_id)
        if earlier is None or earlier in chain:
            break
        chain.append(earlier)
    return chain[::-1]


def earlier_labels(session: Session, assessment: Assessment) -> tuple[EarlierLabel, ...]:
    """The labels of the history ``assessment`` continues, assessed before it, never
    revoked ones; none when it starts afresh."""
    on = assessment_date(assessment)
    base = history_base(session, assessment)
    chain = label_history(session, base) if base is not None else []
    return tuple(
        EarlierLabel(row.level, whole_months(label_date(row), on))
        for row in chain
        if row.status is not CertificateStatus.REVOKED and label_date(row) <= on
    )


def path_facts(
    session: Session, assessment: Assessment, confirmer: User | None = None
) -> PathFacts:
    """What the path rules are told about ``assessment``; with ``confirmer``, the
    assessor about to confirm it, the lead's and the confirmer's countries too (when
    both are recorded)."""
    countries: tuple[str, str] | None = None
    if confirmer is not None:
        lead, second = assessor_countries(session, assessment, confirmer)
        countries = (lead, second) if lead and second else None
    return PathFacts(
        labels=earlier_labels(session, assessment),
        improvement_areas_validated=validated_areas(session, assessment),
        assessor_countries=countries,
    )


def validated_areas(session: Session, assessment: Assessment) -> int:
    """The improvement areas this assessment's lead validated as achieved."""
    return (
        session.scalar(
            select(func.count())
            .select_from(ImprovementArea)
            .where(
                ImprovementArea.verdict_assessment_id == assessment.id,
                ImprovementArea.verdict == ACHIEVED,
            )
        )
        or 0
    )


def assessor_countries(
    session: Session, assessment: Assessment, confirmer: User
) -> tuple[str | None, str | None]:
    """The lead's and the confirmer's countries, None where not recorded."""
    lead = session.get(User, assessment.lead_assessor_id) if assessment.lead_assessor_id else None
    return (lead.country if lead is not None else None), confirmer.country

"""Renewing a label: a new assessment pre-filled from the label's validated answers,
each to be confirmed or changed, continuing the label's history when started before
its grace window ended (decision 30)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment import InvalidAnswer
from assessment.answers import answer_text
from assessment.answers import read_answer
from labelapp.models import Answer
from labelapp.models import Assessment
from labelapp.models import Certificate
from labelapp.models import CertificateStatus
from labelapp.models import Organisation
from labelapp.services import audit
from labelapp.services import certificates
from labelapp.services.actor import Actor
from labelapp.services.assessments import scheme_of
from labelapp.services.assessments import start_assessment
from labelapp.services.errors import NotAllowed
from labelapp.services.label_path import grace_end
from labelapp.services.review import lead_review
from labelapp.services.review import validated_answers
from labelapp.text import msg


@dataclass(frozen=True)
class Renewal:
    """What renewing the organisation's latest label would do today."""

    certificate: Certificate
    grace_ends: date
    continues: bool  # within validity or grace: the history goes on


def latest_label(session: Session, organisation: Organisation) -> Certificate | None:
    """The organisation's latest label, whatever its state."""
    return session.scalar(
        select(Certificate)
        .where(Certificate.organisation_id == organisation.id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        .limit(1)
    )


def renewal_of(session: Session, organisation: Organisation) -> Renewal | None:
    """The renewal the organisation may start: of its latest label, unless revoked."""
    latest = latest_label(session, organisation)
    if latest is None or latest.status is CertificateStatus.REVOKED:
        return None
    ends = grace_end(session, latest)
    return Renewal(latest, ends, certificates.today() <= ends)


def start_renewal(session: Session, actor: Actor, certificate: Certificate) -> Assessment:
    """A new draft on the current criteria version, its answers carried over from the
    label's validated answers where the version still asks for them and accepts them.

    Raises:
        NotAllowed: not a manager, a revoked label, or not the organisation's latest.
        ValidationFailed: an assessment is already open, or no version is published.
    """
    if certificate.status is CertificateStatus.REVOKED:
        raise NotAllowed(msg("A revoked label cannot be renewed: start a new assessment instead."))
    latest = latest_label(session, certificate.organisation)
    if latest is None or latest.id != certificate.id:
        raise NotAllowed(msg("Only the organisation's latest label can be renewed."))
    assessment = start_assessment(session, actor, certificate.organisation)
    assessment.renews_id = certificate.id
    earlier = session.get(Assessment, certificate.assessment_id)
    assert earlier is not None  # a foreign key
    carried = _carry_over(session, earlier, assessment)
    session.flush()
    audit.record(
        session,
        actor,
        "assessment.renewal_started",
        "assessment",
        assessment.id,
        details={
            "renews": certificate.number,
            "carried_over": carried,
            "continues_history": certificates.today() <= grace_end(session, certificate),
        },
    )
    return assessment


def _carry_over(session: Session, earlier: Assessment, renewal: Assessment) -> int:
    """Copy the earlier assessment's validated answers and justifications into the
    renewal, for the items its version still has and whose answers it accepts."""
    old_scheme, new_scheme = scheme_of(earlier), scheme_of(renewal)
    values = validated_answers(old_scheme, earlier, lead_review(session, earlier))
    justifications = {answer.item_id: answer.justification for answer in earlier.answers}
    carried = 0
    for item_id, value in values.items():
        item = new_scheme.item(item_id)
        if item is None or value is None:
            continue
        try:
            text = answer_text(read_answer(item, answer_text(value)))
        except InvalidAnswer:
            continue  # the new version asks differently: to be answered afresh
        renewal.answers.append(
            Answer(
                item_id=item_id,
                value=text,
                justification=justifications.get(item_id, ""),
                carried_over=True,
            )
        )
        carried += 1
    return carried

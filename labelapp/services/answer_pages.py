"""Saving one page of a self-assessment: its answers, uploads and links in one call.

A page is a section's criteria or an indicator area. The manager's permission
and the page's row version are checked once for the whole page; then every
input is checked by itself, what is valid is applied, and what is not comes
back as a refusal naming its item and its part. One wrong number does not cost
the manager the rest of the page; a page opened before someone else's change
is refused whole (``StaleState``), so nobody overwrites what they did not see.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from assessment import InvalidAnswer
from assessment import Scheme
from assessment.answers import answer_text
from assessment.answers import read_answer
from assessment.model import Criterion
from assessment.model import Evidence as EvidenceRule
from assessment.model import Indicator
from labelapp.models import Answer
from labelapp.models import Assessment
from labelapp.models import Evidence
from labelapp.services import audit
from labelapp.services import evidence as evidence_service
from labelapp.services.actor import Actor
from labelapp.services.assessments import check_version
from labelapp.services.assessments import refusal_message
from labelapp.services.assessments import require_editor
from labelapp.services.assessments import scheme_of
from labelapp.services.assessments import touch
from labelapp.services.evidence import RefusedEvidence
from labelapp.text import Text
from labelapp.text import msg

MAX_VALUE_LENGTH = 64  # the answer.value column
# Control characters (a NUL that PostgreSQL refuses, a form feed pasted from a PDF) are
# no part of a justification; tab and line breaks are.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_JUSTIFICATION_LENGTH = 10_000

Part = Literal["value", "justification", "file", "url"]


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


@dataclass(frozen=True)
class ItemInput:
    """What the manager gave for one criterion or indicator on the page."""

    value: str | None = None  # as typed; blank: unanswered; None: as stored
    justification: str | None = None  # None: as stored
    upload: Upload | None = None
    link: str = ""


@dataclass(frozen=True)
class Refusal:
    """Why one input was refused, in a sentence the page translates (``str``: English)."""

    item_id: str
    part: Part  # which input of the item: its value, justification, file or link
    message: Text


@dataclass(frozen=True)
class PageSaved:
    """What one save did: the items whose answers changed, the evidence added, the refusals."""

    changed: tuple[str, ...]
    added: tuple[Evidence, ...]
    refused: tuple[Refusal, ...]

    @property
    def saved_anything(self) -> bool:
        return bool(self.changed or self.added)


def save_page(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    inputs: Mapping[str, ItemInput],
    expected_version: int | None,
) -> PageSaved:
    """Apply a page's valid inputs; return what changed and what was refused, and why.

    Raises:
        NotAllowed: not a manager of the organisation, or the assessment is not editable.
        StaleState: the assessment changed since the page was opened; nothing is applied.
    """
    require_editor(session, actor, assessment)
    check_version(assessment, expected_version)
    scheme = scheme_of(assessment)
    refused: list[Refusal] = []
    changed = _apply_answers(scheme, actor, assessment, inputs, refused)
    added = _attach_evidence(session, scheme, actor, assessment, inputs, refused)
    if changed or added:
        touch(session, assessment)  # bumps row_version once: other open pages go stale
    if changed:
        audit.record(
            session,
            actor,
            "assessment.answers_saved",
            "assessment",
            assessment.id,
            details={"items": changed},
        )
    for evidence in added:
        evidence_service.record_added(session, actor, assessment, evidence)
    return PageSaved(tuple(changed), tuple(added), tuple(refused))


def _apply_answers(
    scheme: Scheme,
    actor: Actor,
    assessment: Assessment,
    inputs: Mapping[str, ItemInput],
    refused: list[Refusal],
) -> list[str]:
    existing = {answer.item_id: answer for answer in assessment.answers}
    changed: list[str] = []
    for item_id, given in inputs.items():
        item = scheme.item(item_id)
        if item is None:
            refused.append(
                Refusal(item_id, "value", msg("Not a criterion or indicator of this assessment."))
            )
            continue
        if given.value is None and given.justification is None:
            continue  # evidence only
        answer = existing.get(item_id)
        value = _checked_value(item, given.value, refused, answer)
        justification = _CONTROL.sub("", given.justification or "").strip()
        if given.justification is None and answer is not None:
            justification = answer.justification
        if len(justification) > MAX_JUSTIFICATION_LENGTH:
            message = msg("Write at most %(limit)s characters.", limit=MAX_JUSTIFICATION_LENGTH)
            refused.append(Refusal(item_id, "justification", message))
            continue
        if value is False:
            continue  # refused: the stored answer stays as it was
        if answer is None and value is None and not justification:
            continue  # nothing to store for an item left blank
        if answer is None:
            answer = Answer(item_id=item_id, value=None, justification="")
            assessment.answers.append(answer)
        # Saving a carried-over answer's page confirms it, changed or not.
        confirmed = answer.carried_over and given.value is not None
        if (answer.value, answer.justification) != (value, justification) or confirmed:
            answer.value, answer.justification = value, justification
            answer.carried_over = False
            answer.updated_by_id = actor.user_id
            changed.append(item_id)
    return changed


def _checked_value(
    item: Criterion | Indicator, given: str | None, refused: list[Refusal], stored: Answer | None
) -> str | Literal[False] | None:
    """The answer's stored text, None when left blank, False when refused."""
    if given is None:
        return stored.value if stored is not None else None
    if not given.strip():
        return None
    try:
        text = answer_text(read_answer(item, given))
    except InvalidAnswer as error:
        refused.append(Refusal(item.id, "value", refusal_message(error)))
        return False
    if len(text) > MAX_VALUE_LENGTH:
        message = msg("Write the answer in at most %(limit)s characters.", limit=MAX_VALUE_LENGTH)
        refused.append(Refusal(item.id, "value", message))
        return False
    return text


def _attach_evidence(
    session: Session,
    scheme: Scheme,
    actor: Actor,
    assessment: Assessment,
    inputs: Mapping[str, ItemInput],
    refused: list[Refusal],
) -> list[Evidence]:
    added: list[Evidence] = []
    for item_id, given in inputs.items():
        item, link = scheme.item(item_id), given.link.strip()
        if item is None or (given.upload is None and not link):
            continue
        if item.evidence is EvidenceRule.NONE:
            part: Part = "file" if given.upload is not None else "url"
            refused.append(Refusal(item_id, part, msg("This item takes no evidence.")))
            continue
        if given.upload is not None:
            try:
                upload = given.upload
                added.append(
                    evidence_service.document(session, actor, item_id, upload.filename, upload.data)
                )
            except RefusedEvidence as refusal:
                refused.append(Refusal(item_id, "file", refusal.message))
        if link:
            try:
                added.append(evidence_service.link(actor, item_id, link))
            except RefusedEvidence as refusal:
                refused.append(Refusal(item_id, "url", refusal.message))
    assessment.evidence.extend(added)
    return added

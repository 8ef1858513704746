"""Bringing answers prepared offline into a self-assessment, and taking them out
(issue 18): one service function per action, the checks the answer form applies.

An upload is read whole first (``answer_files``): a file that is not for the
assessment's criteria version, or cannot be read safely, changes nothing. Then
every row goes through ``answer_pages.save_page`` as if typed into the form: what is
valid is saved, each refused row says why, and the report names every row.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from labelapp.languages import catalogue
from labelapp.models import Assessment
from labelapp.services import answer_files
from labelapp.services.actor import Actor
from labelapp.services.answer_files import BadFile
from labelapp.services.answer_pages import ItemInput
from labelapp.services.answer_pages import save_page
from labelapp.services.assessments import require_editor
from labelapp.services.assessments import scheme_of
from labelapp.services.criteria_document import document_of
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from labelapp.services.permissions import manages
from labelapp.text import Text
from labelapp.text import msg


class RowResult(StrEnum):
    SAVED = "saved"
    UNCHANGED = "unchanged"
    BLANK = "blank"
    REFUSED = "refused"


@dataclass(frozen=True)
class RowOutcome:
    row: int
    item_id: str
    result: RowResult
    message: Text | None = None


@dataclass(frozen=True)
class ImportReport:
    rows: tuple[RowOutcome, ...]

    def count(self, result: RowResult | str) -> int:
        return sum(1 for row in self.rows if row.result == result)


def _stored(assessment: Assessment) -> dict[str, tuple[str | None, str]]:
    return {answer.item_id: (answer.value, answer.justification) for answer in assessment.answers}


def _require_manager(session: Session, actor: Actor, assessment: Assessment) -> None:
    if actor.user is None or not manages(session, actor.user, assessment.organisation_id):
        raise NotAllowed(msg("Only the organisation's managers can download its answers."))


def export_workbook(session: Session, actor: Actor, assessment: Assessment, language: str) -> bytes:
    """The assessment's answers in the criteria workbook, texts in ``language``.

    Raises:
        NotAllowed: not a manager of the organisation.
    """
    _require_manager(session, actor, assessment)
    scheme = scheme_of(assessment)
    return answer_files.workbook(
        document_of(scheme, language),
        scheme,
        _stored(assessment),
        gettext=catalogue(language).gettext,
    )


def export_json(session: Session, actor: Actor, assessment: Assessment, language: str) -> bytes:
    """The assessment's answers as JSON.

    Raises:
        NotAllowed: not a manager of the organisation.
    """
    _require_manager(session, actor, assessment)
    return answer_files.answers_json(scheme_of(assessment), _stored(assessment), language)


def import_answers(
    session: Session, actor: Actor, assessment: Assessment, data: bytes
) -> ImportReport:
    """Save the valid answers of an uploaded workbook or JSON file into the draft.

    Raises:
        NotAllowed: not a manager of the organisation, or the assessment is not editable.
        ValidationFailed: the file is refused whole (named by ``file``); nothing is saved.
    """
    require_editor(session, actor, assessment)
    scheme = scheme_of(assessment)
    try:
        found = answer_files.read(data, scheme)
    except BadFile as refusal:
        raise ValidationFailed([("file", refusal.message)]) from None
    if (found.scheme, found.version) != (scheme.key, scheme.version):
        raise ValidationFailed(
            [
                (
                    "file",
                    msg(
                        "This file is for the criteria %(found)s; this self-assessment uses "
                        "%(ours)s. Nothing was saved: download the workbook of this "
                        "self-assessment and copy the answers into it.",
                        found=f"{found.scheme} {found.version}",
                        ours=f"{scheme.key} {scheme.version}",
                    ),
                )
            ]
        )
    first_row: dict[str, int] = {}
    inputs: dict[str, ItemInput] = {}
    outcomes: list[RowOutcome] = []
    for row in found.rows:
        if row.item_id in first_row:
            outcomes.append(
                RowOutcome(
                    row.row,
                    row.item_id,
                    RowResult.REFUSED,
                    msg(
                        "Already in row %(row)s; only that row counts.", row=first_row[row.item_id]
                    ),
                )
            )
            continue
        first_row[row.item_id] = row.row
        inputs[row.item_id] = ItemInput(value=row.value, justification=row.justification)
    saved = save_page(session, actor, assessment, inputs, None)
    refusals = {refusal.item_id: refusal.message for refusal in saved.refused}
    changed = set(saved.changed)
    for row in found.rows:
        if first_row.get(row.item_id) != row.row:
            continue
        if row.item_id in refusals:
            outcome = RowOutcome(row.row, row.item_id, RowResult.REFUSED, refusals[row.item_id])
        elif row.item_id in changed:
            outcome = RowOutcome(row.row, row.item_id, RowResult.SAVED)
        elif row.value is None and row.justification is None:
            outcome = RowOutcome(row.row, row.item_id, RowResult.BLANK)
        else:
            outcome = RowOutcome(row.row, row.item_id, RowResult.UNCHANGED)
        outcomes.append(outcome)
    return ImportReport(tuple(sorted(outcomes, key=lambda outcome: outcome.row)))

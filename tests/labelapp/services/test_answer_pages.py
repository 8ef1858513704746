"""Saving a page: answers, uploads and links checked once, the valid ones kept, refusals named."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from assessment import parse_criteria
from labelapp.db import db_session
from labelapp.models import Answer
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import Evidence
from labelapp.models import Role
from labelapp.models import StoredFile
from labelapp.services import assessments
from labelapp.services import criteria
from labelapp.services.answer_pages import ItemInput
from labelapp.services.answer_pages import Upload
from labelapp.services.answer_pages import save_page
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import StaleState
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import audit_actions
from tests.labelapp.services.factories import audit_events
from tests.labelapp.services.factories import count
from tests.labelapp.services.factories import inputs
from tests.labelapp.services.factories import publish_criteria
from tests.labelapp.services.factories import start

pytestmark = pytest.mark.usefixtures("ctx")

PDF = (
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
BUNDLED = Path(__file__).parents[3] / "criteria" / "cluster-excellence-2026.1.yaml"
EVIDENCED = "leadership-governance"  # a criterion whose evidence is required


def _stored(assessment: Assessment) -> dict[str, str | None]:
    return {answer.item_id: answer.value for answer in assessment.answers}


def _save(manager, assessment, given, version=None):
    return save_page(db_session(), actor(manager), assessment, given, version)


def test_a_page_is_stored_bumps_the_row_version_once_and_is_audited(manager):
    assessment = start(db_session(), manager)
    version = assessment.row_version
    given = {
        "leadership-vision": ItemInput("75", "Vision adopted by the board in 2024."),
        "sme-share": ItemInput("12.5", "Member register."),
        "written-strategy": ItemInput("true"),
        "satisfaction-survey-frequency": ItemInput("yearly"),
        EVIDENCED: ItemInput(link="https://cluster.example/board-minutes"),
    }
    saved = _save(manager, assessment, given, version)
    assert (saved.changed, saved.refused) == (tuple(given)[:4], ())
    db_session().commit()
    db_session().expire_all()
    assert _stored(assessment) == {item: given[item].value for item in tuple(given)[:4]}
    assert assessment.answers[0].justification == "Vision adopted by the board in 2024."
    assert assessment.answers[0].updated_by_id == manager.id
    assert [e.url for e in assessment.evidence] == ["https://cluster.example/board-minutes"]
    assert assessment.row_version == version + 1  # answers and evidence: one change
    answers_saved, evidence_added = audit_events(db_session())[-2:]
    assert answers_saved.action == "assessment.answers_saved"
    assert json.loads(answers_saved.details) == {"items": list(given)[:4]}
    assert evidence_added.action == "evidence.added"
    assert json.loads(evidence_added.details) == {
        "item": EVIDENCED,
        "evidence_id": assessment.evidence[0].id,
        "url": "https://cluster.example/board-minutes",
    }
    scheme = assessments.scheme_of(assessment)
    assert assessments.engine_answers(scheme, assessment) == {
        "leadership-vision": 75,
        "sme-share": Decimal("12.5"),
        "written-strategy": True,
        "satisfaction-survey-frequency": "yearly",
    }


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("12,5", "12.5"), (" 1 2,50 ", "12.5"), ("012.50", "12.5"), ("50", "50"), ("0", "0")],
)
def test_numbers_are_stored_in_one_form_whatever_way_they_were_typed(manager, typed, stored):
    assessment = start(db_session(), manager)
    _save(manager, assessment, {"sme-share": ItemInput(typed)})
    assert _stored(assessment) == {"sme-share": stored}


def test_saving_an_unchanged_page_changes_nothing(manager):
    assessment = start(db_session(), manager)
    given = {"leadership-vision": ItemInput("75", "x")}
    _save(manager, assessment, given)
    version, events = assessment.row_version, len(audit_events(db_session()))
    saved = _save(manager, assessment, given, version)
    assert not saved.saved_anything
    assert assessment.row_version == version
    assert len(audit_events(db_session())) == events


def test_clearing_an_answer_stores_none(manager):
    assessment = start(db_session(), manager)
    _save(manager, assessment, inputs({"sme-share": 50}))
    assert _save(manager, assessment, {"sme-share": ItemInput("")}).changed == ("sme-share",)
    assert _stored(assessment) == {"sme-share": None}


def test_a_stale_page_is_refused_whole_and_nothing_is_overwritten(manager):
    assessment = start(db_session(), manager)
    opened = assessment.row_version
    _save(manager, assessment, inputs({"leadership-vision": 50}), opened)
    events = len(audit_events(db_session()))
    stale = {
        "leadership-vision": ItemInput("100"),
        EVIDENCED: ItemInput(upload=Upload("minutes.pdf", PDF)),
    }
    with pytest.raises(StaleState, match="changed by someone else"):
        _save(manager, assessment, stale, opened)
    assert _stored(assessment) == {"leadership-vision": "50"}
    assert assessment.row_version == opened + 1
    assert count(db_session(), StoredFile) == count(db_session(), Evidence) == 0
    assert len(audit_events(db_session())) == events


@pytest.mark.parametrize(
    ("item_id", "value", "message"),
    [
        ("leadership-vision", "40", "Choose one of the listed answers."),  # off the scale
        ("leadership-vision", "seventy", "Choose one of the listed answers."),
        ("leadership-vision", "-25", "Choose one of the listed answers."),
        ("leadership-vision", "²", "Choose one of the listed answers."),
        ("leadership-vision", "٧٥", "Choose one of the listed answers."),  # Arabic-Indic 75
        ("leadership-vision", "75.0", "Choose one of the listed answers."),
        ("sme-share", "abc", "Enter a number, e.g. 12 or 2.5."),
        ("sme-share", "150", "Enter a number from 0 to 100."),  # above the maximum
        ("sme-share", "NaN", "Enter a number, e.g. 12 or 2.5."),
        ("sme-share", "Infinity", "Enter a number, e.g. 12 or 2.5."),
        ("committed-members", "2.5", "Enter a whole number."),
        ("written-strategy", "yes", "Choose one of the listed answers."),
        ("satisfaction-survey-frequency", "monthly", "Choose one of the listed answers."),
        ("no-such-item", "1", "Not a criterion or indicator of this assessment."),
    ],
)
def test_a_refused_value_is_named_and_the_rest_of_the_page_is_kept(
    manager, item_id, value, message
):
    assessment = start(db_session(), manager)
    version = assessment.row_version
    given = {"leadership-governance": ItemInput("75", "fine"), item_id: ItemInput(value, "why")}
    saved = _save(manager, assessment, given, version)
    assert [(r.item_id, r.part, str(r.message)) for r in saved.refused] == [
        (item_id, "value", message)
    ]
    assert _stored(assessment) == {"leadership-governance": "75"}  # nor its justification
    assert assessment.row_version == version + 1
    assert json.loads(audit_events(db_session())[-1].details) == {
        "items": ["leadership-governance"]
    }


def test_a_refused_value_keeps_the_answer_stored_before(manager):
    assessment = start(db_session(), manager)
    _save(manager, assessment, {"sme-share": ItemInput("40", "register")})
    saved = _save(manager, assessment, {"sme-share": ItemInput("400", "new note")})
    assert saved.refused and not saved.saved_anything
    assert [(a.value, a.justification) for a in assessment.answers] == [("40", "register")]


def test_an_over_long_number_or_justification_is_refused_before_the_database(manager):
    assessment = start(db_session(), manager)
    tiny = "0." + "0" * 70 + "1"  # a valid share in range, but longer than the column
    given = {
        "sme-share": ItemInput(tiny),
        "leadership-vision": ItemInput("50", "x" * 10_001),
    }
    saved = _save(manager, assessment, given)
    assert [(r.item_id, r.part) for r in saved.refused] == [
        ("sme-share", "value"),
        ("leadership-vision", "justification"),
    ]
    assert count(db_session(), Answer) == 0


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ASSESSOR, Role.ADMIN])
def test_only_the_organisations_managers_save_a_page(manager, make_user, role):
    assessment = start(db_session(), manager)
    outsider = actor(make_user(role))
    given = {EVIDENCED: ItemInput("50", upload=Upload("a.pdf", PDF), link="https://x.org/a")}
    with pytest.raises(NotAllowed):
        save_page(db_session(), outsider, assessment, given, None)
    assert count(db_session(), Answer) == count(db_session(), Evidence) == 0
    assert count(db_session(), StoredFile) == 0


def test_a_submitted_assessment_cannot_be_edited(manager):
    assessment = start(db_session(), manager)
    assessment.status = AssessmentStatus.SUBMITTED
    with pytest.raises(NotAllowed, match="submitted"):
        _save(manager, assessment, inputs({"sme-share": 50}))
    assert count(db_session(), Answer) == 0


def test_an_upload_is_stored_with_the_type_found_by_content(manager):
    assessment = start(db_session(), manager)
    upload = Upload("../../Raport roczny.docx", PDF)
    [evidence] = _save(manager, assessment, {EVIDENCED: ItemInput(upload=upload)}).added
    db_session().commit()
    db_session().expire_all()
    assert (evidence.item_id, evidence.is_file, evidence.original_name) == (
        EVIDENCED,
        True,
        "Raport roczny.pdf",
    )
    assert (evidence.media_type, evidence.size, evidence.uploaded_by_id) == (
        "application/pdf",
        len(PDF),
        manager.id,
    )
    stored = db_session().get(StoredFile, evidence.file_key)
    assert (stored.content, stored.sha256) == (PDF, evidence.sha256)
    event = audit_events(db_session())[-1]
    assert event.action == "evidence.added"
    assert json.loads(event.details)["sha256"] == evidence.sha256
    assert assessment.evidence == [evidence]


def test_a_refused_upload_and_a_refused_link_are_named_and_the_answer_kept(manager):
    assessment = start(db_session(), manager)
    given = {
        EVIDENCED: ItemInput("50", upload=Upload("minutes.pdf", HTML), link="javascript:alert(1)")
    }
    saved = _save(manager, assessment, given)
    assert [(r.item_id, r.part) for r in saved.refused] == [(EVIDENCED, "file"), (EVIDENCED, "url")]
    assert "checked by content" in str(saved.refused[0].message)
    assert str(saved.refused[1].message).startswith("Enter a full web address")
    assert _stored(assessment) == {EVIDENCED: "50"}
    assert count(db_session(), StoredFile) == count(db_session(), Evidence) == 0
    assert "evidence.added" not in audit_actions(db_session())


def test_evidence_for_an_item_that_takes_none_is_refused(manager):
    publish_criteria(db_session())
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    data["version"] = "2027.9"
    bare = data["indicators"][0]
    bare["evidence"] = "none"
    text = yaml.safe_dump(data)
    criteria.publish_version(db_session(), parse_criteria(text), text, "none.yaml")
    assessment = start(db_session(), manager)
    assert assessment.criteria_version.version == "2027.9"
    saved = _save(manager, assessment, {bare["id"]: ItemInput(link="https://x.org/a")})
    assert [(r.item_id, r.part, str(r.message)) for r in saved.refused] == [
        (bare["id"], "url", "This item takes no evidence.")
    ]
    assert count(db_session(), Evidence) == 0


def test_evidence_alone_leaves_the_answer_and_its_justification_as_they_were(manager):
    assessment = start(db_session(), manager)
    _save(manager, assessment, {EVIDENCED: ItemInput("75", "Board minutes.")})
    saved = _save(manager, assessment, {EVIDENCED: ItemInput(link="https://x.org/minutes")})
    assert (saved.changed, len(saved.added)) == ((), 1)
    assert [(a.value, a.justification) for a in assessment.answers] == [("75", "Board minutes.")]

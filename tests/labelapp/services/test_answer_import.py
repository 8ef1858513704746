"""Answers prepared offline: the workbook and JSON round trip leaves a draft unchanged;
an upload is checked row by row as the form checks, each row reported; a file for
another version, with a formula, with macros, too large or unreadable changes nothing."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from assessment.model import BooleanAnswer
from assessment.model import ChoiceAnswer
from assessment.model import Indicator
from labelapp.db import db_session
from labelapp.models import AssessmentStatus
from labelapp.services.answer_import import RowResult
from labelapp.services.answer_import import export_json
from labelapp.services.answer_import import export_workbook
from labelapp.services.answer_import import import_answers
from labelapp.services.assessments import scheme_of
from labelapp.services.criteria_texts import scheme_in
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from tests.labelapp.services.factories import PATH_VERSION
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import answer_everything
from tests.labelapp.services.factories import publish_criteria
from tests.labelapp.services.factories import start

pytestmark = pytest.mark.usefixtures("ctx")


def _answers(assessment) -> dict[str, tuple[str | None, str]]:
    return {answer.item_id: (answer.value, answer.justification) for answer in assessment.answers}


def _draft(manager, version: str | None = None):
    session = db_session()
    if version is not None:
        publish_criteria(session, current=version)
    return answer_everything(session, manager, start(session, manager))


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def _saved(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row_of(sheet, item_id: str) -> int:
    return next(cell.row for cell in sheet["A"] if cell.value == item_id)


@pytest.mark.parametrize("version", [None, PATH_VERSION])
@pytest.mark.parametrize("kind", ["workbook", "json"])
def test_export_then_import_leaves_the_draft_unchanged(manager, version, kind):
    assessment = _draft(manager, version)
    before, row_version = _answers(assessment), assessment.row_version
    export = export_workbook if kind == "workbook" else export_json
    data = export(db_session(), actor(manager), assessment, "de")
    report = import_answers(db_session(), actor(manager), assessment, data)
    assert _answers(assessment) == before
    assert assessment.row_version == row_version  # nothing touched
    assert {row.result for row in report.rows} <= {RowResult.UNCHANGED, RowResult.BLANK}
    assert report.count(RowResult.UNCHANGED) == len(before)


def test_a_filled_workbook_is_saved_row_by_row_with_each_refusal_named(manager):
    session = db_session()
    assessment = start(session, manager)
    book = _book(export_workbook(session, actor(manager), assessment, "en"))
    sheet = book.worksheets[0]
    ids = [cell.value for cell in sheet["A"][1:]]
    first, second = ids[0], ids[1]
    sheet[f"E{_row_of(sheet, first)}"] = 75
    sheet[f"F{_row_of(sheet, first)}"] = "Board minutes of March."
    sheet[f"E{_row_of(sheet, second)}"] = 33  # not a step of the scale
    sheet.append(["no-such-item", "", "", "", "50", ""])
    report = import_answers(session, actor(manager), assessment, _saved(book))
    results = {row.item_id: row for row in report.rows}
    assert results[first].result is RowResult.SAVED
    assert _answers(assessment)[first] == ("75", "Board minutes of March.")
    assert results[second].result is RowResult.REFUSED
    assert str(results[second].message) == "Choose one of the listed answers."  # as the form
    assert second not in _answers(assessment)
    assert results["no-such-item"].result is RowResult.REFUSED
    assert "Not a criterion or indicator" in str(results["no-such-item"].message)
    assert results[ids[2]].result is RowResult.BLANK


def test_labels_typed_in_the_workbooks_language_are_read_as_the_form_sends_them(manager):
    session = db_session()
    assessment = start(session, manager)
    scheme = scheme_of(assessment)
    boolean = next(i for i in scheme.indicators if isinstance(i.answer, BooleanAnswer))
    choice = next(i for i in scheme.indicators if isinstance(i.answer, ChoiceAnswer))
    german = scheme_in(scheme, "de").item(choice.id)
    assert isinstance(german, Indicator) and isinstance(german.answer, ChoiceAnswer)
    book = _book(export_workbook(session, actor(manager), assessment, "de"))
    sheet = book.worksheets[0]
    sheet[f"E{_row_of(sheet, boolean.id)}"] = "Ja"
    sheet[f"E{_row_of(sheet, choice.id)}"] = german.answer.options[-1].label
    import_answers(session, actor(manager), assessment, _saved(book))
    stored = _answers(assessment)
    assert stored[boolean.id][0] == "true"
    assert stored[choice.id][0] == choice.answer.options[-1].id


def _refused(manager, assessment, data: bytes, reason: str) -> None:
    before = _answers(assessment)
    with pytest.raises(ValidationFailed) as refused:
        import_answers(db_session(), actor(manager), assessment, data)
    ((field, message),) = refused.value.reasons
    assert field == "file" and reason in str(message), str(message)
    assert _answers(assessment) == before


def test_a_file_for_another_criteria_version_changes_nothing(manager):
    session = db_session()
    assessment = start(session, manager)  # on 2026.1
    book = _book(export_workbook(session, actor(manager), assessment, "en"))
    sheet = book.worksheets[0]
    sheet[f"E{sheet.max_row}"] = "1"
    book.worksheets[1]["B4"] = PATH_VERSION
    _refused(manager, assessment, _saved(book), f"cluster-excellence {PATH_VERSION}")
    data = json.loads(export_json(session, actor(manager), assessment, "en"))
    data["criteria_version"] = "2025.1"
    _refused(manager, assessment, json.dumps(data).encode(), "cluster-excellence 2025.1")


def test_a_formula_anywhere_refuses_the_whole_workbook(manager):
    session = db_session()
    assessment = start(session, manager)
    book = _book(export_workbook(session, actor(manager), assessment, "en"))
    sheet = book.worksheets[0]
    sheet["E2"] = 75
    sheet["E3"] = "=1+1"
    _refused(manager, assessment, _saved(book), "Cell E3")


def test_macros_oversize_and_unreadable_files_are_refused(manager):
    session = db_session()
    assessment = start(session, manager)
    good = export_workbook(session, actor(manager), assessment, "en")
    with_macros = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(with_macros, "w") as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        target.writestr("xl/vbaProject.bin", b"\x00" * 64)
    _refused(manager, assessment, with_macros.getvalue(), "macros")
    # Printer settings are binary parts too, and harmless: such a file is read.
    with_printer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(with_printer, "w") as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        target.writestr("xl/printerSettings/printerSettings1.bin", b"\x00" * 64)
    import_answers(db_session(), actor(manager), assessment, with_printer.getvalue())
    _refused(manager, assessment, good[:5000], "damaged")
    _refused(manager, assessment, b"{" + b" " * (3 * 2**20) + b"}", "larger than 2 MB")
    _refused(manager, assessment, b'{"answers": [', "cannot be read")
    _refused(manager, assessment, b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ".xls")
    _refused(manager, assessment, b"id;answer\nx;1\n", "Upload the workbook")
    _refused(manager, assessment, b"", "empty")
    data = json.loads(export_json(session, actor(manager), assessment, "en"))
    data["answers"][0]["value"] = {"nested": True}
    _refused(manager, assessment, json.dumps(data).encode(), "Answer 1")


def test_only_an_editable_draft_takes_an_upload(manager, make_user):
    session = db_session()
    assessment = start(session, manager)
    data = export_json(session, actor(manager), assessment, "en")
    stranger = make_user()
    with pytest.raises(NotAllowed):
        import_answers(session, actor(stranger), assessment, data)
    with pytest.raises(NotAllowed):
        export_json(session, actor(stranger), assessment, "en")
    assessment.status = AssessmentStatus.SUBMITTED
    with pytest.raises(NotAllowed):
        import_answers(session, actor(manager), assessment, data)


def test_a_far_off_cell_is_refused_before_any_walk_over_empty_cells(manager):
    session = db_session()
    assessment = start(session, manager)
    book = _book(export_workbook(session, actor(manager), assessment, "en"))
    book.worksheets[0]["XFD1048576"] = "x"  # a 5 KB file naming 17 billion cells
    _refused(manager, assessment, _saved(book), "more rows")


def test_odd_numbers_and_odd_json_are_refused_not_a_server_error(manager):
    session = db_session()
    assessment = start(session, manager)
    book = _book(export_workbook(session, actor(manager), assessment, "en"))
    book.worksheets[0]["E2"] = 12345
    # A number no float holds, as a hand-edited file can have it: read as infinity.
    huge = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_saved(book))) as source, zipfile.ZipFile(huge, "w") as out:
        for entry in source.infolist():
            part = source.read(entry)
            out.writestr(entry, part.replace(b"<v>12345</v>", b"<v>1E999</v>"))
    report = import_answers(session, actor(manager), assessment, huge.getvalue())
    assert report.rows[0].result is RowResult.REFUSED
    _refused(manager, assessment, b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "cannot be read")
    _refused(manager, assessment, b'{"format_version": ' + b"9" * 5000 + b"}", "cannot be read")


def test_a_percentage_typed_in_a_spreadsheet_is_the_step_it_shows(manager):
    session = db_session()
    assessment = start(session, manager)
    book = _book(export_workbook(session, actor(manager), assessment, "en"))
    sheet = book.worksheets[0]
    sheet["E2"] = 0.75
    sheet["E2"].number_format = "0%"  # shown as 75%, as Excel stores a typed "75%"
    book.worksheets[1]["B5"] = "xx"  # an unknown language reads as English
    import_answers(session, actor(manager), assessment, _saved(book))
    assert _answers(assessment)[sheet["A2"].value][0] == "75"


def test_text_stays_text_and_control_characters_are_dropped(manager):
    session = db_session()
    assessment = start(session, manager)
    data = json.loads(export_json(session, actor(manager), assessment, "en"))
    first = data["answers"][0]
    first["value"] = "75"
    first["justification"] = '=HYPERLINK("http://evil.example","see")\x0c\x00 annex'
    import_answers(session, actor(manager), assessment, json.dumps(data).encode())
    stored = _answers(assessment)[first["id"]]
    assert stored == ("75", '=HYPERLINK("http://evil.example","see") annex')
    book = _book(export_workbook(session, actor(manager), assessment, "en"))
    cell = book.worksheets[0][f"F{_row_of(book.worksheets[0], first['id'])}"]
    assert cell.data_type == "s"  # never a formula in the spreadsheet
    before = _answers(assessment)
    import_answers(session, actor(manager), assessment, _saved(book))
    assert _answers(assessment) == before


def test_a_german_workbook_shows_german_option_labels(manager):
    session = db_session()
    assessment = start(session, manager)
    scheme = scheme_of(assessment)
    choice = next(i for i in scheme.indicators if isinstance(i.answer, ChoiceAnswer))
    data = json.loads(export_json(session, actor(manager), assessment, "de"))
    for entry in data["answers"]:
        if entry["id"] == choice.id:
            entry["value"] = choice.answer.options[0].id
    import_answers(session, actor(manager), assessment, json.dumps(data).encode())
    german = scheme_in(scheme, "de").item(choice.id)
    assert isinstance(german, Indicator) and isinstance(german.answer, ChoiceAnswer)
    book = _book(export_workbook(session, actor(manager), assessment, "de"))
    sheet = book.worksheets[0]
    assert sheet[f"E{_row_of(sheet, choice.id)}"].value == german.answer.options[0].label

"""Self-assessment answers as files, for preparing them offline (issue 18): a
spreadsheet workbook (.xlsx) with one row per criterion and indicator, and a JSON
document of the same shape; both name the criteria version they are for.

Writing needs the version's texts (``criteria_document``); reading turns each row
into the text the answer form would send — a step, "50/75/25", a number, "true",
an option id — for the form's own checks (``answer_pages``). A file that cannot be
read safely is refused whole (``BadFile``): too large, not a workbook or JSON, with
macros or formulas, or not in this format.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from assessment import Scheme
from assessment.model import BooleanAnswer
from assessment.model import ChoiceAnswer
from assessment.model import Criterion
from assessment.model import Indicator
from labelapp.languages import DEFAULT
from labelapp.languages import LANGUAGES
from labelapp.services.criteria_document import CriteriaDocument
from labelapp.services.criteria_document import yes_no_labels
from labelapp.services.criteria_texts import scheme_in
from labelapp.text import N_
from labelapp.text import Text
from labelapp.text import msg

FORMAT = "labelapp-answers"
FORMAT_VERSION = 1
MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 40 * 1024 * 1024  # a workbook is a zip: refuse bombs before opening
MAX_ROWS = 2_000
MAX_COLUMNS = 26  # the six of the format, and room for a team's own notes
MACRO_PARTS = ("vbaproject", "macrosheets/", "activex/", "vbadata")
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = (
    N_("ID"),
    N_("Section or area"),
    N_("Title"),
    N_("How to answer"),
    N_("Answer"),
    N_("Justification"),
)
ANSWER_COLUMN, JUSTIFICATION_COLUMN = 5, 6
INSTRUCTIONS = N_(
    "Fill in the Answer and Justification columns of the first sheet, then upload "
    "the file on the self-assessment's page. A blank answer leaves the one saved "
    "online as it is. Evidence (documents and links) is added online. Keep this sheet "
    "as it is: it says which criteria version the answers are for."
)


class BadFile(Exception):
    """The file is refused whole; ``message`` says why, for the person who uploaded it."""

    def __init__(self, message: Text) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class FileRow:
    """One row of an answers file: the item, its answer as the form would send it
    (None: left blank) and its justification (None: left blank)."""

    row: int
    item_id: str
    value: str | None
    justification: str | None


@dataclass(frozen=True)
class AnswerFile:
    scheme: str
    version: str
    rows: tuple[FileRow, ...]


# --- writing ---------------------------------------------------------------------------


def _rows(document: CriteriaDocument) -> list[tuple[str, str, str, str]]:
    """(id, part, title, how to answer) for every item, in the version's order."""
    rows = [
        (criterion.id, section.title, criterion.title, criterion.how)
        for section in document.sections
        for criterion in section.criteria
    ]
    rows += [
        (indicator.id, area.title, indicator.title, f"{indicator.how} {indicator.threshold}")
        for area in document.areas
        for indicator in area.indicators
    ]
    return rows


def _printable(text: str) -> str:
    """Text a workbook can hold: control characters (other than tab and line breaks)
    have no place in a cell, and openpyxl refuses them."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def _cell_value(item: Criterion | Indicator, stored: str | None, language: str) -> object:
    """A stored answer as a person types it in the workbook."""
    if stored is None:
        return None
    if isinstance(item, Criterion):
        return int(stored) if stored.isdigit() else stored
    spec = item.answer
    if isinstance(spec, BooleanAnswer):
        yes, no = yes_no_labels(language)
        return yes if stored == "true" else no
    if isinstance(spec, ChoiceAnswer):
        labels = {option.id: option.label for option in spec.options}
        return labels.get(stored, stored)
    number = Decimal(stored)
    return int(number) if number == number.to_integral_value() else float(number)


def _validation(item: Criterion | Indicator, language: str) -> str | None:
    """A drop-down list for the answer cell, where the answers are few and plain."""
    if isinstance(item, Criterion):
        return None if item.radar else ",".join(str(step.value) for step in item.scale)
    spec = item.answer
    if isinstance(spec, BooleanAnswer):
        return ",".join(yes_no_labels(language))
    if isinstance(spec, ChoiceAnswer):
        labels = [option.label for option in spec.options]
        text = ",".join(labels)
        return (
            None
            if any("," in label or '"' in label for label in labels) or len(text) > 250
            else text
        )
    return None


def workbook(
    document: CriteriaDocument,
    scheme: Scheme,
    answers: Mapping[str, tuple[str | None, str]] | None = None,
    *,
    gettext: Any,
) -> bytes:
    """The version as a workbook to answer offline, with ``answers`` filled in (item id
    -> stored value and justification); ``gettext`` writes the headers' language."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = gettext(N_("Answers"))[:31]
    sheet.append([gettext(header) for header in HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEF", (30, 28, 44, 52, 16, 60), strict=True):
        sheet.column_dimensions[column].width = width
    lists: dict[str, DataValidation] = {}
    labelled = scheme_in(scheme, document.language)  # option labels as the reader reads
    for number, (item_id, part, title, how) in enumerate(_rows(document), start=2):
        item = labelled.item(item_id)
        assert item is not None
        stored, justification = (answers or {}).get(item_id, (None, ""))
        sheet.append(
            [
                item_id,
                part,
                title,
                how,
                _cell_value(item, stored, document.language),
                _printable(justification) or None,
            ]
        )
        for column in "ABCDEF":
            cell = sheet[f"{column}{number}"]
            if isinstance(cell.value, str):
                # Text stays text: a justification starting with "=" is no formula.
                cell.data_type = "s"
        for column in "BCDF":
            sheet[f"{column}{number}"].alignment = Alignment(wrap_text=True, vertical="top")
        choices = _validation(item, document.language)
        if choices:
            if choices not in lists:
                lists[choices] = DataValidation(
                    type="list", formula1=f'"{choices}"', allow_blank=True, showErrorMessage=False
                )
                sheet.add_data_validation(lists[choices])
            lists[choices].add(f"E{number}")
    about = book.create_sheet(gettext(N_("About this file"))[:31])
    for row in (
        ("format", FORMAT),
        ("format_version", FORMAT_VERSION),
        ("scheme", document.key),
        ("criteria_version", document.version),
        ("language", document.language),
        ("written_on", date.today().isoformat()),
    ):
        about.append(row)
    about.append([])
    about.append([gettext(INSTRUCTIONS)])
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def answers_json(
    scheme: Scheme, answers: Mapping[str, tuple[str | None, str]], language: str
) -> bytes:
    """The answers as JSON, each value in the form's own text (a step, "50/75/25", a
    number, "true", an option id)."""
    items = [
        *(c.id for s in scheme.sections for c in s.criteria),
        *(i.id for i in scheme.indicators),
    ]
    body = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "scheme": scheme.key,
        "criteria_version": scheme.version,
        "language": language,
        "answers": [
            {
                "id": item_id,
                "value": answers.get(item_id, (None, ""))[0],
                "justification": answers.get(item_id, (None, ""))[1],
            }
            for item_id in items
        ],
    }
    return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode()


# --- reading ---------------------------------------------------------------------------

NOT_A_FILE = msg(
    "Upload the workbook (.xlsx) or the JSON file downloaded from this self-assessment, filled in."
)


def read(data: bytes, scheme: Scheme) -> AnswerFile:
    """The rows of an uploaded answers file (workbook or JSON, told apart by content).

    Raises:
        BadFile: the file is refused whole, with the reason.
    """
    if not data:
        raise BadFile(msg("The file is empty."))
    if len(data) > MAX_BYTES:
        raise BadFile(msg("The file is larger than %(limit)s MB.", limit=MAX_BYTES // 2**20))
    if data.startswith(b"PK\x03\x04"):
        return _read_workbook(data, scheme)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise BadFile(msg("This is an old Excel file (.xls): save it as an .xlsx workbook."))
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return _read_json(data)
    raise BadFile(NOT_A_FILE)


def _check_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = [entry.filename.lower() for entry in entries]
            if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
                raise BadFile(NOT_A_FILE)
            if len(entries) > 200 or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
                raise BadFile(msg("The workbook is too large once unpacked."))
            types = archive.read("[Content_Types].xml").lower()
    except (zipfile.BadZipFile, KeyError, ValueError, RuntimeError, NotImplementedError):
        # RuntimeError: an encrypted part; NotImplementedError: a compression zip lacks.
        raise BadFile(msg("The workbook is damaged and cannot be read.")) from None
    # VBA projects, Excel 4 macro sheets and ActiveX controls; printer settings (.bin
    # too) are harmless and common in files Excel saved.
    if b"macroenabled" in types or any(part in name for name in names for part in MACRO_PARTS):
        raise BadFile(msg("The workbook holds macros; save it as a plain .xlsx workbook."))


def _read_workbook(data: bytes, scheme: Scheme) -> AnswerFile:
    _check_archive(data)
    try:
        book = load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds on a broken file
        raise BadFile(msg("The workbook is damaged and cannot be read.")) from None
    if len(book.worksheets) < 2:
        raise BadFile(NOT_A_FILE)
    for sheet in book.worksheets:
        # A sheet's size is its furthest cell: one far-off cell would make the checks
        # below walk millions of empty ones.
        if sheet.max_row > MAX_ROWS or sheet.max_column > MAX_COLUMNS:
            raise BadFile(msg("The workbook has more rows than the criteria have items."))
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    raise BadFile(
                        msg(
                            "Cell %(cell)s of sheet %(sheet)s holds a formula; type the answers "
                            "as values.",
                            cell=cell.coordinate,
                            sheet=sheet.title,
                        )
                    )
    about = {
        str(row[0]): row[1]
        for row in book.worksheets[1].iter_rows(values_only=True)
        if len(row) >= 2 and row[0] is not None
    }
    facts = _facts(about)
    language = str(about.get("language") or DEFAULT)
    language = language if language in LANGUAGES else DEFAULT  # never a new cache key
    labelled = scheme_in(scheme, language)  # the labels as the file wrote them
    rows = []
    for number, cells in enumerate(book.worksheets[0].iter_rows(min_row=2), 2):
        padded = (*cells, *([None] * JUSTIFICATION_COLUMN))
        item_cell, answer, note = (
            padded[0],
            padded[ANSWER_COLUMN - 1],
            padded[JUSTIFICATION_COLUMN - 1],
        )
        item_id = item_cell.value if item_cell is not None else None
        value = _percent_as_typed(answer)
        justification = note.value if note is not None else None
        if item_id is None and value is None and justification is None:
            continue
        item_id = str(item_id or "").strip()
        rows.append(
            FileRow(
                number,
                item_id,
                _typed(scheme.item(item_id), labelled.item(item_id), value, language),
                None if justification is None else str(justification),
            )
        )
    return AnswerFile(*facts, tuple(rows))


def _percent_as_typed(cell: Any) -> object:
    """A cell's value as its person typed it: spreadsheets store "75 %" as 0.75 shown as
    a percentage; the answer is 75."""
    if cell is None:
        return None
    value = cell.value
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and "%" in (cell.number_format or ""):
        return Decimal(str(value)) * 100
    return value


def _facts(about: Mapping[str, object]) -> tuple[str, str]:
    if about.get("format") != FORMAT:
        raise BadFile(NOT_A_FILE)
    if str(about.get("format_version")) != str(FORMAT_VERSION):
        raise BadFile(
            msg("The file is in a newer format (%(found)s).", found=about.get("format_version"))
        )
    scheme, version = about.get("scheme"), about.get("criteria_version")
    if not isinstance(scheme, str) or not isinstance(version, str | int | float):
        raise BadFile(NOT_A_FILE)
    return scheme, str(version)


def _typed(
    item: Criterion | Indicator | None,
    labelled: Criterion | Indicator | None,
    value: object,
    language: str,
) -> str | None:
    """A cell's value as the form would send it: what people type in a spreadsheet
    (a number, Yes, an option's label) becomes the form's text; the form's checks then
    judge it like any typed answer."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        if not number.is_finite():
            return str(value)  # the form's check refuses it as not a number
        return (
            format(number.normalize(), "f")
            if number != number.to_integral_value()
            else str(int(number))
        )
    text = str(value).strip()
    if isinstance(item, Criterion) and not item.radar:
        return text.rstrip("%").strip()
    if isinstance(item, Indicator) and isinstance(item.answer, BooleanAnswer):
        words = {word.casefold() for word in ("yes", "true", *yes_no_labels(language)[:1])}
        if text.casefold() in words:
            return "true"
        if text.casefold() in {
            word.casefold() for word in ("no", "false", yes_no_labels(language)[1])
        }:
            return "false"
    if isinstance(item, Indicator) and isinstance(item.answer, ChoiceAnswer):
        options = list(item.answer.options)
        if isinstance(labelled, Indicator) and isinstance(labelled.answer, ChoiceAnswer):
            options += labelled.answer.options  # the same ids, labels in the file's language
        for option in options:
            if text.casefold() in (option.id.casefold(), option.label.casefold()):
                return option.id
    return text


def _read_json(data: bytes) -> AnswerFile:
    try:
        body = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadFile(msg("The JSON file cannot be read: %(error)s.", error=str(error))) from None
    except (ValueError, RecursionError):  # a number too long, nesting too deep
        raise BadFile(msg("The JSON file cannot be read.")) from None
    if not isinstance(body, dict):
        raise BadFile(NOT_A_FILE)
    facts = _facts(body)
    answers = body.get("answers")
    if not isinstance(answers, list) or len(answers) > MAX_ROWS:
        raise BadFile(msg('The JSON file needs an "answers" list.'))
    rows = []
    for index, entry in enumerate(answers, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise BadFile(msg('Answer %(number)s of the JSON file has no "id".', number=index))
        value, justification = entry.get("value"), entry.get("justification")
        if value is not None and not isinstance(value, str | int | float | bool):
            raise BadFile(
                msg("Answer %(number)s of the JSON file has no readable value.", number=index)
            )
        if justification is not None and not isinstance(justification, str):
            raise BadFile(
                msg(
                    "Answer %(number)s of the JSON file has no readable justification.",
                    number=index,
                )
            )
        text = None
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif value is not None:
            text = str(value) if str(value).strip() else None
        rows.append(FileRow(index, entry["id"].strip(), text, justification or None))
    return AnswerFile(*facts, tuple(rows))

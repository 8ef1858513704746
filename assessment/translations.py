"""Criteria translations: text-only files tied to one version's exact content.

A translation lives in ``translations/<scheme>-<version>.<language>.yaml`` beside the
criteria files. It carries the SHA-256 of the version's canonical text, so it can only
be applied to the content it was written for; ids, numbers and rules never appear in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import replace
from pathlib import Path
from typing import Any

from assessment.errors import CriteriaError
from assessment.errors import Problem
from assessment.loader import MAX_FILE_BYTES
from assessment.loader import canonical_text
from assessment.loader import parse_yaml
from assessment.loader import read_text_file
from assessment.loader import sha256_hex
from assessment.model import ChoiceAnswer
from assessment.model import Criterion
from assessment.model import Indicator
from assessment.model import NumberAnswer
from assessment.model import ScaleStep
from assessment.model import Scheme
from assessment.reader import MAX_TEXT
from assessment.reader import Reader
from assessment.reader import join

FOLDER = "translations"  # beside the criteria files, so a glob of *.yaml never takes one
FORMAT = 1
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_HEADER = ("format", "scheme", "version", "language", "criteria_sha256")
# group -> (what one item is called, the text fields a translation may give)
_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sections": ("section", ("title", "description")),
    "criteria": ("criterion", ("title", "guidance")),
    "indicator_areas": ("indicator area", ("title",)),
    "indicators": ("indicator", ("title", "guidance", "unit", "options")),
    "levels": ("level", ("title",)),
}
_BODY = ("title", "description", "changes", "scales", *_GROUPS)

TextKey = tuple[str, ...]  # a text's place: ("criteria", "leadership-vision", "title")


@dataclass(frozen=True)
class Translation:
    """The texts of one language for one criteria version, checked against it."""

    source: str
    language: str
    scheme: str
    version: str
    criteria_sha256: str
    texts: Mapping[TextKey, str]
    changes: tuple[str, ...] | None  # None: the English list is shown


def english_texts(scheme: Scheme) -> Iterator[tuple[TextKey, str]]:
    """Every non-empty English text of the scheme, keyed by its place in a translation.

    Steps of inline scales come as ``criteria.<id>.scale.<value>.*``: the format has no
    place for them (the bundled versions use named scales only), so they stay English.
    """
    return ((key, text) for key, text in _all_texts(scheme) if text)


def _all_texts(scheme: Scheme) -> Iterator[tuple[TextKey, str]]:
    yield ("title",), scheme.title
    yield ("description",), scheme.description
    yield ("changes",), "\n".join(scheme.changes)
    for name, steps in scheme.scales.items():
        yield from _step_texts(("scales", name), steps)
    for section in scheme.sections:
        yield ("sections", section.id, "title"), section.title
        yield ("sections", section.id, "description"), section.description
    for criterion in scheme.criteria:
        yield ("criteria", criterion.id, "title"), criterion.title
        yield ("criteria", criterion.id, "guidance"), criterion.guidance
        if criterion.scale_name is None:
            yield from _step_texts(("criteria", criterion.id, "scale"), criterion.scale)
    for area in scheme.indicator_areas:
        yield ("indicator_areas", area.id, "title"), area.title
    for indicator in scheme.indicators:
        yield from _indicator_texts(indicator)
    for level in scheme.levels:
        yield ("levels", level.id, "title"), level.title


def _step_texts(at: TextKey, steps: tuple[ScaleStep, ...]) -> Iterator[tuple[TextKey, str]]:
    for step in steps:
        yield (*at, str(step.value), "label"), step.label
        yield (*at, str(step.value), "description"), step.description


def _indicator_texts(indicator: Indicator) -> Iterator[tuple[TextKey, str]]:
    at = ("indicators", indicator.id)
    yield (*at, "title"), indicator.title
    yield (*at, "guidance"), indicator.guidance
    if isinstance(indicator.answer, NumberAnswer):
        yield (*at, "unit"), indicator.answer.unit
    if isinstance(indicator.answer, ChoiceAnswer):
        for option in indicator.answer.options:
            yield (*at, "options", option.id), option.label


def missing_texts(scheme: Scheme, translation: Translation) -> list[str]:
    """The paths of English texts the translation does not give, in file order."""
    given = set(translation.texts)
    if translation.changes is not None:
        given.add(("changes",))
    return [".".join(key) for key, _text in english_texts(scheme) if key not in given]


def parse_translation(text: str, scheme: Scheme, source: str = "<text>") -> Translation:
    """Translation text (YAML) -> a Translation checked against ``scheme``.

    Raises:
        CriteriaError: not YAML, or any problem, each with its path; all at once.
    """
    return _checked(text, scheme, source, file_name=None)


def load_translation(path: Path, scheme: Scheme) -> Translation:
    """Read a translation file and check it against ``scheme`` and its own file name.

    Raises:
        CriteriaError: unreadable, too large, not UTF-8, not YAML, invalid or misnamed.
    """
    return _checked(read_text_file(path), scheme, str(path), file_name=path.name)


def translation_files(folder: Path, scheme_key: str, version: str) -> dict[str, Path]:
    """The files named ``<scheme>-<version>.<language>.yaml`` in ``folder``, by language."""
    if not folder.is_dir():
        return {}
    # Any language part is taken, so that a misnamed language is reported, not ignored.
    name = re.compile(re.escape(f"{scheme_key}-{version}.") + r"([^.]+)\.yaml")
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        matched = name.fullmatch(path.name)
        if matched and path.is_file():
            found[matched.group(1)] = path
    return found


def translate(scheme: Scheme, translation: Translation) -> Scheme:
    """The scheme with its texts in the translation's language; everything else is kept.

    The result is for showing only: its canonical text (and hash) is not the version's.

    Raises:
        CriteriaError: the translation was written for other criteria content.
    """
    mismatch = _mismatch(scheme, translation)
    if mismatch is not None:
        raise CriteriaError(translation.source, [mismatch])
    texts = translation.texts

    def text(english: str, *key: str) -> str:
        return texts.get(key, english)

    scales = {
        name: tuple(_step(step, ("scales", name), texts) for step in steps)
        for name, steps in scheme.scales.items()
    }
    sections = tuple(
        replace(
            section,
            title=text(section.title, "sections", section.id, "title"),
            description=text(section.description, "sections", section.id, "description"),
            criteria=tuple(_criterion(criterion, scales, texts) for criterion in section.criteria),
        )
        for section in scheme.sections
    )
    return replace(
        scheme,
        title=text(scheme.title, "title"),
        description=text(scheme.description, "description"),
        changes=scheme.changes if translation.changes is None else translation.changes,
        scales=scales,
        sections=sections,
        indicator_areas=tuple(
            replace(area, title=text(area.title, "indicator_areas", area.id, "title"))
            for area in scheme.indicator_areas
        ),
        indicators=tuple(_indicator(indicator, texts) for indicator in scheme.indicators),
        levels=tuple(
            replace(level, title=text(level.title, "levels", level.id, "title"))
            for level in scheme.levels
        ),
        # replace() would hand over the English scheme's index dict, and __post_init__
        # would then fill it with the translated items: each scheme needs its own.
        _index={},
    )


def _step(step: ScaleStep, at: TextKey, texts: Mapping[TextKey, str]) -> ScaleStep:
    value = str(step.value)
    return replace(
        step,
        label=texts.get((*at, value, "label"), step.label),
        description=texts.get((*at, value, "description"), step.description),
    )


def _criterion(
    criterion: Criterion, scales: dict[str, tuple[ScaleStep, ...]], texts: Mapping[TextKey, str]
) -> Criterion:
    at = ("criteria", criterion.id)
    return replace(
        criterion,
        title=texts.get((*at, "title"), criterion.title),
        guidance=texts.get((*at, "guidance"), criterion.guidance),
        scale=scales[criterion.scale_name] if criterion.scale_name else criterion.scale,
    )


def _indicator(indicator: Indicator, texts: Mapping[TextKey, str]) -> Indicator:
    at = ("indicators", indicator.id)
    answer = indicator.answer
    if isinstance(answer, NumberAnswer):
        answer = replace(answer, unit=texts.get((*at, "unit"), answer.unit))
    elif isinstance(answer, ChoiceAnswer):
        options = tuple(
            replace(option, label=texts.get((*at, "options", option.id), option.label))
            for option in answer.options
        )
        answer = replace(answer, options=options)
    return replace(
        indicator,
        title=texts.get((*at, "title"), indicator.title),
        guidance=texts.get((*at, "guidance"), indicator.guidance),
        answer=answer,
    )


def _mismatch(scheme: Scheme, translation: Translation) -> Problem | None:
    sha256 = sha256_hex(canonical_text(scheme))
    if (translation.scheme, translation.version) != (scheme.key, scheme.version):
        name = f"{translation.scheme} {translation.version}"
        return Problem("", f"is a translation of {name}, not of {scheme.key} {scheme.version}")
    if translation.criteria_sha256 != sha256:
        return Problem("criteria_sha256", f"does not match the criteria (SHA-256 {sha256})")
    return None


def _checked(text: str, scheme: Scheme, source: str, file_name: str | None) -> Translation:
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1024 // 1024
        raise CriteriaError(source, [Problem("", f"is larger than {limit} MB")])
    reader = Reader()
    translation = _read(reader, parse_yaml(text, source), scheme, source)
    expected = f"{scheme.key}-{scheme.version}.{translation.language}.yaml"
    if file_name is not None and translation.language and file_name != expected:
        # The name is how a version finds its translations: a misnamed file is never used.
        reader.fail(
            "language", f"is {translation.language!r}, so the file must be named {expected}"
        )
    if reader.problems:
        raise CriteriaError(source, reader.problems)
    return translation


def _read(reader: Reader, raw: Any, scheme: Scheme, source: str) -> Translation:
    """Check every part of the raw data against the scheme; problems go to ``reader``."""
    data = reader.mapping(raw, "", _HEADER, _BODY) or {}
    reader.integer(data, "format", "", minimum=FORMAT, maximum=FORMAT)
    name = f"{scheme.key} {scheme.version}"
    given = {key: reader.text(data, key, "") for key in ("scheme", "version")}
    for key, actual in (("scheme", scheme.key), ("version", scheme.version)):
        if given[key] and given[key] != actual:
            reader.fail(key, f"is {given[key]!r}, but the criteria are {name}")
    language = reader.text(data, "language", "")
    if language == "en":
        reader.fail("language", "must not be 'en': the criteria file itself is the English text")
    elif language and not _LANGUAGE.match(language):
        reader.fail("language", f"{language!r} is not a two-letter lower-case code such as de")
    sha256 = reader.text(data, "criteria_sha256", "")
    actual_sha256 = sha256_hex(canonical_text(scheme))
    if sha256 and sha256 != actual_sha256:
        reader.fail(
            "criteria_sha256",
            f"does not match {name} (its SHA-256 is {actual_sha256}): "
            "a translation belongs to one version's exact content",
        )
    texts = _Texts(reader, {key for key, _text in english_texts(scheme)})
    for key in ("title", "description"):
        if key in data:
            texts.put((key,), reader.text(data, key, ""))
    changes = _read_changes(reader, data, scheme)
    _read_scales(reader, data, scheme, texts)
    for group in _GROUPS:
        _read_group(reader, data, group, scheme, texts)
    return Translation(
        source, language, given["scheme"], given["version"], sha256, texts.found, changes
    )


class _Texts:
    """The texts read so far; a text whose English is empty has nothing to translate."""

    def __init__(self, reader: Reader, english: set[TextKey]) -> None:
        self.reader = reader
        self.english = english
        self.found: dict[TextKey, str] = {}

    def put(self, key: TextKey, text: str) -> None:
        if not text:  # the reader has already said why
            return
        if key in self.english:
            self.found[key] = text
        else:
            self.reader.fail(".".join(key), "the English text is empty: nothing to translate")


def _read_changes(reader: Reader, data: dict[str, Any], scheme: Scheme) -> tuple[str, ...] | None:
    if "changes" not in data:
        return None
    items = data["changes"]
    if not isinstance(items, list):
        reader.fail("changes", "must be a list of sentences")
        return None
    changes: list[str] = []
    for index, item in enumerate(items):
        if isinstance(item, str) and 0 < len(item.strip()) <= MAX_TEXT:
            changes.append(item.strip())
        else:
            reader.fail(join("changes", index), "must be a non-empty sentence")
    if len(items) != len(scheme.changes):
        reader.fail(
            "changes",
            f"has {len(items)} entries, but the English list has {len(scheme.changes)}: "
            "translate each one, in the same order",
        )
    return tuple(changes)


def _read_scales(reader: Reader, data: dict[str, Any], scheme: Scheme, texts: _Texts) -> None:
    if "scales" not in data:
        return
    raw = data["scales"]
    if not isinstance(raw, dict):
        reader.fail("scales", "must be a mapping of scale names to steps")
        return
    for name, steps in raw.items():
        here = join("scales", str(name))
        scale = scheme.scales.get(name) if isinstance(name, str) else None
        if scale is None:
            reader.fail(here, f"no scale with this name in {scheme.key} {scheme.version}")
        elif not isinstance(steps, dict):
            reader.fail(here, "must be a mapping of step values to texts")
        else:
            _read_steps(reader, name, scale, steps, texts)


def _read_steps(
    reader: Reader, name: str, scale: tuple[ScaleStep, ...], steps: dict[Any, Any], texts: _Texts
) -> None:
    values = [step.value for step in scale]
    for value, entry in steps.items():
        here = join(join("scales", name), str(value))
        if isinstance(value, bool) or not isinstance(value, int):
            reader.fail(here, f"a step is named by its value, a whole number, not {value!r}")
            continue
        if value not in values:
            known = ", ".join(map(str, values))
            reader.fail(here, f"scale {name} has no step {value} (its steps: {known})")
            continue
        fields = reader.mapping(entry, here, (), ("label", "description"))
        for field in fields or {}:
            if field in ("label", "description"):
                texts.put(("scales", name, str(value), field), reader.text(entry, field, here))


def _items(scheme: Scheme, group: str) -> dict[str, object]:
    items: dict[str, tuple[Any, ...]] = {
        "sections": scheme.sections,
        "criteria": scheme.criteria,
        "indicator_areas": scheme.indicator_areas,
        "indicators": scheme.indicators,
        "levels": scheme.levels,
    }
    return {item.id: item for item in items[group]}


def _read_group(
    reader: Reader, data: dict[str, Any], group: str, scheme: Scheme, texts: _Texts
) -> None:
    if group not in data:
        return
    raw = data[group]
    if not isinstance(raw, dict):
        reader.fail(group, "must be a mapping of ids to texts")
        return
    noun, fields = _GROUPS[group]
    known = _items(scheme, group)
    for item_id, entry in raw.items():
        here = join(group, str(item_id))
        item = known.get(item_id) if isinstance(item_id, str) else None
        if item is None:
            reader.fail(here, f"no {noun} with this id in {scheme.key} {scheme.version}")
            continue
        values = reader.mapping(entry, here, (), fields) or {}
        for field in (field for field in fields if field in values):
            if isinstance(item, Indicator) and field in ("unit", "options"):
                _read_answer_text(reader, item, field, values, texts)
            else:
                texts.put((group, item_id, field), reader.text(values, field, here))


def _read_answer_text(
    reader: Reader, indicator: Indicator, field: str, values: dict[str, Any], texts: _Texts
) -> None:
    """A unit (number answers only) or option labels (choice answers only)."""
    at = ("indicators", indicator.id)
    here = ".".join((*at, field))
    answer = indicator.answer
    wanted = "number" if field == "unit" else "choice"
    if answer.type != wanted:
        reader.fail(
            here,
            f"{indicator.id} is answered with a {answer.type}: "
            f"only {wanted} indicators have {'a unit' if field == 'unit' else 'options'}",
        )
    elif field == "unit":
        texts.put((*at, "unit"), reader.text(values, "unit", ".".join(at)))
    elif not isinstance(raw := values["options"], dict):
        reader.fail(here, "must be a mapping of option ids to labels")
    else:
        options = answer.options if isinstance(answer, ChoiceAnswer) else ()
        ids = [option.id for option in options]
        for option_id in raw:
            if option_id in ids:
                texts.put((*at, "options", option_id), reader.text(raw, option_id, here))
            else:
                known = ", ".join(ids)
                reader.fail(
                    join(here, str(option_id)),
                    f"{indicator.id} has no option with this id (its options: {known})",
                )

"""Criteria translations: checked against their version, text-only, scores untouched."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import settings

from assessment import CriteriaError
from assessment import Scheme
from assessment import Translation
from assessment import canonical_text
from assessment import load_criteria
from assessment import load_translation
from assessment import missing_texts
from assessment import parse_translation
from assessment import score
from assessment import sha256_hex
from assessment import translate
from assessment import translation_files
from assessment.model import ChoiceAnswer
from assessment.model import NumberAnswer
from assessment.model import scheme_title_note
from assessment.translations import english_texts
from tests.assessment.answers import answer_sets
from tests.assessment.answers import extreme
from tests.assessment.answers import seeded
from tests.assessment.schemes import BUNDLED
from tests.assessment.schemes import CRITERIA_DIR
from tests.assessment.schemes import build
from tests.assessment.schemes import small_data

TRANSLATIONS = CRITERIA_DIR / "translations"
EXPECTED = [("2026.1", "de"), ("2026.1", "fr")]  # the bundled translations there must be


def _scheme() -> Scheme:
    """The small scheme with a description, changes and only named scales."""
    data = small_data()
    data["description"] = "What the small scheme is for."
    data["changes"] = ["First change.", "Second change."]
    data["sections"][1]["criteria"][0]["scale"] = "basic"
    return build(data)


SCHEME = _scheme()
SHA256 = sha256_hex(canonical_text(SCHEME))
FULL: dict[str, Any] = {
    "format": 1,
    "scheme": "small",
    "version": "1.0",
    "language": "de",
    "criteria_sha256": SHA256,
    "title": "Ein kleines Schema für Tests",
    "description": "Wofür das kleine Schema da ist.",
    "changes": ["Erste Änderung.", "Zweite Änderung."],
    "scales": {
        "basic": {
            0: {"label": "Nichts", "description": "Nichts vorhanden."},
            50: {"label": "Teilweise", "description": "Für einen Teil der Mitglieder."},
            100: {"label": "Voll", "description": "Vorhanden, gemessen und verbessert."},
        }
    },
    "sections": {"lead": {"title": "Führung"}, "results": {"title": "Ergebnisse"}},
    "criteria": {
        "vision": {"title": "Vision", "guidance": "Zeigen Sie sie."},
        "governance": {"title": "Steuerung", "guidance": "Zeigen Sie sie."},
        "satisfaction": {"title": "Zufriedenheit", "guidance": "Zeigen Sie sie."},
    },
    "indicator_areas": {"structure": {"title": "Struktur"}},
    "indicators": {
        "members": {"title": "Mitglieder", "guidance": "Zählen Sie sie.", "unit": "Mitglieder"},
        "website": {"title": "Webseite", "guidance": "Auf Englisch."},
        "survey": {
            "title": "Umfrage",
            "guidance": "Wie oft.",
            "options": {"never": "Nie", "yearly": "Jährlich"},
        },
        "fte": {"title": "Personal", "guidance": "VZÄ.", "unit": "VZÄ"},
    },
    "levels": {"bronze": {"title": "Bronze"}, "gold": {"title": "Gold"}},
}


def full() -> dict[str, Any]:
    return copy.deepcopy(FULL)


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def parse(data: dict[str, Any], scheme: Scheme = SCHEME) -> Translation:
    return parse_translation(dump(data), scheme, "small-1.0.de.yaml")


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(CriteriaError) as caught:
        parse(data)
    assert caught.value.source == "small-1.0.de.yaml"
    return [str(problem) for problem in caught.value.problems]


def _set(path: str, value: Any) -> Any:
    """A change to the full translation: set the value at a dotted path."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        for key in parents:
            data = data.setdefault(int(key) if key.isdigit() else key, {})
        data[int(last) if last.isdigit() else last] = value

    return change


def _drop(key: str) -> Any:
    return lambda data: data.pop(key)


ERRORS = [
    (_set("colour", "blau"), "colour: unknown key"),
    (_set("criteria.vision.weight", 50), "criteria.vision.weight: unknown key"),
    (
        _set("criteria.visio", {"title": "Vision"}),
        "criteria.visio: no criterion with this id in small 1.0",
    ),
    (_set("sections.leed", {"title": "F"}), "sections.leed: no section with this id in small 1.0"),
    (_set("indicators.member", {"title": "M"}), "indicators.member: no indicator with this id"),
    (_set("indicator_areas.size", {"title": "G"}), "indicator_areas.size: no indicator area"),
    (_set("levels.silver", {"title": "Silber"}), "levels.silver: no level with this id"),
    (_set("criteria", ["vision"]), "criteria: must be a mapping of ids to texts"),
    (_set("criteria.vision", "Vision"), "criteria.vision: must be a mapping"),
    (_set("scales.maturity", {0: {"label": "N"}}), "scales.maturity: no scale with this name"),
    (
        _set("scales.basic.25", {"label": "Etwas"}),
        "scales.basic.25: scale basic has no step 25 (its steps: 0, 50, 100)",
    ),
    (lambda data: data["scales"]["basic"].update({"50": {}}), "scales.basic.50: a step is named"),
    (_set("scales.basic.0.colour", "rot"), "scales.basic.0.colour: unknown key"),
    (
        _set("indicators.website.unit", "Seiten"),
        "indicators.website.unit: website is answered with a boolean: "
        "only number indicators have a unit",
    ),
    (
        _set("indicators.survey.unit", "Mal"),
        "indicators.survey.unit: survey is answered with a choice",
    ),
    (
        _set("indicators.members.options", {"many": "Viele"}),
        "indicators.members.options: members is answered with a number: "
        "only choice indicators have options",
    ),
    (
        _set("indicators.survey.options.monthly", "Monatlich"),
        "indicators.survey.options.monthly: survey has no option with this id "
        "(its options: never, yearly)",
    ),
    (_set("indicators.survey.options", ["Nie"]), "indicators.survey.options: must be a mapping"),
    (
        _set("changes", ["Nur eine."]),
        "changes: has 1 entries, but the English list has 2: translate each one",
    ),
    (_set("changes", ["Eine.", " "]), "changes[1]: must be a non-empty sentence"),
    (_set("changes", "Eine."), "changes: must be a list of sentences"),
    (_set("criteria.vision.title", ""), "criteria.vision.title: must not be empty"),
    (_set("criteria.vision.title", "   "), "criteria.vision.title: must not be empty"),
    (_set("scales.basic.0.label", ""), "scales.basic.0.label: must not be empty"),
    (_set("indicators.survey.options.never", ""), "indicators.survey.options.never: must not"),
    (_set("levels.gold.title", 7), "levels.gold.title: must be text, not a number (7)"),
    (_set("title", ""), "title: must not be empty"),
    (
        _set("sections.lead.description", "Beschreibung"),
        "sections.lead.description: the English text is empty: nothing to translate",
    ),
    (_set("language", "en"), "language: must not be 'en'"),
    (_set("language", "DE"), "language: 'DE' is not a two-letter lower-case code"),
    (_set("language", "deu"), "language: 'deu' is not a two-letter lower-case code"),
    (_drop("language"), "language: is missing"),
    (_set("scheme", "other"), "scheme: is 'other', but the criteria are small 1.0"),
    (_set("version", "2.0"), "version: is '2.0', but the criteria are small 1.0"),
    (_set("version", 1.0), "version: must be text, not a number (1.0) (quote it)"),
    (
        _set("criteria_sha256", "0" * 64),
        f"criteria_sha256: does not match small 1.0 (its SHA-256 is {SHA256})",
    ),
    (_set("format", 2), "format: must be at most 1, not 2"),
]


def test_a_full_translation_is_accepted():
    translation = parse(full())
    assert (translation.language, translation.scheme, translation.version) == ("de", "small", "1.0")
    assert translation.texts[("criteria", "vision", "guidance")] == "Zeigen Sie sie."
    assert translation.texts[("scales", "basic", "50", "label")] == "Teilweise"
    assert translation.changes == ("Erste Änderung.", "Zweite Änderung.")


@pytest.mark.parametrize(("change", "expected"), ERRORS, ids=[e[1][:50] for e in ERRORS])
def test_each_fault_is_reported_with_its_path(change, expected):
    data = full()
    change(data)
    found = problems(data)
    assert any(line.startswith(expected) for line in found), found


def test_every_fault_is_reported_at_once():
    data = full()
    for change, _expected in ERRORS[:6]:
        change(data)
    data["language"] = "en"
    found = problems(data)
    assert len(found) == 7, found
    assert [line.split(":")[0] for line in found] == [
        "colour",
        "language",
        "sections.leed",
        "criteria.vision.weight",
        "criteria.visio",
        "indicator_areas.size",
        "indicators.member",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("format: 1\nformat: 1\n", "duplicate key 'format'"),
        ("- a list\n", "must be a mapping, not a list"),
        ("title: [unclosed\n", "not valid YAML"),
    ],
)
def test_text_that_is_no_translation_is_refused(text, expected):
    with pytest.raises(CriteriaError, match=expected.replace("[", r"\[")):
        parse_translation(text, SCHEME)


def test_translate_replaces_every_text_and_nothing_else():
    translated = translate(SCHEME, parse(full()))
    assert translated.title == "Ein kleines Schema für Tests"
    assert translated.description == "Wofür das kleine Schema da ist."
    assert translated.changes == ("Erste Änderung.", "Zweite Änderung.")
    assert [s.title for s in translated.sections] == ["Führung", "Ergebnisse"]
    assert translated.scales["basic"][1].label == "Teilweise"
    assert [step.label for step in translated.criteria[2].scale] == ["Nichts", "Teilweise", "Voll"]
    assert translated.indicator_areas[0].title == "Struktur"
    members, _website, survey, _fte = translated.indicators
    assert isinstance(members.answer, NumberAnswer) and members.answer.unit == "Mitglieder"
    assert isinstance(survey.answer, ChoiceAnswer)
    assert [o.label for o in survey.answer.options] == ["Nie", "Jährlich"]
    assert survey.describe_threshold() == "Jährlich"
    assert [level.title for level in translated.levels] == ["Bronze", "Gold"]
    # ids, numbers and rules are the English scheme's
    assert (translated.key, translated.version) == (SCHEME.key, SCHEME.version)
    assert [c.id for c in translated.criteria] == [c.id for c in SCHEME.criteria]
    assert [step.value for step in translated.criteria[0].scale] == [0, 50, 100]
    assert translated.levels[1].min_section_percent == SCHEME.levels[1].min_section_percent
    assert [i.threshold for i in translated.indicators] == [i.threshold for i in SCHEME.indicators]


def test_translate_keeps_the_lookups_of_both_schemes_apart():
    translated = translate(SCHEME, parse(full()))
    assert translated.item("vision").title == "Vision"
    assert translated.item("governance").title == "Steuerung"
    assert translated.item("fte").title == "Personal"
    assert translated.level("gold").title == "Gold"
    assert translated.section_of("satisfaction").title == "Ergebnisse"
    assert list(translated.item_ids) == list(SCHEME.item_ids)
    # replace() alone would have refilled the English scheme's index with German items
    assert SCHEME.item("governance").title == "Governance"
    assert SCHEME.item("fte").title == "Staff"


def test_a_partial_translation_falls_back_to_english():
    data = {key: FULL[key] for key in ("format", "scheme", "version", "language")}
    data["criteria_sha256"] = SHA256
    data["criteria"] = {"vision": {"title": "Vision (de)"}}
    translated = translate(SCHEME, parse(data))
    assert translated.item("vision").title == "Vision (de)"
    assert translated.item("vision").guidance == "Show it."
    assert translated.changes == SCHEME.changes
    assert translated.title == SCHEME.title


def test_translate_refuses_a_translation_of_other_content():
    translation = parse(full())
    data = small_data()
    data["title"] = "Another title, another hash"
    with pytest.raises(CriteriaError, match="criteria_sha256: does not match the criteria"):
        translate(build(data), translation)
    data = small_data()
    data["version"] = "2.0"
    with pytest.raises(CriteriaError, match=r"is a translation of small 1\.0, not of small 2\.0"):
        translate(build(data), translation)


def _marked(scheme: Scheme) -> Translation:
    """A translation that gives every English text back, marked: «text»."""
    texts = {key: f"«{text}»" for key, text in english_texts(scheme) if key != ("changes",)}
    changes = tuple(f"«{change}»" for change in scheme.changes)
    sha256 = sha256_hex(canonical_text(scheme))
    return Translation("marked", "xx", scheme.key, scheme.version, sha256, texts, changes)


BUNDLED_2026 = load_criteria(BUNDLED["2026.1"])
MARKED_2026 = translate(BUNDLED_2026, _marked(BUNDLED_2026))


@pytest.mark.parametrize("scheme", [SCHEME, BUNDLED_2026], ids=["small", "2026.1"])
def test_every_text_lands_in_its_place(scheme):
    translated = translate(scheme, _marked(scheme))
    english = dict(english_texts(scheme))
    expected = {key: f"«{text}»" for key, text in english.items() if key != ("changes",)}
    expected[("changes",)] = "\n".join(f"«{change}»" for change in scheme.changes)
    assert dict(english_texts(translated)) == expected


@pytest.mark.parametrize("scheme", [SCHEME, BUNDLED_2026], ids=["small", "2026.1"])
def test_a_translation_that_gives_the_english_back_changes_nothing(scheme):
    identity = _marked(scheme)
    texts = dict(english_texts(scheme))
    same = Translation(
        "same", "xx", scheme.key, scheme.version, identity.criteria_sha256, texts, scheme.changes
    )
    assert canonical_text(translate(scheme, same)) == canonical_text(scheme)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scores_of_a_translated_scheme_are_the_english_scores(seed):
    for answers in (seeded(BUNDLED_2026, seed), extreme(BUNDLED_2026, top=seed == 1)):
        expected = score(BUNDLED_2026, answers).to_json()
        assert score(MARKED_2026, answers).to_json() == expected


@settings(max_examples=100)
@given(answer_sets(BUNDLED_2026))
def test_scores_of_a_translated_scheme_are_the_english_scores_for_any_answers(answers):
    assert score(MARKED_2026, answers).to_json() == score(BUNDLED_2026, answers).to_json()


def test_missing_texts_lists_what_falls_back_to_english():
    assert missing_texts(SCHEME, parse(full())) == []
    data = full()
    del data["changes"], data["scales"]["basic"][50]["description"], data["indicators"]["fte"]
    del data["indicators"]["survey"]["options"]["never"], data["levels"]
    assert missing_texts(SCHEME, parse(data)) == [
        "changes",
        "scales.basic.50.description",
        "indicators.survey.options.never",
        "indicators.fte.title",
        "indicators.fte.guidance",
        "indicators.fte.unit",
        "levels.bronze.title",
        "levels.gold.title",
    ]


def test_missing_texts_of_a_bare_translation_is_every_english_text():
    bare = {key: FULL[key] for key in ("format", "scheme", "version", "language")}
    missing = missing_texts(SCHEME, parse({**bare, "criteria_sha256": SHA256}))
    assert missing[:4] == ["title", "description", "changes", "scales.basic.0.label"]
    assert len(missing) == len(list(english_texts(SCHEME)))
    assert "sections.lead.description" not in missing  # empty in English


def test_steps_of_an_inline_scale_have_no_place_and_stay_missing():
    inline = build(small_data())  # "satisfaction" lists its own steps
    data = full()
    data["criteria_sha256"] = sha256_hex(canonical_text(inline))
    del data["description"], data["changes"]
    missing = missing_texts(inline, parse(data, inline))
    assert missing[:2] == [
        "criteria.satisfaction.scale.0.label",
        "criteria.satisfaction.scale.0.description",
    ]
    assert len(missing) == 8


def test_translation_files_follow_the_naming_rule(tmp_path):
    names = [
        "small-1.0.de.yaml",
        "small-1.0.fr.yaml",
        "small-1.0.yaml",  # the criteria file itself
        "small-1.0.de.yml",
        "small-1.01.de.yaml",  # another version
        "small-1.0.x.de.yaml",
        "other-1.0.de.yaml",
    ]
    for name in names:
        (tmp_path / name).write_text("")
    assert translation_files(tmp_path, "small", "1.0") == {
        "de": tmp_path / "small-1.0.de.yaml",
        "fr": tmp_path / "small-1.0.fr.yaml",
    }
    assert translation_files(tmp_path / "none", "small", "1.0") == {}


def test_load_translation_checks_the_file_and_its_name(tmp_path):
    good = tmp_path / "small-1.0.de.yaml"
    good.write_text(dump(full()), encoding="utf-8")
    assert load_translation(good, SCHEME).source == str(good)
    misnamed = tmp_path / "small-1.0.fr.yaml"
    misnamed.write_text(dump(full()), encoding="utf-8")
    with pytest.raises(CriteriaError) as caught:
        load_translation(misnamed, SCHEME)
    assert str(caught.value) == (
        f"{misnamed}: language: is 'de', so the file must be named small-1.0.de.yaml"
    )
    latin = tmp_path / "small-1.0.it.yaml"
    latin.write_bytes("title: Qualità".encode("latin-1"))
    with pytest.raises(CriteriaError, match="is not UTF-8 text"):
        load_translation(latin, SCHEME)
    with pytest.raises(CriteriaError, match="cannot be read"):
        load_translation(tmp_path / "small-1.0.es.yaml", SCHEME)


def _bundled_paths() -> list[Path]:
    """The bundled translation files found, and those that must be there."""
    found = set(TRANSLATIONS.glob("*.yaml")) if TRANSLATIONS.is_dir() else set()
    expected = {TRANSLATIONS / f"cluster-excellence-{v}.{lang}.yaml" for v, lang in EXPECTED}
    return sorted(found | expected)


@pytest.mark.parametrize(("version", "language"), EXPECTED)
def test_the_expected_bundled_translations_are_there(version, language):
    scheme = load_criteria(BUNDLED[version])
    assert language in translation_files(TRANSLATIONS, scheme.key, scheme.version)


@pytest.mark.parametrize("path", _bundled_paths(), ids=lambda path: path.name)
def test_a_bundled_translation_is_valid_and_complete(path):
    assert path.is_file(), f"{path.name} is missing"
    versions = [v for v, file in BUNDLED.items() if path.name.startswith(file.stem + ".")]
    assert versions, f"{path.name} names no bundled criteria version"
    scheme = load_criteria(BUNDLED[versions[0]])
    translation = load_translation(path, scheme)
    assert missing_texts(scheme, translation) == []
    translated = translate(scheme, translation)
    # the title keeps the shape "<name> – <word> <version> (<note>)"
    assert translated.short_title == scheme.short_title
    assert scheme_title_note(translated.title)
    for level in translated.levels:  # "<Name> — <motto>": the name is the short title
        assert " — " in level.title, level.title

"""Criteria texts in the reader's language, never an error for a reader."""

from __future__ import annotations

import logging

import pytest

from labelapp.services import criteria_texts
from labelapp.services.criteria import load_scheme
from labelapp.services.criteria_texts import languages_of
from labelapp.services.criteria_texts import scheme_in
from tests.labelapp.services.factories import publish_criteria


@pytest.fixture(autouse=True)
def _fresh_cache():
    criteria_texts._CACHE.clear()
    yield
    criteria_texts._CACHE.clear()


def test_the_bundled_version_reads_in_german_and_french(session):
    row = load_scheme(publish_criteria(session))
    german, french, english = scheme_in(row, "de"), scheme_in(row, "fr"), scheme_in(row, "en")
    assert english.level("gold").title == "Gold — proven excellence"
    assert german.level("gold").title.startswith("Gold — ")
    assert german.level("gold").title != english.level("gold").title
    assert french.level("gold").title != english.level("gold").title
    assert german.sections[0].title != english.sections[0].title
    # Only the texts change: ids, points and rules are the version's.
    assert [s.id for s in german.sections] == [s.id for s in english.sections]
    assert german.level("gold").min_total_points == english.level("gold").min_total_points
    assert languages_of(english) == ["en", "de", "fr"]


def test_a_translation_for_other_content_is_not_used_and_is_logged(
    session, tmp_path, monkeypatch, caplog
):
    row = load_scheme(publish_criteria(session))
    english = scheme_in(row, "en")
    name = f"{english.key}-{english.version}.de.yaml"
    (tmp_path / name).write_text(
        f'format: 1\nscheme: {english.key}\nversion: "{english.version}"\nlanguage: de\n'
        f"criteria_sha256: {'0' * 64}\ntitle: Falsch\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(criteria_texts, "translations_folder", lambda: tmp_path)
    with caplog.at_level(logging.ERROR, logger="labelapp.services.criteria_texts"):
        shown = scheme_in(row, "de")
    assert shown.title == english.title
    assert name in caplog.text


def test_a_language_without_a_file_shows_english(session, tmp_path, monkeypatch):
    row = load_scheme(publish_criteria(session))
    monkeypatch.setattr(criteria_texts, "translations_folder", lambda: tmp_path)
    assert scheme_in(row, "fr").sections[0].title == scheme_in(row, "en").sections[0].title
    assert languages_of(scheme_in(row, "en")) == ["en"]

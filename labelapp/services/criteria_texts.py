"""A criteria version's texts in the reader's language (decision 21).

Translations are files beside the bundled criteria (``criteria/translations/``),
each tied to one version by the hash of its canonical text. A version is always
scored in English (``criteria.load_scheme``); this module only swaps its texts for
showing. A missing, unreadable or mismatched translation is logged once and the
English texts are shown: a reader never gets an error page for a translation.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from assessment import Scheme
from assessment.errors import CriteriaError
from assessment.model import scheme_title_note
from assessment.translations import load_translation
from assessment.translations import translate
from assessment.translations import translation_files
from labelapp.languages import DEFAULT
from labelapp.models import Certificate
from labelapp.resources import criteria_dir
from labelapp.services.criteria import current_version
from labelapp.services.criteria import get_version
from labelapp.services.criteria import load_scheme

log = logging.getLogger(__name__)

_CACHE: dict[tuple[str, str, str], Scheme] = {}
_LOCK = threading.Lock()


def translations_folder() -> Path:
    return criteria_dir() / "translations"


def scheme_in(scheme: Scheme, language: str) -> Scheme:
    """The scheme with its texts in ``language`` where a translation has them.

    ``scheme`` is a published version as scored (``criteria.load_scheme``). A published
    version's key and number name one content for good (publishing refuses another),
    so they key the cache; the translation itself checks the content's hash.
    """
    if language == DEFAULT:
        return scheme
    key = (scheme.key, scheme.version, language)
    with _LOCK:
        found = _CACHE.get(key)
    if found is None:
        found = _translated(scheme, language)
        with _LOCK:
            _CACHE[key] = found
    return found


def _translated(scheme: Scheme, language: str) -> Scheme:
    path = translation_files(translations_folder(), scheme.key, scheme.version).get(language)
    if path is None:
        return scheme
    try:
        return translate(scheme, load_translation(path, scheme))
    except CriteriaError as exc:
        log.error("criteria translation %s not used: %s", path.name, exc)
        return scheme


def languages_of(scheme: Scheme) -> list[str]:
    """The languages this version's texts can be read in: English and its translations."""
    found = translation_files(translations_folder(), scheme.key, scheme.version)
    return [DEFAULT, *sorted(code for code in found if code != DEFAULT)]


@dataclass(frozen=True)
class LabelTexts:
    """What certificates, the registry and the badge print of a version: its levels'
    titles and its scheme's note, in one language."""

    levels: dict[str, str]
    note: str


_LABELS: dict[tuple[str, str, str], LabelTexts] = {}


def label_texts(session: Session, scheme_key: str, version: str, language: str) -> LabelTexts:
    """The version's level titles and scheme note in ``language``; read from the stored
    version once per process (the public pages ask for them on every lookup)."""
    key = (scheme_key, version, language)
    with _LOCK:
        found = _LABELS.get(key)
    if found is None:
        texts = scheme_in(load_scheme(get_version(session, scheme_key, version)), language)
        found = LabelTexts(
            {level.id: level.title for level in texts.levels}, scheme_title_note(texts.title)
        )
        with _LOCK:
            _LABELS[key] = found
    return found


def current_level_titles(session: Session, scheme_keys: list[str], language: str) -> dict[str, str]:
    """Level ids and their titles in ``language`` in the current version of each scheme
    (the registry's level filter lists levels across versions, whose ids are stable)."""
    titles: dict[str, str] = {}
    for key in scheme_keys:
        current = current_version(session, key)
        if current is not None:
            texts = label_texts(session, key, current.version, language)
            titles = {**texts.levels, **titles}
    return titles


def certificate_texts(session: Session, certificate: Certificate, language: str) -> tuple[str, str]:
    """A certificate's level title and scheme note as read in ``language``: as issued
    in English, else from its version's translation (the issued text where it has none)."""
    if language == DEFAULT:
        return certificate.level_title, certificate.scheme_note
    texts = label_texts(session, certificate.scheme, certificate.criteria_version, language)
    return (
        texts.levels.get(certificate.level, certificate.level_title),
        texts.note or certificate.scheme_note,
    )

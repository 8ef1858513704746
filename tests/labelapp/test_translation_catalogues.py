"""Every text people read exists in German and French, and the catalogues match the code.

`make translations` extracts the texts, updates the catalogues and compiles them; these
tests fail when someone forgot a step: a text with no translation, a fuzzy or empty one,
placeholders that differ, a catalogue older than the code, a compiled file older than
its catalogue (decision 21).
"""

from __future__ import annotations

import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "labelapp" / "translations"
LANGUAGES = ("de", "fr")
# The same extraction as `make translations` (the Makefile is the one place that says it).
_MAKEFILE = (ROOT / "Makefile").read_text()
_EXTRACT = re.search(r"pybabel -q extract (.*?) -o ", _MAKEFILE, re.DOTALL)
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _keys(catalog: Catalog) -> set[tuple[object, str | None]]:
    return {(message.id, message.context) for message in catalog if message.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    assert _EXTRACT, "the Makefile no longer says how texts are extracted"
    options = shlex.split(_EXTRACT.group(1).replace("\\\n", " "))
    output = tmp_path_factory.mktemp("catalogue") / "messages.pot"
    command = [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", *options]
    subprocess.run([*command, "-o", str(output), "."], cwd=ROOT, check=True)
    return _read(output)


def test_the_template_catalogue_holds_exactly_the_texts_of_the_code(extracted: Catalog):
    committed = _read(CATALOGUE / "messages.pot")
    new = sorted(str(key) for key in _keys(extracted) - _keys(committed))
    gone = sorted(str(key) for key in _keys(committed) - _keys(extracted))
    assert not new and not gone, (
        f"run `make translations`: {len(new)} new texts ({new[:3]}), {len(gone)} gone ({gone[:3]})"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_translated_with_the_same_placeholders(language: str):
    template = _read(CATALOGUE / "messages.pot")
    catalog = _read(CATALOGUE / language / "LC_MESSAGES" / "messages.po", language)
    assert _keys(catalog) == _keys(template), "run `make translations`: the catalogue is stale"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        originals = message.id if isinstance(message.id, tuple) else (message.id,)
        if message.fuzzy:
            problems.append(f"fuzzy: {originals[0]!r}")
        elif not all(texts):
            problems.append(f"not translated: {originals[0]!r}")
        else:
            wanted = set(_PLACEHOLDER.findall(" ".join(originals)))
            for text in texts:
                if set(_PLACEHOLDER.findall(text)) - wanted:
                    problems.append(f"unknown placeholder in {text!r}")
            if not set(_PLACEHOLDER.findall(texts[-1])) >= wanted - {"num"}:
                problems.append(f"placeholder lost in {texts[-1]!r}")
    assert not problems, f"{len(problems)} problems in {language}: {problems[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_that_of_the_translations(language: str):
    folder = CATALOGUE / language / "LC_MESSAGES"
    compiled = io.BytesIO()
    write_mo(compiled, _read(folder / "messages.po", language))
    assert (folder / "messages.mo").read_bytes() == compiled.getvalue(), (
        "run `make translations`: messages.mo was not compiled from messages.po"
    )

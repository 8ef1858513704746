"""A scheme's short name: its title without the version and the note it repeats."""

from __future__ import annotations

import pytest

from assessment import load_criteria
from assessment.model import scheme_short_title
from assessment.model import scheme_title_note
from tests.assessment.schemes import BUNDLED


@pytest.mark.parametrize("version", ["2025.1", "2026.1"])
def test_the_bundled_schemes_are_named_without_version_or_note(version):
    scheme = load_criteria(BUNDLED[version])
    assert scheme.short_title == "Cluster Excellence Label"
    assert scheme_title_note(scheme.title) == (
        "own scheme inspired by the EFQM model and European cluster-management indicators"
    )


@pytest.mark.parametrize(
    ("title", "short", "note"),
    [
        ("Regional Cluster Award", "Regional Cluster Award", ""),
        ("Regional Cluster Award v2.0", "Regional Cluster Award", ""),
        ("Green Cluster criteria version 3 (pilot)", "Green Cluster", "pilot"),
        ("Criteria (draft)", "Criteria", "draft"),
        ("2026.1", "2026.1", ""),  # nothing left without the version: the title stays
    ],
)
def test_other_titles_keep_what_is_not_a_version_or_a_note(title, short, note):
    assert (scheme_short_title(title), scheme_title_note(title)) == (short, note)


@pytest.mark.parametrize(
    ("title", "note"),
    [
        (
            "Cluster Excellence Label – Kriterien 2026.1 (eigenes Schema, angelehnt an das "
            "EFQM-Modell und europäische Indikatoren für Clustermanagement)",
            "eigenes Schema, angelehnt an das EFQM-Modell und europäische Indikatoren für "
            "Clustermanagement",
        ),
        (
            "Cluster Excellence Label – critères 2026.1 (schéma propre inspiré du modèle EFQM\n"
            "  et des indicateurs européens de gestion de clusters)",
            "schéma propre inspiré du modèle EFQM et des indicateurs européens de gestion "
            "de clusters",
        ),
        ("Cluster Excellence Label — criteri di valutazione 2026.1", ""),
        ("Cluster Excellence Label - Kriterien v2", ""),
    ],
)
def test_translated_titles_have_the_same_short_title(title, note):
    assert (scheme_short_title(title), scheme_title_note(title)) == (
        "Cluster Excellence Label",
        note,
    )


@pytest.mark.parametrize(
    ("title", "short"),
    [
        ("Cluster-Award 2", "Cluster-Award"),  # a hyphen inside a word is no separator
        ("Regional Cluster Award – 2026", "Regional Cluster Award"),
        ("Alpha – Beta – Kriterien 2026.1", "Alpha – Beta"),
        ("Clusterpreis – Kriterien", "Clusterpreis – Kriterien"),  # no version: kept
    ],
)
def test_a_dash_only_ends_the_name_before_a_version(title, short):
    assert scheme_short_title(title) == short

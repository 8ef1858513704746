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

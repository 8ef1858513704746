"""Loading criteria files: clear errors for bad files, canonical text and its hash."""

from __future__ import annotations

import pytest
import yaml

from assessment import CriteriaError
from assessment import canonical_text
from assessment import load_criteria
from assessment import load_stored
from assessment import parse_criteria
from assessment import sha256_hex
from tests.assessment.schemes import BUNDLED
from tests.assessment.schemes import build
from tests.assessment.schemes import radar_data
from tests.assessment.schemes import small_data


@pytest.mark.parametrize("version", sorted(BUNDLED))
def test_bundled_versions_load(version):
    scheme = load_criteria(BUNDLED[version])
    assert (scheme.key, scheme.version, scheme.status) == (
        "cluster-excellence",
        version,
        "published",
    )
    assert sum(section.points for section in scheme.sections) == 1000
    assert [level.id for level in scheme.levels] == ["bronze", "silver", "gold"]
    assert scheme.level("gold").assessors_required == 2
    assert scheme.level("gold").min_indicator_points_percent == 80
    platform_minimums = {
        "committed-members",
        "member-types",
        "management-staff-fte",
        "website-english",
    }
    # Since November 2019 every label needs a profile on the European cluster platform.
    profile = {"cluster-platform-profile"} if version >= "2027.1" else set()
    assert {i.id for i in scheme.knockouts()} == platform_minimums | profile
    assert "own scheme" in scheme.title
    assert all(len(c.guidance) > 80 for c in scheme.criteria)
    assert all(len(i.guidance) > 40 for i in scheme.indicators)


def test_the_newer_version_says_what_changed():
    newer = load_criteria(BUNDLED["2026.1"])
    assert newer.previous_version == "2025.1"
    assert len(newer.changes) >= 3


def test_canonical_text_ignores_comments_key_order_and_defaults():
    data = small_data()
    plain = build(data)
    text = yaml.safe_dump(data, sort_keys=True)
    commented = "# a comment\n" + text
    data["sections"][0]["criteria"][1]["required"] = True  # the default, spelled out
    assert canonical_text(parse_criteria(commented)) == canonical_text(plain)
    assert canonical_text(build(data)) == canonical_text(plain)


def test_any_change_of_meaning_changes_the_hash():
    data = small_data()
    before = sha256_hex(canonical_text(build(data)))
    data["indicators"][0]["threshold"]["at_least"] = 16
    assert sha256_hex(canonical_text(build(data))) != before


@pytest.mark.parametrize("version", sorted(BUNDLED))
def test_canonical_text_loads_back_to_the_same_text(version):
    text = canonical_text(load_criteria(BUNDLED[version]))
    assert canonical_text(parse_criteria(text)) == text
    assert load_stored(text, sha256_hex(text), "stored").version == version


# The hashes the bundled versions were published with: a new optional key of the
# format (levels' path rules, a criterion's radar) must leave them as they were.
PUBLISHED_SHA256 = {
    "2025.1": "ea57e671343997569bea56ed4c3d0a2d76e95cba964e856f06b6261df70840e1",
    "2026.1": "62d9e833e6a841ee3790ec4643eeac41cf06b94c5d5c1057b115d82ffb7395a3",
    "2027.1": "aef01540e73703555e887f279fa3576667a531c9dca5cd81d89f080e8bfb841c",
}


@pytest.mark.parametrize("version", sorted(BUNDLED))
def test_the_bundled_versions_keep_the_hash_they_were_published_with(version):
    text = canonical_text(load_criteria(BUNDLED[version]))
    assert sha256_hex(text) == PUBLISHED_SHA256[version]
    # RADAR and the path rules came with 2027.1; the versions before never carry them.
    assert ('"radar"' in text) is (version >= "2027.1")
    assert ('"previous_level"' in text) is (version >= "2027.1")


def test_radar_is_in_the_canonical_text_only_when_true_and_loads_back():
    data = radar_data()
    text = canonical_text(build(data))
    assert text.count('"radar":true') == 1
    assert load_stored(text, sha256_hex(text), "stored").item("vision").radar is True
    data["sections"][0]["criteria"][0]["radar"] = False  # the default, spelled out
    plain = small_data()
    plain["scales"]["radar"] = data["scales"]["radar"]
    plain["sections"][0]["criteria"][0]["scale"] = "radar"
    assert canonical_text(build(data)) == canonical_text(build(plain))


def test_a_stored_text_that_no_longer_matches_its_hash_is_refused():
    text = canonical_text(build(small_data()))
    recorded = sha256_hex(text)
    altered = text.replace('"at_least":15', '"at_least":1')
    with pytest.raises(CriteriaError, match="was altered and will not be used"):
        load_stored(altered, recorded, "small 1.0")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("sections: [unclosed", "line 2, column 1: not valid YAML: did not find expected"),
        ("", "must be a mapping at the top, not empty"),
        ("- a\n- b\n", "must be a mapping at the top, not a list"),
        ("just text", "must be a mapping at the top, not a str"),
        ("a: 1\na: 2\n", "line 2, column 1: not valid YAML: duplicate key 'a'"),
        ("a: !!python/object:os.system x", "not valid YAML"),
    ],
)
def test_files_that_are_not_a_yaml_mapping_get_one_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CriteriaError) as error:
        load_criteria(path)
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    with pytest.raises(CriteriaError, match="is 52,428,800 bytes; the limit is 2 MB"):
        load_criteria(path)


def test_non_utf8_and_missing_files_are_named(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Łódź".encode("utf-16"))
    with pytest.raises(CriteriaError, match="is not UTF-8 text"):
        load_criteria(path)
    with pytest.raises(CriteriaError, match="cannot be read: No such file or directory"):
        load_criteria(tmp_path / "absent.yaml")

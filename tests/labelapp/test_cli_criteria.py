"""``labelapp criteria`` and the bundled criteria published by ``labelapp init``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from assessment import canonical_text
from assessment import load_criteria
from assessment import sha256_hex
from labelapp.cli import main
from tests.assessment.schemes import BUNDLED
from tests.fixtures.app import settings_for_tests


@pytest.fixture
def cli_env(empty_database_url: str, tmp_path: Path) -> dict[str, str]:
    settings = settings_for_tests(tmp_path / "instance", DATABASE_URL=empty_database_url)
    return {key: str(value) for key, value in settings.items()}


def run(env: dict[str, str], *args: str):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_validate_needs_no_database(tmp_path):
    env = {"DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
    result = run(env, "criteria", "validate", str(BUNDLED["2026.1"]))
    assert result.exit_code == 0, result.output
    assert "valid: cluster-excellence 2026.1 (published), 9 sections" in result.output
    assert "levels bronze, silver, gold; sha256 " in result.output


def test_validate_lists_each_problem_with_file_and_path(tmp_path):
    bad = tmp_path / "bad.yaml"
    text = BUNDLED["2026.1"].read_text().replace("weight: 25", "weight: 250", 1)
    bad.write_text(text.replace("format: 1", "format: 1\ncolour: blue"))
    result = run({}, "criteria", "validate", str(bad))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert f"Error: {bad}: colour: unknown key" in lines[0]
    assert any(".weight: must be at most 100, not 250" in line for line in lines)
    assert all(line.startswith(f"Error: {bad}: ") for line in lines)


def test_validate_checks_the_bundled_translations():
    result = run({}, "criteria", "validate", str(BUNDLED["2026.1"]))
    assert result.exit_code == 0, result.output
    for language in ("de", "fr"):
        name = f"cluster-excellence-2026.1.{language}.yaml"
        assert f"{name}: valid {language} translation of cluster-excellence 2026.1" in result.output


def _version_with_translations(folder: Path, **translations: dict) -> Path:
    """A copy of 2026.1 in ``folder`` with translation files in ``folder/translations``."""
    criteria = folder / "cluster-excellence-2026.1.yaml"
    criteria.write_text(BUNDLED["2026.1"].read_text(encoding="utf-8"), encoding="utf-8")
    sha256 = sha256_hex(canonical_text(load_criteria(criteria)))
    (folder / "translations").mkdir()
    for language, body in translations.items():
        header = {"format": 1, "scheme": "cluster-excellence", "version": "2026.1"}
        data = {**header, "language": language, "criteria_sha256": sha256, **body}
        path = folder / "translations" / f"cluster-excellence-2026.1.{language}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return criteria


def test_validate_accepts_a_clean_translation_beside_the_file(tmp_path):
    body = {"criteria": {"leadership-vision": {"title": "Vision und Mission"}}}
    criteria = _version_with_translations(tmp_path, de=body)
    result = run({}, "criteria", "validate", str(criteria))
    assert result.exit_code == 0, result.output
    translation = tmp_path / "translations" / "cluster-excellence-2026.1.de.yaml"
    assert f"{translation}: valid de translation of cluster-excellence 2026.1; " in result.output
    assert "texts fall back to English" in result.output  # valid, though not complete


def test_validate_refuses_a_translation_naming_an_unknown_id(tmp_path):
    criteria = _version_with_translations(
        tmp_path,
        de={"criteria": {"leadership-visio": {"title": "Vision"}}},
        fr={"levels": {"gold": {"title": "Or — excellence prouvée", "motto": "x"}}},
    )
    result = run({}, "criteria", "validate", str(criteria))
    assert result.exit_code == 1
    folder = tmp_path / "translations"
    german, french = (folder / f"cluster-excellence-2026.1.{lang}.yaml" for lang in ("de", "fr"))
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert errors == [
        f"Error: {german}: criteria.leadership-visio: "
        "no criterion with this id in cluster-excellence 2026.1",
        f"Error: {french}: levels.gold.motto: unknown key (allowed here: title)",
    ]
    assert result.output.startswith(f"{criteria}: valid: cluster-excellence 2026.1")


def test_init_publishes_the_bundled_versions_and_list_marks_the_current(cli_env):
    init = run(cli_env, "init")
    assert "published bundled criteria cluster-excellence 2025.1" in init.output
    assert "published bundled criteria cluster-excellence 2026.1" in init.output
    assert "published bundled criteria cluster-excellence 2027.1" in init.output
    listing = run(cli_env, "criteria", "list").output.splitlines()
    assert listing[0].startswith("  cluster-excellence") and "2025.1" in listing[0]
    assert listing[1].startswith("  cluster-excellence") and "2026.1" in listing[1]
    assert listing[2].startswith("* cluster-excellence") and "2027.1" in listing[2]
    assert "published bundled" not in run(cli_env, "init").output


def test_publish_a_new_version_then_refuse_to_change_it(cli_env, tmp_path):
    run(cli_env, "init")
    newer = tmp_path / "cluster-excellence-2027.2.yaml"
    text = BUNDLED["2027.1"].read_text().replace('version: "2027.1"', 'version: "2027.2"')
    newer.write_text(text)
    result = run(cli_env, "criteria", "publish", str(newer))
    assert result.exit_code == 0, result.output
    assert "published cluster-excellence 2027.2 (sha256 " in result.output
    assert "new cluster-excellence assessments start on 2027.2" in result.output
    assert "nothing changed" in run(cli_env, "criteria", "publish", str(newer)).output

    newer.write_text(text.replace("at_least: 15", "at_least: 10"))
    refused = run(cli_env, "criteria", "publish", str(newer))
    assert refused.exit_code == 1
    assert refused.output.strip().count("\n") == 0
    assert "already published with different content" in refused.output


def test_diff_shows_what_changed(cli_env):
    run(cli_env, "init")
    result = run(cli_env, "criteria", "diff", "cluster-excellence", "2025.1", "2026.1")
    assert result.exit_code == 0, result.output
    assert "+ criterion strategy-twin-transition added" in result.output
    assert (
        "~ indicator member-satisfaction-rate changed (guidance, points, threshold)"
        in result.output
    )
    missing = run(cli_env, "criteria", "diff", "cluster-excellence", "2025.1", "3000.1")
    assert missing.exit_code == 1
    assert "no version '3000.1'" in missing.output

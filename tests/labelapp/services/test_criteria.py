"""Publishing criteria versions: never changed once published, exactly one current."""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from assessment import load_criteria
from labelapp.db import db_session
from labelapp.models import CriteriaVersion
from labelapp.services import criteria as service
from tests.assessment.schemes import BUNDLED
from tests.assessment.schemes import build
from tests.assessment.schemes import small_data

pytestmark = pytest.mark.usefixtures("ctx")


def _count() -> int:
    return db_session().scalar(select(func.count()).select_from(CriteriaVersion)) or 0


def _publish(data, name="small.yaml"):
    text = yaml.safe_dump(data)
    return service.publish_version(db_session(), build(data), text, name)


def test_bundled_versions_are_published_and_the_newest_is_current():
    results = service.publish_bundled(db_session())
    assert [(row.version, created) for row, created in results] == [
        ("2025.1", True),
        ("2026.1", True),
        ("2027.1", True),
    ]
    assert service.current_version(db_session(), "cluster-excellence").version == "2027.1"
    again = service.publish_bundled(db_session())
    assert [created for _row, created in again] == [False, False, False]
    assert _count() == 3


def test_a_published_version_cannot_change():
    _publish(small_data())
    db_session().commit()
    changed = small_data()
    changed["indicators"][0]["threshold"]["at_least"] = 20
    with pytest.raises(service.CriteriaConflict, match="already published with different content"):
        _publish(changed)
    db_session().rollback()
    assert _count() == 1


def test_a_draft_cannot_be_published():
    draft = small_data()
    draft["status"] = "draft"
    with pytest.raises(service.CriteriaConflict, match="status is 'draft'"):
        _publish(draft)
    assert _count() == 0


def test_publishing_an_older_version_keeps_the_newest_current():
    newer = small_data()
    newer["version"] = "1.10"
    _publish(newer)
    _publish(small_data())  # version 1.0, published later
    assert service.current_version(db_session(), "small").version == "1.10"


def test_choosing_the_current_version_moves_the_flag():
    first, _ = _publish(small_data())
    newer = small_data()
    newer["version"] = "2.0"
    second, _ = _publish(newer)
    assert (first.is_current, second.is_current) == (False, True)
    service.set_current(db_session(), first)
    assert service.current_version(db_session(), "small").version == "1.0"
    assert not second.is_current


def test_the_database_refuses_two_current_versions_of_a_scheme():
    first, _ = _publish(small_data())
    newer = small_data()
    newer["version"] = "2.0"
    _publish(newer)
    first.is_current = True
    with pytest.raises(IntegrityError):
        db_session().flush()
    db_session().rollback()


def test_a_stored_version_loads_only_while_it_matches_its_hash():
    row, _ = _publish(small_data())
    assert service.load_scheme(row).key == "small"
    row.content = row.content.replace('"at_least":15', '"at_least":1')
    with pytest.raises(service.CriteriaTampered, match="was altered and will not be used"):
        service.load_scheme(row)


def test_diff_between_stored_versions_and_unknown_versions():
    service.publish_bundled(db_session())
    changes = service.diff_versions(db_session(), "cluster-excellence", "2025.1", "2026.1")
    assert ("criterion", "strategy-twin-transition", "added") in [
        (c.kind, c.id, c.change) for c in changes
    ]
    with pytest.raises(service.UnknownVersion, match=r"no version '1999\.1'"):
        service.diff_versions(db_session(), "cluster-excellence", "1999.1", "2026.1")


def test_the_stored_source_keeps_the_authors_file():
    row, _ = service.publish_file(db_session(), BUNDLED["2026.1"])
    assert row.source_text.startswith("# Cluster Excellence Label")
    assert row.source_name == "cluster-excellence-2026.1.yaml"
    assert row.title == load_criteria(BUNDLED["2026.1"]).title

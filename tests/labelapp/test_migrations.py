"""The migrations produce exactly the models' schema, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from labelapp.db import Base
from labelapp.db import make_engine
from labelapp.migrate import current_revision
from labelapp.migrate import head_revision
from labelapp.migrate import upgrade_database


def _differences(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def test_migrations_match_the_models(empty_database_url):
    engine = make_engine(empty_database_url)
    try:
        assert current_revision(engine) is None
        upgrade_database(engine)
        assert current_revision(engine) == head_revision()
        assert _differences(engine) == []
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert tables == set(Base.metadata.tables)
    finally:
        engine.dispose()


def test_migrations_go_down_and_up_again(empty_database_url):
    engine = make_engine(empty_database_url)
    try:
        upgrade_database(engine)
        upgrade_database(engine)  # a second run changes nothing
        from alembic import command

        from labelapp.migrate import alembic_config

        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade_database(engine)
        assert _differences(engine) == []
    finally:
        engine.dispose()


def test_first_reports_recorded_twice_are_made_one_before_the_index(tmp_path):
    """Migration 0015: of two first reports of one organisation, the one nothing
    follows goes (with its PDFs) when the other is followed or older."""
    from sqlalchemy import create_engine
    from sqlalchemy import text

    engine = create_engine(f"sqlite:///{tmp_path / 'reports.sqlite3'}")  # no foreign keys
    try:
        upgrade_database(engine, "0014")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO benchmark_report (id, organisation_id, assessment_id, "
                    "follows_id, inputs_sha256, group_sizes, compared_with, created_at) "
                    "VALUES (:id, :org, 1, :follows, 'x', '{}', '{}', '2026-11-30 00:00:00')"
                ),
                [
                    {"id": 1, "org": 1, "follows": None},  # older, followed by nothing
                    {"id": 2, "org": 1, "follows": None},  # newer, followed by 3
                    {"id": 3, "org": 1, "follows": 2},
                    {"id": 4, "org": 2, "follows": None},  # two spare ones: the older stays
                    {"id": 5, "org": 2, "follows": None},
                ],
            )
            connection.execute(
                text(
                    "INSERT INTO benchmark_report_pdf (report_id, language, pdf_key, created_at) "
                    "VALUES (1, 'en', 'k1', '2026-11-30 00:00:00'), "
                    "(2, 'en', 'k2', '2026-11-30 00:00:00')"
                )
            )
        upgrade_database(engine)
        with engine.connect() as connection:
            kept = connection.execute(
                text("SELECT id, follows_id FROM benchmark_report ORDER BY id")
            ).all()
            pdfs = connection.execute(text("SELECT report_id FROM benchmark_report_pdf")).all()
        assert [tuple(r) for r in kept] == [(2, None), (3, 2), (4, None)]
        assert [tuple(r) for r in pdfs] == [(2,)]
    finally:
        engine.dispose()

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

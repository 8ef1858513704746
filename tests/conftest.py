"""Every database test runs twice: on SQLite and on PostgreSQL."""

pytest_plugins = [
    "tests.fixtures.database",
    "tests.fixtures.app",
    "tests.fixtures.users",
    "tests.fixtures.smtp",
]

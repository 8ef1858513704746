"""The labelapp command: init, user create, serve; bad input gives one line and exit 1."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from labelapp import create_app
from labelapp.cli import main
from labelapp.db import db_session
from labelapp.db import get_database
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import accounts
from labelapp.settings import settings_of
from tests.fixtures.app import settings_for_tests


@pytest.fixture
def cli_env(empty_database_url: str, tmp_path: Path) -> dict[str, str]:
    settings = settings_for_tests(tmp_path / "instance", DATABASE_URL=empty_database_url)
    return {key: str(value) for key, value in settings.items()}


def run(env: dict[str, str], *args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), env=env, input=stdin, catch_exceptions=False)


def _one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ")
    return lines[0]


def _users(env: dict[str, str]) -> list[User]:
    app = create_app(dict(env))
    try:
        with app.app_context():
            return list(db_session().scalars(select(User).order_by(User.id)))
    finally:
        get_database(app).engine.dispose()


def test_init_creates_the_first_admin_once_and_prints_a_working_password(cli_env):
    first = run(cli_env, "init")
    assert first.exit_code == 0, first.output
    password = re.search(r"one-time password:\s+(\S+)", first.output).group(1)
    assert "admin@example.org" in first.output

    second = run(cli_env, "init")
    assert second.exit_code == 0
    assert "password" not in second.output

    app = create_app(dict(cli_env))
    with app.app_context():
        admin = accounts.authenticate(
            db_session(),
            email="admin@example.org",
            password=password,
            passwords=settings_of(app).passwords,
        )
        assert admin.role is Role.ADMIN and admin.must_change_password
    get_database(app).engine.dispose()


def test_user_create_reads_the_password_from_stdin(cli_env):
    run(cli_env, "init")
    result = run(
        cli_env,
        "user",
        "create",
        "Eva@Example.org",
        "--role",
        "assessor",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "created assessor eva@example.org" in result.output
    eva = [user for user in _users(cli_env) if user.email == "eva@example.org"]
    assert eva and eva[0].role is Role.ASSESSOR
    assert eva[0].country is None  # not asked for: not recorded


def test_user_create_records_an_assessors_country(cli_env):
    run(cli_env, "init")
    result = run(
        cli_env,
        "user",
        "create",
        "jan@example.org",
        "--role",
        "assessor",
        "--country",
        "nl",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    (jan,) = [user for user in _users(cli_env) if user.email == "jan@example.org"]
    assert jan.country == "NL"


def test_user_create_prompts_for_the_password_twice(cli_env):
    run(cli_env, "init")
    result = run(
        cli_env,
        "user",
        "create",
        "ana@example.org",
        "--role",
        "admin",
        stdin="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--role", "root"], "a long enough password\n", "unknown role 'root'"),
        (["--role", "manager"], "short\n", "Use at least 12 characters."),
        (
            ["--role", "assessor", "--country", "XX"],
            "a long enough password\n",
            "XX is not a country code (ISO 3166-1, such as DE).",
        ),
    ],
)
def test_user_create_refuses_bad_input_in_one_line(cli_env, args, stdin, message):
    run(cli_env, "init")
    before = len(_users(cli_env))
    result = run(cli_env, "user", "create", "x@example.org", *args, "--password-stdin", stdin=stdin)
    assert message in _one_line_error(result)
    assert len(_users(cli_env)) == before


def test_user_create_refuses_a_duplicate_email(cli_env):
    run(cli_env, "init")
    result = run(
        cli_env,
        "user",
        "create",
        "ADMIN@example.org",
        "--role",
        "admin",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    assert "already exists" in _one_line_error(result)


def test_user_create_before_init_says_what_to_do(cli_env):
    result = run(
        cli_env,
        "user",
        "create",
        "x@example.org",
        "--role",
        "admin",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    assert "run `labelapp init`" in _one_line_error(result)


@pytest.mark.parametrize("command", [["init"], ["serve"]])
def test_an_unreachable_database_is_one_line(tmp_path, command):
    env = {
        key: str(value)
        for key, value in settings_for_tests(
            tmp_path, DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/none"
        ).items()
    }
    line = _one_line_error(run(env, *command))
    assert "cannot use the database postgresql+psycopg://nobody@127.0.0.1:1/none" in line


def test_a_malformed_database_url_is_one_line(tmp_path):
    env = {k: str(v) for k, v in settings_for_tests(tmp_path, DATABASE_URL="nonsense://").items()}
    assert "DATABASE_URL" in _one_line_error(run(env, "init"))


def test_production_without_secret_key_refuses_to_start(tmp_path):
    env = {"LABELAPP_ENV": "production", "SECRET_KEY": "", "LABELAPP_INSTANCE_PATH": str(tmp_path)}
    assert "SECRET_KEY is not set" in _one_line_error(run(env, "serve"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("environment", ["development", "production"])
def test_serve_refuses_several_workers_that_would_count_rate_limits_apart(tmp_path, environment):
    env = {k: str(v) for k, v in settings_for_tests(tmp_path).items()}
    env.update(LABELAPP_ENV=environment, LABELAPP_RATELIMIT_STORAGE_URL="memory://")
    error = _one_line_error(run(env, "serve", "--workers", "2"))
    assert "LABELAPP_RATELIMIT_STORAGE_URL" in error and "--workers 1" in error


def test_serve_runs_several_workers_sharing_their_counters_in_redis(tmp_path):
    env = {k: str(v) for k, v in settings_for_tests(tmp_path).items()}
    env["LABELAPP_RATELIMIT_STORAGE_URL"] = "redis://127.0.0.1:6379/15"
    subprocess.run([sys.executable, "-m", "labelapp.cli", "init"], env=env, check=True)
    port = _free_port()
    command = [sys.executable, "-m", "labelapp.cli", "serve", "--bind", f"127.0.0.1:{port}"]
    with subprocess.Popen(
        [*command, "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as server:
        try:
            # The socket is bound before "Booting worker"; requests wait in the backlog
            # while the worker imports the app (seconds on a busy two-core machine).
            for line in server.stdout:
                if "Booting worker" in line:
                    break
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=60) as page:
                assert page.status == 200
                assert b"Sign in" in page.read()
        finally:
            server.terminate()
            server.communicate(timeout=20)

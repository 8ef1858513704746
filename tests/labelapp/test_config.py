"""Configuration: environment variables, SECRET_KEY rules, cookie flags."""

from __future__ import annotations

import pytest

from labelapp.config import ConfigError
from labelapp.config import load_config


def test_production_without_secret_key_stops_with_one_clear_line(tmp_path):
    with pytest.raises(ConfigError) as error:
        load_config(environ={"LABELAPP_ENV": "production", "LABELAPP_INSTANCE_PATH": str(tmp_path)})
    assert "SECRET_KEY is not set" in str(error.value)
    assert "\n" not in str(error.value)


def test_development_keeps_one_generated_key_across_restarts(tmp_path):
    environ = {"LABELAPP_INSTANCE_PATH": str(tmp_path)}
    first = load_config(environ=environ)["SECRET_KEY"]
    assert len(first) >= 32
    assert load_config(environ=environ)["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_overrides_defaults_and_explicit_config_wins(tmp_path):
    environ = {
        "LABELAPP_INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": "postgresql+psycopg://db.example/labels",
        "LABELAPP_PASSWORD_MIN_LENGTH": "16",
        "SECRET_KEY": "from-environment",
    }
    settings = load_config({"SECRET_KEY": "explicit"}, environ=environ)
    assert settings["DATABASE_URL"] == "postgresql+psycopg://db.example/labels"
    assert settings["LABELAPP_PASSWORD_MIN_LENGTH"] == 16
    assert settings["SECRET_KEY"] == "explicit"


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path):
    settings = load_config(environ={"LABELAPP_INSTANCE_PATH": str(tmp_path)})
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path / 'labelapp.sqlite3'}"


def test_production_cookies_are_secure_httponly_and_samesite(tmp_path):
    settings = load_config(
        environ={
            "LABELAPP_ENV": "production",
            "SECRET_KEY": "x" * 40,
            "LABELAPP_BASE_URL": "https://label.example.org/",
            "LABELAPP_INSTANCE_PATH": str(tmp_path),
        }
    )
    assert settings["LABELAPP_BASE_URL"] == "https://label.example.org"
    assert settings["SESSION_COOKIE_SECURE"] and settings["REMEMBER_COOKIE_SECURE"]
    assert settings["SESSION_COOKIE_HTTPONLY"]
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"LABELAPP_ENV": "staging"}, "LABELAPP_ENV must be one of"),
        (
            {"LABELAPP_ENV": "production", "SECRET_KEY": "x" * 40},
            "LABELAPP_BASE_URL is not set",
        ),
        ({"LABELAPP_BASE_URL": "label.example.org"}, "LABELAPP_BASE_URL must start with"),
        ({"LABELAPP_CERTIFICATE_PREFIX": "cel-1"}, "LABELAPP_CERTIFICATE_PREFIX must be"),
        ({"LABELAPP_TRUSTED_PROXIES": "-1"}, "LABELAPP_TRUSTED_PROXIES must be 0 or more"),
        ({"LABELAPP_MAX_UPLOAD_MB": "ten"}, "LABELAPP_MAX_UPLOAD_MB must be a whole number"),
    ],
)
def test_bad_settings_are_named(tmp_path, environ, message):
    with pytest.raises(ConfigError, match=message):
        load_config(environ={"LABELAPP_INSTANCE_PATH": str(tmp_path), **environ})

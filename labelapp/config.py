"""Configuration: defaults, then the environment, then an explicit mapping.

Every setting can come from the environment: ``DATABASE_URL``, ``SECRET_KEY``
and ``LABELAPP_<NAME>`` for the rest. Nothing here connects to anything.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ENVIRONMENTS = ("development", "production", "testing")


class ConfigError(RuntimeError):
    """The configuration cannot start the app; the message is one readable line."""


DEFAULTS: dict[str, Any] = {
    "LABELAPP_ENV": "development",
    "LABELAPP_INSTANCE_PATH": "instance",
    "DATABASE_URL": None,  # default: SQLite file inside the instance folder
    "SECRET_KEY": None,
    "LABELAPP_ISSUER_NAME": "Cluster Excellence Label",
    # The public address (labelapp.services.public_address); required in production.
    "LABELAPP_BASE_URL": "",
    "LABELAPP_ADMIN_EMAIL": "admin@example.org",
    "LABELAPP_PASSWORD_MIN_LENGTH": 12,
    "LABELAPP_MAX_UPLOAD_MB": 10,
    "LABELAPP_RATELIMIT_STORAGE_URL": "memory://",
    "LABELAPP_LOGIN_RATE_LIMIT": "10 per minute",
    "LABELAPP_REGISTER_RATE_LIMIT": "20 per hour",
    "LABELAPP_ARGON2_TIME_COST": 3,
    "LABELAPP_ARGON2_MEMORY_COST": 65536,
    "LABELAPP_ARGON2_PARALLELISM": 4,
    # One gevent worker serves many connections; more need shared rate-limit storage.
    "LABELAPP_WORKERS": 1,
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto to trust (0: none).
    "LABELAPP_TRUSTED_PROXIES": 0,
    # Certificates: the issuer's signing key and certificate (PEM files). Empty: the
    # development pair that `labelapp init` creates under the instance folder.
    "LABELAPP_SIGNING_KEY": "",
    "LABELAPP_SIGNING_CERT": "",
    "LABELAPP_SIGNING_KEY_PASSWORD": "",
    # Certificates (PEM) of earlier issuer keys, comma-separated, after a key change.
    "LABELAPP_SIGNING_PREVIOUS_CERTS": "",
    "LABELAPP_CERTIFICATE_PREFIX": "CEL",
    "LABELAPP_LOOKUP_RATE_LIMIT": "120 per minute",
    "LABELAPP_BADGE_RATE_LIMIT": "600 per minute",
    "LABELAPP_VERIFY_UPLOAD_RATE_LIMIT": "20 per minute",
    "LABELAPP_VERIFY_UPLOAD_MB": 2,
    "LABELAPP_REGISTRY_PAGE_SIZE": 50,
    "LABELAPP_BIND": "127.0.0.1:5000",
    # E-mail (decision 33). "smtp" sends through LABELAPP_SMTP_HOST; "console" keeps
    # every message in the outbox and prints it instead (development, `make run`).
    # Empty: smtp when a host is set; else console, except in production, where the
    # messages wait in the outbox, each saying that no host is set.
    "LABELAPP_MAIL_BACKEND": "",
    "LABELAPP_SMTP_HOST": "",
    "LABELAPP_SMTP_PORT": 587,
    "LABELAPP_SMTP_SECURITY": "starttls",  # starttls, tls (implicit, port 465) or none
    "LABELAPP_SMTP_USER": "",
    "LABELAPP_SMTP_PASSWORD": "",
    "LABELAPP_SMTP_TIMEOUT": 10,  # seconds for each SMTP step
    "LABELAPP_MAIL_SENDER": "label@example.org",
    # A message not sent after this many hours is given up (the admin sees it).
    "LABELAPP_MAIL_GIVE_UP_HOURS": 72,
    "LABELAPP_MAIL_BATCH": 100,  # messages one `labelapp mail send` run sends at most
    # 1: try to send right after each commit that wrote messages (in the background).
    "LABELAPP_MAIL_AFTER_COMMIT": 1,
    # Expiry reminders (`labelapp certificates remind`): days before expiry, comma-
    # separated (also one the day after expiry and one on the grace window's last day),
    # and the most messages one run writes.
    "LABELAPP_REMINDER_DAYS": "90,30,7",
    "LABELAPP_REMINDER_BATCH": 500,
}

_INT_KEYS = {key for key, value in DEFAULTS.items() if isinstance(value, int)}


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key in DEFAULTS:
        if key in environ and environ[key] != "":
            found[key] = environ[key]
    return found


def _coerce(settings: dict[str, Any]) -> None:
    for key in _INT_KEYS:
        value = settings.get(key)
        if isinstance(value, str):
            try:
                settings[key] = int(value)
            except ValueError:
                raise ConfigError(f"{key} must be a whole number, not {value!r}") from None


def _instance_secret_key(instance: Path) -> str:
    """Keep a generated development key across restarts so sessions survive them."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key, encoding="ascii")
    path.chmod(0o600)
    return key


MAIL_BACKENDS = ("", "smtp", "console")
SMTP_SECURITY = ("starttls", "tls", "none")


def _check_mail(settings: dict[str, Any]) -> None:
    backend = str(settings["LABELAPP_MAIL_BACKEND"])
    if backend not in MAIL_BACKENDS:
        raise ConfigError(f"LABELAPP_MAIL_BACKEND must be smtp or console, not {backend!r}")
    security = str(settings["LABELAPP_SMTP_SECURITY"])
    if security not in SMTP_SECURITY:
        raise ConfigError(
            f"LABELAPP_SMTP_SECURITY must be one of {', '.join(SMTP_SECURITY)}, not {security!r}"
        )
    sender = str(settings["LABELAPP_MAIL_SENDER"])
    if sender.count("@") != 1 or any(c.isspace() or c in '<>,;"' for c in sender):
        raise ConfigError(f"LABELAPP_MAIL_SENDER must be one e-mail address, not {sender!r}")
    days = str(settings["LABELAPP_REMINDER_DAYS"]).replace(" ", "")
    if days and not all(part.isdigit() and 0 < int(part) <= 3650 for part in days.split(",")):
        raise ConfigError(
            f"LABELAPP_REMINDER_DAYS must be whole days before expiry, e.g. 90,30,7, not {days!r}"
        )
    for key in (
        "LABELAPP_SMTP_PORT",
        "LABELAPP_SMTP_TIMEOUT",
        "LABELAPP_MAIL_BATCH",
        "LABELAPP_REMINDER_BATCH",
    ):
        if settings[key] < 1:
            raise ConfigError(f"{key} must be 1 or more")


def load_config(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Merge defaults, environment and overrides into the app's settings.

    Raises:
        ConfigError: an unknown environment, a bad number, or no SECRET_KEY
            outside development.
    """
    settings = dict(DEFAULTS)
    settings.update(_from_environment(os.environ if environ is None else environ))
    settings.update(overrides or {})
    _coerce(settings)

    env = settings["LABELAPP_ENV"]
    if env not in ENVIRONMENTS:
        raise ConfigError(f"LABELAPP_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")

    instance = Path(settings["LABELAPP_INSTANCE_PATH"]).resolve()
    settings["LABELAPP_INSTANCE_PATH"] = str(instance)
    if not settings["DATABASE_URL"]:
        settings["DATABASE_URL"] = f"sqlite:///{instance / 'labelapp.sqlite3'}"

    if not settings["SECRET_KEY"]:
        if env != "development":
            raise ConfigError(
                "SECRET_KEY is not set: set it to a long random value "
                "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        settings["SECRET_KEY"] = _instance_secret_key(instance)

    if settings["LABELAPP_TRUSTED_PROXIES"] < 0:
        raise ConfigError("LABELAPP_TRUSTED_PROXIES must be 0 or more")
    prefix = str(settings["LABELAPP_CERTIFICATE_PREFIX"])
    if not (prefix.isascii() and prefix.isalpha() and prefix.isupper() and 2 <= len(prefix) <= 8):
        raise ConfigError(
            f"LABELAPP_CERTIFICATE_PREFIX must be 2 to 8 capital letters, not {prefix!r}"
        )
    base_url = str(settings["LABELAPP_BASE_URL"] or "").rstrip("/")
    if base_url and not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"LABELAPP_BASE_URL must start with https:// or http://: {base_url!r}")
    if env == "production" and not base_url:
        # Printed into every certificate's QR code: it must be the public address.
        raise ConfigError(
            "LABELAPP_BASE_URL is not set: set it to the public address of this service "
            "(e.g. https://label.example.org); certificates print it in their QR code"
        )
    settings["LABELAPP_BASE_URL"] = base_url
    _check_mail(settings)

    production = env == "production"
    settings.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=production,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=production,
        PREFERRED_URL_SCHEME="https" if production else "http",
        MAX_CONTENT_LENGTH=settings["LABELAPP_MAX_UPLOAD_MB"] * 1024 * 1024,
        RATELIMIT_STORAGE_URI=settings["LABELAPP_RATELIMIT_STORAGE_URL"],
        # Off: the headers cost a second trip to the store per request; a refusal
        # still says when to retry (labelapp.web.errors).
        RATELIMIT_HEADERS_ENABLED=False,
        # Tokens live as long as the session: a manager writing a long answer
        # must not lose it to a token that expired while they typed.
        WTF_CSRF_TIME_LIMIT=None,
        TESTING=env == "testing" or bool(settings.get("TESTING")),
    )
    return settings

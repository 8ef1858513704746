"""The settings services take as arguments, built once from the app's configuration.

Services never read ``current_app``: the views (through ``labelapp.web.settings``),
the CLI commands and the tests pass them what they need, typed, from the one
``Settings`` that ``create_app`` builds here and keeps in ``app.extensions``
(decision 20). A setting changed in ``app.config`` afterwards is not seen until
``init_settings`` runs again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

from labelapp.certificates.keys import KeyPair
from labelapp.mail.settings import MailSettings
from labelapp.mail.settings import mail_settings
from labelapp.services.certificates import CertificateSettings
from labelapp.services.passwords import PasswordPolicy
from labelapp.services.passwords import Passwords
from labelapp.services.passwords import PasswordSettings
from labelapp.services.public_address import PublicAddress

EXTENSION = "labelapp.settings"
DEVELOPMENT_KEYS = "signing"  # folder inside the instance folder


@dataclass(frozen=True)
class Settings:
    passwords: PasswordSettings
    certificates: CertificateSettings
    public_address: PublicAddress
    mail: MailSettings


def password_settings(config: Mapping[str, Any]) -> PasswordSettings:
    """The argon2id hasher with the configured costs, and the password policy."""
    return PasswordSettings(
        hasher=Passwords(
            time_cost=config["LABELAPP_ARGON2_TIME_COST"],
            memory_cost=config["LABELAPP_ARGON2_MEMORY_COST"],
            parallelism=config["LABELAPP_ARGON2_PARALLELISM"],
        ),
        policy=PasswordPolicy(min_length=config["LABELAPP_PASSWORD_MIN_LENGTH"]),
    )


def signing_keys(config: Mapping[str, Any]) -> KeyPair | None:
    """The issuer key pair named in the config, or the instance's development pair.

    None when only one of the key and the certificate is set: signing and checking
    then refuse (``certificates.signing_pair``), as they did before this was built
    once; the app itself still starts.
    """
    key, cert = config["LABELAPP_SIGNING_KEY"], config["LABELAPP_SIGNING_CERT"]
    if bool(key) != bool(cert):
        return None
    previous = tuple(
        Path(path.strip())
        for path in str(config.get("LABELAPP_SIGNING_PREVIOUS_CERTS", "")).split(",")
        if path.strip()
    )
    if key:
        return KeyPair(
            Path(key), Path(cert), config["LABELAPP_SIGNING_KEY_PASSWORD"] or None, previous
        )
    folder = Path(config["LABELAPP_INSTANCE_PATH"]) / DEVELOPMENT_KEYS
    return KeyPair(folder / "issuer-key.pem", folder / "issuer-cert.pem", None, previous)


def certificate_settings(config: Mapping[str, Any]) -> CertificateSettings:
    return CertificateSettings(
        prefix=str(config["LABELAPP_CERTIFICATE_PREFIX"]),
        issuer=str(config["LABELAPP_ISSUER_NAME"]),
        signing=signing_keys(config),
    )


def public_address(config: Mapping[str, Any]) -> PublicAddress:
    return PublicAddress(
        configured=str(config["LABELAPP_BASE_URL"] or ""), bind=str(config["LABELAPP_BIND"])
    )


def settings_from(config: Mapping[str, Any]) -> Settings:
    """Every service setting, from a configuration that ``load_config`` completed."""
    return Settings(
        passwords=password_settings(config),
        certificates=certificate_settings(config),
        public_address=public_address(config),
        mail=mail_settings(config),
    )


def init_settings(app: Flask) -> None:
    """Build the settings from ``app.config`` and keep them in ``app.extensions``."""
    app.extensions[EXTENSION] = settings_from(app.config)


def settings_of(app: Flask) -> Settings:
    """The settings ``init_settings`` built for ``app``."""
    settings: Settings = app.extensions[EXTENSION]
    return settings

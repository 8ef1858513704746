"""What views pass to services: the app's settings and the address a request reached.

Services take their settings as arguments (decision 20); this is where a view gets
them. The rule for the public address stays in ``services.public_address``; here
the request supplies the address it reached, for when none is configured.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask import has_request_context
from flask import request
from flask import url_for

from labelapp.services import public_address
from labelapp.services.certificates import IssuingSettings
from labelapp.settings import Settings
from labelapp.settings import settings_of


def settings() -> Settings:
    """The current app's settings (built once by ``create_app``)."""
    return settings_of(current_app)


def base_url() -> str:
    """The public address: the configured one, else the address this request reached,
    else (outside a request) the address ``labelapp serve`` binds."""
    reached = request.host_url if has_request_context() else None
    return settings().public_address.base_url(reached)


def issuing() -> IssuingSettings:
    """What issuing a certificate needs, with links on this request's public address."""
    return IssuingSettings(settings().certificates, base_url())


def page_url(endpoint: str, **values: Any) -> str:
    """An absolute link to one of the app's pages, for links people receive (reset, invitation)."""
    return f"{base_url()}{url_for(endpoint, **values)}"


def verification_url(number: str) -> str:
    """A certificate's public status page on the public address (a template global)."""
    return public_address.verification_url(number, base_url())


def badge_url(number: str) -> str:
    """A certificate's badge on the public address (a template global)."""
    return public_address.badge_url(number, base_url())

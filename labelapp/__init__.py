"""labelapp: the quality label for cluster organisations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from labelapp.config import load_config
from labelapp.db import Database
from labelapp.db import make_engine
from labelapp.extensions import init_extensions
from labelapp.mail.sender import init_mail
from labelapp.resources import templates_dir
from labelapp.settings import init_settings
from labelapp.web.errors import init_errors
from labelapp.web.i18n import init_i18n
from labelapp.web.security import init_security
from labelapp.web.templating import init_templating


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from defaults, the environment and ``config`` (applied last).

    Raises:
        ConfigError: the configuration cannot start the app (e.g. no SECRET_KEY
            outside development).
    """
    settings = load_config(config)
    app = Flask(
        __name__,
        template_folder=str(templates_dir()),
        instance_path=settings["LABELAPP_INSTANCE_PATH"],
    )
    app.config.update(settings)
    proxies = app.config["LABELAPP_TRUSTED_PROXIES"]
    if proxies:
        # Client addresses (rate limits, the audit log) and https come from the proxies.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]

    Database(make_engine(app.config["DATABASE_URL"])).init_app(app)
    init_settings(app)  # what the services are given, built once (decision 20)
    init_extensions(app)
    init_security(app)
    init_errors(app)
    init_i18n(app)
    init_templating(app)
    init_mail(app)
    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from labelapp.blueprints import admin
    from labelapp.blueprints import api
    from labelapp.blueprints import assessor
    from labelapp.blueprints import auth
    from labelapp.blueprints import manager
    from labelapp.blueprints import public
    from labelapp.blueprints import reports

    app.register_blueprint(public.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(manager.bp)
    app.register_blueprint(assessor.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(reports.bp)

"""Template globals and filters."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask import current_app


def _format_datetime(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def _site() -> dict[str, object]:
    return {"issuer_name": current_app.config["LABELAPP_ISSUER_NAME"]}


def init_templating(app: Flask) -> None:
    app.add_template_filter(_format_datetime, "datetime")
    app.context_processor(lambda: {"site": _site()})

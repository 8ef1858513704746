"""Run the app under gunicorn from the ``labelapp serve`` command."""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication


class GunicornApp(BaseApplication):
    """Each worker builds its app after the fork, so no pool crosses processes."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        # Sync workers give steady latency; keep-alive would pin clients to one worker.
        self.cfg.set("worker_class", "sync")
        self.cfg.set("accesslog", "-")
        # Several instances may run on one machine; none needs the control socket.
        self.cfg.set("control_socket_disable", True)

    def load(self) -> Flask:
        from labelapp import create_app

        return create_app()

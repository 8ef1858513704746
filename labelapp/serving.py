"""How ``labelapp serve`` runs gunicorn: gevent workers, each building its own app.

Sync workers give a whole worker to each connection, so two browsers' idle
speculative connections stalled every other visitor for a minute (decision 0015).
gevent's workers serve hundreds of idle or slow connections each, and psycopg 3
(3.1.14 and later) and SQLite's short calls cooperate with them.

The command replaces itself with gunicorn's own master (``exec``), which never
imports the app: each worker patches the standard library for gevent first and
only then imports labelapp (``labelapp.wsgi``), so nothing is imported unpatched.
"""

from __future__ import annotations

import os
import sys

# The longest request line (method, path and query) gunicorn accepts; it answers
# longer ones with its own plain 414 before the app sees them. The API answers
# JSON below this (labelapp.web.errors), and README names the limit.
LIMIT_REQUEST_LINE = 8190


def gunicorn_arguments(
    bind: str, workers: int, timeout: int, app: str = "labelapp.wsgi:app"
) -> list[str]:
    """The command line that serves ``app`` the way ``labelapp serve`` does."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--worker-class",
        "gevent",
        "--workers",
        str(workers),
        "--bind",
        bind,
        "--timeout",
        str(timeout),
        "--limit-request-line",
        str(LIMIT_REQUEST_LINE),
        "--access-logfile",
        "-",
        # Several instances may run on one machine; none needs the control socket.
        "--no-control-socket",
        app,
    ]


def exec_gunicorn(bind: str, workers: int, timeout: int) -> None:
    """Replace this process with gunicorn serving the app; never returns."""
    # Workers that build the app from the environment must bind what was asked for
    # (links made outside a request use it).
    os.environ["LABELAPP_BIND"] = bind
    arguments = gunicorn_arguments(bind, workers, timeout)
    sys.stdout.flush()
    os.execv(arguments[0], arguments)  # noqa: S606 (our own fixed command line)

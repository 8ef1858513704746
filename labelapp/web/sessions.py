"""Flask's signed-cookie sessions, with the signing serializer built once per key set.

Flask builds a new serializer (and its signer) for every request, before it even
looks for a cookie; on the public lookups that was a tenth of the framework's
share of a request. The serializer depends only on the secret keys, so it is
remembered per ``(SECRET_KEY_FALLBACKS, SECRET_KEY)``: rotating a key still takes
effect on the next request.
"""

from __future__ import annotations

import threading

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class CachedSerializerSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializers: dict[tuple[object, ...], URLSafeTimedSerializer | None] = {}
        self._lock = threading.Lock()

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        key = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        found = self._serializers.get(key)
        if found is None:
            found = super().get_signing_serializer(app)
            with self._lock:
                # A few key sets at most in a process's life (one per rotation).
                if len(self._serializers) > 8:
                    self._serializers.clear()
                self._serializers[key] = found
        return found


def init_sessions(app: Flask) -> None:
    app.session_interface = CachedSerializerSessionInterface()

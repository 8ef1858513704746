"""Role checks shared by every blueprint; object checks live beside each loader."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from typing import TypeVar

from flask import abort
from flask import current_app
from flask_login import current_user

from labelapp.models import Role

F = TypeVar("F", bound=Callable[..., Any])


def role_required(*roles: Role) -> Callable[[F], F]:
    """Let only signed-in users with one of these roles through.

    Raises:
        403 for other roles; visitors are redirected to sign in.
    """

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def login_required(view: F) -> F:
    """Let any signed-in user through; visitors are sent to sign in."""
    return role_required(*Role)(view)

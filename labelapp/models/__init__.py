"""All models, imported here so that metadata and migrations see every table."""

from labelapp.models.user import Role
from labelapp.models.user import User

__all__ = ["Role", "User"]

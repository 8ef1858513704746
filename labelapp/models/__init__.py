"""All models, imported here so that metadata and migrations see every table."""

from labelapp.models.criteria_version import CriteriaStatus
from labelapp.models.criteria_version import CriteriaVersion
from labelapp.models.user import Role
from labelapp.models.user import User

__all__ = ["CriteriaStatus", "CriteriaVersion", "Role", "User"]

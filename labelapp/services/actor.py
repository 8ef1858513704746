"""Who is acting and from where: every service that changes state takes one."""

from __future__ import annotations

from typing import NamedTuple

from labelapp.models import User


class Actor(NamedTuple):
    user: User | None  # None for the system (CLI, scheduled jobs)
    address: str = ""  # the client's address, for the audit log

    @property
    def label(self) -> str:
        return f"{self.user.display_name} <{self.user.email}>" if self.user else "system"

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user else None


SYSTEM = Actor(None, "")

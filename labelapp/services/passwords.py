"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError
from argon2.exceptions import VerificationError

from labelapp.text import Text
from labelapp.text import msg

# argon2 cost grows with input length; nobody types more than this.
MAX_PASSWORD_LENGTH = 256


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int

    def problems(self, password: str, *, email: str = "", name: str = "") -> list[Text]:
        """Why this password is refused; empty when it is acceptable."""
        found: list[Text] = []
        if len(password) < self.min_length:
            found.append(msg("Use at least %(count)s characters.", count=self.min_length))
        if len(password) > MAX_PASSWORD_LENGTH:
            found.append(msg("Use at most %(count)s characters.", count=MAX_PASSWORD_LENGTH))
        lowered = password.lower()
        if len(set(password)) < 5:
            found.append(msg("Use more different characters."))
        if email and (lowered == email.lower() or lowered == email.split("@")[0].lower()):
            found.append(msg("Do not use your e-mail address as the password."))
        if name and lowered == name.lower():
            found.append(msg("Do not use your name as the password."))
        return found


class Passwords:
    """Hashes and checks passwords with the app's argon2 parameters."""

    def __init__(self, time_cost: int, memory_cost: int, parallelism: int) -> None:
        self._hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism
        )
        # Checked when the e-mail is unknown, so that timing does not tell
        # which addresses have accounts.
        self._decoy = self._hasher.hash("decoy password that matches nothing")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        """True when the password matches; never raises for a wrong one."""
        try:
            return self._hasher.verify(password_hash or self._decoy, password) and bool(
                password_hash
            )
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)


@dataclass(frozen=True)
class PasswordSettings:
    """The app's hasher and policy, which the account services take as an argument.

    ``labelapp.settings`` builds it once from the configuration.
    """

    hasher: Passwords
    policy: PasswordPolicy

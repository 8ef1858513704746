"""File contents kept in the database, keyed by a random id.

In the database every instance sees them, a transaction covers them and a
backup includes them (DESIGN: Scale).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from labelapp.db import Base
from labelapp.db import utcnow


class StoredFile(Base):
    __tablename__ = "stored_file"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Loaded only when the bytes are served, never with listings.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

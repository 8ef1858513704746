"""Where the bundled templates and criteria files are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    # A wheel carries them inside the package; a checkout keeps them at the top.
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled {name!r} folder is missing from this installation")


def templates_dir() -> Path:
    """The folder of Jinja templates."""
    return _bundled("templates")


def criteria_dir() -> Path:
    """The folder of bundled criteria files."""
    return _bundled("criteria")


def migrations_dir() -> Path:
    """The Alembic script folder."""
    return _PACKAGE / "migrations"


def translations_dir() -> Path:
    """The compiled translations of pages, messages and PDFs (decision 21)."""
    return _PACKAGE / "translations"

"""Certificates: numbering, the PDF (rendering and signing) and checking a PDF's signature.

The workflow around them (issuing, lifecycle, lookups) lives in
``labelapp.services.certificates``.
"""

from __future__ import annotations

from labelapp.certificates.keys import SigningError


def load_pdf_stack() -> None:
    """Load WeasyPrint and pyHanko, which only issuing and PDF checks need.

    They take about a second to load, so the app and its CLI start without them
    (decision 0010); ``labelapp serve`` loads them before forking its workers.

    Raises:
        SigningError: they cannot be loaded on this machine (e.g. Pango is missing).
    """
    try:
        import labelapp.certificates.rendering
        import labelapp.certificates.signing  # noqa: F401
    except (ImportError, OSError) as error:
        raise SigningError(f"the PDF libraries cannot be loaded: {error}") from None

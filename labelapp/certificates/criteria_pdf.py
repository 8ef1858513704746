"""The criteria on paper: a published version's PDF, through the certificates'
rendering pipeline (the same sandbox, bundled fonts and PDF/A output)."""

from __future__ import annotations

from labelapp.certificates.rendering import PdfRenderer
from labelapp.certificates.rendering import warm
from labelapp.resources import templates_dir
from labelapp.services.criteria_document import CriteriaDocument
from labelapp.services.criteria_document import number_in


class CriteriaRenderer(PdfRenderer):
    def __init__(self) -> None:
        super().__init__(templates_dir() / "criteria", "document.html", "criteria.css")

    def render(self, document: CriteriaDocument, issuer: str, url: str) -> bytes:
        html = self.html_in(
            document.language,
            d=document,
            num=lambda value: number_in(document.language, value),
            issuer=issuer,
            url=url,
        )
        return self.render_html(html)


def criteria_renderer() -> CriteriaRenderer:
    """The process's criteria renderer."""
    return warm(CriteriaRenderer)

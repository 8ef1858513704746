"""The benchmarking report's PDF, through the certificates' rendering pipeline: the
same sandbox, bundled fonts and PDF/A output, with the report's own template."""

from __future__ import annotations

from labelapp.certificates.rendering import PdfRenderer
from labelapp.certificates.rendering import warm
from labelapp.resources import templates_dir
from labelapp.services.report_content import ReportContent
from labelapp.services.report_content import figure_formats


class ReportRenderer(PdfRenderer):
    def __init__(self) -> None:
        super().__init__(templates_dir() / "reports", "report.html", "report.css")

    def render(self, content: ReportContent) -> bytes:
        html = self.html_in(content.language, c=content, **figure_formats(content.language))
        return self.render_html(html)


def report_renderer() -> ReportRenderer:
    """The process's report renderer."""
    return warm(ReportRenderer)

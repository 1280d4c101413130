"""HIDDEN_TEXT_LAYER: the forms on pages whose text layer is not drawn.

A scan made "searchable" carries its scanner's OCR as invisible text under the page image
(:mod:`jixiao.extractors.hidden_text`).  The project reads such a page as it shows, by OCR, and leaves
the hidden layer unread; but whoever searches or copies text out of the PDF gets that layer, the
scanner's misreadings included, which an auditor wants to know.
"""
from __future__ import annotations

from jixiao.extractors.routing import NO_LAYER_SHOWN
from jixiao.models import Finding, Form, PageContent


def hidden_layer_findings(forms: list[Form], pages: list[PageContent]) -> list[Finding]:
    """One info finding per form and page read by OCR because its text layer is drawn invisibly."""
    hidden = {p.page: p.route_reason for p in pages if p.route_reason.startswith(NO_LAYER_SHOWN)}
    return [Finding(
        form_index=form.index, rule="HIDDEN_TEXT_LAYER", severity="info", page=page,
        stated="text layer drawn invisibly", expected="the page's text drawn on the page",
        message=f"Page {page}: {hidden[page].removeprefix(NO_LAYER_SHOWN + ': ')} (a scanner's OCR layer under the "
                "page image); it was not read, the values come from the page as it shows (OCR). Text searched "
                "or copied in the PDF is that layer's, with its misreadings.")
        for form in forms for page in range(form.first_page, form.last_page + 1) if page in hidden]

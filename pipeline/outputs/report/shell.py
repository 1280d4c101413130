"""The frame every report page shares: one standalone HTML file, styles and script inline.

A report is opened from disk (file://) on machines without network access, so a
page fetches nothing: the stylesheet and the page's script are copied into it.
"""
from __future__ import annotations

from html import escape
from importlib import resources

from jixiao.pipeline.outputs.report.i18n import Lang, text


def asset(name: str) -> str:
    """A file shipped beside this module (report.css, the page scripts)."""
    return resources.files("jixiao.pipeline.outputs.report").joinpath(name).read_text(encoding="utf-8")


def page(title: str, body: str, lang: Lang, script: str) -> str:
    """A complete HTML file around ``body``, with the script ``script`` (an asset name) at its end."""
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{asset('report.css')}</style></head>"
        f"<body>{body}<script>{asset(script)}</script></body></html>\n"
    )


def status_badge(status: str, lang: Lang) -> str:
    label = text(lang, status) if status in ("ok", "partial", "failed", "skipped") else status
    return f'<span class="status s-{escape(status)}">{escape(label)}</span>'

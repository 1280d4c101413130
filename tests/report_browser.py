"""Headless Chromium for the report tests (not a test module).

``load`` opens a page from disk, lets its scripts run (a virtual time budget, so
scripts loaded on demand finish too) and returns the DOM after them and every
console message; ``screenshot`` keeps a picture under test-artifacts/ for a
person to look at. Tests skip when Chromium is absent (CI installs it).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it)")
_CONSOLE = re.compile(r":CONSOLE[^\]]*\] (.*)")


@dataclass
class Loaded:
    dom: str
    console: list[str]

    def elements(self) -> list[tuple[str, dict]]:
        return elements(self.dom)

    def by_id(self) -> dict[str, dict]:
        return {a["id"]: a for _, a in self.elements() if "id" in a}


class _Elements(HTMLParser):
    """Every start tag's attributes, in document order, and the text inside each element with an id."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


def classes(attrs: dict) -> set[str]:
    return set(attrs.get("class", "").split())


def _run(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0",
         f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120)


def load(url: str, profile: Path, budget_ms: int = 3000) -> Loaded:
    done = _run([f"--virtual-time-budget={budget_ms}", "--dump-dom", url], profile)
    return Loaded(done.stdout, [m.group(1) for m in _CONSOLE.finditer(done.stderr)])


def screenshot(url: str, name: str, profile: Path, size: str = "1500,2000") -> Path:
    """A picture of the page top (headless screenshots of a scrolled page come out blank)."""
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / name
    shot.unlink(missing_ok=True)
    _run([f"--window-size={size}", "--hide-scrollbars", "--virtual-time-budget=3000", f"--screenshot={shot}", url],
         profile)
    return shot


def text_of(dom: str, element_id: str) -> str:
    """The raw text inside the element with ``element_id`` (a <pre> or <span>)."""
    import html

    match = re.search(rf'id="{re.escape(element_id)}"[^>]*>(.*?)</', dom, re.S)
    return html.unescape(match.group(1)) if match else ""

"""Overlapping the recogniser's runs with the page's other work.

ONNX Runtime lets go of the interpreter while a session runs, so a page's glyph lines can be
read by the recogniser in a background thread while this thread does work of its own (the
text path reads the page's grid: :mod:`jixiao.extractors.pages`). Only the runs go aside:
pdfium, which is not thread-safe, stays on the calling thread.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def run_beside(work: Callable[[], T], meanwhile: Callable[[], object]) -> T:
    """``work()`` in a background thread while ``meanwhile()`` runs on this one; ``work``'s result.

    Both have ended when this returns or raises: an exception of ``meanwhile`` is raised after the
    thread is joined (no run is left behind), else one of ``work``.
    """
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - raised on the calling thread
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="glyph-runs", daemon=True)
    thread.start()
    try:
        meanwhile()
    finally:
        thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


class Once:
    """A piece of work to be done exactly once, at the first call (later calls do nothing)."""

    def __init__(self, work: Callable[[], object]) -> None:
        self._work: Callable[[], object] | None = work

    @property
    def done(self) -> bool:
        return self._work is None

    def __call__(self) -> None:
        work, self._work = self._work, None
        if work is not None:
            work()

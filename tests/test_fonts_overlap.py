"""The font check's recogniser runs overlapped with the text path's read of the page: same pages, same
verdicts, every thread joined, errors where they were."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from jixiao.extractors import pages as pages_module
from jixiao.extractors.fonts import reader as reader_module
from jixiao.extractors.fonts.outlines import ConfirmedOutlines
from jixiao.extractors.fonts.overlap import Once, run_beside
from jixiao.extractors.fonts.verify import FontVerifier
from jixiao.extractors.pages import ReadOptions, read_pages_checked

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
#: honest (LibreOffice, one glyph per object, traditional characters) and lying (body font, digits, no map)
DOCUMENTS = ["000_jiangmen", "001_wuwei", "304_shaoguan_trad", "300_xinyu_lying-body-font",
             "004_haizhu_lying", "300_xinyu_lying-no-tounicode"]


def _runs_alive() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "glyph-runs"]


def test_the_work_runs_aside_while_the_meanwhile_runs_here():
    threads = {}
    result = run_beside(lambda: threads.setdefault("work", threading.current_thread()) and 42,
                        lambda: threads.setdefault("meanwhile", threading.current_thread()))
    assert result == 42
    assert threads["meanwhile"] is threading.current_thread() and threads["work"] is not threading.current_thread()
    assert not _runs_alive()


def test_an_error_of_the_meanwhile_is_raised_once_the_runs_have_ended():
    finished = []

    def slow_work():
        time.sleep(0.2)
        finished.append(1)

    def failing():
        raise ValueError("meanwhile failed")

    with pytest.raises(ValueError, match="meanwhile failed"):
        run_beside(slow_work, failing)
    assert finished == [1] and not _runs_alive()  # no run left behind


def test_an_error_of_the_runs_is_raised_after_the_meanwhile():
    done = []

    def failing():
        raise RuntimeError("run failed")

    with pytest.raises(RuntimeError, match="run failed"):
        run_beside(failing, lambda: done.append(1))
    assert done == [1] and not _runs_alive()


def test_once_does_its_work_at_the_first_call_only():
    calls = []
    once = Once(lambda: calls.append(1))
    assert not once.done
    once()
    once()
    assert calls == [1] and once.done


def _verdicts(name: str, meanwhile: bool) -> tuple[list, list[str]]:
    """Each page's verdict (checks, replacements, unsure glyphs) and the threads the meanwhile ran on; the
    document is checked as the first of its process (no outline confirmed by an earlier one), as often as asked."""
    pdf = pdfium.PdfDocument(SAMPLES / f"pdf/{name}.pdf")
    verifier = FontVerifier(confirmed=ConfirmedOutlines())
    out, ran = [], []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            extra = (lambda: ran.append(threading.current_thread().name)) if meanwhile else None
            verdict = verifier.check_page(page, index + 1, meanwhile=extra)
            verifier.keep_open(page)
            out.append(([(c.typeface, c.checked, c.disagreed, c.unsure, c.lying, c.repaired) for c in verdict.checks],
                        verdict.replacements, sorted(verdict.unsure_indices)))
    finally:
        verifier.close()
        pdf.close()
    return out, ran


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_check_with_work_beside_its_runs_gives_the_same_verdicts(name, monkeypatch):
    """The screen's first run goes to a background thread while the caller's work runs once a page, on the
    calling thread; every page's verdict is the one of a check alone."""
    run_threads = []
    real_run = reader_module.GlyphReader._run
    monkeypatch.setattr(reader_module.GlyphReader, "_run",
                        lambda self, tensor: run_threads.append(threading.current_thread().name) or real_run(self, tensor))
    alone, _ = _verdicts(name, meanwhile=False)
    beside, ran = _verdicts(name, meanwhile=True)
    assert beside == alone
    assert ran == ["MainThread"] * len(alone)  # once a page, here
    assert "glyph-runs" in run_threads and not _runs_alive()


def _read(name: str) -> tuple[list[dict], list]:
    path = SAMPLES / f"pdf/{name}.pdf"
    pdf = pdfium.PdfDocument(path)
    try:
        read, problems = read_pages_checked(pdf, path, ReadOptions())
    finally:
        pdf.close()
    return [page.model_dump() for page in read], problems


@pytest.mark.parametrize("name", DOCUMENTS)
def test_pages_read_during_their_check_are_the_pages_read_after_it(name, monkeypatch):
    """The text path's read of a page done beside the check's runs is kept only where the check leaves the
    page on the text route; repaired and OCR pages are read after the check, as before."""
    read_ahead, after = _read(name), None
    monkeypatch.setattr(pages_module, "READ_TEXT_DURING_CHECK", False)
    after = _read(name)
    assert read_ahead == after and read_ahead[0]


def test_a_read_ahead_that_fails_is_read_again_where_the_page_is_routed(monkeypatch):
    """A text read that fails beside the check does not fail the check: the page is read again once routed
    (here it succeeds; a read failing again fails the page with its own error, as without the read ahead)."""
    from jixiao.extractors import readers

    expected = _read("000_jiangmen")
    real_load = readers.PageReader.load
    failures = []

    def flaky_load(self):
        read = real_load(self)

        def once_failing(page, page_no, source):
            if not failures:
                failures.append(page_no)
                raise RuntimeError("read ahead failed")
            return read(page, page_no, source)
        return once_failing

    monkeypatch.setattr(readers.PageReader, "load", flaky_load)
    assert _read("000_jiangmen") == expected and failures == [1]

    def always_failing(self):
        def fail(page, page_no, source):
            raise RuntimeError("reader broken")
        return fail

    monkeypatch.setattr(readers.PageReader, "load", always_failing)
    ahead_pages, ahead_problems = _read("000_jiangmen")
    monkeypatch.setattr(pages_module, "READ_TEXT_DURING_CHECK", False)
    assert (ahead_pages, ahead_problems) == _read("000_jiangmen")
    assert ahead_problems and all("reader broken" in p.message for p in ahead_problems) and not _runs_alive()

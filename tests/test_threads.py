"""Thread budgets: parallel workers share the cores instead of each using all of them."""
from __future__ import annotations

import pytest

from batch_support import NO_OCR, report_thread_budget, sample
from jixiao.pipeline.batch.executors import ProcessExecutor
from jixiao.pipeline.batch.inputs import InputFile
from jixiao.extractors.thread_budget import THREADS_ENV, thread_budget
from jixiao.pipeline.batch.workers import default_workers, threads_per_worker


def test_workers_share_the_cores():
    assert threads_per_worker(2, cores=8) == 4
    assert threads_per_worker(3, cores=8) == 2
    assert threads_per_worker(4, cores=2) == 1  # never zero


def test_default_workers_is_one_per_core_within_memory():
    gib = 1024 ** 3
    assert default_workers(cores=8, memory_bytes=64 * gib) == 8
    assert default_workers(cores=8, memory_bytes=int(1.3 * gib)) == 2
    assert default_workers(cores=2, memory_bytes=100) == 1


def test_pool_workers_run_with_their_share(monkeypatch):
    monkeypatch.delenv(THREADS_ENV, raising=False)
    items = [InputFile(path=sample("000_jiangmen"), source=f"{i}.pdf") for i in range(2)]
    outcomes = list(ProcessExecutor(workers=2, timeout=60, task=report_thread_budget).run(items, NO_OCR))
    share = threads_per_worker(2)
    assert sorted(doc.error for _, doc in outcomes) == [f"budget={share} cv2={share}"] * 2
    assert thread_budget() >= 1  # this process is untouched: its budget is still every core


def test_a_worker_started_ahead_for_two_and_kept_alone_gets_every_core(monkeypatch):
    from jixiao.extractors.thread_budget import cpu_count

    monkeypatch.delenv(THREADS_ENV, raising=False)
    executor = ProcessExecutor(workers=2, timeout=60, task=report_thread_budget)
    executor.prestart(NO_OCR, 2)
    assert len(executor.started()) == 2  # started with the two-worker share
    outcomes = list(executor.run([InputFile(path=sample("000_jiangmen"), source="0.pdf")], NO_OCR))
    alone = threads_per_worker(1)
    assert alone == cpu_count()
    assert [doc.error for _, doc in outcomes] == [f"budget={alone} cv2={alone}"]


def test_recogniser_session_uses_the_budget(monkeypatch):
    pytest.importorskip("rapidocr")
    from jixiao.extractors.ocr.engine import RapidOcrEngine

    monkeypatch.setenv(THREADS_ENV, "1")
    engine = RapidOcrEngine()
    assert engine.threads == 1
    for model in (engine._rec, engine._det):
        options = model.session.session.get_session_options()
        assert (options.intra_op_num_threads, options.inter_op_num_threads) == (1, 1)


def _read_with_threads(path, threads: int, monkeypatch) -> list[dict]:
    """``path`` read in this process by a recogniser built with ``threads`` intra-op threads (OpenCV's
    pool set to the same count): every form's verdict, its reasons and its indicator rows."""
    from jixiao.extractors.ocr import engine as ocr_engine
    from jixiao.pipeline.batch.executors import process_input
    from jixiao.pipeline.batch.inputs import discover
    from jixiao.pipeline.settings import ExtractOptions

    monkeypatch.setattr(ocr_engine, "_LOADED", {("rapidocr", "onnxruntime"): ocr_engine.RapidOcrEngine(threads=threads)})
    (item,) = discover([str(path)])
    doc = process_input(item, ExtractOptions())
    assert ocr_engine.get_engine().threads == threads  # the page was read by that recogniser
    return [{"verdict": form.verdict, "reasons": [reason.model_dump(mode="json") for reason in form.verdict_reasons],
             "rows": [row.model_dump(mode="json") for row in form.indicators]} for form in doc.forms]


def test_a_fax_page_reads_the_same_whatever_the_thread_budget(monkeypatch):
    """A batch gives each worker cores ÷ workers threads, so the same file is read with 2 threads in a
    lone worker and with 1 beside another: its reading must not change with it. A 204×98 fax (tune) is
    the touchiest page: its values and names are decoded from the recogniser's probabilities with
    thresholds, so a last-bit change in them would show here."""
    pytest.importorskip("rapidocr")
    from sample_files import SAMPLES

    fax = SAMPLES / "pdf" / "130_hezhou_forest_fax204.pdf"
    one = _read_with_threads(fax, 1, monkeypatch)
    two = _read_with_threads(fax, 2, monkeypatch)
    assert one and one[0]["rows"]  # the page was read: rows to compare
    assert one == two

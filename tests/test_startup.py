"""Start-up: workers start while the batch plans, draw their documents' pictures, and stay guarded."""
from __future__ import annotations

import os
import shutil

from batch_support import (NO_OCR, SAMPLES, descendant_pids, output_bytes, report_glyph_loading, report_outline_learning,
                           report_pid, sample, wait_gone)
from jixiao.pipeline.batch.executors import ProcessExecutor, batch_executor, make_executor
from jixiao.pipeline.batch.inputs import InputFile, discover
from jixiao.pipeline.batch.run import run_batch
from jixiao.pipeline.settings import BatchConfig


def _items(*names: str) -> list[InputFile]:
    return [InputFile(path=SAMPLES / "pdf" / f"{name}.pdf", source=f"{name}.pdf") for name in names]


def test_the_default_is_a_guarded_pool_however_small_the_batch(tmp_path):
    executor = make_executor("process", None, 60.0, max_memory=2048)
    assert isinstance(executor, ProcessExecutor) and executor.max_memory == 2048 and executor.workers >= 1
    config = BatchConfig(out_dir=tmp_path / "out", options=NO_OCR)
    started = batch_executor(config, 1)
    try:
        assert isinstance(started, ProcessExecutor) and started.max_memory == config.max_memory
        assert started.pictures == tmp_path / "out" / "report"
        assert len(started.started()) == 1  # started for the one input, before any hashing or planning
    finally:
        started.close()


def test_prestarted_workers_take_the_work_and_the_surplus_ones_stop():
    executor = ProcessExecutor(workers=2, timeout=60, task=report_pid)
    executor.prestart(NO_OCR, 2)
    early = {slot.process.pid for slot in executor.started()}
    assert len(early) == 2 and early <= descendant_pids(os.getpid())
    outcomes = list(executor.run(_items("000_jiangmen"), NO_OCR))  # the plan left one document
    assert [doc.error for _, doc in outcomes][0] in {f"pid={pid}" for pid in early}
    assert wait_gone(early, seconds=10) == set()  # the surplus worker and the used one are gone



def test_workers_start_loading_the_glyph_reader_only_for_a_font_checked_batch_of_pdfs(tmp_path):
    import time

    from jixiao.pipeline.settings import ExtractOptions

    checked = ExtractOptions()  # the defaults: fonts checked, OCR auto
    assert checked.read.verify_fonts and checked.read.ocr == "auto"
    wanted = {}
    for label, options, pdfs in (("pdfs", checked, True), ("no pdf", checked, False), ("no check", NO_OCR, True)):
        executor = batch_executor(BatchConfig(out_dir=tmp_path / label, options=options, workers=1), 1, pdfs)
        try:
            wanted[label] = executor.glyphs
        finally:
            executor.close()
    assert wanted == {"pdfs": True, "no pdf": False, "no check": False}
    seen = {}
    for glyphs in (True, False):
        executor = ProcessExecutor(workers=1, timeout=60, task=report_glyph_loading, glyphs=glyphs)
        executor.prestart(checked, 1)
        try:
            executor.started()
            time.sleep(1.0)  # the worker's warm-up thread runs while the batch would plan
            ((_, doc),) = executor.run(_items("000_jiangmen"), checked)
            seen[glyphs] = doc.error
        finally:
            executor.close()
    assert seen == {True: "glyphs=True", False: "glyphs=False"}

def test_the_workers_of_a_batch_of_one_document_learn_no_glyph_outline():
    """A lone document's worker reads no other document: it learns no outline (see outlines.only_document); the
    workers of a batch of two do, whether started ahead of the run or by it."""
    from jixiao.pipeline.settings import ExtractOptions

    checked = ExtractOptions()
    seen = {}
    for names, ahead in ((("000_jiangmen",), True), (("000_jiangmen",), False), (("000_jiangmen", "001_wuwei"), True),
                         (("000_jiangmen", "001_wuwei"), False)):
        executor = ProcessExecutor(workers=1, timeout=60, task=report_outline_learning, glyphs=True)
        try:
            if ahead:
                executor.prestart(checked, len(names))
            seen[len(names), ahead] = sorted(doc.error for _, doc in executor.run(_items(*names), checked))
        finally:
            executor.close()
    assert seen == {(1, True): ["learning=False"], (1, False): ["learning=False"],
                    (2, True): ["learning=True"] * 2, (2, False): ["learning=True"] * 2}


def test_an_in_process_batch_starts_loading_the_glyph_reader_before_it_plans_only_for_checked_pdfs(tmp_path,
                                                                                                   monkeypatch):
    from jixiao.extractors.fonts import reader
    from jixiao.pipeline.settings import ExtractOptions

    asked = []
    monkeypatch.setattr(reader, "load_reader_soon", lambda: asked.append(1))
    checked = ExtractOptions()
    started = {}
    for label, options, pdfs in (("pdfs", checked, True), ("no pdf", checked, False), ("no check", NO_OCR, True)):
        asked.clear()
        batch_executor(BatchConfig(out_dir=tmp_path / label, options=options, workers=0), 1, pdfs)
        started[label] = bool(asked)
    assert started == {"pdfs": True, "no pdf": False, "no check": False}


def test_workers_draw_the_report_pictures(tmp_path, monkeypatch):
    from jixiao.pipeline.outputs import report

    drawn_here = []
    monkeypatch.setattr(report, "render_all", lambda jobs, *a, **k: drawn_here.extend(jobs))
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sample("000_jiangmen"), folder / "000_jiangmen.pdf")
    out = tmp_path / "out"
    run_batch(discover([str(folder)]), BatchConfig(out_dir=out, options=NO_OCR, workers=1))
    assert sorted(p.name for p in (out / "report" / "pages").glob("*.png"))  # pictures exist
    assert drawn_here == []  # and none was left for the batch process's report stage
    assert not list((out / "report" / "pages").glob(".*.tmp"))


def test_pool_and_in_process_runs_give_the_same_tables(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("000_jiangmen", "001_wuwei"):
        shutil.copy(sample(name), folder / f"{name}.pdf")
    outputs = {}
    for label, workers in (("default", None), ("in_process", 0)):
        out = tmp_path / label
        run_batch(discover([str(folder)]), BatchConfig(out_dir=out, workers=workers, report=False))
        outputs[label] = output_bytes(out)
    assert outputs["default"] == outputs["in_process"]


def test_schema_is_parsed_once_and_each_caller_gets_its_own_copy(tmp_path):
    from jixiao.normalizers.schema import loader

    first = loader.load_schema()
    code = next(iter(first.entries))
    first.entries[code].aliases.append("改过的别名")
    second = loader.load_schema()
    assert "改过的别名" not in second.entries[code].aliases  # a caller's edits never leak
    assert any(key[1] is None for key in loader._LOADED)  # the shipped schema is held parsed

    extra = tmp_path / "extra.yaml"
    extra.write_text(f"level{first.entries[code].level}:\n  - code: {code}\n    aliases: [第一版]\n", encoding="utf-8")
    assert "第一版" in loader.load_schema(extra).entries[code].aliases
    extra.write_text(f"level{first.entries[code].level}:\n  - code: {code}\n    aliases: [第二版本]\n", encoding="utf-8")
    assert "第二版本" in loader.load_schema(extra).entries[code].aliases  # a changed file is read again


def test_the_glyph_reader_loads_once_however_often_its_background_load_is_asked_for(monkeypatch):
    from jixiao.extractors.fonts import reader

    monkeypatch.setattr(reader, "_READER", None)
    made = []
    real = reader.GlyphReader
    monkeypatch.setattr(reader, "GlyphReader", lambda: made.append(1) or real())
    reader.load_reader_soon()
    reader.load_reader_soon()
    first = reader.get_reader()  # waits for a load under way instead of starting another
    assert reader.get_reader() is first and made == [1]


def test_the_extract_command_launches_the_fork_server_first_only_when_it_will_use_pool_workers():
    from jixiao.pipeline.batch.server import _pool_wanted

    assert _pool_wanted(["in/", "--out", "o"]) and _pool_wanted(["in/", "--workers", "2"])
    assert _pool_wanted(["in/", "-w", "1"]) and _pool_wanted(["in/", "--workers=3"]) and _pool_wanted(["-w2", "x"])
    for args in (["in/", "--workers", "0"], ["in/", "-w", "0"], ["--workers=0"], ["-w0"], ["in/", "--help"],
                 ["in/", "--executor", "ray"], ["--executor=process"], ["--workers", "x"], ["--workers"]):
        assert not _pool_wanted(args), args


def test_a_batch_started_from_the_command_line_leaves_no_server_or_worker_behind(tmp_path):
    """The server launched before the command line's imports serves the batch and goes with it."""
    import subprocess
    import time

    from batch_support import jixiao

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sample("003_zengcheng"), folder / "a.pdf")
    shutil.copy(sample("000_jiangmen"), folder / "b.pdf")
    run = jixiao("extract", str(folder), "--out", str(tmp_path / "out"), "-q", "--ocr", "never", "--workers", "2",
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: set[int] = set()
    while run.poll() is None:
        seen |= descendant_pids(run.pid)
        time.sleep(0.05)
    assert run.returncode == 0 and (tmp_path / "out" / "report" / "index.html").exists()
    assert len(seen) >= 3 and wait_gone(seen, seconds=10) == set()  # the server and two workers at least

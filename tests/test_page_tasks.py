"""A long scan's OCR pages read as page tasks by a pool's workers, then finished in one: same Document."""
from __future__ import annotations

from pathlib import Path

from jixiao.pipeline.batch.executors import ProcessExecutor
from jixiao.pipeline.batch.inputs import InputFile, discover
from jixiao.pipeline.batch.page_tasks import FinishTask, PageSplits, PageTask, ScannedPages, read_page, scan_pages
from jixiao.pipeline.settings import ExtractOptions, Limits, ReadOptions
from sample_files import SAMPLES

SCAN = SAMPLES / "pdf" / "201_shaodong_nutrition_scan.pdf"  # 2 scanned pages
DIGITAL = SAMPLES / "pdf" / "001_wuwei.pdf"


def _item(path: Path) -> InputFile:
    (item,) = discover([str(path)])
    return item


def test_scan_pages_are_the_pages_without_a_text_layer():
    assert scan_pages(_item(SCAN), ExtractOptions()).pages == [1, 2]
    assert scan_pages(_item(DIGITAL), ExtractOptions()).pages == []
    assert scan_pages(_item(SCAN), ExtractOptions(read=ReadOptions(ocr="never"))).pages == []
    assert scan_pages(_item(DIGITAL), ExtractOptions(read=ReadOptions(ocr="always"))).pages == list(range(1, 9))


def test_scan_pages_never_name_a_page_the_document_task_refuses(tmp_path):
    import pikepdf

    from hostile_files import inflating_flate

    path = tmp_path / "scan_and_bomb.pdf"
    with pikepdf.open(SCAN) as pdf:  # the two scanned pages, then a page whose content inflates to 128 MB
        pdf.add_blank_page(page_size=(595, 842))
        stream = pikepdf.Stream(pdf, inflating_flate(128))
        stream.Filter = pikepdf.Name.FlateDecode
        pdf.pages[2].Contents = stream
        pdf.save(path, compress_streams=False)
    everything = ExtractOptions(read=ReadOptions(ocr="always"))
    assert scan_pages(_item(path), everything).pages == [1, 2]
    assert scan_pages(_item(path), ExtractOptions()).pages == [1, 2]
    small = ExtractOptions(limits=Limits(max_megabytes=_item(path).path.stat().st_size / 2e6))
    assert scan_pages(_item(path), small).pages == []  # over the size limit: the document task refuses it whole


def test_a_scan_gives_its_page_tasks_the_user_units_found_once(tmp_path, monkeypatch):
    import pikepdf

    from jixiao.extractors import pages as page_reading
    from jixiao.extractors.page_frame import user_units

    path = tmp_path / "units.pdf"
    with pikepdf.open(SCAN) as pdf:  # page 2 drawn at twice the default unit, half as many of them
        page = pdf.pages[1].obj
        page.UserUnit = 2.0
        page.MediaBox = [float(v) / 2 for v in page.MediaBox]
        pdf.save(path)
    scanned = scan_pages(_item(path), ExtractOptions())
    assert scanned == ScannedPages([1, 2], (1.0, 2.0)) and list(scanned.units) == user_units(path, 2)

    def no_second_look(*args, **kwargs):
        raise AssertionError("a page task read the units again")

    monkeypatch.setattr(page_reading, "user_units", no_second_look)
    (task, _) = PageSplits().split(_item(path), scanned)
    never = ExtractOptions(read=ReadOptions(ocr="never"))  # the text reader: no OCR engine to load here
    assert '"page":1' in read_page(task, never)


def test_finish_task_waits_for_every_page_and_leaves_failed_ones_to_itself():
    splits = PageSplits()
    item = _item(SCAN)
    tasks = splits.split(item, ScannedPages([1, 2, 3], (1.0, 2.0, 1.0)))
    assert tasks == [PageTask(item, 1, (1.0, 2.0, 1.0)), PageTask(item, 2, (1.0, 2.0, 1.0)),
                     PageTask(item, 3, (1.0, 2.0, 1.0))]
    assert splits.page_done(tasks[2], '{"page": 3}', 1.5) is None
    assert splits.page_done(tasks[0], "", 0.0) is None  # failed: the finish task reads page 1 itself
    assert splits.page_done(tasks[1], '{"page": 2}', 2.0) == FinishTask(item, {3: '{"page": 3}', 2: '{"page": 2}'}, 3.5)


def test_two_workers_share_a_scan_and_read_the_same_document(sample_runs):
    items = [_item(SCAN), _item(DIGITAL)]
    executor = ProcessExecutor(workers=2, timeout=600)
    shared = {item.source: doc for item, doc in executor.run(items, ExtractOptions())}
    assert executor.pages_shared == 2
    for path in (SCAN, DIGITAL):
        (alone,) = sample_runs.documents([path])
        doc = shared[_item(path).source]
        assert doc.seconds > 0
        assert doc.model_dump(exclude={"seconds"}) == alone.model_dump(exclude={"seconds"})


def test_pages_read_elsewhere_are_taken_as_read_and_the_others_read_here():
    import pypdfium2 as pdfium

    from jixiao.extractors.pages import read_pages_checked
    from jixiao.models import PageContent

    given = PageContent(page=3, width=1.0, height=1.0, route_reason="read by a page task")
    pdf = pdfium.PdfDocument(str(DIGITAL))
    try:
        pages, problems = read_pages_checked(pdf, DIGITAL, ReadOptions(ocr="never"), skip=frozenset({5}),
                                             read_elsewhere={3: given})
    finally:
        pdf.close()
    assert problems == []
    assert [page.page for page in pages] == [1, 2, 3, 4, 6, 7, 8]
    assert pages[2] is given
    assert all(page.route_reason == "ocr disabled" for page in pages if page is not given)


def test_a_batch_of_one_long_scan_shares_its_pages_between_two_workers(sample_runs):
    executor = ProcessExecutor(workers=2, timeout=600)
    executor.prestart(ExtractOptions(), 1)
    assert len(executor.started()) == 1  # one document planned: one worker started ahead
    ((item, doc),) = list(executor.run([_item(SCAN)], ExtractOptions()))
    assert executor.pages_shared == 2  # its two OCR pages went out as page tasks
    assert executor.peak_workers == 2  # to a pool grown to two for them
    (alone,) = sample_runs.documents([SCAN])
    assert doc.model_dump(exclude={"seconds"}) == alone.model_dump(exclude={"seconds"})

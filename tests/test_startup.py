"""Start-up: a few text-layer files run in this process by default, with the pool's results."""
from __future__ import annotations

import shutil

from batch_support import SAMPLES, output_bytes, sample, without_column
from jixiao.pipeline.batch.executors import ProcessExecutor, is_small_batch, make_executor
from jixiao.pipeline.batch.inputs import InputFile, discover
from jixiao.pipeline.batch.run import run_batch
from jixiao.pipeline.settings import BatchConfig


def _items(*names: str) -> list[InputFile]:
    return [InputFile(path=SAMPLES / "pdf" / f"{name}.pdf", source=f"{name}.pdf") for name in names]


def test_a_few_text_layer_files_are_a_small_batch():
    assert is_small_batch(_items("000_jiangmen", "001_wuwei"))


def test_scans_and_many_files_keep_the_pool():
    assert not is_small_batch(_items("000_jiangmen", "001_wuwei_scan"))
    assert not is_small_batch(_items(*["000_jiangmen"] * 5))
    assert isinstance(make_executor("process", None, 60.0, items=_items("004_haizhu_scan")), ProcessExecutor)
    # An explicit worker count always gets the pool (and its timeout), however small the batch.
    assert isinstance(make_executor("process", 1, 60.0, items=_items("000_jiangmen")), ProcessExecutor)
    assert not isinstance(make_executor("process", None, 60.0, items=_items("000_jiangmen")), ProcessExecutor)


def test_small_batch_in_process_gives_the_pool_outputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("000_jiangmen", "001_wuwei"):
        shutil.copy(sample(name), folder / f"{name}.pdf")
    outputs = {}
    for label, workers in (("auto", None), ("pool", 1)):
        out = tmp_path / label
        run_batch(discover([str(folder)]), BatchConfig(out_dir=out, workers=workers, report=False))
        outputs[label] = output_bytes(out)
    auto, pool = outputs["auto"], outputs["pool"]
    for name in ("forms", "indicators", "findings"):
        assert auto[f"{name}.csv"] == pool[f"{name}.csv"], name
        assert auto[f"{name}.parquet"] == pool[f"{name}.parquet"], name
    assert without_column(auto["documents.csv"], "seconds") == without_column(pool["documents.csv"], "seconds")

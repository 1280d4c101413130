"""Start-up: a few text-layer files run in this process by default, with the pool's results."""
from __future__ import annotations

import shutil

from batch_support import SAMPLES, output_bytes, sample
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
    assert auto == pool


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

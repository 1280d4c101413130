"""``--executor ray`` runs the same per-document function and gives the process pool's outputs.

Needs the optional ``ray`` extra; skipped when Ray is not importable.
"""
from __future__ import annotations

import shutil

import pytest

from batch_support import NO_OCR, output_bytes, sample
from jixiao.pipeline.batch.run import BatchConfig, run_batch
from jixiao.pipeline.batch.inputs import discover

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install -e '.[ray]'")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ray-archive")
    shutil.copy(sample("000_jiangmen"), folder / "a.pdf")
    shutil.copy(sample("001_wuwei"), folder / "b.pdf")
    shutil.copy(sample("000_jiangmen"), folder / "a-copy.pdf")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00" * 200)
    return folder


def _config(out, executor: str) -> BatchConfig:
    return BatchConfig(out_dir=out, options=NO_OCR, workers=2, executor=executor, report=False)


def test_ray_tasks_give_the_process_pool_outputs(local_ray, archive, tmp_path):
    on_ray = run_batch(discover([str(archive)]), _config(tmp_path / "ray", "ray"))
    on_pool = run_batch(discover([str(archive)]), _config(tmp_path / "pool", "process"))
    assert on_ray.processed == on_pool.processed == 3
    assert list(on_ray.tables["documents"]["status"]) == list(on_pool.tables["documents"]["status"])
    got, expected = output_bytes(tmp_path / "ray"), output_bytes(tmp_path / "pool")
    for name in expected:
        assert got[name] == expected[name], name


def test_ray_run_is_resumable_like_any_other(local_ray, archive, tmp_path):
    first = run_batch(discover([str(archive)]), _config(tmp_path / "out", "ray"))
    written = output_bytes(tmp_path / "out")
    again = run_batch(discover([str(archive)]), _config(tmp_path / "out", "ray"))
    assert first.processed == 3 and again.processed == 0
    assert output_bytes(tmp_path / "out") == written


def test_an_overdue_ray_task_is_cancelled_and_recorded(local_ray, tmp_path):
    import batch_support
    from jixiao.pipeline.batch.executors import RayExecutor

    ray.cloudpickle.register_pickle_by_value(batch_support)  # tests/ is not on the workers' path
    for name in ("ok.pdf", "slow.pdf"):
        shutil.copy(sample("000_jiangmen"), tmp_path / name)
    (tmp_path / "slow.pdf").write_bytes((tmp_path / "slow.pdf").read_bytes() + b"%slow\n")
    executor = RayExecutor(timeout=5, task=batch_support.hang_on_slow)
    result = run_batch(discover([str(tmp_path / "ok.pdf"), str(tmp_path / "slow.pdf")]),
                       _config(tmp_path / "out", "ray"), executor=executor)
    docs = result.tables["documents"].set_index("source_file")
    assert docs.loc["slow.pdf", "error"].startswith("timed out after 5 s")
    assert docs.loc["ok.pdf", "status"] != "failed"

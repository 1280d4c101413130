"""The package layout: one installed namespace, stages that only import what comes before them."""
from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
STAGE_FOLDERS = ("models", "normalizers", "extractors", "pipeline")

#: Rank of each part of the data path; a module may import only from its own rank or below.
#: batch drives outputs (it writes the tables when a run ends), so it ranks after them.
RANKS = {
    "jixiao.models": 0,
    "jixiao.normalizers": 1,
    "jixiao.extractors": 2,
    "jixiao.pipeline.assembly": 3,
    "jixiao.pipeline.validation": 4,
    "jixiao.pipeline.settings": 5,
    "jixiao.pipeline.process": 5,
    "jixiao.pipeline.outputs": 6,
    "jixiao.pipeline.batch": 7,
    "jixiao.pipeline.evaluation": 8,
    "jixiao.pipeline.api": 9,
    "jixiao.pipeline.cli": 9,
    "jixiao.pipeline": 9,
}


def _rank(module: str) -> int:
    best = max((prefix for prefix in RANKS if module == prefix or module.startswith(prefix + ".")), key=len)
    return RANKS[best]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["jixiao", *parts])


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "jixiao" or name.startswith("jixiao.")}


def _package_modules() -> list[Path]:
    return sorted(p for folder in STAGE_FOLDERS for p in (REPO / folder).rglob("*.py"))


def test_no_module_imports_a_later_stage():
    backwards = []
    for path in _package_modules():
        module = _module_name(path)
        for imported in _imports(path):
            if imported == "jixiao":
                continue  # the root package holds only the version and the lazy extract()
            if _rank(imported) > _rank(module):
                backwards.append(f"{module} imports {imported}")
    assert not backwards


def test_no_two_modules_share_a_name():
    names: dict[str, list[str]] = {}
    for path in _package_modules():
        if path.name != "__init__.py":
            names.setdefault(path.stem, []).append(str(path.relative_to(REPO)))
    for folder in (p for f in STAGE_FOLDERS for p in (REPO / f).rglob("*") if p.is_dir() and p.name != "__pycache__"):
        names.setdefault(folder.name, []).append(str(folder.relative_to(REPO)) + "/")
    assert {name: where for name, where in names.items() if len(where) > 1} == {}


def test_every_stage_package_is_declared_in_pyproject():
    """The wheel lists packages explicitly (the root maps to `jixiao`): a new folder must be added."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    for init in (p for folder in STAGE_FOLDERS for p in (REPO / folder).rglob("__init__.py")):
        assert f'"{_module_name(init)}"' in text, _module_name(init)


def test_only_jixiao_is_importable_outside_the_repository(tmp_path):
    """The installed package exposes `jixiao`, not generic names like `models` that clash with users' folders."""
    (tmp_path / "models").mkdir()  # a user's own models/ folder next to their notebook
    (tmp_path / "models" / "__init__.py").write_text("USER = True\n")
    code = ("import models; assert models.USER\n"
            "from jixiao import extract, __version__\n"
            "import jixiao.pipeline.cli, jixiao.models\n"
            "import importlib.util\n"
            "assert importlib.util.find_spec('pipeline') is None and importlib.util.find_spec('extractors') is None\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


@pytest.mark.skipif(not (REPO / "pyproject.toml").exists(), reason="not a source checkout")
def test_the_wheel_installs_only_the_jixiao_namespace(tmp_path):
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = tmp_path.glob("jixiao-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top == {"jixiao"}
    assert "jixiao/normalizers/schema/canonical.yaml" in names
    assert "jixiao/pipeline/outputs/report/report.js" in names
    assert not [n for n in names if n.startswith(("jixiao/tests/", "jixiao/samples/", "jixiao/bench/"))]

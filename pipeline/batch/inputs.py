"""Which files a run covers, and the name each is reported under.

``source_file`` is the path relative to the directory given (the file name for
a file given directly), so outputs do not depend on where the archive sits.
Members of .zip/.rar archives are inputs of their own, ``archive.zip!member``
(:mod:`jixiao.pipeline.batch.archives`).
"""
from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InputFile:
    path: Path
    source: str
    #: Content hash when the caller has already read the file (a batch hashes every
    #: input to plan its work); empty means the worker hashes it.
    sha256: str = ""
    #: Inside an archive at ``path``: the member's name chain ("a.xlsx", "inner.zip!a.xlsx").
    member: str = ""
    size: int = 0


def _is_candidate(path: Path) -> bool:
    return path.is_file() and not path.name.startswith(".")


def _expanded(item: InputFile) -> list[InputFile]:
    """An archive's members in its place; the archive itself when it is refused (it then fails with the reason)."""
    from jixiao.extractors.formats import detect_format, is_archive
    from jixiao.pipeline.batch.archives import SEPARATOR, ArchiveRefused, list_members

    try:
        with item.path.open("rb") as handle:
            fmt = detect_format(item.path.name, handle.read(1024), handle)
        if not is_archive(fmt):
            return [item]
        return [InputFile(item.path, f"{item.source}{SEPARATOR}{m.display}", m.sha256, m.name, m.size)
                for m in list_members(item.path, fmt)]
    except (ArchiveRefused, OSError):
        return [item]


def discover(arguments: list[str]) -> list[InputFile]:
    """Files, directories (recursive: every file, PDF or not, is accounted for) and globs."""
    found: dict[Path, InputFile] = {}
    for arg in arguments:
        path = Path(arg)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if _is_candidate(child):
                    found.setdefault(child.resolve(), InputFile(child, child.relative_to(path).as_posix()))
        elif path.exists():
            found.setdefault(path.resolve(), InputFile(path, path.name))
        else:
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                found.setdefault(path.resolve(), InputFile(path, path.name))  # reported as missing
            for match in matches:
                m = Path(match)
                if _is_candidate(m):
                    found.setdefault(m.resolve(), InputFile(m, m.name))
    expanded = [member for item in found.values() for member in _expanded(item)]
    return sorted(expanded, key=lambda f: f.source)

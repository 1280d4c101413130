"""Which files a run covers, and the name each is reported under.

``source_file`` is the path relative to the directory given (the file name for
a file given directly), so outputs do not depend on where the archive sits.
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


def _is_candidate(path: Path) -> bool:
    return path.is_file() and not path.name.startswith(".")


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
    return sorted(found.values(), key=lambda f: f.source)

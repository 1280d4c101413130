"""Which files a run covers, and the name each is reported under.

``source_file`` is the path relative to the common root of everything the run
was given: the directory itself for one directory, the file name for one file,
``dirA/form.pdf`` and ``dirB/form.pdf`` for ``jixiao extract dirA dirB``. It is
therefore unique within a run, and does not depend on where the archive sits.

File names are recorded as text that any output can hold: bytes that are not
UTF-8 and control characters (``\\r``, ``\\n`` …) as ``\\xNN``, a backslash as
``\\\\``; :func:`unescape_name` gives the name's bytes back.
"""
from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InputFile:
    path: Path
    source: str
    #: Content hash when the caller has already read the file (a batch hashes every
    #: input to plan its work); empty means the worker hashes it.
    sha256: str = ""


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if ch == "\\":
        return "\\\\"
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}"


_NEEDS_ESCAPE_RE = re.compile(r"[\\\x00-\x1f\x7f\udc80-\udcff]")
_ESCAPE_RE = re.compile(r"\\(\\|x[0-9a-f]{2})")


def escape_name(name: str) -> str:
    """The name as text that encodes as UTF-8 and never breaks a CSV row."""
    return _NEEDS_ESCAPE_RE.sub(lambda m: _escape_char(m.group()), name)


def unescape_name(text: str) -> bytes:
    """The file name's bytes from an escaped ``source_file``."""
    parts, last = [], 0
    for match in _ESCAPE_RE.finditer(text):
        parts.append(text[last:match.start()].encode("utf-8"))
        token = match.group(1)
        parts.append(b"\\" if token == "\\" else bytes([int(token[1:], 16)]))
        last = match.end()
    parts.append(text[last:].encode("utf-8"))
    return b"".join(parts)


def path_text(path: Path) -> str:
    """An absolute path as storable text (escaped like names), for :func:`path_from_text`."""
    return escape_name(os.path.abspath(path))


def path_from_text(text: str) -> Path:
    return Path(os.fsdecode(unescape_name(text)))


def _is_candidate(path: Path) -> bool:
    return path.is_file() and not path.name.startswith(".")


def _found(arguments: list[str]) -> dict[Path, tuple[Path, Path]]:
    """Every file the arguments name: resolved path → (path as given, the directory it was found under)."""
    found: dict[Path, tuple[Path, Path]] = {}
    for arg in arguments:
        path = Path(arg)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if _is_candidate(child):
                    found.setdefault(child.resolve(), (child, path))
        elif path.exists():
            found.setdefault(path.resolve(), (path, path.parent))
        else:
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                found.setdefault(path.resolve(), (path, path.parent))  # reported as missing
            for match in matches:
                m = Path(match)
                if _is_candidate(m):
                    found.setdefault(m.resolve(), (m, m.parent))
    return found


def discover(arguments: list[str]) -> list[InputFile]:
    """Files, directories (recursive: every file, PDF or not, is accounted for) and globs."""
    found = _found(arguments)
    if not found:
        return []
    root = os.path.commonpath([os.path.abspath(base) for _, base in found.values()])
    items = [InputFile(path, escape_name(Path(os.path.relpath(os.path.abspath(path), root)).as_posix()))
             for path, _ in found.values()]
    return sorted(items, key=lambda f: f.source)

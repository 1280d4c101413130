"""Which files a run covers, and the name each is reported under.

``source_file`` is the path relative to the common root of everything the run
was given: the directory itself for one directory, the file name for one file,
``dirA/form.pdf`` and ``dirB/form.pdf`` for ``jixiao extract dirA dirB``. It is
therefore unique within a run, and does not depend on where the archive sits.

File names are recorded as text that any output can hold: bytes that are not
UTF-8 and control characters (``\\r``, ``\\n`` …) as ``\\xNN``, a backslash as
``\\\\``; :func:`unescape_name` gives the name's bytes back.

Every entry the user named or the walk met is accounted for: besides the files
to read, a dangling or looping symbolic link, a folder that cannot be listed
and anything that is not a regular file come back with the ``problem`` that
will be their documents row, and hidden entries (names starting with ".") with
the rule that ``skipped`` them.
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
    #: Inside an archive at ``path``: the member's name chain ("a.xlsx", "inner.zip!a.xlsx").
    member: str = ""
    size: int = 0
    #: Why this entry cannot be read at all (its documents row is ``failed`` with this).
    problem: str = ""
    #: Why discovery left this entry out on purpose (its documents row is ``skipped``).
    skipped: str = ""


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


#: The discovery rule for hidden entries, quoted in their documents row.
HIDDEN_RULE = "names starting with '.' are skipped inside folders; name it directly to read it"


def _expanded(item: InputFile) -> list[InputFile]:
    """An archive's members in its place (``archive.zip!member``, see :mod:`jixiao.extractors.formats.archives`);
    the archive itself when it is refused (it then fails with the reason)."""
    from jixiao.extractors.formats import detect_format, is_archive
    from jixiao.extractors.formats.archives import SEPARATOR, ArchiveRefused, list_members

    if item.problem or item.skipped:
        return [item]
    try:
        with item.path.open("rb") as handle:
            fmt = detect_format(item.path.name, handle.read(1024), handle)
        if not is_archive(fmt):
            return [item]
        return [InputFile(item.path, f"{item.source}{SEPARATOR}{escape_name(m.display)}", m.sha256, m.name, m.size)
                for m in list_members(item.path, fmt)]
    except (ArchiveRefused, OSError):
        return [item]


def _link_problem(path: Path) -> str:
    """What is wrong with a symbolic link that leads nowhere, or '' when it leads somewhere."""
    try:
        path.resolve(strict=True)
    except FileNotFoundError:
        return f"dangling symbolic link: points to {os.readlink(path)}, which does not exist"
    except (RuntimeError, OSError) as exc:  # 3.11 raises RuntimeError on a loop, later versions OSError
        if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == 40:
            return f"symbolic link loop: {os.readlink(path)} leads back to itself"
        return f"cannot follow symbolic link: {getattr(exc, 'strerror', None) or exc}"
    return ""


class _Walk:
    """Every entry met, by the path it was met under (links keep their own name)."""

    def __init__(self) -> None:
        #: absolute path → (path as met, the directory it was found under, its problem or skip note)
        self.found: dict[str, tuple[Path, Path, dict[str, str]]] = {}

    def add(self, path: Path, base: Path, **notes: str) -> None:
        key = os.path.abspath(path)
        if key not in self.found or (self.found[key][2].get("skipped") and not notes):  # named directly: read it
            self.found[key] = (path, base, notes)

    def entry(self, path: Path, base: Path, inside: tuple[str, ...] = ()) -> None:
        """One file, folder or link; ``inside`` holds the real paths of the folders above it."""
        if path.is_symlink():
            problem = _link_problem(path)
            if problem:
                return self.add(path, base, problem=problem)
        if path.is_dir():
            real = os.path.realpath(path)
            if real in inside:
                return self.add(path, base, problem=f"symbolic link loop: folder {path} leads back into itself")
            return self.folder(path, base, inside + (real,))
        if path.is_file():
            return self.add(path, base)
        if os.path.lexists(path):
            return self.add(path, base, problem="not a regular file (device, pipe or socket)")
        self.add(path, base)  # reported as missing when it is hashed

    def folder(self, folder: Path, base: Path, inside: tuple[str, ...]) -> None:
        try:
            names = sorted(os.listdir(folder))
        except OSError as exc:
            return self.add(folder, base if folder != base else folder.parent,
                            problem=f"cannot read folder: {exc.strerror or exc}; its files were not read")
        for name in names:
            path = folder / name
            if name.startswith("."):
                kind = "folder" if path.is_dir() and not path.is_symlink() else "file"
                self.add(path, base, skipped=f"skipped: hidden {kind}; {HIDDEN_RULE}")
                continue
            self.entry(path, base, inside)


def _found(arguments: list[str]) -> dict[str, tuple[Path, Path, dict[str, str]]]:
    """Every entry the arguments name or lead to, with the directory it was found under."""
    walk = _Walk()
    for arg in arguments:
        path = Path(arg)
        if path.is_dir():
            walk.folder(path, path, (os.path.realpath(path),))
        elif os.path.lexists(path):
            walk.entry(path, path.parent)
        else:
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                walk.add(path, path.parent)  # reported as missing
            for match in matches:
                m = Path(match)
                if m.is_dir():
                    walk.folder(m, m.parent, (os.path.realpath(m),))
                else:
                    walk.entry(m, m.parent)
    return walk.found


def discover(arguments: list[str]) -> list[InputFile]:
    """Files, directories (recursive: every entry, PDF or not, is accounted for) and globs."""
    found = _found(arguments)
    if not found:
        return []
    root = os.path.commonpath([os.path.abspath(base) for _, base, _ in found.values()])
    items = [InputFile(path, escape_name(Path(os.path.relpath(os.path.abspath(path), root)).as_posix()), **notes)
             for path, _, notes in found.values()]
    return sorted((member for item in items for member in _expanded(item)), key=lambda f: f.source)

"""Archives (.zip, .rar) as folders: each member is a document, read in place.

A download folder often holds ``附件.zip`` with the forms inside.  Members are
listed, checked and hashed once in the parent (``discover``) and read straight
out of the archive by the worker that processes them; nothing is unpacked to
disk.  A member is reported as ``archive.zip!path/in/archive.xlsx``; an archive
inside an archive is expanded one level (``outer.zip!inner.zip!form.xlsx``),
deeper ones are reported, not opened.

Zip bombs are refused before anything is inflated, by the sizes the archive
declares (total and per member, and the compression ratio of large members),
and again while reading, since declared sizes can lie: a member is never read
past its declared size or the limit.  A refused or unreadable archive is one
``failed`` row naming the limit it broke.

RAR needs the ``unrar`` program (non-free, ``apt-get install unrar``); without it
a .rar file fails with that advice.
"""
from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from jixiao.extractors.formats import detect_format, is_archive

SEPARATOR = "!"
UNRAR_HINT = "install unrar (apt-get install unrar) to read .rar archives"


@dataclass(frozen=True)
class ArchiveLimits:
    """What an archive may hold before it is refused as a bomb or simply too much."""

    max_entries: int = 100_000
    max_total_mb: float = 4_000.0
    max_member_mb: float = 200.0
    #: Uncompressed/compressed size above which a large member is a bomb, not a document
    #: (office files compress 2-10×; a bomb thousands of times).
    max_ratio: float = 200.0
    #: Members smaller than this are not held to the ratio (a tiny file of blanks compresses well).
    ratio_floor_mb: float = 1.0


class ArchiveRefused(Exception):
    """The archive breaks a limit or cannot be read; the message says which."""


@dataclass(frozen=True)
class Member:
    """One file inside an archive: its name chain below the outer archive, content hash and size.

    ``name`` is how the archive stores it (to find it again); ``display`` is how it is reported
    (Windows packers store GBK names without saying so).
    """

    name: str
    display: str
    sha256: str
    size: int


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def check_zip(archive: zipfile.ZipFile, limits: ArchiveLimits) -> list[zipfile.ZipInfo]:
    """The file members of a zip, after the declared sizes passed every limit."""
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > limits.max_entries:
        raise ArchiveRefused(f"zip bomb refused: {len(infos)} entries, over the {limits.max_entries} limit")
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_mb * 1e6:
        raise ArchiveRefused(f"zip bomb refused: {_mb(total)} uncompressed, over the {limits.max_total_mb:g} MB limit")
    for info in infos:
        if info.file_size > limits.max_member_mb * 1e6:
            raise ArchiveRefused(f"zip bomb refused: {info.filename} is {_mb(info.file_size)} uncompressed, "
                                 f"over the {limits.max_member_mb:g} MB limit")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor_mb * 1e6 and ratio > limits.max_ratio:
            raise ArchiveRefused(f"zip bomb refused: {info.filename} inflates {ratio:.0f}× "
                                 f"(limit {limits.max_ratio:g}×)")
    return infos


def read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ArchiveLimits) -> bytes:
    """A member's bytes, stopping at its declared size or the limit: a lying header inflates nothing."""
    cap = min(info.file_size, int(limits.max_member_mb * 1e6))
    with archive.open(info) as handle:
        data = handle.read(cap + 1)
    if len(data) > cap:
        raise ArchiveRefused(f"zip bomb refused: {info.filename} inflates past its declared size")
    return data


def _visible(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return not any(p.startswith(".") or p == "__MACOSX" for p in parts)


def _member_name(info: zipfile.ZipInfo) -> str:
    """Names as the packer meant them: Windows zips store GBK names without the UTF-8 flag."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def _zip_members(archive: zipfile.ZipFile, limits: ArchiveLimits, prefix: tuple[str, str] = ("", ""),
                 depth: int = 0) -> Iterator[Member]:
    for info in check_zip(archive, limits):
        name = _member_name(info)
        if not _visible(name):
            continue
        data = read_capped(archive, info, limits)
        fmt = detect_format(name, data[:1024], io.BytesIO(data))
        inner_prefix = (prefix[0] + info.filename + SEPARATOR, prefix[1] + name + SEPARATOR)
        if is_archive(fmt) and depth == 0 and fmt == "zip":
            yield from _nested(data, limits, inner_prefix)
            continue
        yield Member(prefix[0] + info.filename, prefix[1] + name, hashlib.sha256(data).hexdigest(), len(data))


def _nested(data: bytes, limits: ArchiveLimits, prefix: tuple[str, str]) -> Iterator[Member]:
    """A zip inside the zip: its members; the inner archive itself (to fail with its reason) when refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as inner:
            members = list(_zip_members(inner, limits, prefix, depth=1))
    except (ArchiveRefused, zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        members = []
    yield from members or [Member(prefix[0].rstrip(SEPARATOR), prefix[1].rstrip(SEPARATOR),
                                  hashlib.sha256(data).hexdigest(), len(data))]


def list_members(path: Path, fmt: str, limits: ArchiveLimits = ArchiveLimits()) -> list[Member]:
    """Every document inside an archive (one nested level expanded), hashed; raises ArchiveRefused."""
    if fmt == "rar":
        return _rar_members(path, limits)
    try:
        with zipfile.ZipFile(path) as archive:
            members = list(_zip_members(archive, limits))
    except zipfile.BadZipFile as exc:
        raise ArchiveRefused(f"corrupt or truncated zip archive: {exc}") from exc
    except NotImplementedError as exc:
        raise ArchiveRefused(f"zip archive uses an unsupported compression or encryption: {exc}") from exc
    except RuntimeError as exc:  # encrypted members
        raise ArchiveRefused(f"encrypted zip archive: {exc}") from exc
    if not members:
        raise ArchiveRefused("archive holds no files")
    return members


# ---------------------------------------------------------------- reading one member in a worker


@lru_cache(maxsize=2)
def _open_zip(path: str, stamp: tuple[int, int]) -> zipfile.ZipFile:
    """One open archive per worker: a 10,000-entry central directory is parsed once, not per member."""
    return zipfile.ZipFile(path)


@lru_cache(maxsize=2)
def _inner_zip(path: str, stamp: tuple[int, int], name: str, max_member_mb: float) -> zipfile.ZipFile:
    outer = _open_zip(path, stamp)
    return zipfile.ZipFile(io.BytesIO(read_capped(outer, outer.getinfo(name), ArchiveLimits(max_member_mb=max_member_mb))))


def read_member(path: Path, member: str, limits: ArchiveLimits = ArchiveLimits()) -> bytes:
    """The bytes of ``member`` ("a.xlsx" or "inner.zip!a.xlsx") of the archive at ``path``."""
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    with path.open("rb") as handle:
        if detect_format(path.name, handle.read(8)) == "rar":
            return _rar_read(path, member, limits)
    *outer, name = member.split(SEPARATOR)
    archive = _open_zip(str(path), stamp)
    if outer:
        archive = _inner_zip(str(path), stamp, outer[0], limits.max_member_mb)
    return read_capped(archive, archive.getinfo(name), limits)


# ---------------------------------------------------------------- rar through unrar


def _unrar() -> str:
    program = shutil.which("unrar")
    if program is None:
        raise ArchiveRefused(f"RAR archive: {UNRAR_HINT}")
    return program


def _rar_members(path: Path, limits: ArchiveLimits) -> list[Member]:
    listing = subprocess.run([_unrar(), "lb", "-p-", str(path)], capture_output=True, timeout=120)
    if listing.returncode != 0:
        raise ArchiveRefused(f"corrupt or encrypted RAR archive (unrar exit {listing.returncode})")
    names = [n for n in listing.stdout.decode("utf-8", "replace").splitlines() if n and _visible(n)]
    if len(names) > limits.max_entries:
        raise ArchiveRefused(f"zip bomb refused: {len(names)} entries, over the {limits.max_entries} limit")
    members = []
    for name in names:
        data = _rar_read(path, name, limits)
        if data:
            members.append(Member(name, name, hashlib.sha256(data).hexdigest(), len(data)))
    if not members:
        raise ArchiveRefused("archive holds no files")
    return members


def _rar_read(path: Path, member: str, limits: ArchiveLimits) -> bytes:
    cap = int(limits.max_member_mb * 1e6)
    with subprocess.Popen([_unrar(), "p", "-inul", "-p-", str(path), member], stdout=subprocess.PIPE) as proc:
        data = proc.stdout.read(cap + 1)
        proc.kill()
    if len(data) > cap:
        raise ArchiveRefused(f"zip bomb refused: {member} is over the {limits.max_member_mb:g} MB limit")
    return data


def refusal(data: Path | bytes, fmt: str, limits: ArchiveLimits = ArchiveLimits()) -> str:
    """Why an archive reaching a worker is a failed document (expandable ones never get there)."""
    if fmt == "rar" and isinstance(data, bytes):
        return "a .rar archive inside an archive is not expanded; unpack it first"
    try:
        if isinstance(data, bytes):
            with zipfile.ZipFile(io.BytesIO(data)) as inner:
                if not list(_zip_members(inner, limits, depth=1)):
                    return "archive holds no files"
            return "archive nested more than one level deep: not expanded"
        list_members(data, fmt, limits)
    except ArchiveRefused as exc:
        return str(exc)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
        return f"corrupt, truncated or encrypted zip archive: {exc}"
    return "archive: its members are read as documents of their own (pass it to jixiao extract)"

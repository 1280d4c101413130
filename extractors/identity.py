"""What identifies an input: the hash of its bytes, and whether a failed read was the path's fault.

A module of its own, with nothing heavy imported, so the batch process hashes and plans
its inputs without loading the reading code (:mod:`jixiao.pipeline.process` imports it too).
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jixiao.models import Document

#: How the error of an unreadable path (jixiao.pipeline.process.InputUnreadable) begins; such Documents carry no hash.
_UNREADABLE = ("file not found: ", "cannot read file: ")


def is_path_failure(doc: Document) -> bool:
    """A failure of the path rather than the content: never to be stored under a content hash."""
    return not doc.sha256 and doc.error.startswith(_UNREADABLE)


def file_sha256(path: Path) -> str:
    """The file's content hash (here, not with the reading code: the batch process plans without importing it)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()

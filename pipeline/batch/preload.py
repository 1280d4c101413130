"""What the workers' fork server loads once, before it forks any worker.

A worker would load each of these the first time a document needs it: the text
reader's modules (imported by name from the reader registry), the font check's
Python side, the routing bigrams, the canonical schema and its mapper. Loaded
in the fork server (the last module of
:data:`~jixiao.pipeline.batch.server.WORKER_PRELOAD`), every worker is forked
holding them: a second worker no longer loads a second copy, and the first
document of each worker no longer waits for them.

Nothing here starts a thread (a fork copies only the thread that forks): the glyph
reader's ONNX Runtime session, which does, is loaded by each worker
(:func:`jixiao.extractors.fonts.reader.load_reader_soon`), as are the OCR engines.
Importing this module anywhere but in the fork server does nothing.
"""
from __future__ import annotations


def warm() -> None:
    """Load the modules and caches every document of a digital batch uses."""
    from jixiao.extractors.readers import get_reader
    from jixiao.extractors.routing import common_characters, plausible_bigrams
    from jixiao.pipeline.process import indicator_mapper

    get_reader("text").load()
    plausible_bigrams()
    common_characters()
    indicator_mapper(None)
    import jixiao.extractors.fonts.verify  # noqa: F401 - the font check's Python side (not its ONNX session)
    import jixiao.pipeline.validation.lying_fonts  # noqa: F401 - what process.py imports when it judges a reading
    import jixiao.pipeline.validation.reread  # noqa: F401
    import jixiao.pipeline.validation.settle  # noqa: F401
    import jixiao.pipeline.validation.validate  # noqa: F401


def _in_fork_server() -> bool:
    from jixiao.pipeline.batch.server import _in_fork_server as in_server

    return in_server()


if _in_fork_server():
    try:
        warm()
    except Exception:  # noqa: BLE001 - a worker loads what it needs again and reports what fails
        pass

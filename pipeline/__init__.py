"""Orchestration, CLI and exports of jixiao.

``from pipeline import extract`` is the notebook entry point.
"""


def extract(*paths, **kwargs):
    """See :func:`pipeline.api.extract` (imported lazily to keep ``import pipeline`` light)."""
    from pipeline.api import extract as _extract

    return _extract(*paths, **kwargs)

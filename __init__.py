"""jixiao (绩效): Chinese budget-performance self-assessment forms to clean, re-scored data.

``from jixiao import extract`` is the notebook entry point; the stages live in
``jixiao.models`` ← ``jixiao.normalizers`` ← ``jixiao.extractors`` ← ``jixiao.pipeline``.
"""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jixiao")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"


def extract(*paths, **options):
    """See :func:`jixiao.pipeline.api.extract` (imported lazily so ``import jixiao`` stays light)."""
    from jixiao.pipeline.api import extract as _extract

    return _extract(*paths, **options)


__all__ = ["extract", "__version__"]

"""How well a seal's arc text is read: against the name the manifest says was pressed on it.

Generated sealed pages carry ``seal_text`` in their manifest entry (the unit's
name along the arc). A file counts as read right when one of its seals' text
equals that name exactly; the character figure is the best seal's normalised
similarity (1 − edit distance / length), so near misses (泰 for 秦) still show; an arc
left unread counts 0 there. ``wrong`` counts files whose reported text is not the
name: confident garbage, which an unreadable seal must never produce.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from rapidfuzz.distance import Levenshtein


def file_seal_text(seals: pd.DataFrame | None, source: str, expected: str | None,
                   others: Sequence[str] = ()) -> dict | None:
    """{truth, read, exact, chars} for one file with a known seal text, else None. ``others``: the
    names of other offices' seals stamped on the same page, read right when read as themselves."""
    if not expected:
        return None
    texts = [] if seals is None or not len(seals) else \
        [str(t) for t in seals.loc[seals["source_file"] == source, "text"].fillna("")]
    best = max(texts, key=lambda t: Levenshtein.normalized_similarity(t, expected), default="")
    return {"truth": expected, "read": texts, "exact": expected in texts,
            "wrong": any(t and t != expected and t not in others for t in texts),
            "chars": round(Levenshtein.normalized_similarity(best, expected), 4)}


def group_seal_text(files: list[dict]) -> dict:
    """Files with a known seal text, how many read exactly, mean character similarity."""
    known = [f["seal_text"] for f in files if f.get("seal_text")]
    if not known:
        return {"files": 0, "exact": None, "chars": None, "wrong": None}
    return {"files": len(known), "exact": round(sum(k["exact"] for k in known) / len(known), 4),
            "wrong": sum(bool(k.get("wrong")) for k in known),
            "chars": round(sum(k["chars"] for k in known) / len(known), 4)}

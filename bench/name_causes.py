"""Why a fax's level names are read wrong: what the recogniser's CTC output held for each of them.

    python -m bench.name_causes [--split tune|holdout|all] [--files F ...] [--show]

Each fax PDF of samples/manifest.json is read with ``ocr_page``; every name line whose CTC
probabilities reach the name re-spelling (name_decoding.NameReader, every view of it) is logged
with the candidates of each character of its free reading (the labels of the run's best time
step, as ``name_slots`` sees them). Each distinct level name of the truth (一级, 二级, 三级) is
aligned to the logged line, or two lines (a wrapped name), that covers it best, and each of its
characters is put in one class:

- ``ok``: the free reading's character;
- ``a``: among the run's candidates with at least ``MIN_SHARE`` of its best (the re-spelling weighs it);
- ``a_low``: among the run's first ``LOGGED`` labels, below that share (a gate keeps it out);
- ``b``: not among them (the strokes are not in the image the recogniser saw);
- ``c``: dropped or inserted (CTC segmentation).

A name is put in its worst class (c, then b, a_low, a); ``read`` when one line read it as it is.
The best view is taken, so this is what the recogniser's output held at all, not what was kept.
"""
from __future__ import annotations

import json
from collections import Counter
from itertools import permutations

from bench.fax_cells import SAMPLES, fax_entries, read_with_patches

#: Labels of a run logged (the re-spelling weighs at most TOP_CANDIDATES of them).
LOGGED = 30
#: Lines tried in pairs for a wrapped name: the best single lines.
PAIRED = 6
#: Alignment costs: a character dropped or inserted, one not among the candidates, one below MIN_SHARE,
#: one among the candidates (so the alignment prefers the reading whose candidates spell the name).
COST = {"c": 1.0, "b": 1.0, "a_low": 0.6, "a": 0.3, "ok": 0.0}
CLASSES = ("c", "b", "a_low", "a")


def _runs_logged(probs, characters) -> list[list[tuple[str, float]]]:
    """Each character of the free reading: its run's labels, best first, with their share of the best."""
    from jixiao.extractors.ocr.name_decoding import _runs, _top

    out = []
    for start, end, _ in _runs(probs):
        seg = probs[start:end].max(axis=0)
        top = _top(seg, LOGGED, 0.0)  # no floor: the LOGGED best labels, whatever their share
        best = float(seg[top[0]])
        out.append([(characters[int(k)] if int(k) < len(characters) else "", float(seg[k]) / best) for k in top])
    return out


def _char_class(ch: str, run: list[tuple[str, float]]) -> str:
    from jixiao.extractors.ocr.name_decoding import MIN_SHARE

    for rank, (label, share) in enumerate(run):
        if label == ch:
            return "ok" if rank == 0 else "a" if share >= MIN_SHARE else "a_low"
    return "b"


def align(name: str, runs: list[list[tuple[str, float]]]) -> tuple[float, list[str]]:
    """The cheapest alignment of ``name``'s characters to the runs (edit distance under COST), and the
    class of each step."""
    n, m = len(name), len(runs)
    cost = [[float("inf")] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, str] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            steps = []
            if i < n:
                steps.append((i + 1, j, "c"))
            if j < m:
                steps.append((i, j + 1, "c"))
            if i < n and j < m:
                steps.append((i + 1, j + 1, _char_class(name[i], runs[j])))
            for ni, nj, kind in steps:
                if here + COST[kind] < cost[ni][nj]:
                    cost[ni][nj], back[ni][nj] = here + COST[kind], (i, j, kind)
    kinds, i, j = [], n, m
    while (i, j) != (0, 0):
        i, j, kind = back[i][j]
        kinds.append(kind)
    return cost[n][m], kinds[::-1]


def classify(name: str, lines: list[tuple[str, list]]) -> tuple[str, str, list[str]]:
    """The name's class, the reading it was aligned to, and the class of each step."""
    scored = sorted(((*align(name, runs), text, runs) for text, runs in lines if runs), key=lambda x: x[0])
    if not scored:
        return "unlogged", "", []
    best = scored[0]
    for first, second in permutations(scored[:PAIRED], 2):
        runs = first[3] + second[3]
        cost, kinds = align(name, runs)
        if cost < best[0]:
            best = (cost, kinds, f"{first[2]}+{second[2]}", runs)
    _, kinds, text, _ = best
    found = set(kinds)
    worst = next((k for k in CLASSES if k in found), "read")
    return worst, text, kinds


def _names(truth: dict) -> list[str]:
    out: list[str] = []
    for form in truth["forms"]:
        for row in form.get("indicators", []):
            for level in ("level1", "level2", "level3"):
                name = row.get(level)
                if name and name not in out:
                    out.append(name)
    return out


def run(entry: dict, show: bool) -> dict:
    from jixiao.extractors.ocr import name_decoding
    from jixiao.extractors.ocr.engine import get_engine
    from jixiao.normalizers.spacing import squash

    truth = json.loads((SAMPLES / entry["truth"]).read_text(encoding="utf-8"))
    engine = get_engine()
    lines: list[tuple[str, list]] = []
    original = name_decoding.NameReader._noted

    def noted(self, text, score, probs, wanted, compact=None):
        if probs is not None and name_decoding._wants_slots(text):
            lines.append((squash(text), _runs_logged(probs, self.engine.characters)))
        return original(self, text, score, probs, wanted, compact)

    cpu = read_with_patches(entry, engine, [(name_decoding.NameReader, "_noted", noted)])
    names: Counter = Counter()
    characters: Counter = Counter()
    for name in _names(truth):
        kind, text, kinds = classify(name, lines)
        names[kind] += 1
        characters.update(k for k in kinds if k != "ok")
        if show and kind != "read":
            print(f"  {entry['file']}: {kind:6s} {name} <- {text}  {' '.join(k for k in kinds)}")
    return {"file": entry["file"], "split": entry.get("split"), "cpu_s": round(cpu, 2), "lines": len(lines),
            "names": dict(sorted(names.items())), "characters": dict(sorted(characters.items()))}


def main(argv: list[str] | None = None) -> int:
    args, entries = fax_entries("python -m bench.name_causes", __doc__.splitlines()[0], argv)
    names: Counter = Counter()
    characters: Counter = Counter()
    for e in entries:
        result = run(e, args.show)
        names.update(result["names"])
        characters.update(result["characters"])
        print(json.dumps(result, ensure_ascii=False), flush=True)
    print(json.dumps({"names": dict(sorted(names.items())), "characters": dict(sorted(characters.items()))},
                     ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

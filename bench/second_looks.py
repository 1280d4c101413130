"""Which second looks of a coarse page (fax) change a reading, and whether the change is right.

    python -m bench.second_looks [--split tune|holdout|all] [--files F ...] [--show]

Each fax PDF of samples/manifest.json is read with ``ocr_page``; every unsure line that
gets second looks (``coarse_reading.best_readings``) is logged with its first reading, the
views' readings and the reading kept. A reading is *right* when, after the scorer's
normalisation, it is one of the form's truth values (names, targets, actuals, 分值, 得分)
or a part of one (a line of a wrapped cell). Printed per file: unsure lines, how many
kept readings differ from the first, how many of those changes made a wrong line right
(gained) or a right line wrong (lost), and the same split by whether the second look was
needed at all, by view and by line shape (value-like or text).
"""
from __future__ import annotations

import json
from collections import Counter

from bench.fax_cells import SAMPLES, _truth_values, fax_entries, read_with_patches


def _right(text: str, values: set[str], pieces: set[str]) -> bool:
    from jixiao.pipeline.evaluation.scorer import normalise_text

    t = normalise_text(text)
    return bool(t) and (t in values or (len(t) >= 2 and t in pieces))


def run(entry: dict, show: bool) -> dict:
    from jixiao.extractors.ocr import coarse_reading
    from jixiao.extractors.ocr.engine import get_engine

    truth = json.loads((SAMPLES / entry["truth"]).read_text(encoding="utf-8"))
    values = {v for _, v in _truth_values(truth)}
    pieces = {v[i:j] for v in values for i in range(len(v)) for j in range(i + 2, len(v) + 1)}
    log: list[dict] = []
    original = coarse_reading.best_readings
    engine = get_engine()

    def logged(crops, first, eng, word_gain=None):
        calls: list[list] = []

        class Spy:
            def __getattr__(self, name):
                return getattr(eng, name)

            def read_crops(self, batch):
                out = eng.read_crops(batch)
                calls.append(out)
                return out
        out = original(crops, first, Spy(), word_gain)
        unsure = coarse_reading.unsure_lines(crops, first)
        views: dict[int, list[str]] = {i: [] for i in unsure}
        pending = unsure
        for call in calls:
            for i, reading in zip(pending, call):
                views[i].append(reading)
            pending = [i for i in pending if not coarse_reading._two_agree([first[i]] + views[i])]
        for i in unsure:
            log.append({"first": first[i][0], "score": first[i][1], "views": [t for t, _ in views[i]],
                        "kept": out[i][0], "ratio": crops[i].shape[1] / max(crops[i].shape[0], 1),
                        "value_like": coarse_reading._value_like([first[i]] + views[i])})
        return out

    import jixiao.extractors.ocr.page_reader as pr
    cpu = read_with_patches(entry, engine, [(coarse_reading, "best_readings", logged), (pr, "best_readings", logged)])
    stats: Counter = Counter()
    for item in log:
        first_ok = _right(item["first"], values, pieces)
        kept_ok = _right(item["kept"], values, pieces)
        shape = ("value" if item["value_like"] else "text") + ("_long" if item["ratio"] > 5 else "")
        stats[f"width_{shape}"] += round(item["ratio"] * len(item["views"]))
        stats[f"unsure_{shape}"] += 1
        stats["views_read"] += len(item["views"])
        if item["kept"].replace(" ", "") != item["first"].replace(" ", ""):
            stats[f"changed_{shape}"] += 1
            if kept_ok and not first_ok:
                stats[f"gained_{shape}"] += 1
                if item["kept"] in item["views"][:1]:
                    stats["gained_by_view1"] += 1
            elif first_ok and not kept_ok:
                stats[f"lost_{shape}"] += 1
            if show:
                print(f"  {entry['file']}: {shape:5s} {item['score']:.2f} r{item['ratio']:.1f} {item['first']!r} -> {item['kept']!r} "
                      f"views {item['views']} {'+' if kept_ok and not first_ok else '-' if first_ok and not kept_ok else '='}")
    return {"file": entry["file"], "split": entry.get("split"), "cpu_s": round(cpu, 2), **dict(sorted(stats.items()))}


def main(argv: list[str] | None = None) -> int:
    args, entries = fax_entries("python -m bench.second_looks", __doc__.splitlines()[0], argv)
    for e in entries:
        print(json.dumps(run(e, args.show), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

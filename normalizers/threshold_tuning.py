"""Measuring the name mapper against a labelled set, and choosing its thresholds.

The labelled CSV has columns ``level, raw, parent_level1, expected``: ``expected``
is the canonical name, or empty when the name must stay unmapped. Level-2 rows
are mapped under their ``parent_level1`` so the parent context is exercised.

``python -m jixiao.normalizers.threshold_tuning tests/data/labelled_names.csv`` sweeps the
thresholds and prints the settings that keep wrong mappings at zero with the best
accuracy.
"""
from __future__ import annotations

import csv
import itertools
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from jixiao.normalizers.mapping import IndicatorMapper, Thresholds
from jixiao.normalizers.schema import Schema, load_schema

__all__ = ["LabelledName", "Evaluation", "load_labelled", "evaluate", "sweep_thresholds"]


@dataclass(frozen=True)
class LabelledName:
    level: int
    raw: str
    parent_level1: str
    expected: str


@dataclass
class Evaluation:
    total: int = 0
    correct: int = 0
    #: Mapped to a canonical name other than the expected one (including names that must stay unmapped).
    wrong: list[tuple[LabelledName, str, float | None]] = field(default_factory=list)
    #: Should have mapped but stayed unmapped.
    missed: list[tuple[LabelledName, float | None]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load_labelled(path: Path | str) -> list[LabelledName]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [
            LabelledName(int(row["level"]), row["raw"], row.get("parent_level1") or "", row.get("expected") or "")
            for row in csv.DictReader(handle)
        ]


def _predict(mapper: IndicatorMapper, item: LabelledName) -> tuple[str, float | None]:
    if item.level == 1:
        mapping = mapper.map_row(item.raw)
        return (mapping.level1 if mapping.level1_code else ""), mapping.level1_score
    if item.level == 2:
        mapping = mapper.map_row(item.parent_level1, item.raw)
        return (mapping.level2 if mapping.level2_code else ""), mapping.level2_score
    mapping = mapper.map_row("", "", item.raw)
    return (mapping.level3 if mapping.level3_id else ""), mapping.level3_score


def evaluate(mapper: IndicatorMapper, items: list[LabelledName]) -> Evaluation:
    result = Evaluation(total=len(items))
    for item in items:
        predicted, score = _predict(mapper, item)
        if predicted == item.expected:
            result.correct += 1
        elif predicted:
            result.wrong.append((item, predicted, score))
        else:
            result.missed.append((item, score))
    return result


def sweep_thresholds(
    items: list[LabelledName], schema: Schema | None = None, scorer: str = "levenshtein"
) -> list[tuple[Thresholds, Evaluation]]:
    """Every grid point with no wrong mapping, best accuracy first, then the most central."""
    schema = schema or load_schema()
    base = Thresholds()
    grid = itertools.product(
        [0.7, 0.75, 0.8, 0.85],  # level 1
        [x / 100 for x in range(70, 96, 2)],  # global
        [x / 100 for x in range(60, 86, 2)],  # context
        [0.0, 0.04, 0.08, 0.12],  # margin
    )
    results = []
    for level1_score, global_score, context_score, margin in grid:
        if context_score > global_score:
            continue
        thresholds = replace(
            base, level1_score=level1_score, global_score=global_score, context_score=context_score, margin=margin
        )
        evaluation = evaluate(IndicatorMapper(schema, thresholds, scorer), items)
        if not evaluation.wrong:
            results.append((thresholds, evaluation))
    results.sort(key=lambda pair: -pair[1].accuracy)
    return results


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else Path("tests/data/labelled_names.csv")
    scorer = argv[2] if len(argv) > 2 else "levenshtein"
    items = load_labelled(path)
    current = evaluate(IndicatorMapper(scorer=scorer), items)
    print(f"default thresholds {Thresholds()}: accuracy {current.accuracy:.4f} "
          f"({current.correct}/{current.total}), wrong {len(current.wrong)}, missed {len(current.missed)}")
    for item, predicted, score in current.wrong:
        print(f"  WRONG L{item.level} {item.raw!r} -> {predicted!r} ({score}) expected {item.expected!r}")
    for item, score in current.missed:
        print(f"  missed L{item.level} {item.raw!r} ({score}) expected {item.expected!r}")
    results = sweep_thresholds(items, scorer=scorer)
    if not results:
        print("no grid point without wrong mappings")
        return 1
    best = results[0][1].accuracy
    feasible = [t for t, e in results if e.accuracy == best]
    print(f"best accuracy without wrong mappings: {best:.4f} at {len(feasible)} grid points")
    for name in ("level1_score", "global_score", "context_score", "margin"):
        values = sorted({getattr(t, name) for t in feasible})
        print(f"  {name}: {values[0]:.2f} … {values[-1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

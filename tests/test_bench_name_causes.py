"""The fax name-cause bench (bench/name_causes.py) on a real tune fax: every level name of the truth is
put in one class from the CTC output logged for the page's name lines."""
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(REPO))

from bench.name_causes import CLASSES, _names, align, classify, run  # noqa: E402
from sample_files import SAMPLES, by_stem  # noqa: E402

FAX = "130_hezhou_forest_fax204"


@pytest.fixture(scope="module")
def result():
    return run(by_stem()[FAX], show=False)


def test_every_level_name_of_the_truth_is_classified(result):
    truth = json.loads((SAMPLES / by_stem()[FAX]["truth"]).read_text(encoding="utf-8"))
    assert sum(result["names"].values()) == len(_names(truth))
    assert set(result["names"]) <= {"read", "unlogged", *CLASSES}
    # most of a 204×98 fax's names are read as they are by some view; the rest have a cause
    assert result["names"]["read"] >= len(_names(truth)) // 3
    assert result["lines"] > 0


def test_a_character_among_the_candidates_is_told_from_one_the_recogniser_never_saw():
    runs = [[("林", 1.0)], [("衣", 1.0), ("农", 0.12)], [("满", 1.0)]]
    assert align("林农满", runs)[1] == ["ok", "a", "ok"]
    assert classify("林农满", [("林衣满", runs)])[0] == "a"
    assert classify("林业满", [("林衣满", runs)])[0] == "b"
    assert classify("林衣满", [("林衣满", runs)])[0] == "read"
    # a character the reading dropped
    assert classify("林衣木满", [("林衣满", runs)])[0] == "c"

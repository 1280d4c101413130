"""A table row the page break split, each part closed by a rule.

A producer that lets a table row break across pages (Writer, Word: "allow row to break across
pages", their default) prints the row's top part at the foot of one page and the rest at the top of
the next, under the repeated header, and closes each part with a rule: no cell is open at the page
end, so nothing drawn tells the parts apart from two rows. The row's figures stand in its top part;
the rest holds what did not fit, the end of its names ("生事业发展" of "…助推民生事业发展") and of its
group labels ("分)" of "效益指标(30分)", "标" of "经济效益指标").

The rest of a row and an indicator of its own whose figure cells were left blank (an office's
unfilled row: 466's "指标1：提升国家基本…" under a new 质量指标 group) look alike but for the group
labels: the rest finishes a label the page before began, so that the two parts make a name of the
schema neither part is; a row of its own prints a whole label of its own or none. Only that evidence
is taken: a rest without a group label's end is left a row of its own (its blank cells in doubt).
"""
from __future__ import annotations

from jixiao.normalizers.names import clean_name, group_label_name
from jixiao.normalizers.spacing import squash
from jixiao.pipeline.assembly.body_roles import level_names
from jixiao.pipeline.assembly.hierarchy import Piece
from jixiao.pipeline.assembly.template_rows import is_slot_name

__all__ = ["FIGURE_ROLES", "finishes_a_split_row", "label_rests"]

#: The cells of an indicator's own figures: a row printing anything in one is no split row's rest.
FIGURE_ROLES = ("target", "target_value", "actual", "weight", "score")
#: The group labels a split row's rest may finish.
GROUP_ROLES = ("level1", "level2")


def _group_name(label: str) -> str:
    """What of a group label names its group ("效益指标(30分)" → 效益指标), as the schema lists it."""
    return squash(group_label_name(clean_name(label)))


def completes_a_level_name(begun: str, rest: str) -> bool:
    """``begun`` + ``rest`` is a level name of the schema (its points aside) and ``begun`` is none."""
    names = level_names()
    return bool(rest) and _group_name(begun + rest) in names and _group_name(begun) not in names


def label_rests(values: dict, begun: dict[str, Piece]) -> dict[str, str]:
    """The group labels the row finishes, by role: each non-empty group cell of the row that makes,
    after the label its row began on the page before (``begun``), a level name. Empty when any group
    cell of the row prints something that finishes nothing (a label of its own)."""
    rests: dict[str, str] = {}
    for role in GROUP_ROLES:
        rest = squash(values[role][0]) if role in values else ""
        if not rest:
            continue
        if role not in begun or not completes_a_level_name(begun[role].text, rest):
            return {}
        rests[role] = rest
    return rests


def finishes_a_split_row(text: dict[str, str], values: dict, begun: dict[str, Piece]) -> dict[str, str]:
    """The group labels' rests when the row (the first of its page, after a row that ended its table on
    the page before with its figures) is that row's rest: a name's end, no figure cell filled, and a
    group label finished; else empty."""
    if is_slot_name(text.get("level3", "")) or any(text.get(role, "").strip() for role in FIGURE_ROLES):
        return {}
    return label_rests(values, begun)

"""Which producer and which degraded twins each sample document gets.

The choice mirrors how the originals were published: 江门, 增城 and 海珠 as
spreadsheets printed to PDF, 武威 from a browser/WPS-like engine (Kangxi
radicals in its text layer), 乐昌 as a word-processor report.  Scans and lying
text layers are spread so that every routing decision an extractor makes
(text, OCR, per-page OCR, turned pages) has a document that needs it.
"""
from __future__ import annotations

from dataclasses import dataclass

from samples.generate.font_lies import PRODUCERS as FONT_LIE_PRODUCERS
from samples.generate.lying import LyingSettings
from samples.generate.scan import ScanSettings

LIBREOFFICE, CHROMIUM, WRITER = "libreoffice", "chromium", "writer"


@dataclass(frozen=True)
class DocumentPlan:
    producer: str
    scan: ScanSettings | None = None
    lying: LyingSettings | None = None


PLANS: dict[str, DocumentPlan] = {
    # every page lies about CJK, digits stay true: numbers extract, names do not
    "000_jiangmen": DocumentPlan(
        LIBREOFFICE,
        scan=ScanSettings(dpi=150, turned_pages={2: 180}, seed=1000),
        lying=LyingSettings(pages=None, garble_digits=False, seed=2000),
    ),
    # page 3 fed in landscape: its image is turned 90° clockwise
    "001_wuwei": DocumentPlan(CHROMIUM, scan=ScanSettings(dpi=200, turned_pages={3: 90}, seed=1001)),
    "002_lechang": DocumentPlan(WRITER),
    # only the second page lies (CJK only): per-page routing must catch it
    "003_zengcheng": DocumentPlan(LIBREOFFICE, lying=LyingSettings(pages=(2,), garble_digits=False, seed=2003)),
    # pages 1 and 3 lie, digits included; the other pages are honest
    "004_haizhu": DocumentPlan(
        LIBREOFFICE,
        scan=ScanSettings(dpi=180, seed=1004),
        lying=LyingSettings(pages=(1, 3), garble_digits=True, seed=2004),
    ),
    # pages as they arrive (rotated, cropped, stamped, photographed, faxed): see arrival.py
    "100_tianshui": DocumentPlan(LIBREOFFICE),
    "101_yibin": DocumentPlan(CHROMIUM),
    "102_xiangtan": DocumentPlan(CHROMIUM),
    "103_ganzhou": DocumentPlan(LIBREOFFICE),
    # a seal picture pasted over the scores (104 tune, 105 holdout); a title ruled like a frame (106)
    "104_hukou": DocumentPlan("libreoffice+seal-png"),
    "105_longyang": DocumentPlan("chromium+seal-jpeg"),
    "106_shawan": DocumentPlan("chromium+title-rule"),
    # a second form for the arrival kinds' holdout (dark pen on a grey scan): see arrival.py
    "120_chencang_water": DocumentPlan(CHROMIUM),
    # forms widening the fax tune set (130–133 tune, 134 holdout): see arrival.py
    "130_hezhou_forest": DocumentPlan(LIBREOFFICE),
    "131_jiamusi_heating": DocumentPlan(CHROMIUM),
    "132_yulin_clinic": DocumentPlan("writer-form"),
    "133_quanzhou_fishery": DocumentPlan(LIBREOFFICE),
    "134_chifeng_grassland": DocumentPlan(CHROMIUM),
    # 443's template with other contents, typed in Writer: the tune twin of its stamped grey scan (see arrival.py)
    "137_guichi_rural_environment": DocumentPlan("writer-form"),
}


def plan_for(name: str, truth: dict) -> DocumentPlan:
    """The document's plan; a new truth file gets a plain digital PDF by its form kind."""
    from samples.generate.family_plans import FAMILY_PLANS  # it imports this module

    if name in PLANS or name in FAMILY_PLANS:
        return PLANS.get(name) or FAMILY_PLANS[name]
    if name in FONT_LIE_PRODUCERS:
        return DocumentPlan(FONT_LIE_PRODUCERS[name])
    kinds = {form.get("kind") for form in truth.get("forms") or []}
    return DocumentPlan(WRITER if kinds == {"narrative_report"} else LIBREOFFICE)

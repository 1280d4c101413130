"""A fresh set of never-seen variants, written outside the corpus, to measure how the reader generalises.

    python -m samples.generate.fresh OUT_DIR [--seed N] [--only NAME ...]

Each plan takes a corpus truth, changes its contents (the figures of the
实际完成值 column and the deducted scores, with the totals kept consistent),
prints it with a producer its corpus twin was *not* printed with, and derives
arrival twins (rotated pages, stamped scans, photos, faxes, lying fonts) with
seeds no corpus file uses.  OUT_DIR gets ``pdf/``, ``truth/`` and a
``manifest.json`` that ``jixiao eval OUT_DIR/pdf-extraction OUT_DIR/truth``
reads.  A plan's split is its source document's split: files derived from tune
documents may be looked at; the others are for measuring only.
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from samples.generate import manifest, unruled
from samples.generate.arrival import FAX_HEADER, FAX_HEADER_2, Twin, _digital_twin, _image_twin_of
from samples.generate.digital import build_digital
from samples.generate.fax import FaxSettings
from samples.generate.font_lies import FontLie, make_font_lie
from samples.generate.inspect_pdf import page_count
from samples.generate.plan import CHROMIUM, LIBREOFFICE
from samples.generate.scan import ScanSettings, scan_pdf
from samples.generate.watermark import Watermark

SAMPLES = Path(__file__).resolve().parents[1]
WRITER_FORM = "writer-form"


@dataclass(frozen=True)
class FreshPlan:
    source: str  # corpus truth name
    producer: str
    split: str  # the source document's split
    twins: tuple[str, ...] = ()  # arrival kinds, see TWIN_KINDS
    lies: tuple[str, ...] = ()  # font-lie kinds (font_lies.py)
    rules: str = ""  # unruled style (unruled.py) when the source is an unruled sample
    scan_dpi: int = 0  # a plain office scan


def twin_for(kind: str, seed: int) -> Twin:
    """An arrival twin of `kind` with this seed (the kinds arrival.py builds)."""
    kinds = {
        "rot90": Twin("rot90", "rotated_digital", seed, rotate=90),
        "rot270": Twin("rot270", "rotated_digital", seed, rotate=270),
        "crop": Twin("crop", "cropbox_offset", seed, crop_origin=(-70.0, -110.0)),
        "userunit": Twin("userunit", "userunit_digital", seed, user_unit=1.75),
        "seal300": Twin("seal300", "seal_300dpi", seed, dpi=300, seal=True),
        "seal150": Twin("seal150", "seal_150dpi_grey", seed, dpi=150, grey=True, seal=True),
        "photo": Twin("photo", "photo", seed, photo=True),
        "photo_seal": Twin("photo_seal", "photo", seed, photo=True, seal=True),
        "photo_white": Twin("photo_white", "photo_no_edge", seed, photo=True, desk="white"),
        "fax204": Twin("fax204", "fax_204x98", seed,
                       fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER if seed % 2 else FAX_HEADER_2, seed=seed)),
        "fax100": Twin("fax100", "fax_100dpi", seed, fax=FaxSettings(dpi_x=100, dpi_y=100, seed=seed)),
        "searchable": Twin("searchable", "searchable_scan", seed, dpi=200 + 100 * (seed % 2), grey=not seed % 2,
                           ocr_layer=True),
        "watermark": Twin("watermark", "watermark", seed,
                          watermark=Watermark("内部资料 注意保存" if seed % 2 else "仅供公开查阅", "stamp",
                                              30.0 + 15 * (seed % 3), 30.0 + 4 * (seed % 4), 0.2 + 0.1 * (seed % 3))),
        "watermark_css": Twin("watermark_css", "watermark", seed,
                              watermark=Watermark("政务公开 专用", "css", 25.0 + 10 * (seed % 3), 36.0, 0.15)),
        "pasted_writer": Twin("pasted", "pasted_picture", seed, pasted="writer"),
        "pasted_chromium": Twin("pasted", "pasted_picture", seed, pasted="chromium"),
        "spilled": Twin("spilled", "spilled_columns", seed, spilled=True),
        "spilled_large": Twin("spilled_large", "spilled_columns", seed, spilled=True, spill_scale=125 + 25 * (seed % 3)),
    }
    return kinds[kind]


PLANS: tuple[FreshPlan, ...] = (
    FreshPlan("101_yibin", LIBREOFFICE, "tune", ("rot90", "seal300", "fax204", "photo", "spilled")),
    FreshPlan("100_tianshui", CHROMIUM, "tune", ("seal150", "fax100", "photo_white", "rot270", "watermark_css"),
              lies=("font_shuffle", "digits_only")),
    FreshPlan("102_xiangtan", WRITER_FORM, "holdout", ("seal300", "fax204", "pasted_chromium")),
    FreshPlan("103_ganzhou", CHROMIUM, "holdout", ("fax100", "seal150", "userunit", "searchable", "watermark_css")),
    FreshPlan("130_hezhou_forest", CHROMIUM, "tune", ("fax204", "fax100", "spilled_large")),
    FreshPlan("131_jiamusi_heating", LIBREOFFICE, "tune", ("fax100", "seal300", "searchable", "pasted_writer"), lies=("pair_swap", "body_font")),
    FreshPlan("133_quanzhou_fishery", WRITER_FORM, "tune", ("fax204", "photo_seal")),
    FreshPlan("134_chifeng_grassland", LIBREOFFICE, "holdout", ("fax100", "seal150", "spilled", "watermark")),
    FreshPlan("120_chencang_water", LIBREOFFICE, "holdout", ("photo_seal", "fax204", "spilled_large")),
    FreshPlan("405_yongde_nutrition", LIBREOFFICE, "tune", ("seal300", "fax100", "watermark")),
    FreshPlan("410_hubei_dept2020", CHROMIUM, "tune", ("fax204", "photo"), lies=("no_tounicode",)),
    FreshPlan("412_guizhou_budget_block", CHROMIUM, "tune", ("seal150",)),
    FreshPlan("415_gansu_level1_points", LIBREOFFICE, "tune", ("seal300", "fax100")),
    FreshPlan("417_guangxi_values", CHROMIUM, "tune", ("seal150", "fax204", "spilled_large")),
    FreshPlan("422_jinzhai_village", CHROMIUM, "tune", ("photo", "fax100")),
    FreshPlan("424_lijiang_satellite", CHROMIUM, "tune", ("fax204",)),
    FreshPlan("411_henan_rate_row", WRITER_FORM, "tune", ("seal300",)),
    FreshPlan("414_chongqing_header_score", CHROMIUM, "holdout", ("fax100", "crop", "spilled_large")),
    FreshPlan("421_xiaoxian_farming", LIBREOFFICE, "holdout", ("fax204", "pasted_writer", "searchable")),
    FreshPlan("200_renshou_farmland", CHROMIUM, "tune", ("fax204",), rules="three_line"),
    FreshPlan("203_xingtai_culture", unruled.WRITER, "holdout", ("photo_white",), rules="hrules_only"),
    FreshPlan("207_gejiu_industry", LIBREOFFICE, "holdout", (), rules="borderless", scan_dpi=300),
    FreshPlan("205_chengxiang_schools", CHROMIUM, "holdout", ("fax100",), rules="frame_only"),
    FreshPlan("202_qingshanhu_health", CHROMIUM, "tune", ("photo",), rules="three_line"),
    # more unruled styles crossed with producers they were not printed with
    FreshPlan("206_yinan_water", CHROMIUM, "tune", (), rules="borderless", scan_dpi=200),
    FreshPlan("204_qujiang_waste", unruled.WRITER, "tune", ("seal300",), rules="frame_only"),
    FreshPlan("209_yuetang_elderly", LIBREOFFICE, "holdout", ("seal150",), rules="hrules_only"),
    FreshPlan("201_shaodong_nutrition", unruled.WRITER, "holdout", ("rot90",), rules="three_line"),
    FreshPlan("208_maiji_tourism", CHROMIUM, "holdout", ("photo",), rules="three_line"),
    FreshPlan("210_yufeng_housing", CHROMIUM, "holdout", ("seal300",), rules="frame_only"),
    FreshPlan("211_yangming_emergency", unruled.WRITER, "holdout", (), rules="borderless", scan_dpi=200),
    FreshPlan("100_tianshui", CHROMIUM, "tune", (), rules="three_line"),
    FreshPlan("103_ganzhou", LIBREOFFICE, "holdout", ("seal300",), rules="hrules_only"),
)


# --- new contents -------------------------------------------------------------------------
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _nudged_actual(actual: str, target: str, rng: random.Random) -> str:
    """The actual value with its last figure's last digit changed the way the target allows
    (up for a ≥ target, down for a ≤ one), so a met target stays met."""
    numbers = list(NUMBER.finditer(actual or ""))
    if not numbers or not target:
        return actual
    last = numbers[-1]
    text = last.group()
    if text in {"100", "0"} or len(text.replace(".", "")) < 2:
        return actual
    digit = int(text[-1])
    if any(s in target for s in ("≥", ">", "＞", "不低于", "以上")):
        new = rng.randint(digit, 9)
    elif any(s in target for s in ("≤", "<", "＜", "不高于", "以下", "以内")):
        new = rng.randint(0, digit)
    else:
        return actual
    if text.endswith("0") and "." in text or (new == 0 and "." in text):
        return actual
    return actual[:last.end() - 1] + str(new) + actual[last.end():]


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _rescore(form: dict, rng: random.Random) -> None:
    """Change each deducted score to another deducted score and move the totals by the same amount."""
    rows = form.get("indicators") or []
    if any(r.get("level1_score") is not None or r.get("level2_score") is not None for r in rows):
        return
    total = form.get("stated_total")
    if not isinstance(total, (int, float)) or form.get("stated_grade") or form.get("narrative"):
        return
    delta = 0.0
    for row in rows:
        weight, score = row.get("weight"), row.get("score")
        if not isinstance(weight, (int, float)) or not isinstance(score, (int, float)) or not 0 < score < weight:
            continue
        new = round(rng.uniform(weight * 0.6, weight - 0.1), rng.choice([0, 1, 2]))
        if not 0 < new < weight or new == score:
            continue
        delta += new - score
        row["score"] = int(new) if new == int(new) else new
    if not delta:
        return
    new_total = round(total + delta, 2)
    old_text, new_text = _fmt(total), _fmt(new_total)
    form["stated_total"] = new_total
    if form.get("total_row") and form["total_row"].get("score") is not None:
        form["total_row"]["score"] = new_total
    form["header_fields"] = [[k, new_text if v == old_text else v] for k, v in form.get("header_fields") or []]


def mutate(truth: dict, seed: int) -> dict:
    """A copy of the truth with other figures (see the module docstring)."""
    rng = random.Random(seed)
    fresh = copy.deepcopy(truth)
    for form in fresh.get("forms") or []:
        for row in form.get("indicators") or []:
            row["actual"] = _nudged_actual(row.get("actual") or "", row.get("target") or "", rng)
        _rescore(form, rng)
    fresh["notes"] = [*fresh.get("notes", []), f"fresh variant (seed {seed}) of {truth.get('document')}"]
    return fresh


# --- building -------------------------------------------------------------------------------
def _entry(pdf: Path, truth_name: str, variant: str, producer: str, kind: str, split: str, text_layer: str) -> dict:
    record = manifest.as_dict(manifest.Entry(f"pdf/{pdf.name}", f"truth/{truth_name}.json", variant, producer,
                                             page_count(pdf), text_layer))
    return {**record, "kind": kind, "split": split}


def _unless_written(pdf: Path, make: Callable[[], None]) -> None:
    """Build ``pdf`` unless a resumed run of the same seed wrote it already (the files are seeded)."""
    if not pdf.exists():
        make()


def _write_truth(out: Path, name: str, fresh: dict) -> None:
    """The fresh truth, written; a run with another seed first drops the PDFs an earlier seed printed
    (other figures), so a resumed run never pairs old PDFs with new truth."""
    path = out / "truth" / f"{name}.json"
    text = json.dumps(fresh, ensure_ascii=False, indent=2)
    if path.exists() and path.read_text(encoding="utf-8") != text:
        for old in (out / "pdf").glob(f"{name}*.pdf"):
            old.unlink()
    path.write_text(text, encoding="utf-8")


def build_plan(plan: FreshPlan, index: int, seed: int, out: Path, workdir: Path) -> list[dict]:
    truth = json.loads((SAMPLES / "truth" / f"{plan.source}.json").read_text(encoding="utf-8"))
    name = f"9{index:02d}_fresh_{plan.source.split('_', 1)[1]}"
    fresh = {**mutate(truth, seed + index), "document": name}
    _write_truth(out, name, fresh)
    digital = out / "pdf" / f"{name}.pdf"
    if plan.rules:
        _unless_written(digital, lambda: unruled.build_digital(fresh, plan.producer, plan.rules, digital, workdir))
    else:
        _unless_written(digital, lambda: build_digital(fresh, plan.producer, digital, workdir))
    kind = plan.rules or "digital"
    entries = [_entry(digital, name, "digital", plan.producer, f"{kind}/{plan.producer}", plan.split, "ok")]
    for k, twin_kind in enumerate(plan.twins):
        twin = twin_for(twin_kind, seed * 10 + index * 37 + k)
        pdf = digital.with_name(f"{name}_{twin.suffix}.pdf")
        if (twin.rotate or twin.crop_origin is not None or twin.user_unit or twin.pasted or twin.spilled
                or (twin.watermark is not None and not twin.dpi)):  # a digital page, text kept
            _unless_written(pdf, lambda: _digital_twin(digital, pdf, twin, fresh))
            entries.append(_entry(pdf, name, twin.kind, plan.producer, twin.kind, plan.split, "ok"))
        else:
            _unless_written(pdf, lambda: _image_twin_of(digital, pdf, twin, fresh))
            entries.append(_entry(pdf, name, "scan", plan.producer, twin.kind, plan.split,
                                  "hidden" if twin.ocr_layer else "none"))
    if plan.scan_dpi:
        pdf = digital.with_name(f"{name}_scan.pdf")
        _unless_written(pdf, lambda: scan_pdf(digital, pdf, ScanSettings(dpi=plan.scan_dpi, seed=seed + index)))
        entries.append(_entry(pdf, name, "scan", plan.producer, f"scan_{plan.scan_dpi}dpi", plan.split, "none"))
    for k, lie in enumerate(plan.lies):
        pdf = digital.with_name(f"{name}_lying-{lie}.pdf")
        _unless_written(pdf, lambda: make_font_lie(digital, pdf, FontLie(lie, seed * 10 + index * 41 + k)))
        entries.append(_entry(pdf, name, "lying", plan.producer, f"font_{lie}", plan.split, "lying"))
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.generate.fresh", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7100)
    parser.add_argument("--only", nargs="*", help="source truth names to build (default: all plans)")
    args = parser.parse_args(argv)
    for sub in ("pdf", "truth"):
        (args.out / sub).mkdir(parents=True, exist_ok=True)
    entries = manifest.load(args.out / "manifest.json")
    with tempfile.TemporaryDirectory(prefix="fresh-src-") as tmp:
        for index, plan in enumerate(PLANS):
            if args.only and plan.source not in args.only:
                continue
            built = build_plan(plan, index, args.seed, args.out, Path(tmp))
            entries = [e for e in entries if e["truth"] != built[0]["truth"]] + built
            print(f"{plan.source}: {[e['file'] for e in built]}", flush=True)
            manifest.save(args.out / "manifest.json", entries)
    manifest.save(args.out / "manifest.json", entries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

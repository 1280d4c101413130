"""`python -m samples.generate`: rebuild samples/pdf and samples/manifest.json from samples/truth.

Needs LibreOffice (Calc and Writer) and Chromium; the tests do not, because
the PDFs and the manifest are committed.

    python -m samples.generate                 # every truth file
    python -m samples.generate 001_wuwei       # only these documents (others keep their entries)
    python -m samples.generate --keep-sources /tmp/src   # keep the xlsx/html sources
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from samples.generate import arrival, font_lies, manifest, placed_seal, unruled
from samples.generate.digital import build_digital, table_layouts
from samples.generate.family_plans import label_entry
from samples.generate.formats import build_format_twins
from samples.generate.inspect_pdf import cut_cell_pages, page_count
from samples.generate.lying import make_lying
from samples.generate.plan import DocumentPlan, plan_for
from samples.generate.scan import ScanSettings, scan_pdf

SAMPLES = Path(__file__).resolve().parents[1]
TRUTH_DIR = SAMPLES / "truth"
PDF_DIR = SAMPLES / "pdf"
FORMATS_DIR = SAMPLES / "formats"
MANIFEST = SAMPLES / "manifest.json"


def rel(path: Path) -> str:
    return path.relative_to(SAMPLES).as_posix()


def clamp_turns(settings: ScanSettings, pages: int) -> ScanSettings:
    """Turned pages beyond the document's end move to its last page."""
    turned = {min(page, pages): deg for page, deg in settings.turned_pages.items()}
    return ScanSettings(**{**settings.__dict__, "turned_pages": turned})


def long_cell_texts(truth: dict) -> list[str]:
    return [text for layout in table_layouts(truth) for text in layout.long_texts()]


def build_document(truth_path: Path, plan: DocumentPlan, workdir: Path) -> list[dict]:
    """Digital PDF plus its planned twins; returns their manifest entries."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    name = truth_path.stem
    truth_rel = rel(truth_path)
    if name in unruled.PLANS:
        entries = unruled.build_document(truth_path, workdir, PDF_DIR)
        return entries + arrival.build_twins(name, truth, SAMPLES / entries[0]["file"], entries[0]["producer"],
                                             truth_rel, rel)
    digital = build_digital(truth, plan.producer, PDF_DIR / f"{name}.pdf", workdir)
    pages = page_count(digital)
    cuts = cut_cell_pages(digital, long_cell_texts(truth))
    entries = [manifest.Entry(rel(digital), truth_rel, "digital", plan.producer, pages, "ok",
                              cut_cells=bool(cuts), cut_cell_pages=cuts)]
    if plan.scan:
        settings = clamp_turns(plan.scan, pages)
        out = PDF_DIR / f"{name}_scan.pdf"
        scanned = scan_pdf(digital, out, settings)
        entries.append(manifest.Entry(rel(out), truth_rel, "scan", f"scan-of:{plan.producer}", scanned, "none",
                                      rotated_pages={str(p): d for p, d in sorted(settings.turned_pages.items())},
                                      cut_cells=bool(cuts), cut_cell_pages=cuts))
    if plan.lying:
        out = PDF_DIR / f"{name}_lying.pdf"
        lying_pages = make_lying(digital, out, plan.lying)
        entries.append(manifest.Entry(rel(out), truth_rel, "lying", plan.producer, page_count(out), "lying",
                                      lying_pages=lying_pages, cut_cells=bool(cuts), cut_cell_pages=cuts))
    twins = arrival.build_twins(name, truth, digital, plan.producer, truth_rel, rel)
    twins += build_format_twins(truth, name, digital, clamp_turns(plan.scan, pages) if plan.scan else None,
                                table_layouts(truth), FORMATS_DIR, truth_rel, rel)
    labelled = [font_lies.annotate(name, label_entry(manifest.as_dict(e), name)) for e in entries]
    done = placed_seal.mark(name, truth, arrival.mark_digital(name, labelled))
    return done + twins + font_lies.font_lie_entries(name, digital, done[0], PDF_DIR)


def remove_unlisted_pdfs(entries: list[dict]) -> None:
    listed = {SAMPLES / e["file"] for e in entries}
    for pdf in PDF_DIR.glob("*.pdf"):
        if pdf not in listed:
            pdf.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.generate", description=__doc__.splitlines()[0])
    parser.add_argument("documents", nargs="*", help="truth names to rebuild (default: all)")
    parser.add_argument("--keep-sources", type=Path, help="directory to keep the xlsx/html sources in")
    args = parser.parse_args(argv)
    truths = sorted(TRUTH_DIR.glob("*.json"))
    if args.documents:
        truths = [t for t in truths if t.stem in set(args.documents)]
    PDF_DIR.mkdir(exist_ok=True)
    rebuilt = {rel(t) for t in truths}
    known = {rel(t) for t in TRUTH_DIR.glob("*.json")}
    entries = [e for e in manifest.load(MANIFEST) if e["truth"] not in rebuilt and e["truth"] in known]
    with tempfile.TemporaryDirectory(prefix="samples-src-") as tmp:
        workdir = args.keep_sources or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for truth_path in truths:
            plan = plan_for(truth_path.stem, json.loads(truth_path.read_text(encoding="utf-8")))
            built = build_document(truth_path, plan, workdir)
            entries += built
            for e in built:
                print(f"{e['file']}: {e['pages']} pages, {e['variant']}, {e['producer']}", file=sys.stderr)
    manifest.save(MANIFEST, entries)
    remove_unlisted_pdfs(entries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Pages as they really arrive: rotated and cropped digital pages, stamped scans,
phone photos and faxes of the 100–134 documents, of real published forms (4xx) and of
tables that are not fully ruled (2xx).

Each document is printed once by its producer (plan.py); this module derives
the damaged twins from that digital PDF.  Every twin's manifest entry names its
`kind` (the damage) and its `split`: thresholds are tuned on `tune` documents
only and accuracy is reported on `holdout` documents separately, so the
figures say how the methods generalise.  The two splits use different forms
and different producers (100 LibreOffice + 101 Chromium tune; 102 Chromium +
103 LibreOffice holdout).

Everything is seeded; regenerating without truth changes leaves git clean.
"""
from __future__ import annotations


import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import numpy as np
import pikepdf
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

from samples.generate import manifest
from samples.generate.family_plans import SWEPT_SEAL150, SWEPT_WRITER_204
from samples.generate.handwriting import PenMarks, write_on
from samples.generate.boxes import crop_offset_pages, rotate_pages, user_unit_pages
from samples.generate.camera import PhotoSettings, photograph
from samples.generate.fax import FaxSettings, fax_bits
from samples.generate.image_pdf import add_fax_page, add_jpeg_page
from samples.generate.seal import SealSpec, diameter_pt, placement_over_scores, press
from samples.generate.pasted import pasted_report
from samples.generate.searchable import add_ocr_layer
from samples.generate.spilled import spilled_print
from samples.generate.watermark import Watermark, css_watermarked, stamp_watermark
from samples.generate.digital import build_digital
from samples.generate.plan import CHROMIUM

PAPER_TONE = 238
INK_FLOOR = 30
#: A4 width in points: photo apps fit the picture to it.
A4_WIDTH_PT = 595.276


@dataclass(frozen=True)
class Twin:
    """One damaged copy of a document's digital PDF."""

    suffix: str
    kind: str
    seed: int
    rotate: int = 0  # /Rotate of a digital twin
    crop_origin: tuple[float, float] | None = None  # MediaBox origin of a cropped twin
    user_unit: float = 0.0  # /UserUnit of a digital twin stored in larger units
    dpi: int = 0
    grey: bool = False
    seal: bool = False
    photo: bool = False
    fax: FaxSettings | None = None
    turn: int = 0  # clockwise turn of an image twin's page (fed the wrong way round)
    desk: str = "wood"  # what a photographed page lies on
    pen: str = ""  # text of the cell a pen scribbles over (and a signature in the margin)
    pen_ink: tuple[int, int, int] | None = None  # the pen's colour when not ballpoint blue
    #: a stamped copy filed as a sample of its own (its number and name), on its own split, the seal moved
    #: from its usual spot by `seal_shift` points (right, down): more impressions of one print to tune on
    sample: str = ""
    split: str = ""
    seal_shift: tuple[float, float] = (0.0, 0.0)
    #: a second office's seal stamped beside or over the unit's (a 主管部门's or 财政局's), its centre
    #: `second_shift` seal diameters (right, down) from the first: two seals whose inks join
    second_seal: str = ""
    second_shift: tuple[float, float] = (0.0, 0.0)
    #: why the twin is on its split, when it moved there (a holdout examined after it failed moves to tune)
    note: str = ""
    #: a scan made searchable: the scanner's OCR of each page written over its image as invisible text
    ocr_layer: bool = False
    #: a digital copy with a watermark across its pages (samples/generate/watermark.py)
    watermark: Watermark | None = None
    #: the form pasted as a picture into a typed report printed by this producer (writer | chromium)
    pasted: str = ""
    #: the form's sheet printed without fitting its width: its last columns on a page of their own
    spilled: bool = False
    #: the scale (per cent) it is printed at: larger, a small form spills down as well as across
    spill_scale: int = 100


@dataclass(frozen=True)
class Arrivals:
    split: str
    twins: tuple[Twin, ...] = field(default_factory=tuple)


FAX_HEADER = "FAX 0938-8216604   2023-03-14 10:22   P.001/001"
FAX_HEADER_2 = "FROM 0476-6821590   2024-05-08 16:47   PAGE 1/1"
ARRIVALS: dict[str, Arrivals] = {
    "100_tianshui": Arrivals("tune", (
        Twin("rot90", "rotated_digital", 3100, rotate=90),
        Twin("crop", "cropbox_offset", 3101, crop_origin=(0.0, 0.0)),
        Twin("seal300", "seal_300dpi", 3102, dpi=300, seal=True),
        Twin("photo", "photo", 3103, photo=True),
        Twin("fax204", "fax_204x98", 3104, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER, seed=3104)),
        Twin("photo_white", "photo_no_edge", 3105, photo=True, desk="white"),
        Twin("hand_grey", "handwriting_grey", 3106, dpi=200, grey=True, pen="3150块", pen_ink=(28, 28, 32)),
        Twin("watermark", "watermark", 3920, watermark=Watermark("内部资料 仅供参考", "stamp", 45.0)),
        Twin("watermark_scan", "watermark_scan", 3924, dpi=200, grey=True,
             watermark=Watermark("内部资料 仅供参考", "stamp", 45.0, 40.0, 0.5)),
        Twin("pasted", "pasted_picture", 3930, pasted="writer"),
        Twin("spilled", "spilled_columns", 3940, spilled=True),
    )),
    "101_yibin": Arrivals("tune", (
        Twin("rot270", "rotated_digital", 3110, rotate=270),
        Twin("seal150", "seal_150dpi_grey", 3111, dpi=150, grey=True, seal=True),
        Twin("photo_seal", "photo", 3112, photo=True, seal=True),
        Twin("fax100", "fax_100dpi", 3113, fax=FaxSettings(dpi_x=100, dpi_y=100, seed=3113)),
        Twin("userunit", "userunit_digital", 3114, user_unit=2.0),
        Twin("hand", "handwriting", 3115, dpi=300, pen="168场"),
        # stamped again by the district's 财政局 half over the unit's seal, scanned grey, filed as 142 (tune)
        Twin("seal150_twice", "seal_150dpi_grey", 3116, dpi=150, grey=True, seal=True, sample="142_yibin",
             second_seal="宜宾市叙州区财政局", second_shift=(0.5, -0.25)),
        Twin("watermark", "watermark", 3921, watermark=Watermark("宜宾市财政局", "css", 30.0, 40.0, 0.15)),
        Twin("pasted", "pasted_picture", 3931, pasted="chromium"),
    )),
    "102_xiangtan": Arrivals("holdout", (
        Twin("rot270", "rotated_digital", 3120, rotate=270),
        Twin("seal300", "seal_300dpi", 3121, dpi=300, seal=True),
        Twin("photo_seal", "photo", 3122, photo=True, seal=True),
        Twin("fax100", "fax_100dpi", 3123, fax=FaxSettings(dpi_x=100, dpi_y=100, header=FAX_HEADER, seed=3123),
             turn=180),
        Twin("userunit", "userunit_digital", 3124, user_unit=1.5),
        Twin("watermark", "watermark", 3922, watermark=Watermark("湘潭市雨湖区 政务公开", "css", 35.0, 32.0, 0.2)),
        Twin("watermark_scan", "watermark_scan", 3925, dpi=200, grey=True,
             watermark=Watermark("湘潭市雨湖区 政务公开", "stamp", 30.0, 36.0, 0.45)),
        Twin("pasted", "pasted_picture", 3932, pasted="writer"),
        Twin("spilled150", "spilled_columns", 3952, spilled=True, spill_scale=150),
    )),
    "103_ganzhou": Arrivals("holdout", (
        Twin("rot90", "rotated_digital", 3130, rotate=90),
        Twin("crop", "cropbox_offset", 3131, crop_origin=(-120.0, -90.0)),
        Twin("seal150", "seal_150dpi_grey", 3132, dpi=150, grey=True, seal=True),
        Twin("photo", "photo", 3133, photo=True),
        Twin("fax204", "fax_204x98", 3134, fax=FaxSettings(dpi_x=204, dpi_y=98, seed=3134)),
        Twin("photo_white", "photo_no_edge", 3135, photo=True, desk="white"),
        Twin("hand", "handwriting", 3136, dpi=300, pen="88.2公里"),
        # the digital kinds' and the 100 dpi fax's second producer (their other twins are Chromium)
        Twin("userunit", "userunit_digital", 3137, user_unit=1.25),
        Twin("fax100", "fax_100dpi", 3138, fax=FaxSettings(dpi_x=100, dpi_y=100, seed=3138)),
        Twin("watermark", "watermark", 3923, watermark=Watermark("内部资料", "stamp", 0.0, 60.0, 0.25, 0.75)),
        Twin("pasted", "pasted_picture", 3933, pasted="chromium"),
        Twin("spilled", "spilled_columns", 3942, spilled=True),
    )),
    # its title underlined by a thick rule as wide as the table (placed_seal.py)
    "106_shawan": Arrivals("holdout", (
        Twin("photo_white", "photo_no_edge", 3160, photo=True, desk="white"),
    )),
    # dark pen on a grey page of another form and producer than 100's tune twin
    "120_chencang_water": Arrivals("holdout", (
        Twin("hand_grey", "handwriting_grey", 3200, dpi=200, grey=True, pen="93.4%", pen_ink=(24, 22, 30)),
        # Chromium twins of kinds whose other files are LibreOffice prints
        Twin("crop", "cropbox_offset", 3201, crop_origin=(-60.0, -140.0)),
        Twin("fax204", "fax_204x98", 3202, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER, seed=3202)),
    )),
    # more faxes of other forms, producers and fax headers, so the fax methods are tuned on more than two pages
    "130_hezhou_forest": Arrivals("tune", (
        Twin("fax100", "fax_100dpi", 3300, fax=FaxSettings(dpi_x=100, dpi_y=100, header=FAX_HEADER_2, seed=3300)),
        Twin("fax204", "fax_204x98", 3301, fax=FaxSettings(dpi_x=204, dpi_y=98, seed=3301)),
        # scans made searchable (a scanner's invisible OCR layer over the image): 130, 132 tune; 134, 421 holdout
        Twin("searchable", "searchable_scan", 3910, dpi=200, grey=True, ocr_layer=True),
        Twin("spilled", "spilled_columns", 3941, spilled=True),
        Twin("spilled150", "spilled_columns", 3947, spilled=True, spill_scale=150),
    )),
    "131_jiamusi_heating": Arrivals("tune", (
        Twin("fax204", "fax_204x98", 3310, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER_2, threshold=165, seed=3310)),
    )),
    "132_yulin_clinic": Arrivals("tune", (
        Twin("fax100", "fax_100dpi", 3320, fax=FaxSettings(dpi_x=100, dpi_y=100, seed=3320)),
        # a photographed Writer table on the tune side (423's, holdout, is the other)
        Twin("photo_seal", "photo", 3321, photo=True, seal=True),
        Twin("searchable_seal", "searchable_scan", 3911, dpi=300, seal=True, ocr_layer=True),
    )),
    "133_quanzhou_fishery": Arrivals("tune", (
        Twin("fax204", "fax_204x98", 3330, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER, seed=3330)),
        Twin("fax100", "fax_100dpi", 3331, fax=FaxSettings(dpi_x=100, dpi_y=100, seed=3331)),
    )),
    "134_chifeng_grassland": Arrivals("holdout", (
        Twin("fax100", "fax_100dpi", 3340, fax=FaxSettings(dpi_x=100, dpi_y=100, header=FAX_HEADER_2, seed=3340)),
        Twin("fax204", "fax_204x98", 3341, fax=FaxSettings(dpi_x=204, dpi_y=98, seed=3341)),
        Twin("searchable", "searchable_scan", 3912, dpi=200, grey=True, ocr_layer=True),
    )),
    # the arrival kinds on transcriptions of real published forms (family_plans.py), so they are not judged
    # on 100–103 alone: 420, 422, 401 tune (Calc, Calc, Chromium); 423, 425, 421, 404 holdout (Writer, Calc,
    # Chromium, Calc). 420 and 425 print no 合计 row, 420 no score column at all (so no seal on it).
    "420_hengshan_grain": Arrivals("tune", (
        Twin("rot90", "rotated_digital", 3400, rotate=90),
        Twin("photo", "photo", 3401, photo=True),
        # printed unfitted: the 实施单位 value cut at the seam, its straddling glyph listed on both pages
        Twin("spilled", "spilled_columns", 3954, spilled=True),
        # and at 175 %: the 三级指标 column itself cut by the page's edge, ruled on neither page
        Twin("spilled175", "spilled_columns", 3955, spilled=True, spill_scale=175),
    )),
    "422_jinzhai_village": Arrivals("tune", (
        Twin("seal300", "seal_300dpi", 3410, dpi=300, seal=True),
        Twin("photo_seal", "photo", 3411, photo=True, seal=True),
    )),
    "401_zhongjiang_gauge": Arrivals("tune", (
        Twin("crop", "cropbox_offset", 3420, crop_origin=(-80.0, -50.0)),
        Twin("seal150", "seal_150dpi_grey", 3421, dpi=150, grey=True, seal=True),
    )),
    "423_tangxi_villages": Arrivals("holdout", (
        Twin("rot270", "rotated_digital", 3430, rotate=270),
        Twin("photo_seal", "photo", 3431, photo=True, seal=True),
        Twin("pasted", "pasted_picture", 3957, pasted="chromium"),
    )),
    "425_hainan_services_trade": Arrivals("holdout", (
        Twin("crop", "cropbox_offset", 3440, crop_origin=(-100.0, -70.0)),
        Twin("photo", "photo", 3441, photo=True),
        Twin("spilled150", "spilled_columns", 3951, spilled=True, spill_scale=150),
    )),
    "421_xiaoxian_farming": Arrivals("holdout", (
        Twin("seal300", "seal_300dpi", 3450, dpi=300, seal=True),
        Twin("searchable_seal", "searchable_scan", 3913, dpi=300, seal=True, ocr_layer=True),
    )),
    "404_langfang_hvac": Arrivals("holdout", (
        Twin("seal150", "seal_150dpi_grey", 3460, dpi=150, grey=True, seal=True),
        Twin("spilled", "spilled_columns", 3943, spilled=True),
    )),
    # arrivals of templates no twin showed before: a 三线表 (200, Calc) and a real national-2020 form with
    # placeholder rows (402, Calc) faxed in both modes; tables with rules between rows only (203, Calc) or
    # none (206, Writer) photographed; Calc forms stamped and scanned (412's budget block and 211's borderless
    # 部门整体 form at 150 dpi grey, 424's real split-target form and 210's frame-only form at 300 dpi)
    "200_renshou_farmland": Arrivals("tune", (
        Twin("fax204", "fax_204x98", 3500, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER_2, seed=3500)),
        Twin("fax100", "fax_100dpi", 3501, fax=FaxSettings(dpi_x=100, dpi_y=100, seed=3501)),
    )),
    "402_tianchang_flood": Arrivals("holdout", (
        Twin("fax204", "fax_204x98", 3510, fax=FaxSettings(dpi_x=204, dpi_y=98, seed=3510)),
        Twin("fax100", "fax_100dpi", 3511, fax=FaxSettings(dpi_x=100, dpi_y=100, header=FAX_HEADER, seed=3511)),
    )),
    "206_yinan_water": Arrivals("tune", (
        Twin("photo", "photo", 3520, photo=True),
    )),
    "203_xingtai_culture": Arrivals("holdout", (
        Twin("photo", "photo", 3530, photo=True),
    )),
    "412_guizhou_budget_block": Arrivals("tune", (
        Twin("seal150", "seal_150dpi_grey", 3540, dpi=150, grey=True, seal=True),
        Twin("spilled", "spilled_columns", 3944, spilled=True),
    )),
    "211_yangming_emergency": Arrivals("holdout", (
        Twin("seal150", "seal_150dpi_grey", 3550, dpi=150, grey=True, seal=True),
        Twin("seal150_twice", "seal_150dpi_grey", 3551, dpi=150, grey=True, seal=True,
             sample="142_yangming_emergency", second_seal="牡丹江市阳明区财政局", second_shift=(0.45, 0.3)),
    )),
    "424_lijiang_satellite": Arrivals("tune", (
        Twin("seal300", "seal_300dpi", 3560, dpi=300, seal=True),
    )),
    "210_yufeng_housing": Arrivals("holdout", (
        Twin("seal300", "seal_300dpi", 3570, dpi=300, seal=True),
        Twin("seal300_twice", "seal_300dpi", 3571, dpi=300, seal=True, sample="142_yufeng_housing",
             second_seal="柳州市鱼峰区财政局", second_shift=(-0.5, 0.25)),
    )),
    # the tune side's frame-only form (204, Chromium) stamped and scanned at 300 dpi: OCR finds its
    # frame as a grid of one cell, the kind of page 210's stamped twin is on the holdout side
    # the tune side's hrules-only form (202, Writer; 206, the tune side's borderless one, has no score
    # column to stamp) stamped and scanned at 150 dpi grey: a table not fully ruled under a grey seal, the
    # kind of page 211's twin is on the holdout side
    "202_qingshanhu_health": Arrivals("tune", (
        Twin("seal150", "seal_150dpi_grey", 3590, dpi=150, grey=True, seal=True),
    )),
    "204_qujiang_waste": Arrivals("tune", (
        Twin("seal300", "seal_300dpi", 3580, dpi=300, seal=True),
        # stamped again by the district's 财政局 half over the unit's seal, filed as 142 (tune)
        Twin("seal300_twice", "seal_300dpi", 3581, dpi=300, seal=True, sample="142_qujiang_waste",
             second_seal="衢州市衢江区财政局", second_shift=(-0.55, 0.2)),
    )),
    # real forms of a fourth search, never seen while the readers were built: one hard arrival each (holdout)
    "426_tanghu_town": Arrivals("holdout", (
        Twin("fax204", "fax_204x98", 3600, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER_2, seed=3600)),
    )),
    # (not photographed: camera.py frames a portrait shot, so a landscape page loses its side columns)
    "427_mata_declaration": Arrivals("holdout", (
        Twin("fax100", "fax_100dpi", 3610, fax=FaxSettings(dpi_x=100, dpi_y=100, header=FAX_HEADER, seed=3610)),
    )),
    # real forms of a fifth search, measured on arrival (holdout): a Calc-printed 申报表 faxed in fine mode
    # (a seal twin needs a score column to stamp, which a declaration lacks), and a photo of a Writer-typed 目标表
    "428_xiangtan_fog_cannon": Arrivals("holdout", (
        Twin("fax204", "fax_204x98", 3620, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER_2, seed=3620)),
    )),
    # (429's photo moved to tune: its 一级 label stretched over the next groups' rows designed the
    # schema-hierarchy doubt of the verdict)
    "429_qingshan_education": Arrivals("tune", (
        Twin("photo", "photo", 3630, photo=True),
    )),
    # real forms of a sixth search, measured on arrival (holdout): a Chromium print stamped over its scores and
    # scanned at 150 dpi grey, and a photo of a Calc print (432's moved to tune with its digital print; a Writer
    # print of it spilled a blank second page)
    "431_licheng_culture": Arrivals("holdout", (
        Twin("seal150", "seal_150dpi_grey", 3640, dpi=150, grey=True, seal=True),
    )),
    "432_yuan_relics": Arrivals("tune", (
        Twin("photo", "photo", 3650, photo=True),
    )),
    # real forms of a seventh search, measured on arrival: a Calc print faxed in fine mode (holdout)
    "433_huanggang_soil_monitoring": Arrivals("holdout", (
        Twin("fax204", "fax_204x98", 3660, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER_2, seed=3660)),
        # stamped and scanned at 300 dpi, filed as 440 on the tune side: five rows of scores only (no 分值)
        Twin("seal300", "seal_300dpi", 3743, dpi=300, seal=True, sample="440_huanggang_soil_monitoring",
             split="tune"),
    )),
    # two rows whose scores are blank, stamped and scanned at 300 dpi, filed as 440 on the tune side
    "400_qingshen_wage": Arrivals("tune", (
        Twin("seal300", "seal_300dpi", 3742, dpi=300, seal=True, sample="440_qingshen_wage"),
    )),
    # and a photo of a Chromium print (holdout; no seal: the truncated score column has nothing to stamp)
    "434_daying_justice_devices": Arrivals("holdout", (
        Twin("photo", "photo", 3670, photo=True),
    )),
    # and a Writer-typed 部门整体 score table faxed in standard mode (holdout)
    "435_dept_score_table_2017": Arrivals("holdout", (
        Twin("fax100", "fax_100dpi", 3680, fax=FaxSettings(dpi_x=100, dpi_y=100, header=FAX_HEADER, seed=3680)),
    )),
    # real forms of an eighth search (437-), measured on arrival: a photo of a Chromium-printed 部门整体 table
    # with a 序号 column (holdout; no seal: Chromium's text layer spells 自评得分 with a Kangxi radical, so the
    # seal's placement finds no score header)
    "437_shouxian_dept_numbered": Arrivals("holdout", (
        Twin("photo", "photo", 3700, photo=True),
    )),
    # and a Writer-typed 北京 form stamped over its score column and scanned at 300 dpi (holdout)
    "438_xueyuanlu_street_cleaning": Arrivals("holdout", (
        Twin("seal300", "seal_300dpi", 3710, dpi=300, seal=True),
        # the same print stamped again, filed as 440 on the tune side: the kind of page 438's holdout twin
        # is (a form of one row, whose arithmetic has little to check), with other seeds and seal spots
        Twin("seal300", "seal_300dpi", 3740, dpi=300, seal=True, sample="440_xueyuanlu_street_cleaning",
             split="tune", seal_shift=(0.0, 14.0)),
        # moved left over the 得分计算方法 column (its 分值 header lost), over the 年度指标值 header (the rule
        # under it lost) and over 分值 (the 得分 header lost): each read wrong and reported ok before the
        # verdict held short tables read off an image to their lost columns
        Twin("seal300_left120", "seal_300dpi", 3757, dpi=300, seal=True, sample="440_xueyuanlu_street_cleaning",
             split="tune", seal_shift=(-120.0, 15.0)),
        Twin("seal300_left380", "seal_300dpi", 3753, dpi=300, seal=True, sample="440_xueyuanlu_street_cleaning",
             split="tune", seal_shift=(-380.0, 10.0)),
        Twin("seal300_left430", "seal_300dpi", 3752, dpi=300, seal=True, sample="440_xueyuanlu_street_cleaning",
             split="tune", seal_shift=(-430.0, 0.0)),
    )),
    # and a Writer-typed 重庆 部门整体 form turned a quarter (holdout)
    "439_chongqing_science_city_media": Arrivals("holdout", (
        Twin("rot90", "rotated_digital", 3720, rotate=90),
        # printed unfitted: 自评总分(分) and its 97.6 on either side of the seam
        Twin("spilled", "spilled_columns", 3946, spilled=True, split="tune",
             note="examined while the spilled-columns joins were built (a seam-cut cell, a sheet three pages wide), so tune"),
    )),
    # real forms of a ninth search (441-), measured on arrival: a Writer-typed 宁夏 项目决策/管理/产出/效益 scoring
    # table faxed in fine mode (holdout)
    "441_yinchuan_school_funds": Arrivals("holdout", (
        Twin("fax204", "fax_204x98", 3730, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER, seed=3730)),
    )),
    # and a LibreOffice-printed 湖南 绩效目标申报表 faxed in standard mode (holdout; no seal: a declaration has no
    # score column for the seal's placement)
    "442_nanyue_poverty_tourism": Arrivals("holdout", (
        Twin("fax100", "fax_100dpi", 3740, fax=FaxSettings(dpi_x=100, dpi_y=100, header=FAX_HEADER, seed=3740)),
        # printed unfitted at 150 %: six pages, three across, the 一级/二级 page ruling only the groups' edges
        Twin("spilled150", "spilled_columns", 3948, spilled=True, spill_scale=150, split="tune",
             note="examined while the spilled-columns joins were built (a seam-cut cell, a sheet three pages wide), so tune"),
    )),
    # real forms of a tenth search (443-), measured on arrival: a Writer-typed 安徽 score table of two score
    # columns stamped and scanned grey at 150 dpi. Its first twin found no table as a holdout and was then
    # examined to find why (tune); a second impression of the same print, another seed, is the holdout
    "443_jiaoqu_village_public_works": Arrivals("tune", (
        Twin("seal150", "seal_150dpi_grey", 3770, dpi=150, grey=True, seal=True,
             note="holdout until it found no table on arrival; examined since to find why, so tune"),
        Twin("seal150b", "seal_150dpi_grey", 3771, dpi=150, grey=True, seal=True, split="holdout",
             note="the holdout twin replacing seal150 (examined): the same print stamped and scanned again"),
        # a Writer table's hairline rules, screenshot and pasted into a report Chromium printed: at a coarse
        # look the rules fade into the paper (423's pasted twin is the holdout)
        Twin("pasted", "pasted_picture", 3956, pasted="chromium"),
    )),
    # real forms of an eleventh search (444-), measured on arrival: a Writer-typed 湖北 declaration photographed
    # (holdout; no seal: a declaration has no score column for the seal's placement)
    "444_ezhou_building_upkeep_declaration": Arrivals("holdout", (
        Twin("photo", "photo", 3780, photo=True),
    )),
    # real forms of a twelfth search (445-), measured on arrival: a Writer-typed 部门 考评 table of long formula
    # texts faxed in fine mode (holdout; no seal: its 考评得分 column is empty in every row)
    "445_dept_budget_management_review": Arrivals("holdout", (
        Twin("fax204", "fax_204x98", 3790, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER_2, seed=3790)),
        # the same print faxed again, filed as 446 on the tune side: the fax of this template to design on,
        # since 445's own is holdout
        Twin("fax204", "fax_204x98", 3791, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER, seed=3791),
             sample="446_dept_budget_management_review", split="tune"),
    )),
    # real forms of a thirteenth search (447-), measured on arrival: a Chromium-printed 专项经费绩效评价表 of
    # weights at three levels and a repeated two-row header, photographed (holdout; no seal: no row has a score
    # column for the seal's placement)
    "447_changjitu_fund_review": Arrivals("tune", (
        Twin("photo", "photo", 3800, photo=True,
             note="holdout until it yielded none of its rows on arrival; examined since (its grid), so tune"),
        Twin("photo_b", "photo", 3802, photo=True, split="holdout",
             note="the holdout twin replacing photo (examined): the same print photographed again"),
    )),
    # and its sibling of nested weights, faxed in fine mode (holdout)
    "448_port_core_capacity_review": Arrivals("holdout", (
        Twin("fax204", "fax_204x98", 3810, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER, seed=3810)),
    )),
    # real forms of a fourteenth search (449-), measured on arrival: a Writer-typed 四川 table of 指标值 and
    # 实施进度 (nothing scored) faxed in fine mode (holdout; no seal: no score column for the seal's placement)
    "449_daying_consumer_campaign_progress": Arrivals("holdout", (
        Twin("fax204", "fax_204x98", 3820, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER_2, seed=3820)),
    )),
    # and a Calc-printed 贵州 部门整体 form, its budget block and 年度总体目标 only, photographed (holdout)
    "450_suiyang_taibai_dept_budget": Arrivals("holdout", (
        Twin("photo", "photo", 3830, photo=True),
    )),
    # real forms of a fifteenth search (451-), measured on arrival: a Calc-printed 山西 national-template form,
    # stamped and scanned grey at 150 dpi (holdout; its 得分 column takes the seal)
    "451_jishan_medical_insurance_match": Arrivals("holdout", (
        Twin("seal150", "seal_150dpi_grey", 3840, dpi=150, grey=True, seal=True),
    )),
    # and a Writer-typed 湖北 市级 form of scores only, faxed in fine mode (holdout)
    "452_xiangyang_hospital_campus_grant": Arrivals("holdout", (
        Twin("fax204", "fax_204x98", 3850, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER, seed=3850)),
    )),
    # real forms of a sixteenth search (453-), measured on arrival: a Calc-printed 云南 national-template form of
    # decimal weights, photographed (holdout)
    "453_nanhua_mushroom_workshop": Arrivals("holdout", (
        Twin("photo", "photo", 3860, photo=True),
    )),
    # and a Chromium-printed 重庆 目标审批表 faxed in fine mode (holdout; no seal: a declaration has no score column)
    "454_fengjie_yunwu_herb_drying_declaration": Arrivals("holdout", (
        Twin("fax204", "fax_204x98", 3870, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER_2, seed=3870)),
    )),
    # real forms of a seventeenth search (455-), measured on arrival: a Writer-typed 河北 form of four numbered
    # parts, stamped and scanned in colour at 300 dpi (holdout; its 自评得分 column takes the seal)
    "455_chengan_centenarian_allowance": Arrivals("holdout", (
        Twin("seal300", "seal_300dpi", 3880, dpi=300, seal=True),
    )),
    # and a Chromium-printed 四川 continuation page faxed at 100 dpi, fed upside down (holdout; no seal: the page
    # names no office)
    "456_railway_line_safety_continuation": Arrivals("holdout", (
        Twin("fax100", "fax_100dpi", 3890, fax=FaxSettings(dpi_x=100, dpi_y=100, header=FAX_HEADER, seed=3890),
             turn=180),
    )),
    # real forms of an eighteenth search (457-), measured on arrival: a Calc-printed 河北 evaluation indicator table
    # faxed in fine mode (holdout; no seal: the form names no office)
    "457_ningjin_high_school_grant_indicators": Arrivals("holdout", (
        Twin("fax204", "fax_204x98", 3960, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER_2, seed=3960)),
    )),
    # and a Chromium-printed 广东 区域绩效目标表 photographed on a desk (holdout)
    "458_lechang_vocational_grant_targets": Arrivals("holdout", (
        Twin("photo", "photo", 3970, photo=True),
    )),
    # real forms of a nineteenth search (459-), measured on arrival: a Writer-typed 福建 部门整体支出绩效目标表 faxed
    # in standard mode (holdout; no seal: a declaration prints no score column to stamp beside)
    "459_ningde_gazetteer_dept_targets": Arrivals("holdout", (
        Twin("fax100", "fax_100dpi", 3980, fax=FaxSettings(dpi_x=100, dpi_y=100, header=FAX_HEADER_2, seed=3980)),
    )),
    # and a Writer-typed 甘肃 省级部门预算项目支出绩效目标表 faxed in fine mode (holdout)
    "460_jiayuguan_museum_free_opening_targets": Arrivals("holdout", (
        Twin("fax204", "fax_204x98", 3990, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER, seed=3990)),
    )),
    # real forms of a twentieth search (461-), measured on arrival: a Calc-printed 内蒙古 绩效目标申报表 faxed in
    # standard mode (holdout; no seal: a declaration prints no score column to stamp beside)
    "461_wuchuan_minority_village_farm_declaration": Arrivals("holdout", (
        Twin("fax100", "fax_100dpi", 4000, fax=FaxSettings(dpi_x=100, dpi_y=100, header=FAX_HEADER, seed=4000)),
    )),
    # and a Chromium-printed 江西 部门整体绩效目标 sheet photographed on a desk (holdout)
    "462_fuliang_forestry_dept_targets": Arrivals("holdout", (
        Twin("photo", "photo", 4010, photo=True),
    )),
    # real forms of a twenty-first search (463-), measured on arrival: a Chromium-printed 宁夏 绩效目标自评表, stamped
    # and scanned in colour at 300 dpi (holdout; its 得分 column takes the seal)
    "463_yuanzhou_seed_potato_breeding": Arrivals("holdout", (
        Twin("seal300", "seal_300dpi", 4020, dpi=300, seal=True),
    )),
    # and a Calc-printed 云南 项目支出绩效自评表 of scores only, stamped and scanned grey at 150 dpi (holdout)
    "464_longyang_fertilizer_reduction": Arrivals("holdout", (
        Twin("seal150", "seal_150dpi_grey", 4030, dpi=150, grey=True, seal=True),
    )),
    # real forms of a twenty-second search (465-), measured on arrival: a Chromium-printed 湖南 绩效目标申报表 turned
    # a quarter (holdout; no seal: a declaration prints no score column to stamp beside)
    "465_yueyang_farmland_declaration": Arrivals("holdout", (
        Twin("rot270", "rotated_digital", 4040, rotate=270),
    )),
    # and a Writer-typed 山西 项目支出绩效自评表 of twenty-five numbered rows, stamped and scanned in colour at 300 dpi
    # (holdout; its 得分 column takes the seal)
    "466_zhaidian_public_health_services": Arrivals("holdout", (
        Twin("seal300", "seal_300dpi", 4050, dpi=300, seal=True),
    )),
    # real forms of a twenty-third search (467-), measured on arrival: a Chromium-printed 重庆 项目绩效目标表 faxed in
    # fine mode (holdout; no seal: a declaration prints no score column to stamp beside)
    "467_rongchang_roadside_greening_declaration": Arrivals("holdout", (
        Twin("fax204", "fax_204x98", 4060, fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER, seed=4060)),
    )),
    # and a Writer-typed 宁夏 项目支出绩效目标申报表 faxed in standard mode (holdout; no seal, as above)
    "468_yuanzhou_water_conservation_forest_declaration": Arrivals("holdout", (
        Twin("fax100", "fax_100dpi", 4070, fax=FaxSettings(dpi_x=100, dpi_y=100, header=FAX_HEADER_2, seed=4070)),
    )),
    # and a Calc-printed 云南 项目支出绩效自评表, stamped and scanned grey at 150 dpi (holdout; its 得分 column takes
    # the seal)
    "469_linxiang_wildlife_shelter": Arrivals("holdout", (
        Twin("seal150", "seal_150dpi_grey", 4080, dpi=150, grey=True, seal=True),
    )),
    # a real form of a twenty-fourth search (470-), measured on arrival: a Writer-typed 项目自评表 of 433's template,
    # faxed in standard mode (holdout; the kind of fewest real forms' twins of the faxes and the photo)
    "470_district_service_trade_fund": Arrivals("holdout", (
        Twin("fax100", "fax_100dpi", 4090, fax=FaxSettings(dpi_x=100, dpi_y=100, header=FAX_HEADER, seed=4090)),
    )),
    # real forms of a twenty-fifth search (471-), measured on arrival: a Chromium-printed 湖南 项目绩效目标表 and a
    # Writer-typed 云南 项目支出绩效自评表, each faxed in standard mode (holdout; the kind of fewest real forms' twins of
    # the faxes and the photo, counted before each)
    "471_xiangtan_fog_cannon_progress_plan_declaration": Arrivals("holdout", (
        Twin("fax100", "fax_100dpi", 4100, fax=FaxSettings(dpi_x=100, dpi_y=100, header=FAX_HEADER_2, seed=4100)),
    )),
    "472_changning_pig_farm": Arrivals("holdout", (
        Twin("fax100", "fax_100dpi", 4110, fax=FaxSettings(dpi_x=100, dpi_y=100, header=FAX_HEADER, seed=4110)),
    )),
    # real forms of a twenty-sixth search (473-), measured on arrival: a Chromium-printed 内蒙古 项目绩效目标表 and a
    # Calc-printed 上海 财政项目支出绩效自评表, each faxed in standard mode (holdout; the kind of fewest real forms' twins
    # of the faxes and the photo, counted before each)
    "473_wuhai_recycling_market_declaration": Arrivals("holdout", (
        Twin("fax100", "fax_100dpi", 4120, fax=FaxSettings(dpi_x=100, dpi_y=100, header=FAX_HEADER_2, seed=4120)),
    )),
    "474_putuo_sports_centre_settlement": Arrivals("holdout", (
        Twin("fax100", "fax_100dpi", 4130, fax=FaxSettings(dpi_x=100, dpi_y=100, header=FAX_HEADER, seed=4130)),
    )),
    # the 204×98 sweep's Writer prints copied in (family_plans.SWEPT_WRITER_204), each faxed with the seed the
    # sweep gave it (samples.generate.fresh.twin_for: sweep seed × 10 + index × 37; even, so the second header)
    **{name: Arrivals("tune", (
        Twin("fax204", "fax_204x98", 95950 + 37 * index,
             fax=FaxSettings(dpi_x=204, dpi_y=98, header=FAX_HEADER_2, seed=95950 + 37 * index)),
    )) for name, index in SWEPT_WRITER_204.items()},
    # the 150 dpi grey seal sweep's prints copied in (family_plans.SWEPT_SEAL150), each stamped and scanned with the
    # seed the sweep gave it (sweep seed 6161 × 10 + index × 37)
    **{name: Arrivals("tune", (
        Twin("seal150", "seal_150dpi_grey", 61610 + 37 * index, dpi=150, grey=True, seal=True),
    )) for name, (_, index) in SWEPT_SEAL150.items()},
    # 443's template (a 序号 column, bare bracketed 一级 points, a 指标说明 column, 县级/市级评分) with other contents,
    # stamped and scanned grey at 150 dpi the same way: the tune twin of 443's holdout scan
    "137_guichi_rural_environment": Arrivals("tune", (
        Twin("seal150", "seal_150dpi_grey", 3780, dpi=150, grey=True, seal=True),
        # printed unfitted: the 分值 column spilled beside a 序号 column of the same numbers, its header two
        # sheet rows where the other page merges them
        Twin("spilled", "spilled_columns", 3945, spilled=True),
    )),
    # printed unfitted: four forms on one sheet, 22 pages down then across, each title cut at the page's edge
    "001_wuwei": Arrivals("tune", (
        Twin("spilled", "spilled_columns", 3949, spilled=True),
    )),
    # printed unfitted at 150 %: pages down and across for forms of a page
    "201_shaodong_nutrition": Arrivals("holdout", (
        Twin("spilled150", "spilled_columns", 3950, spilled=True, spill_scale=150),
    )),
    "205_chengxiang_schools": Arrivals("holdout", (
        Twin("spilled150", "spilled_columns", 3953, spilled=True, spill_scale=150),
    )),
}


def _unit(truth: dict) -> str:
    return next((f.get("unit") for f in truth.get("forms") or [] if f.get("unit")), "")


#: Pages are drawn this many times finer than captured, then averaged down: a
#: scanner's sensor integrates light over each pixel, so a hairline rule comes out
#: as a faint grey line instead of vanishing between two samples.
SUPERSAMPLE = 3


def _render(page: pdfium.PdfPage, dpi: float) -> Image.Image:
    fine = page.render(scale=dpi * SUPERSAMPLE / 72).to_pil().convert("RGB")
    w, h = fine.size
    return fine.resize((round(w / SUPERSAMPLE), round(h / SUPERSAMPLE)), Image.BOX)


def _stamped(page: pdfium.PdfPage, digital: Path, index: int, dpi: float, unit: str, twin: Twin) -> Image.Image:
    """The page rendered in colour with the unit's seal over its score column."""
    img = _render(page, dpi)
    spot = placement_over_scores(digital, index)
    spot = replace(spot, x=spot.x + twin.seal_shift[0], y=spot.y + twin.seal_shift[1])
    rng = np.random.default_rng(twin.seed)
    ink = tuple(int(v) for v in rng.integers([196, 20, 30], [228, 60, 70]))
    spec = SealSpec(unit=unit, ink=ink, strength=float(rng.uniform(0.75, 0.92)))
    img = press(img, spec, (spot.x * dpi / 72, spot.y * dpi / 72), dpi, rng)
    if twin.second_seal:
        across = diameter_pt() * dpi / 72
        other = SealSpec(unit=twin.second_seal, ink=tuple(int(v) for v in rng.integers([196, 20, 30], [228, 60, 70])),
                         strength=float(rng.uniform(0.75, 0.92)))
        centre = (spot.x * dpi / 72 + twin.second_shift[0] * across, spot.y * dpi / 72 + twin.second_shift[1] * across)
        img = press(img, other, centre, dpi, rng)
    return img


def scanner_pass(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A flatbed's damage on a grey or colour image: slight skew, blur, tonal range, noise."""
    angle = float(rng.uniform(0.3, 0.9)) * float(rng.choice([-1.0, 1.0]))
    fill = 255 if img.mode == "L" else (255, 255, 255)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=fill)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    arr = np.asarray(img, dtype=np.float32)
    arr = INK_FLOOR + arr * (PAPER_TONE - INK_FLOOR) / 255.0
    arr += rng.normal(0.0, 5.0, arr.shape).astype(np.float32)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode=img.mode)


def _turned(img: Image.Image, degrees: int) -> Image.Image:
    return img.rotate(-degrees, expand=True) if degrees % 360 else img


def _image_twin(digital: Path, out: Path, twin: Twin, unit: str) -> int:
    """Scan, photo or fax of every page of `digital`; returns the page count."""
    rng = np.random.default_rng(twin.seed)
    doc = pdfium.PdfDocument(str(digital))
    out_pdf = pikepdf.new()
    try:
        for index in range(len(doc)):
            page = doc[index]
            w_pt, h_pt = page.get_size()
            if twin.fax:
                source_dpi = 300
                grey = _render(page, source_dpi).convert("L")
                bits = fax_bits(_turned(grey, twin.turn), source_dpi, twin.fax)
                add_fax_page(out_pdf, bits, (bits.shape[1] * 72 / twin.fax.dpi_x, bits.shape[0] * 72 / twin.fax.dpi_y))
            elif twin.photo:
                dpi = 200
                img = _stamped(page, digital, index, dpi, unit, twin) if twin.seal else _render(page, dpi)
                shot = _turned(photograph(img, PhotoSettings(seed=twin.seed + index, desk=twin.desk)), twin.turn)
                scale = A4_WIDTH_PT / shot.size[0]
                add_jpeg_page(out_pdf, shot, 62, (shot.size[0] * scale, shot.size[1] * scale))
            else:
                img = _stamped(page, digital, index, twin.dpi, unit, twin) if twin.seal else _render(page, twin.dpi)
                if twin.pen:
                    marks = PenMarks(twin.pen, twin.seed + index)
                    img = write_on(img, digital, replace(marks, ink=twin.pen_ink) if twin.pen_ink else marks, twin.dpi)
                if twin.grey:
                    img = img.convert("L")
                img = _turned(scanner_pass(img, rng), twin.turn)
                size = (h_pt, w_pt) if twin.turn in (90, 270) else (w_pt, h_pt)
                add_jpeg_page(out_pdf, img, 45 if twin.grey else 50, size)
            page.close()
        out_pdf.docinfo["/Producer"] = "Fax gateway image-only PDF" if twin.fax else "Scanner image-only PDF"
        out_pdf.save(out, compress_streams=True, deterministic_id=True)
        pages = len(out_pdf.pages)
    finally:
        doc.close()
        out_pdf.close()
    if twin.ocr_layer:
        add_ocr_layer(out)
    return pages


def _image_twin_of(digital: Path, out: Path, twin: Twin, truth: dict) -> int:
    """The image twin of `digital`, or of its watermarked copy when the twin has a watermark (a
    watermarked page scanned)."""
    if twin.watermark is None:
        return _image_twin(digital, out, twin, _unit(truth))
    with tempfile.TemporaryDirectory(prefix="watermark-") as work:
        marked = Path(work) / digital.name
        _watermarked(digital, marked, twin.watermark, truth)
        return _image_twin(marked, out, twin, _unit(truth))


def _digital_twin(digital: Path, out: Path, twin: Twin, truth: dict) -> int:
    if twin.pasted:
        return pasted_report(digital, out, twin.pasted)
    if twin.spilled:
        return spilled_print(truth, out, twin.spill_scale)
    if twin.watermark is not None:
        return _watermarked(digital, out, twin.watermark, truth)
    if twin.rotate:
        return rotate_pages(digital, out, twin.rotate)
    if twin.user_unit:
        return user_unit_pages(digital, out, twin.user_unit)
    if twin.crop_origin is not None:
        return crop_offset_pages(digital, out, margin=(36.0, 54.0), extra=(48.0, 40.0),
                                 origin=twin.crop_origin, slug=f"JOB {twin.seed} {out.stem} PROOF")
    raise ValueError(f"twin {twin.suffix} is neither rotated, cropped nor rescaled")


def _watermarked(digital: Path, out: Path, mark: Watermark, truth: dict) -> int:
    """A watermark stamped on the printed PDF, or printed with the form's web page (Chromium forms only)."""
    if mark.style == "stamp":
        return stamp_watermark(digital, out, mark)
    with tempfile.TemporaryDirectory(prefix="watermark-") as work:
        build_digital(truth, CHROMIUM, out, Path(work), dress=lambda page: css_watermarked(page, mark))
    return len(pdfium.PdfDocument(str(out)))


def _origin(truth: dict, digital: Path, rel: Callable[[Path], str]) -> dict:
    """Where a twin comes from: the digital PDF it was derived from and, for a transcription of a
    real published form, the public page its truth cites (so a twin's provenance is in its entry)."""
    origin = {"original": rel(digital)}
    if truth.get("source"):
        origin["source"] = truth["source"]
    return origin


def build_twins(name: str, truth: dict, digital: Path, producer: str, truth_rel: str,
                rel: Callable[[Path], str]) -> list[dict]:
    """Write the document's damaged twins next to `digital`; their manifest entries."""
    plan = ARRIVALS.get(name)
    if plan is None:
        return []
    entries = []
    for twin in plan.twins:
        out = digital.with_name(f"{twin.sample or name}_{twin.suffix}.pdf")
        if (twin.rotate or twin.crop_origin is not None or twin.user_unit or twin.pasted or twin.spilled
                or (twin.watermark is not None and not twin.dpi)):
            pages = _digital_twin(digital, out, twin, truth)
            printed_by = f"{twin.pasted}-report-of:{producer}" if twin.pasted else producer
            entry = manifest.Entry(rel(out), truth_rel, twin.kind, printed_by, pages, "ok")
        else:
            pages = _image_twin_of(digital, out, twin, truth)
            source = "fax" if twin.fax else "photo" if twin.photo else "scan"
            turned = {str(p): twin.turn for p in range(1, pages + 1)} if twin.turn else {}
            entry = manifest.Entry(rel(out), truth_rel, twin.kind, f"{source}-of:{producer}", pages,
                                   "hidden" if twin.ocr_layer else "none", rotated_pages=turned)
        record = manifest.as_dict(entry)
        record.update(kind=twin.kind, split=twin.split or plan.split,
                      seal_pages=list(range(1, pages + 1)) if twin.seal else [], **_origin(truth, digital, rel))
        if twin.seal:
            record["seal_text"] = _unit(truth)  # the name pressed along the seal's arc
        if twin.second_seal:
            record["other_seal_texts"] = [twin.second_seal]  # another office's seal, not the unit's
        if twin.pen:
            record["pen_cell"] = twin.pen  # the cell a pen wrote over
        if twin.note:
            record["note"] = twin.note
        entries.append(record)
    return entries


def mark_digital(name: str, entries: list[dict]) -> list[dict]:
    """The plain digital PDF of an arrivals document carries its kind and split too (unless its
    family already labelled it: a real form's digital PDF keeps the layout kind it exhibits)."""
    plan = ARRIVALS.get(name)
    if plan is None:
        return entries
    for entry in entries:
        if "kind" in entry:
            continue
        entry.update(kind=entry["variant"], split=plan.split, seal_pages=[])
    return entries

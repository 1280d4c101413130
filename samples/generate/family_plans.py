"""Producers, degraded twins and manifest labels of the template-family samples (400–474).

Real published forms (400–405, transcribed from public county pages) and
hand-written forms of the template families they did not cover (410–418,
``"synthetic": true`` in their truth) are spread over the three producers
and some are scanned, so every family is seen through more than one
producer.  Each manifest entry gets a ``kind`` (what layout or damage it
exhibits) and a ``split``: thresholds are tuned only on ``tune`` files and
accuracy is reported on ``tune`` and ``holdout`` separately.
"""
from __future__ import annotations

from samples.generate.plan import CHROMIUM, LIBREOFFICE, DocumentPlan
from samples.generate.scan import ScanSettings

#: A table form typed in a word processor (LibreOffice Writer from HTML).
WRITER_FORM = "writer-form"
#: A long 决算 report printed by Chromium; its performance forms are a few of its tables.
REPORT = "chromium-report"

#: The sweep's forms copied in (samples/README.md, 171-176), by name → their index in the sweep's plans.
SWEPT_WRITER_204 = {"171_qingshen_wage_writer": 0, "172_yongde_nutrition_writer": 2, "173_licheng_culture_writer": 8,
                    "174_longyang_fertilizer_writer": 24, "175_mata_declaration_writer": 6,
                    "176_changjitu_fund_review_writer": 16}
#: The 150 dpi grey seal sweep's forms copied in (samples/README.md, 178-181), by name → their producer and index
#: in its plans.
SWEPT_SEAL150 = {"178_lijiang_satellite_writer": (WRITER_FORM, 4), "179_huanggang_soil_writer": (WRITER_FORM, 8),
                 "180_xiangyang_hospital_calc": (LIBREOFFICE, 22), "181_railway_continuation_calc": (LIBREOFFICE, 26)}


FAMILY_PLANS: dict[str, DocumentPlan] = {
    "400_qingshen_wage": DocumentPlan(LIBREOFFICE, scan=ScanSettings(dpi=150, seed=1400)),
    "401_zhongjiang_gauge": DocumentPlan(CHROMIUM),
    "402_tianchang_flood": DocumentPlan(LIBREOFFICE, scan=ScanSettings(dpi=200, seed=1402)),
    "403_tangxi_entrust": DocumentPlan(WRITER_FORM),
    "404_langfang_hvac": DocumentPlan(LIBREOFFICE),
    "405_yongde_nutrition": DocumentPlan(CHROMIUM, scan=ScanSettings(dpi=200, seed=1405)),
    "410_hubei_dept2020": DocumentPlan(LIBREOFFICE, scan=ScanSettings(dpi=180, seed=1410)),
    "411_henan_rate_row": DocumentPlan(CHROMIUM),
    "412_guizhou_budget_block": DocumentPlan(LIBREOFFICE, scan=ScanSettings(dpi=170, seed=1412)),
    "413_yunnan_declaration": DocumentPlan(WRITER_FORM),
    "414_chongqing_header_score": DocumentPlan(LIBREOFFICE),
    "415_gansu_level1_points": DocumentPlan(CHROMIUM),
    "416_jiangxi_placeholders": DocumentPlan(CHROMIUM, scan=ScanSettings(dpi=200, turned_pages={1: 180}, seed=1416)),
    "417_guangxi_values": DocumentPlan(LIBREOFFICE),
    "418_yunnan_final_accounts": DocumentPlan(REPORT),
    # real forms of a second search (420-424): 湖南 衡山县, 安徽 萧县 / 金寨县 / 棠溪镇, 云南 丽江市古城区
    # a .docx form; printed by Calc: a scan of Writer's HTML-import hairlines (0.1 pt grey) loses every rule
    "420_hengshan_grain": DocumentPlan(LIBREOFFICE, scan=ScanSettings(dpi=150, seed=1420)),
    "421_xiaoxian_farming": DocumentPlan(CHROMIUM, scan=ScanSettings(dpi=200, seed=1421)),
    "422_jinzhai_village": DocumentPlan(LIBREOFFICE),
    "423_tangxi_villages": DocumentPlan(WRITER_FORM),
    "424_lijiang_satellite": DocumentPlan(LIBREOFFICE, scan=ScanSettings(dpi=170, seed=1424)),
    # a third search: 海南 省商务厅 (a .docx; printed by Calc, as a scan of a Writer print loses its hairline rules)
    "425_hainan_services_trade": DocumentPlan(LIBREOFFICE, scan=ScanSettings(dpi=180, seed=1425)),
    # a fourth search (426-): real forms first measured on arrival, all holdout: 安徽 天长市塘湖镇
    "426_tanghu_town": DocumentPlan(CHROMIUM),
    # 四川 井研县马踏镇: a 绩效目标申报表 listing several projects in one table
    "427_mata_declaration": DocumentPlan(LIBREOFFICE),
    # a fifth search (428-): 湖南 湘潭市 (a 2015-style 目标申报表, 满意度 under 效益) and 湖北 武汉市青山区
    # (a 目标表 with long-term and yearly 二级/三级/指标值 side by side)
    "428_xiangtan_fog_cannon": DocumentPlan(LIBREOFFICE),
    "429_qingshan_education": DocumentPlan(WRITER_FORM),
    # 湖北 鄂州市 (市级): a self-evaluation whose budget line carries 分值 100 / 得分 98, 预算执行率 an indicator row
    "430_ezhou_citizen_centre": DocumentPlan(CHROMIUM, scan=ScanSettings(dpi=200, seed=1430)),
    # a sixth search (431-), measured on arrival (holdout): 山东 济南市历城区 (a 得分计算方法 column, 12.5-point
    # rows, a budget block without 全年预算数) and 安徽 六安市裕安区 (a 9-point budget block, 执行率 as a fraction)
    "431_licheng_culture": DocumentPlan(CHROMIUM),
    "432_yuan_relics": DocumentPlan(LIBREOFFICE),
    # a seventh search (433-), measured on arrival: 湖北 黄冈市 (a 20-point budget block scored 20分*执行率, two
    # 40-point target blocks each opening with its own header row, scores only)
    "433_huanggang_soil_monitoring": DocumentPlan(LIBREOFFICE),
    # 四川 大英县 (the 2023 template of 400 with its scores filled in, a budget wholly added during the year)
    "434_daying_justice_devices": DocumentPlan(CHROMIUM),
    # a 部门整体 score table of the 2017 framework (部门决策 25 / 综合管理 30 / 部门绩效 45), points in every label
    "435_dept_score_table_2017": DocumentPlan(WRITER_FORM),
    # 432's form with its money and share-printed 执行率 on a key/value row of the header block (no budget table)
    "436_yuan_rate_line": DocumentPlan(CHROMIUM),
    # an eighth search (437-), measured on arrival: 安徽 寿县 (a 部门整体 table with a 序号 column, points in the
    # 一级/二级 labels, 指标解释 and 评分标准 text columns) and 北京 海淀区 (分值 before 年度指标值, a 得分计算方法
    # column in every row, half the budget spent)
    "437_shouxian_dept_numbered": DocumentPlan(CHROMIUM),
    "438_xueyuanlu_street_cleaning": DocumentPlan(WRITER_FORM),
    # 重庆 西部(重庆)科学城 (a 部门整体 table of 指标名称 rows without 一级/二级, 得分系数 and 是否核心指标 columns,
    # 执行率 weighed in the budget line, 自评总分 in the header block)
    "439_chongqing_science_city_media": DocumentPlan(WRITER_FORM),
    # a ninth search (441-), measured on arrival: 宁夏 银川 (项目决策/项目管理/项目产出/项目效益 with a 参考分值 column
    # before 指标值(A), 自评得分 stated in the header block beside 财政审核评分, a budget block without points)
    "441_yinchuan_school_funds": DocumentPlan(WRITER_FORM),
    # and 湖南 衡阳 南岳区 (the national 绩效目标申报表 with a 绩效指标 banner, 指标值 and 备注 columns, ASCII '>=' signs,
    # the template's '(≥**%)' placeholders left in the names, approval rows after the table)
    "442_nanyue_poverty_tourism": DocumentPlan(LIBREOFFICE),
    # a tenth search (443-), measured on arrival: 安徽 铜陵 郊区 (a 序号 column, 一级 points in bare brackets, a
    # 指标说明 column of scoring rules, 县级评分 filled beside a blank 市级评分, two criteria under one 三级 cell)
    "443_jiaoqu_village_public_works": DocumentPlan(WRITER_FORM),
    # an eleventh search (444-), measured on arrival: 湖北 鄂州 市直 (a 项目预算 cost table with two years' spending,
    # 绩效标准 and 当年预期实现值 under a 绩效指标 header, 数量/质量/成本 printed in the column headed 一级指标)
    "444_ezhou_building_upkeep_declaration": DocumentPlan(WRITER_FORM),
    # a twelfth search (445-), measured on arrival: a 部门预算支出管理 考评 table saved from a spreadsheet (项目 /
    # 考核内容 / 考核指标 / 指标说明 / 年度工作目标 / 评分标准 / 权数 / 考评得分, targets as raw floats, pairs of
    # indicators assessed either way sharing one 权数)
    "445_dept_budget_management_review": DocumentPlan(WRITER_FORM),
    # a thirteenth search (447-), measured on arrival: a 专项经费绩效评价表 issued as a web form (weights at all three
    # levels, a 计量单位 column, a two-row 采集数据项 header repeated before each 一级 block, every fill-in cell blank)
    "447_changjitu_fund_review": DocumentPlan(CHROMIUM),
    # and its sibling with the output and effect blocks filled (nested weights: 二级 分值 adding to 100 within each
    # 一级; four 5-point criteria under each yes-no 三级)
    "448_port_core_capacity_review": DocumentPlan(CHROMIUM),
    # a fourteenth search (449-), measured on arrival: 四川 大英县 (a table cut from a 自评报告: a 绩效指标 banner,
    # 指标值 and a 实施进度 column, nothing scored, the output rows under a 一级 printed 项目决策)
    "449_daying_consumer_campaign_progress": DocumentPlan(WRITER_FORM),
    # and 贵州 绥阳县太白镇 (a 部门整体 form: 资金来源 rows under 年初预算数(A) / 全年执行数(B) with a 分值 and 得分 each
    # and a 得分计算方法 column, a 年度总体目标 block; the copy ends in the indicator table's header)
    "450_suiyang_taibai_dept_budget": DocumentPlan(LIBREOFFICE),
    # a fifteenth search (451-), measured on arrival: 山西 稷山县 (the national 2020 template from a sheet's
    # text, https://keke.chddh.cn/archives/bqg98jldqdz7y2xm7pe6.html: a deduction explained in the 偏差原因 column,
    # deductions on rows that meet their targets, 预算执行 9 for 99%, a 总分 94 the printed scores add to 93)
    "451_jishan_medical_insurance_match": DocumentPlan(LIBREOFFICE),
    # and 湖北 襄阳市中心医院 (433's 市级 template from an OCR'd preview, https://taowenge.com/d-68000429.html:
    # ticked choice boxes, shortened 二级 names, no 分值 column; the copy ends inside a 效益 row)
    "452_xiangyang_hospital_campus_grant": DocumentPlan(WRITER_FORM),
    # a sixteenth search (453-), measured on arrival: 云南 南华县 (the national 2020 template on the county's own
    # page, https://www.ynnh.gov.cn/info/17693/347777.htm: 三级 weights in decimals adding to the 产出 label's 50, a
    # 经济效益 row inside the 产出 block, a shortfall (20 of 550) given full points, the table's second part opening
    # with its 绩效指标 banner again where the copy ends)
    "453_nanhua_mushroom_workshop": DocumentPlan(LIBREOFFICE),
    # and 重庆 奉节县 (a 2023 项目支出绩效目标审批表 on the county's own page,
    # http://cqfj.gov.cn/index/xz_168/ywtjzx/zwxx_61303/gsgg_107031/202402/t20240201_12892054.html: a 10-point
    # 预算执行 block of a declaration, 一级 labels carrying point ranges (成本指标(0-20)分) over a 指标解释 column,
    # 成本指标 the first 一级; the copy ends in the first 产出 row)
    "454_fengjie_yunwu_herb_drying_declaration": DocumentPlan(CHROMIUM),
    # a seventeenth search (455-), measured on arrival: 河北 成安县 (the county's own page,
    # http://cycms.chengan.gov.cn/zfxxgk/bmView.jsp?id=15437&websiteid=905&xxfl=0404: 河北's 预算项目绩效自评表 in four
    # numbered parts, 预期指标值 over 符号 / value / 单位(文字描述), 自评得分 over 单项指标得分 / 权重占比(%) /
    # 单项指标折算得分, a column headed 指标分值 printing the 指标解释; cut in the 预算执行率 row)
    "455_chengan_centenarian_allowance": DocumentPlan(WRITER_FORM),
    # and a 四川 county media centre's page (https://dyrmt.com/article-133731-63.html: 400's template, the copy
    # opening inside the table: its continuation page, the header repeated, the first rows' 一级/二级 cells begun on
    # the page before, 完成值 beside blank 得分, a 定性 row, 评价结论 filled)
    "456_railway_line_safety_continuation": DocumentPlan(CHROMIUM),
    # an eighteenth search (457-), measured on arrival: 河北 宁晋县 (the county's own page,
    # https://www.ningjin.gov.cn/content/26279.html: a 教育局's 绩效评价指标表 offered as .xlsx, its levels headed by
    # what they hold, 评价指标 / 评价内容 / 指标名称, then 指标说明 / 目标值 / 分值 / 备注; 产出数量指标 joining two levels'
    # names, 总分 under 分值, nothing scored)
    "457_ningjin_high_school_grant_indicators": DocumentPlan(LIBREOFFICE),
    # and 广东 乐昌市 (a copy of the 财政局's page under the county site's path,
    # http://blackcurrantstudio.com/zdlyxxgk/dzjg/lcsczj/czysjshsgjfgk/czzxxx/content/post_2231307.html: a transfer
    # payment's 区域绩效目标表, offices named at four levels, blank 资金情况 and 已实施情况 lines, 一级目标 /
    # 实际完成值 / 未达到指标值原因 columns; the copy ends in the second 数量指标 row)
    "458_lechang_vocational_grant_targets": DocumentPlan(CHROMIUM),
    # a nineteenth search (459-), measured on arrival: 福建 宁德 (the 地方志 site's own page,
    # http://ndfzw.com/ggl/2019-12-31/7211.html: a 部门整体支出绩效目标表 offered as .xls, a 年度预算安排 block of
    # label/amount pairs, a 年度履职目标 table of its own, 指标解释 holding values with their standard beside 目标值;
    # the copy ends in the 成本指标 row)
    "459_ningde_gazetteer_dept_targets": DocumentPlan(WRITER_FORM),
    # and 甘肃 嘉峪关 (a document-sharing copy of the 文化和旅游局's file, http://bigxun.com/view/1667741699571552258:
    # a 省级部门预算项目支出绩效目标表, a long key/value header, one 指标目标值 column of sign, figure and spelt-out unit,
    # 成本指标 a 一级 of its own split 经济/社会/生态环境成本)
    "460_jiayuguan_museum_free_opening_targets": DocumentPlan(WRITER_FORM),
    # a twentieth search (461-), measured on arrival: 内蒙古 武川县 (the county site's own page,
    # http://www.wuchuan.gov.cn/zfxxgknew_27916/fdzdgknr/zfwjnew/202112/t20211220_1104864.html: a 民委's
    # 绩效目标申报表 for a 衔接资金 project, 资金情况 amounts written into text cells with the fund's name, a 绩效指标
    # banner over four columns, a 成本指标 group of unit prices; the copy ends in the 成本指标 rows)
    "461_wuchuan_minority_village_farm_declaration": DocumentPlan(LIBREOFFICE),
    # and 江西 浮梁县 (the county site's own page, https://fuliang.gov.cn/xzf/czxx/bmczyjs/t1081473.shtml: the
    # 林业局's 部门整体绩效目标 sheet, section rows, asterisked labels, the target over 计算符号 / 目标值 / 度量单位
    # and a 指标值说明 column; the copy ends in the first 质量指标 row)
    "462_fuliang_forestry_dept_targets": DocumentPlan(CHROMIUM),
    # a twenty-first search (463-), measured on arrival: 宁夏 原州区 (a document-sharing copy of the 农技中心's file,
    # https://www.bigxun.com/view/1651813082920488962: a 财政专项资金 绩效目标自评表, the 项目总得分 in the header
    # block, offices at two levels, 资金情况 sub-rows by level written with 万元, a 产出 row without 分值 or 得分;
    # the copy ends in the 满意度 row)
    "463_yuanzhou_seed_potato_breeding": DocumentPlan(CHROMIUM),
    # and 云南 隆阳区 (the district site's own page, https://longyang.gov.cn/info/5311/13352539.htm: 433's
    # 单位名称 / 填报日期 template, a 20-point budget block at a 10.77% execution, numbered headline tasks scored
    # beside their scored parts, '≧' targets; the copy ends after the first 效益 row)
    "464_longyang_fertilizer_reduction": DocumentPlan(LIBREOFFICE),
    # a twenty-second search (465-), measured on arrival: 湖南 岳阳县 (the county site's own page,
    # http://www.yyx.gov.cn/37584/38137/content_2016103.html: a 衔接资金 绩效目标申报表 with its category in the
    # title, amounts written with 万 and their breakdown in brackets, a 注 line under the table; whole)
    "465_yueyang_farmland_declaration": DocumentPlan(CHROMIUM),
    # and 山西 稷山县 (a document-sharing copy of the 翟店镇卫生院's sheet,
    # https://keke.chddh.cn/archives/p4q58rogpx4emom7ewb9.html: the national template with twenty-five numbered
    # 数量指标 rows of public-health counts, scores with one decimal; the copy ends in the first 质量指标 row)
    "466_zhaidian_public_health_services": DocumentPlan(WRITER_FORM),
    # a twenty-third search (467-), measured on arrival: 重庆 荣昌区 (the district site's own page,
    # http://www.rongchang.gov.cn/bm/qlyj/zwgk_70831/fdzdgknr_70834/ysjs/ysgk/202209/t20220907_11085882.html: the
    # 林业局's 项目绩效目标表, the target over 计量单位 / 指标性质 / 指标值 (unit first, value last), 资金情况 by level of
    # government; the copy ends in the 时效指标 row)
    "467_rongchang_roadside_greening_declaration": DocumentPlan(CHROMIUM),
    # and 宁夏 原州区 (the district site's own page,
    # http://www.yzh.gov.cn/xxgk_13314/zfxxgkml/zdxzjcygk/zdju/202203/t20220301_3340181.html: the 自然资源局's
    # 项目支出绩效目标申报表, 二级 names carrying the template's 必填/选填 in brackets, 效益 rows of a sentence and no
    # 指标值; the copy ends at the 满意度指标 label)
    "468_yuanzhou_water_conservation_forest_declaration": DocumentPlan(WRITER_FORM),
    # and 云南 临翔区 (the district site's own page, https://www.ynlx.gov.cn/info/2431/148733.htm: the 林业和草原局's
    # 项目支出绩效自评表, a 二级 name typed again in a cell of its own, 年初预算数 blank, the block scored 9 for
    # 97.80 % of 10; the copy ends in the 满意度 row)
    "469_linxiang_wildlife_shelter": DocumentPlan(LIBREOFFICE),
    # a twenty-fourth search (470-), measured on arrival: a 区商务局's 项目自评表 (a document-sharing page's preview of
    # the office's .doc, https://www.kunmingchi.com/archives/973rxnk2je7n4oep6ym4.html: 433's and 464's template with
    # one 年度绩效目标(80分) block over 一级 labels of 60 and 40 points, scores only, a 总分 of the rows alone; whole)
    "470_district_service_trade_fund": DocumentPlan(WRITER_FORM),
    # a twenty-fifth search (471-), measured on arrival: 湘潭市环境卫生管理处's 2024 项目绩效目标表
    # (http://xtcg.xiangtan.gov.cn/15068/15075/26693/content_1349210.html: 428's office a year on, in the template with
    # a 项目实施进度计划 sub-table and 长期目标 / 年度目标 side by side; cut after the table)
    "471_xiangtan_fog_cannon_progress_plan_declaration": DocumentPlan(CHROMIUM),
    # 云南 昌宁县供销合作社联合社's 2022 项目支出绩效自评表 (https://yncn.gov.cn/info/5102/8340150.htm: 433's template,
    # the budget one fifth spent, 执行率 printed bare and scored 4 of 20, the options' ticks kept, eighteen scored 数量
    # rows; cut in the nineteenth row)
    "472_changning_pig_farm": DocumentPlan(WRITER_FORM),
    # a twenty-sixth search (473-), measured on arrival: 乌海市供销合作社联合社's 2021 项目绩效目标表
    # (http://gxs.wuhai.gov.cn/whsgxshzslhs/1096934/sjtj/1341823/index.html: a budget system's export, every row
    # printing its own 一级/二级 cells, 指标性质 over 正向/反向 and 指标方向 over '=', a date serial as a target; cut at
    # the first 效益 row)
    "473_wuhai_recycling_market_declaration": DocumentPlan(CHROMIUM),
    # 上海市普陀区体育事业管理中心's 2022 财政项目支出绩效自评表 (https://pdf.chddh.cn/archives/48n5zg2zkkjxn27q6rjv.html:
    # the national layout in 元, 215,457.6 and 215457.6 in one block, 86.19 % scored 8.62, ASCII signs; whole)
    "474_putuo_sports_centre_settlement": DocumentPlan(LIBREOFFICE),
    # real forms' layouts (400, 405, 464, 427, 447) with new figures, printed by Writer's form export: from a sweep
    # of the real tune forms printed by another producer and faxed at 204×98 (samples.generate.fresh, seed 9595);
    # their faxes are arrival.py's
    **{name: DocumentPlan(WRITER_FORM) for name in SWEPT_WRITER_204},
    # 466's form with new figures printed by Chromium (from a sweep of the real tune forms printed by the other
    # producers, seed 5151): its 质量指标 group opens page 2 with a row whose figure cells are blank
    "177_zhaidian_health_chromium": DocumentPlan(CHROMIUM),
    # 424's, 433's, 452's and 456's forms with new figures printed by another producer (from a sweep of the real tune forms,
    # each stamped and scanned grey at 150 dpi, seed 6161); their seal twins are arrival.py's
    **{name: DocumentPlan(producer) for name, (producer, _) in SWEPT_SEAL150.items()},
}

#: (document, variant) → (kind, split).
LABELS: dict[tuple[str, str], tuple[str, str]] = {
    ("400_qingshen_wage", "digital"): ("real_sichuan_split_target_blank_scores", "tune"),
    ("400_qingshen_wage", "scan"): ("real_scan_150dpi", "holdout"),
    ("401_zhongjiang_gauge", "digital"): ("real_level1_points_weights_110", "tune"),
    ("402_tianchang_flood", "digital"): ("real_placeholder_rows_banner", "holdout"),
    ("402_tianchang_flood", "scan"): ("real_scan_200dpi", "holdout"),
    ("403_tangxi_entrust", "digital"): ("real_writer_zero_budget_total", "holdout"),
    ("404_langfang_hvac", "digital"): ("real_template_rows_truncated", "holdout"),
    ("405_yongde_nutrition", "digital"): ("real_split_target_two_row_header", "tune"),
    ("405_yongde_nutrition", "scan"): ("real_scan_200dpi_split_target", "holdout"),
    ("410_hubei_dept2020", "digital"): ("national_2020_dept_template", "tune"),
    ("410_hubei_dept2020", "scan"): ("scan_180dpi", "tune"),
    ("411_henan_rate_row", "digital"): ("budget_rate_level1_row", "tune"),
    ("412_guizhou_budget_block", "digital"): ("budget_block_10pts_split_target", "tune"),
    ("412_guizhou_budget_block", "scan"): ("scan_170dpi", "holdout"),
    ("413_yunnan_declaration", "digital"): ("declaration_midterm_annual", "tune"),
    ("414_chongqing_header_score", "digital"): ("header_block_score", "holdout"),
    ("415_gansu_level1_points", "digital"): ("level1_points_subtotal", "tune"),
    ("416_jiangxi_placeholders", "digital"): ("placeholder_rows_grade_row", "holdout"),
    ("416_jiangxi_placeholders", "scan"): ("scan_200dpi_upside_down", "holdout"),
    ("417_guangxi_values", "digital"): ("values_as_written", "tune"),
    ("418_yunnan_final_accounts", "digital"): ("final_accounts_report", "holdout"),
    ("420_hengshan_grain", "digital"): ("real_no_score_columns", "tune"),
    ("420_hengshan_grain", "scan"): ("real_scan_150dpi_no_score_columns", "tune"),
    ("421_xiaoxian_farming", "digital"): ("real_unweighted_subrows", "holdout"),
    ("421_xiaoxian_farming", "scan"): ("real_scan_200dpi_unweighted_subrows", "holdout"),
    ("422_jinzhai_village", "digital"): ("real_dept_numbered_names_overspent", "tune"),
    ("423_tangxi_villages", "digital"): ("real_writer_zero_budget_total", "holdout"),
    ("424_lijiang_satellite", "digital"): ("real_split_target_deductions", "tune"),
    ("424_lijiang_satellite", "scan"): ("real_scan_170dpi_split_target", "holdout"),
    ("425_hainan_services_trade", "digital"): ("real_weights_and_scores_only", "holdout"),
    ("425_hainan_services_trade", "scan"): ("real_scan_180dpi_weights_and_scores_only", "tune"),
    ("426_tanghu_town", "digital"): ("real_dept_scores_only_budget_20pts", "holdout"),
    ("427_mata_declaration", "digital"): ("real_declaration_projects_in_one_table", "holdout"),
    ("428_xiangtan_fog_cannon", "digital"): ("real_declaration_satisfaction_under_outcome", "holdout"),
    ("429_qingshan_education", "digital"): ("real_declaration_longterm_beside_year", "holdout"),
    # 430 moved to tune: its money cells printed with 万 (150万) and its title without an office designed
    # the budget block's amount reading and the title-unit rule
    ("430_ezhou_citizen_centre", "digital"): ("real_budget_line_100pts_rate_row", "tune"),
    ("430_ezhou_citizen_centre", "scan"): ("real_scan_200dpi_budget_line_100pts", "tune"),
    ("431_licheng_culture", "digital"): ("real_scoring_method_column_decimal_weights", "holdout"),
    # 432 moved to tune: its 执行率 printed as a share (0.958) designed reading a rate by its row's arithmetic
    ("432_yuan_relics", "digital"): ("real_budget_9pts_rate_as_fraction", "tune"),
    ("433_huanggang_soil_monitoring", "digital"): ("real_two_target_blocks_scores_only", "tune"),
    ("434_daying_justice_devices", "digital"): ("real_sichuan_budget_added_in_year_truncated", "tune"),
    ("435_dept_score_table_2017", "digital"): ("real_dept_points_in_every_label_scores_only", "tune"),
    ("436_yuan_rate_line", "digital"): ("rate_as_fraction_key_value_line", "tune"),
    ("437_shouxian_dept_numbered", "digital"): ("real_dept_numbered_rows_text_columns_truncated", "tune"),
    ("438_xueyuanlu_street_cleaning", "digital"): ("real_beijing_weight_before_target_half_spent_truncated", "tune"),
    ("439_chongqing_science_city_media", "digital"): ("real_chongqing_dept_names_only_core_column_truncated", "tune"),
    ("441_yinchuan_school_funds", "digital"): ("real_ningxia_four_part_weight_before_target_truncated", "tune"),
    ("442_nanyue_poverty_tourism", "digital"): ("real_declaration_ascii_signs_template_placeholders_approvals", "tune"),
    ("443_jiaoqu_village_public_works", "digital"): ("real_county_and_city_score_columns_rules_column_truncated", "tune"),
    ("444_ezhou_building_upkeep_declaration", "digital"): ("real_declaration_cost_table_headers_one_level_up_truncated", "tune"),
    ("445_dept_budget_management_review", "digital"): ("real_dept_review_formula_column_float_targets_paired_rows_truncated", "tune"),
    ("447_changjitu_fund_review", "digital"): ("real_weights_three_levels_repeated_two_row_header_blank_fill_ins", "tune"),
    ("448_port_core_capacity_review", "digital"): ("real_nested_weights_criteria_under_one_name_blank_fill_ins", "tune"),
    ("449_daying_consumer_campaign_progress", "digital"): ("real_banner_progress_column_unscored_no_title", "tune"),
    ("450_suiyang_taibai_dept_budget", "digital"): ("real_dept_budget_sources_per_row_points_truncated_at_header", "tune"),
    ("451_jishan_medical_insurance_match", "digital"): ("real_shanxi_deductions_total_off_by_budget_rounding", "tune"),
    ("452_xiangyang_hospital_campus_grant", "digital"): ("real_ticked_choice_lines_scores_only_truncated_in_row", "tune"),
    ("453_nanhua_mushroom_workshop", "digital"): ("real_yunnan_decimal_weights_outcome_row_in_output_block_truncated", "tune"),
    ("454_fengjie_yunwu_herb_drying_declaration", "digital"): ("real_declaration_point_ranges_cost_first_truncated", "tune"),
    ("455_chengan_centenarian_allowance", "digital"): ("real_hebei_four_parts_weight_share_explanation_under_points_header_truncated", "tune"),
    ("456_railway_line_safety_continuation", "digital"): ("real_sichuan_continuation_page_groups_begun_before_qualitative_row", "tune"),
    ("457_ningjin_high_school_grant_indicators", "digital"): ("real_hebei_evaluation_table_levels_named_by_content_points_total_only", "tune"),
    ("458_lechang_vocational_grant_targets", "digital"): ("real_guangdong_regional_target_table_four_level_offices_truncated", "tune"),
    ("459_ningde_gazetteer_dept_targets", "digital"): ("real_fujian_dept_target_table_duty_block_explanation_values_truncated", "tune"),
    ("460_jiayuguan_museum_free_opening_targets", "digital"): ("real_gansu_provincial_target_table_key_value_header_cost_level1", "tune"),
    ("461_wuchuan_minority_village_farm_declaration", "digital"): ("real_neimenggu_declaration_amounts_in_text_cells_banner_unit_price_costs_truncated", "tune"),
    ("462_fuliang_forestry_dept_targets", "digital"): ("real_jiangxi_dept_target_sheet_section_rows_asterisk_labels_split_target_truncated", "tune"),
    ("463_yuanzhou_seed_potato_breeding", "digital"): ("real_ningxia_special_fund_self_eval_total_in_header_level_subrows_unscored_row_truncated", "tune"),
    ("464_longyang_fertilizer_reduction", "digital"): ("real_yunnan_budget_20pts_low_execution_headline_tasks_scored_with_parts_truncated", "tune"),
    ("465_yueyang_farmland_declaration", "digital"): ("real_hunan_declaration_category_title_amounts_with_breakdown_note_row", "tune"),
    ("466_zhaidian_public_health_services", "digital"): ("real_shanxi_clinic_twenty_five_numbered_rows_decimal_scores_truncated", "tune"),
    ("467_rongchang_roadside_greening_declaration", "digital"): ("real_chongqing_declaration_unit_sign_value_order_funds_by_level_truncated", "tune"),
    ("468_yuanzhou_water_conservation_forest_declaration", "digital"): ("real_ningxia_declaration_bracketed_instructions_in_level2_sentence_rows_truncated", "tune"),
    ("469_linxiang_wildlife_shelter", "digital"): ("real_yunnan_level2_typed_again_blank_initial_budget_scored_down_truncated", "tune"),
    ("470_district_service_trade_fund", "digital"): ("real_block_points_below_level1_points_scores_only_total_without_budget", "tune"),
    ("471_xiangtan_fog_cannon_progress_plan_declaration", "digital"): ("real_declaration_progress_plan_long_and_year_goals_standard_column_truncated", "tune"),
    ("472_changning_pig_farm", "digital"): ("real_budget_fifth_spent_bare_rate_ticked_options_scores_only_truncated", "tune"),
    ("473_wuhai_recycling_market_declaration", "digital"): ("real_declaration_unmerged_levels_swapped_direction_headings_date_serial_truncated", "tune"),
    ("474_putuo_sports_centre_settlement", "digital"): ("real_shanghai_yuan_amounts_mixed_thousands_separator_ascii_signs", "tune"),
    **{(name, "digital"): ("digital/writer-form", "tune") for name in SWEPT_WRITER_204},
    ("177_zhaidian_health_chromium", "digital"): ("digital/chromium", "tune"),
    **{(name, "digital"): (f"digital/{producer}", "tune") for name, (producer, _) in SWEPT_SEAL150.items()},
}


def label_entry(entry: dict, document: str) -> dict:
    """The manifest entry with its kind and split, for the documents this module plans."""
    label = LABELS.get((document, entry["variant"]))
    if label:
        entry = {**entry, "kind": label[0], "split": label[1]}
    return entry

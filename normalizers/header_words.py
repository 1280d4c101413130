"""The words an indicator table's header cells print, as one closed vocabulary.

A 申报表 or 自评表 heads its columns with a few dozen fixed words (一级指标, 三级指标, 指标值,
权重, 指标性质, 度量单位 …). On a coarse fax the recogniser can misread a heading past
recognition ("微指标" for 三级指标, "40 411" for 一级指标); decoded under this vocabulary from
the same per-time-step probabilities, the heading's word usually keeps a fair share of them
(extractors/ocr/vocabulary_decoding.py). Headings that name no column role are listed too, so a
heading such as 指标方向性 is decoded as itself, not forced onto the nearest role word.
"""
from __future__ import annotations

__all__ = ["HEADER_WORDS"]

#: Column headings of indicator tables (the spellings columns.role_of knows, and the other
#: headings printed beside them on the same header rows).
HEADER_WORDS: tuple[str, ...] = (
    "一级指标", "二级指标", "三级指标", "指标名称", "指标内容",
    "权重", "分值", "满分", "标准分", "得分", "自评得分", "评分",
    "年度指标值", "指标值", "预期值", "目标值", "年度目标值", "全年预期目标",
    "实际完成值", "全年实际值", "实际值", "完成值", "实施进度", "完成进度",
    "指标性质", "度量单位", "计量单位", "指标方向性",
    "偏差原因", "偏差原因分析及改进措施", "评分标准", "评分依据", "指标解释",
    "单位名称", "项目名称", "预算数", "年度目标", "绩效目标",
)

"""Cell repair, value parsing and canonical indicator names.

``repair_text``/``repair_ocr_text`` fix what text layers and OCR get wrong;
``parse_number``/``parse_value`` read cells; ``mapping`` maps raw indicator names
onto the canonical schema in ``schema/canonical.yaml``.
"""
from jixiao.normalizers.ocr_repair import repair_ocr_text
from jixiao.normalizers.text_repair import join_lines, repair_text, strip_prefix
from jixiao.normalizers.value_parsing import parse_number, parse_value

__all__ = ["repair_text", "repair_ocr_text", "join_lines", "strip_prefix", "parse_number", "parse_value"]

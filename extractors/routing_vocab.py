"""Build the bigram table the router uses to tell a true text layer from a lying one.

A lying /ToUnicode map turns every character into another plausible character,
so single characters look fine but *pairs* do not: "江门市政务服务" has bigrams
that occur in forms, "在门巾以务服多" has almost none. The table holds the CJK
bigrams of the seed texts (text extracted from published forms) plus a list of
terms every 绩效自评表 prints. Seed text that is itself garbage (the seeds carry
broken text layers too) is left out: a run of CJK characters joins the table
only if a quarter of its bigrams are confirmed by the *other* seed documents or
by the form terms. Garbage runs score near 0, real text of one document alone
well above (leave-one-out, clean sample pages keep ≥ 0.54 of their bigrams in
a table built without their own document; lying pages ≤ 0.07 with the full one).

Run ``python -m jixiao.extractors.routing_vocab SEED_DIR`` to rebuild
``extractors/routing_vocab.txt`` (shipped as package data).

The router also trusts the bigrams of opencc's phrase list (the pinned
opencc-python-reimplemented). Cutting them out of its 1 MB dictionary took
~0.15 s in every worker, so they ship precomputed as ``extractors/routing_phrases.txt``
(``python -m jixiao.extractors.routing_vocab --phrases`` rebuilds it; a test
checks it against the installed dictionary).
"""
from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

VOCAB_PATH = Path(__file__).with_name("routing_vocab.txt")
PHRASES_PATH = Path(__file__).with_name("routing_phrases.txt")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")

#: Words printed on budget-performance forms regardless of region.
FORM_TERMS = """
绩效自评表 项目支出绩效自评表 部门整体支出绩效自评表 绩效目标申报表 绩效目标表 自评报告 整体支出
一级指标 二级指标 三级指标 指标名称 指标值 指标性质 度量单位 指标解释 评分标准 评分依据 计分方法
产出指标 数量指标 质量指标 时效指标 成本指标 效益指标 经济效益指标 社会效益指标 生态效益指标
可持续影响指标 满意度指标 服务对象满意度指标 群众满意度 社会公众满意度 职责履行 履职效能 管理效率
年度指标值 年度目标值 实际完成值 全年实际值 预期目标 实际完成情况 目标完成情况 完成情况 未完成原因
偏差原因分析及改进措施 偏差原因 改进措施 分值 权重 得分 自评得分 总分 合计 评价等级 优 良 中 差
预算执行率 预算执行情况 年初预算数 全年预算数 全年执行数 实际支出数 执行率 资金总额 当年财政拨款
上年结转资金 其他资金 基本支出 项目支出 财政拨款 万元 金额单位 填报单位 单位名称 项目名称 主管部门
实施单位 项目负责人 联系人 联系电话 评价年度 项目级次 资金安排情况 资金使用情况 绩效目标情况
年度总体目标 总体目标 长期目标 部门职能 政务服务 服务中心 人民政府 办公室 财政局 审计 财政监督
中央和省委巡视 市委巡察 发现问题 酌情扣分 满分为 各项指标 得分加总 指标分值上限 原则上
""".split()


def bigrams(text: str) -> list[str]:
    """Adjacent CJK character pairs, within runs of CJK characters only."""
    out: list[str] = []
    for run in CJK_RUN.findall(text):
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


def _confirmed_share(run: str, known: set[str]) -> float:
    pairs = bigrams(run)
    return sum(p in known for p in pairs) / len(pairs) if pairs else 0.0


def build(seed_dir: Path, min_confirmed: float = 0.25) -> set[str]:
    """Bigrams of the seeds' clean lines plus the form terms."""
    terms = {b for t in FORM_TERMS for b in bigrams(t)}
    docs = {p.name: p.read_text(encoding="utf-8") for p in sorted(seed_dir.glob("*.txt"))}
    per_doc = {name: set(bigrams(text)) for name, text in docs.items()}
    seen_in: dict[str, int] = defaultdict(int)
    for pairs in per_doc.values():
        for p in pairs:
            seen_in[p] += 1
    table = set(terms)
    for name, text in docs.items():
        others = {p for p, n in seen_in.items() if n - (p in per_doc[name]) > 0} | terms
        for run in CJK_RUN.findall(text):
            if _confirmed_share(run, others) >= min_confirmed:
                table.update(bigrams(run))
    return table


def write(table: set[str], path: Path = VOCAB_PATH,
          header: str = "# CJK bigrams of budget-performance forms; built by extractors/routing_vocab.py\n") -> None:
    path.write_text(header + "\n".join(sorted(table)) + "\n", encoding="utf-8")


def load(path: Path = VOCAB_PATH) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def opencc_phrase_file() -> Path | None:
    """opencc's simplified→traditional phrase list, None when opencc is not installed."""
    try:
        import opencc
    except ImportError:
        return None
    path = Path(opencc.__file__).parent / "dictionary" / "STPhrases.txt"
    return path if path.exists() else None


def phrase_bigrams(path: Path) -> set[str]:
    """CJK bigrams of the phrases (first column) of an opencc dictionary file."""
    text = path.read_text(encoding="utf-8")
    keys = "\n".join(re.findall(r"^[^\t\n]*", text, re.M))
    return {run[i:i + 2] for run in CJK_RUN.findall(keys) for i in range(len(run) - 1)}


def load_phrases() -> frozenset[str]:
    """The shipped bigrams of opencc's phrase list; cut from the installed dictionary if not shipped."""
    if PHRASES_PATH.exists():
        return load(PHRASES_PATH)
    source = opencc_phrase_file()
    return frozenset(phrase_bigrams(source)) if source else frozenset()


if __name__ == "__main__":
    if sys.argv[1:] == ["--phrases"]:
        source = opencc_phrase_file()
        if source is None:
            sys.exit("opencc is not installed")
        phrases = phrase_bigrams(source)
        write(phrases, PHRASES_PATH, "# CJK bigrams of opencc's STPhrases.txt (opencc-python-reimplemented, Apache-2.0); "
                                     "built by extractors/routing_vocab.py --phrases\n")
        print(f"{len(phrases)} bigrams -> {PHRASES_PATH}")
        sys.exit()
    if len(sys.argv) != 2:
        sys.exit("usage: python -m jixiao.extractors.routing_vocab SEED_DIR")
    built = build(Path(sys.argv[1]))
    write(built)
    print(f"{len(built)} bigrams -> {VOCAB_PATH}")

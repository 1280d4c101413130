"""`jixiao check FILE.pdf`: one file's forms and findings as readable tables.

An auditor reads this before any CSV: which forms were found, what each states
against what its figures imply, and every discrepancy with its explanation,
most serious first.
"""
from __future__ import annotations

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from jixiao.models.finding import Finding
from jixiao.models.form import BudgetBlock, Form
from jixiao.pipeline.validation.findings import num

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "needs_review": "magenta", "info": "cyan"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "needs_review": 2, "info": 3}
SHORT_SEVERITY = {"error": "err", "warning": "warn", "needs_review": "review", "info": "info"}
VERDICT_STYLE = {"ok": "green", "suspect": "bold magenta"}
#: Reasons listed per form in the forms table (the rest are counted).
REASONS_SHOWN = 3
KIND_LABEL = {
    "project_self_eval": "项目支出自评",
    "dept_self_eval": "部门整体自评",
    "target_declaration": "绩效目标申报",
    "narrative_report": "自评报告",
}


#: Below this console width findings are printed as a list, not a table.
WIDE_CONSOLE = 140


def render_check(source: str, forms: list[Form], findings: list[Finding], console: Console,
                 rows: bool = True) -> None:
    """Print the forms table, each form's indicator rows, the findings (table, or list on a
    narrow console) and a verdict."""
    console.print(Text(source, style="bold"))
    console.print(forms_table(forms, findings))
    if rows:
        for form in forms:
            if form.indicators:
                console.print(indicator_table(form, findings))
    if findings:
        if console.width >= WIDE_CONSOLE:
            console.print(findings_table(findings))
        else:
            console.print(Text("Findings", style="italic"))
            for finding in sorted_findings(findings):
                console.print(finding_block(finding))
    console.print(verdict_line(findings, forms))


def forms_table(forms: list[Form], findings: list[Finding]) -> Table:
    """One row per form; kind, title, pages and budget share a cell so the table fits 80 columns."""
    table = Table(title="Forms", title_justify="left", expand=True)
    table.add_column("#", justify="right")
    table.add_column("form", ratio=1, min_width=28, overflow="fold")
    for column in ("rows", "stated", "recomputed", "grade"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("findings", no_wrap=True)
    for form in forms:
        table.add_row(
            str(form.index),
            _form_cell(form),
            str(len(form.indicators)) if form.indicators else "",
            num(form.stated_total) if form.stated_total is not None else "",
            _recomputed(form, findings),
            form.stated_grade or "",
            _counts([f for f in findings if f.form_index == form.index]),
        )
    if not forms:
        table.add_row("", "[dim]no form found[/dim]", *[""] * 5)
    return table


def indicator_table(form: Form, findings: list[Finding]) -> Table:
    """The form's rows as read: name, weight, target → actual, score, and a mark where a finding points."""
    flagged = {f.row_index: f.severity for f in findings if f.form_index == form.index and f.row_index is not None}
    table = Table(title=f"Form {form.index}: indicator rows", title_justify="left", expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("三级指标", ratio=3, overflow="fold")
    table.add_column("weight", justify="right", no_wrap=True)
    table.add_column("target → actual", ratio=2, overflow="fold")
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("p.", justify="right", no_wrap=True)
    for ind in form.indicators:
        severity = flagged.get(ind.row_index)
        number = Text(str(ind.row_index + 1), style=SEVERITY_STYLE[severity] if severity else "")
        confidence = ind.provenance.confidence
        score = Text(num(ind.score) if ind.score is not None else "",
                     style="" if confidence >= 0.8 else "underline")
        table.add_row(number, Text(ind.level3_raw or ind.level3 or ind.level2_raw),
                      num(ind.weight) if ind.weight is not None else "",
                      Text(f"{ind.target.raw.strip()} → {ind.actual.raw.strip()}".strip(" →")),
                      score, str(ind.provenance.page))
    return table


def findings_table(findings: list[Finding]) -> Table:
    table = Table(title="Findings", title_justify="left", show_lines=True)
    for column, kwargs in (("form", {"justify": "right"}), ("severity", {}), ("rule", {}),
                           ("page", {"justify": "right"}), ("indicator", {"max_width": 24}),
                           ("stated", {"justify": "right"}), ("expected", {"justify": "right"}),
                           ("explanation", {"ratio": 1})):
        table.add_column(column, **kwargs)  # type: ignore[arg-type]
    for f in sorted_findings(findings):
        table.add_row(
            "" if f.form_index is None else str(f.form_index),
            Text(f.severity, style=SEVERITY_STYLE[f.severity]),
            f.rule,
            "" if f.page is None else str(f.page),
            f.indicator,
            f.stated,
            f.expected,
            f.message,
        )
    return table


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """Most serious first, then by form and row."""
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.form_index or 0,
                                           -1 if f.row_index is None else f.row_index))


def finding_block(f: Finding) -> Group:
    """A finding for a narrow console: a heading line, then the explanation indented."""
    text = Text()
    text.append(f"{f.severity:<7} ", style=SEVERITY_STYLE[f.severity])
    text.append(f.rule, style="bold")
    where = [f"form {f.form_index}" if f.form_index is not None else "", f"p.{f.page}" if f.page else "", f.indicator]
    text.append("  " + " · ".join(w for w in where if w))
    if f.stated or f.expected:
        text.append(f"  stated {f.stated or '—'} → expected {f.expected or '—'}", style="dim")
    return Group(text, Padding(Text(f.message), (0, 0, 0, 4)))


def budget_summary(budget: BudgetBlock | None) -> str:
    """"291.54 / 291.54 = 100% · 10/10": 执行数 / 预算数, rate, score / 分值."""
    if budget is None:
        return ""
    parts = []
    if budget.annual is not None or budget.executed is not None:
        parts.append(f"{num(budget.executed, 4)} / {num(budget.annual, 4)}")
    if budget.rate is not None:
        parts.append(f"{num(budget.rate)}%")
    text = " = ".join(parts)
    if budget.weight is not None or budget.score is not None:
        text += f" · {num(budget.score)}/{num(budget.weight)}"
    return text.strip(" ·")


def reading_lines(form: Form) -> Text:
    """The extraction verdict and its reasons (misreads first), e.g. "read: suspect" then
    "MISREAD_FITS@row3.score(77→7)" one per line."""
    text = Text("read: ", style="dim")
    text.append(form.verdict, style=VERDICT_STYLE.get(form.verdict, ""))
    doubts = [r for r in form.verdict_reasons if r.kind == "misread"]
    notes = [r for r in form.verdict_reasons if r.kind == "note"]
    for reason in (doubts + notes)[:REASONS_SHOWN]:
        text.append("\n" + reason.label(), style="" if reason.kind == "misread" else "dim")
    more = len(doubts) + len(notes) - REASONS_SHOWN
    if more > 0:
        text.append(f"\n+{more} more", style="dim")
    return text


def verdict_line(findings: list[Finding], forms: list[Form] = ()) -> Text:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_ORDER}
    suspect = [f.index for f in forms if f.verdict == "suspect"]
    review = f", {counts['needs_review']} needs review" if counts["needs_review"] else ""
    doubt = (f"; form{'s' if len(suspect) > 1 else ''} {', '.join(map(str, suspect))} may be misread"
             if suspect else "")
    if not counts["error"] and not counts["warning"]:
        style = "magenta" if suspect or review else "green"
        return Text(f"consistent: no error or warning ({counts['info']} info{review}){doubt}", style=style)
    return Text(f"{counts['error']} error(s), {counts['warning']} warning(s){review}, {counts['info']} info{doubt}",
                style=SEVERITY_STYLE["error" if counts["error"] else "warning"])


def _form_cell(form: Form) -> Text:
    """Kind and pages, then project, title and the budget block, one per line."""
    pages = f"p.{form.first_page}" if form.first_page == form.last_page else f"p.{form.first_page}–{form.last_page}"
    text = Text(f"{KIND_LABEL.get(form.kind, form.kind)}  {pages}", style="bold")
    for line in (form.project, form.title or form.unit):
        if line:
            text.append("\n" + line, style="")
    budget = budget_summary(form.budget)
    if budget:
        text.append("\n预算执行 " + budget, style="dim")
    text.append("\n")
    text.append_text(reading_lines(form))
    return text


def _recomputed(form: Form, findings: list[Finding]) -> Text:
    """The recomputed total, highlighted when a total rule questions the stated one."""
    if form.recomputed_total is None:
        return Text("")
    questioned = [f for f in findings if f.form_index == form.index and f.rule.startswith("TOTAL_")]
    style = SEVERITY_STYLE[questioned[0].severity] if questioned else ""
    return Text(num(form.recomputed_total), style=style)


def _counts(findings: list[Finding]) -> Text:
    text = Text()
    for severity in SEVERITY_ORDER:
        n = sum(1 for f in findings if f.severity == severity)
        if n:
            text.append(f"{n} {SHORT_SEVERITY[severity]} ", style=SEVERITY_STYLE[severity])
    return text

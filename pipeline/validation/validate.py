"""The validator: re-score every form and explain each discrepancy.

Forms may come from truth files or from PDFs; the validator only reads
``models.Form``. Each rule lives in ``jixiao.pipeline.validation.rules`` (codes and severities in
``jixiao.pipeline.validation.codes``, tolerances in ``jixiao.normalizers.tolerance``).
"""
from __future__ import annotations

from jixiao.models.finding import Finding
from jixiao.models.form import Form
from jixiao.pipeline.validation.rules import CHECKS, FormContext, build_context


def validate_form(form: Form) -> list[Finding]:
    """Every finding for one form, in rule order."""
    return _findings(build_context(form))


def _findings(ctx: FormContext) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(ctx)]


def validate_forms(forms: list[Form]) -> list[Finding]:
    """Findings for all forms; also fills ``recomputed_total`` of every scored form (from the same
    context the rules use: no rule reads ``recomputed_total``)."""
    findings: list[Finding] = []
    for form in forms:
        ctx = build_context(form)
        form.recomputed_total = ctx.recomputed_total()
        findings.extend(_findings(ctx))
    return findings


def recompute_total(form: Form) -> float | None:
    """The total the form's figures imply (rows, plus the 预算执行 score where it
    belongs to the 100); None for forms with nothing to score."""
    return build_context(form).recomputed_total()

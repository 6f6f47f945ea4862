"""The plan as a PDF in the organisation's layout (WeasyPrint, as the invoices: web/billing/documents.py):
reference, meeting, question, agreements, the plan's other fields and the professional's decision."""

from typing import Any

from flask import render_template

from workflow.plan_sharing import plan_contents


def plan_html(case: Any) -> str:
    return render_template("plan_share/plan_pdf.html", plan=plan_contents(case))


def plan_pdf(case: Any) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, needed only when a PDF is made

    return HTML(string=plan_html(case)).write_pdf()

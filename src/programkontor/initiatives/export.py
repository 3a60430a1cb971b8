"""The requirement specification as a document for a tender: PDF (WeasyPrint) and DOCX (python-docx).

Both carry the same content, from :func:`specification`: the initiative, its description and the
specification's introduction, and the requirements grouped by MoSCoW priority (MUST first), each with
its number, text and rationale. The business case stays out: its costs are internal.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from programkontor.governance.interfaces import font_faces, html_to_pdf
from programkontor.initiatives.models import Initiative, Requirement
from programkontor.planning.models.base import Priority

if TYPE_CHECKING:
    import datetime


@dataclass(frozen=True)
class Group:
    priority: str
    label: str
    requirements: list[Requirement]


@dataclass(frozen=True)
class Specification:
    initiative: Initiative
    target: str
    groups: list[Group]
    count: int
    date: datetime.date

    @property
    def filename(self) -> str:
        return f"kravspecifikation-{slugify(self.initiative.title)[:60] or self.initiative.pk}"


def specification(initiative: Initiative, requirements: list[Requirement]) -> Specification:
    groups = [
        Group(value, str(label), [row for row in requirements if row.priority == value])
        for value, label in Priority.choices
    ]
    return Specification(
        initiative=initiative,
        target=str(initiative.target),
        groups=[group for group in groups if group.requirements],
        count=len(requirements),
        date=timezone.localdate(),
    )


def specification_pdf(spec: Specification) -> bytes:
    css = (Path(__file__).resolve().parent / "static" / "initiatives" / "print.css").read_text(
        encoding="utf-8"
    )
    html = render_to_string(
        "initiatives/specification_print.html", {"spec": spec, "font_faces": font_faces(), "print_css": css}
    )
    return html_to_pdf(html)


def specification_docx(spec: Specification) -> bytes:
    from docx import Document

    document = Document()
    initiative = spec.initiative
    document.core_properties.title = _("Requirement specification: %(title)s") % {"title": initiative.title}
    document.add_heading(_("Requirement specification"), level=0)
    document.add_heading(initiative.title, level=1)
    document.add_paragraph(
        _("%(target)s — requirements: %(count)d — %(date)s")
        % {"target": spec.target, "count": spec.count, "date": spec.date.strftime("%d.%m.%Y")}
    )
    if initiative.description:
        document.add_heading(_("Background"), level=2)
        for paragraph in initiative.description.split("\n\n"):
            document.add_paragraph(paragraph.strip())
    if initiative.specification_intro:
        document.add_heading(_("Introduction"), level=2)
        for paragraph in initiative.specification_intro.split("\n\n"):
            document.add_paragraph(paragraph.strip())
    for group in spec.groups:
        document.add_heading(group.label, level=2)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        header = table.rows[0].cells
        header[0].text, header[1].text, header[2].text = _("No."), _("Requirement"), _("Rationale")
        for row in group.requirements:
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = row.number, row.text, row.rationale
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

"""The report written out: DOCX from the restylable template, PDF through WeasyPrint, and the xlsx annex.

DOCX: `templates/reports/bao_cao.docx` carries the page (A4, Nghị định 30/2020 margins) and the named styles below;
staff restyle it in Word (fonts, sizes, spacing) and every report follows. A style removed from the template falls
back to Word's "Normal". `make_template()` rebuilds the default template.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from tayninh_thidua.lib.xlsx import Workbook

from .context import EXEMPLAR_HEADER, HONOUR_HEADER, header_labels, honour_rows

TEMPLATE_NAME = Path("reports") / "bao_cao.docx"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Style name → (font size pt, bold, italic, alignment, space after pt). Times New Roman, as Nghị định 30/2020 asks.
STYLES = {
    "ND30 Cơ quan chủ quản": (12, False, False, "center", 0),
    "ND30 Cơ quan ban hành": (12, True, False, "center", 0),
    "ND30 Quốc hiệu": (12, True, False, "center", 0),
    "ND30 Tiêu ngữ": (13, True, False, "center", 0),
    "ND30 Số ký hiệu": (13, False, False, "center", 0),
    "ND30 Địa danh": (13, False, True, "center", 0),
    "ND30 Tên loại": (14, True, False, "center", 0),
    "ND30 Trích yếu": (14, True, False, "center", 12),
    "ND30 Đề mục": (13, True, False, "left", 6),
    "ND30 Nội dung": (13, False, False, "justify", 6),
    "ND30 Nơi nhận": (11, False, False, "left", 0),
    "ND30 Chức vụ ký": (13, True, False, "center", 0),
    "ND30 Họ tên ký": (13, True, False, "center", 0),
    "ND30 Bảng": (11, False, False, "left", 0),
}


def template_path() -> Path:
    return Path(settings.BASE_DIR) / "templates" / TEMPLATE_NAME


def make_template(path: Path | None = None) -> Path:
    """Write the default template: A4, margins top/bottom 20 mm, left 30 mm, right 15 mm, the named styles."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    path = path or template_path()
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(13)
    align = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }
    for name, (size, bold, italic, alignment, after) in STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.name, style.font.size, style.font.bold, style.font.italic = "Times New Roman", Pt(size), bold, italic
        style.paragraph_format.alignment = align[alignment]
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.space_before = Pt(0)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


class _Writer:
    def __init__(self) -> None:
        from docx import Document

        self.doc = Document(str(template_path()))
        self.names = {style.name for style in self.doc.styles}
        self.ids = {style.name: style.style_id for style in self.doc.styles}

    def style(self, name: str) -> str | None:
        return name if name in self.names else None

    def set_style(self, paragraph, name: str) -> None:
        # By id: python-docx looks a style name up in the whole styles part on every assignment (slow in big tables).
        paragraph._p.style = self.ids.get(name)

    def para(self, text: str, style: str, *, container=None, underline: bool = False):
        container = container or self.doc
        paragraph = container.add_paragraph(style=self.style(style))
        run = paragraph.add_run(text)
        run.underline = underline or None
        return paragraph

    def cell(self, cell, lines: list[tuple[str, str]], *, underline_last: bool = False) -> None:
        cell.paragraphs[0].text = ""
        first = True
        for i, (text, style) in enumerate(lines):
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            self.set_style(paragraph, style)
            run = paragraph.add_run(text)
            if underline_last and i == len(lines) - 1:
                run.underline = True

    def heading(self, ctx: dict) -> None:
        """The two-column head: issuing body and number left; national heading, motto, place and date right."""
        table = self.doc.add_table(rows=2, cols=2)
        left, right = table.rows[0].cells
        lines = [(ctx["issuing_parent"], "ND30 Cơ quan chủ quản"), (ctx["issuing_body"], "ND30 Cơ quan ban hành")]
        self.cell(left, [(text, style) for text, style in lines if text])
        self.cell(right, [(ctx["nation"], "ND30 Quốc hiệu"), (ctx["motto"], "ND30 Tiêu ngữ")], underline_last=True)
        number, place = table.rows[1].cells
        self.cell(number, [(ctx["number"], "ND30 Số ký hiệu")])
        self.cell(place, [(ctx["place_date"], "ND30 Địa danh")])

    def table(self, header: list[str], rows: list[list], totals: list | None = None) -> None:
        from docx.table import _Cell

        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid" if "Table Grid" in self.names else None
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            self.cell(cell, [(str(text), "ND30 Bảng")])
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for values in [*rows, *([totals] if totals else [])]:
            # The row's own cells: `_Row.cells` lays out the whole table each time, quadratic in its rows.
            cells = [_Cell(tc, table) for tc in table.add_row()._tr.tc_lst]
            for cell, value in zip(cells, values, strict=True):
                cell.text = "" if value is None else (f"{value:%d/%m/%Y}" if hasattr(value, "strftime") else str(value))
                self.set_style(cell.paragraphs[0], "ND30 Bảng")


def render_docx(ctx: dict) -> bytes:
    w = _Writer()
    w.heading(ctx)
    w.para(ctx["document_type"], "ND30 Tên loại")
    w.para(ctx["title"], "ND30 Trích yếu")
    w.para("I. " + ctx["kind_label"].upper() + " – " + _("KẾT QUẢ"), "ND30 Đề mục")
    for line in ctx["body"]:
        w.para(line, "ND30 Nội dung")
    for n, table in enumerate(ctx["tables"], start=1):
        w.para(f"{n}. {table.title}", "ND30 Đề mục")
        w.table(table.header, table.as_rows(), [_("Cộng"), *table.totals])
    w.para("II. " + _("DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN"), "ND30 Đề mục")
    if ctx["exemplars"]:
        w.table(ctx["exemplar_header"], ctx["exemplars"])
    if ctx["exemplars_cut"]:
        note = _("Danh sách đầy đủ %(n)s điển hình: xem phụ lục (tệp xlsx).") % {"n": ctx["figures"].exemplars}
        w.para(note, "ND30 Nội dung")
    w.para("III. " + _("BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ"), "ND30 Đề mục")
    w.para(f"1. {_('Báo cáo đã nhận')} ({len(ctx['reports_received'])})", "ND30 Đề mục")
    if ctx["reports_received"]:
        w.table(ctx["received_header"], ctx["reports_received"])
    w.para(f"2. {_('Báo cáo chưa nộp hoặc phải bổ sung')} ({len(ctx['reports_missing'])})", "ND30 Đề mục")
    if ctx["reports_missing"]:
        w.table(ctx["missing_header"], ctx["reports_missing"])
    _signature(w, ctx)
    buffer = io.BytesIO()
    w.doc.save(buffer)
    return buffer.getvalue()


def _signature(w: _Writer, ctx: dict) -> None:
    table = w.doc.add_table(rows=1, cols=2)
    recipients, signer = table.rows[0].cells
    w.cell(recipients, [(_("Nơi nhận:"), "ND30 Nơi nhận")] + [(f"- {r}", "ND30 Nơi nhận") for r in ctx["recipients"]])
    w.cell(
        signer,
        [
            (ctx["signer_title"], "ND30 Chức vụ ký"),
            ("", "ND30 Chức vụ ký"),
            ("", "ND30 Chức vụ ký"),
            (ctx["signer_name"] or "", "ND30 Họ tên ký"),
        ],
    )


def render_pdf(ctx: dict) -> bytes:
    from PIL import ImageFile
    from weasyprint import HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = False  # weasyprint sets it on import; see contests/certificates.py
    return HTML(string=render_to_string("reports/bao_cao.html", ctx)).write_pdf()


def render_annex(ctx: dict) -> bytes:
    """The xlsx annex: every summary table, every exemplar and every honour of the scope (no limit)."""
    from .context import exemplar_rows

    book = Workbook()
    for n, table in enumerate(ctx["tables"], start=1):
        sheet = book.create_sheet(f"{n}. {table.title}"[:31])
        sheet.append(table.header)
        for row in table.as_rows():
            sheet.append(row)
        sheet.append([_("Cộng"), *table.totals])
    sheet = book.create_sheet(_("Điển hình"))
    sheet.append(header_labels(*EXEMPLAR_HEADER))
    for row in exemplar_rows(ctx["scope"]):
        sheet.append(row)
    sheet = book.create_sheet(_("Khen thưởng"))
    sheet.append(header_labels(*HONOUR_HEADER))
    for row in honour_rows(ctx["scope"]):
        sheet.append(row)
    for title, header, rows in (
        (_("Báo cáo đã nhận"), ctx["received_header"], ctx["reports_received"]),
        (_("Báo cáo chưa nộp"), ctx["missing_header"], ctx["reports_missing"]),
    ):
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FORMATS = {
    "docx": (render_docx, DOCX_TYPE),
    "pdf": (render_pdf, "application/pdf"),
    "xlsx": (render_annex, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}

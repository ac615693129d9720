"""The council's minutes (biên bản kiểm phiếu) as DOCX and PDF, in the administrative-document layout of
Nghị định 30/2020/NĐ-CP: the two-column head (issuing body and number; national heading and motto, place and date),
the document type and summary, the body, the signatures.

Same libraries and versions as the #13 report documents (python-docx 1.2.0, WeasyPrint 70) and the same paragraph
style names ("ND30 …"), so the writer below can be swapped for a shared ND30 module once one lives in the site
library: `context_for` builds the figures; `render_docx`/`render_pdf` only lay them out.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from tayninh_thidua.lib.pdf import html_to_pdf

from .models import CouncilMember

ISSUING_PARENT = "UBND TỈNH TÂY NINH"
ISSUING_BODY = "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PLACE = "Tây Ninh"

# Style name → (font size pt, bold, italic, alignment): Times New Roman, as Nghị định 30/2020 asks.
STYLES = {
    "ND30 Cơ quan chủ quản": (12, False, False, "center"),
    "ND30 Cơ quan ban hành": (12, True, False, "center"),
    "ND30 Quốc hiệu": (12, True, False, "center"),
    "ND30 Tiêu ngữ": (13, True, False, "center"),
    "ND30 Số ký hiệu": (13, False, False, "center"),
    "ND30 Địa danh": (13, False, True, "center"),
    "ND30 Tên loại": (14, True, False, "center"),
    "ND30 Trích yếu": (14, True, False, "center"),
    "ND30 Đề mục": (13, True, False, "left"),
    "ND30 Nội dung": (13, False, False, "justify"),
    "ND30 Bảng": (11, False, False, "left"),
    "ND30 Chức vụ ký": (13, True, False, "center"),
    "ND30 Họ tên ký": (13, True, False, "center"),
}


def _percent(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",") + "%"


def context_for(session) -> dict:
    """Every figure of the minutes, from the session's rows (receipts, ballots, results): the one source of both
    documents, which tests compare with the tally."""
    ranks = {role: i for i, role in enumerate(CouncilMember.Role.values)}  # chair, vice-chair, standing, member
    members = sorted(session.council.members.serving_on(session.date), key=lambda m: (ranks[m.role], m.name))
    present_ids = set(session.present.values_list("pk", flat=True))
    written = session.receipts.filter(written=True).count()
    ballots = session.ballots.count()
    valid = session.ballots.filter(valid=True).count()
    results = list(session.results.select_related("nomination__agency", "nomination__award_type"))
    chair = next((m for m in members if m.role == "chair"), None)
    rows = []
    for n, result in enumerate(results, start=1):
        nomination = result.nomination
        rule = (_("trên %(p)s") if result.strictly_more else _("từ %(p)s")) % {"p": _percent(result.required_share)}
        rows.append(
            [
                str(n),
                nomination.nominee_name,
                nomination.agency.name,
                nomination.award_type.name,
                str(result.agree),
                str(result.disagree),
                _percent(result.share),
                rule,
                _("Đạt") if result.passed else _("Không đạt"),
            ]
        )
    return {
        "issuing_parent": ISSUING_PARENT,
        "issuing_body": ISSUING_BODY,
        "nation": NATION,
        "motto": MOTTO,
        "number": _("Số: …/BB-HĐTĐKT"),
        "place_date": _("%(place)s, ngày %(d)s tháng %(m)s năm %(y)s")
        % {"place": PLACE, "d": f"{session.date:%d}", "m": f"{session.date:%m}", "y": session.date.year},
        "document_type": _("BIÊN BẢN"),
        "title": _("Kiểm phiếu bỏ phiếu kín xét khen thưởng – %(session)s") % {"session": session.title},
        "session": session,
        "members": [
            [str(i), m.name, m.get_role_display(), _("Có mặt") if m.pk in present_ids else _("Vắng mặt")]
            for i, m in enumerate(members, start=1)
        ],
        "members_total": session.members_total,
        "present": len(present_ids),
        "ballots_issued": len(present_ids) + written,
        "ballots_returned": ballots,
        "written": written,
        "valid": valid,
        "invalid": ballots - valid,
        "results": rows,
        "result_header": [
            _("STT"),
            _("Họ tên, tập thể"),
            _("Đơn vị"),
            _("Hình thức đề nghị"),
            _("Đồng ý"),
            _("Không đồng ý"),
            _("Tỷ lệ/tổng số thành viên"),
            _("Yêu cầu"),
            _("Kết quả"),
        ],
        "member_header": [_("STT"), _("Họ và tên"), _("Vai trò"), _("Tham dự")],
        "signer_title": _("CHỦ TỊCH HỘI ĐỒNG"),
        "signer_name": chair.name if chair else "",
        "body": [
            _("Tổng số thành viên Hội đồng: %(n)s. Có mặt: %(p)s. Phiếu bằng văn bản của thành viên vắng mặt: %(w)s.")
            % {"n": session.members_total, "p": len(present_ids), "w": written},
            _("Số phiếu phát ra: %(i)s. Số phiếu thu về: %(r)s. Phiếu hợp lệ: %(v)s. Phiếu không hợp lệ: %(x)s.")
            % {"i": len(present_ids) + written, "r": ballots, "v": valid, "x": ballots - valid},
            _("Tỷ lệ phiếu đồng ý được tính trên tổng số thành viên Hội đồng."),
        ],
    }


def _document():
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

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
    for name, (size, bold, italic, alignment) in STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.name, style.font.size, style.font.bold, style.font.italic = "Times New Roman", Pt(size), bold, italic
        style.paragraph_format.alignment = align[alignment]
        style.paragraph_format.space_after = Pt(0)
    return doc


def _cell(cell, lines: list[tuple[str, str]], *, underline_last: bool = False) -> None:
    for i, (text, style) in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.style = style
        run = paragraph.add_run(text)
        if underline_last and i == len(lines) - 1:
            run.underline = True


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell(cell, [(text, "ND30 Bảng")])
        cell.paragraphs[0].runs[0].bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            _cell(cell, [(text, "ND30 Bảng")])


def render_docx(ctx: dict) -> bytes:
    doc = _document()
    head = doc.add_table(rows=2, cols=2)
    _cell(
        head.rows[0].cells[0],
        [(ctx["issuing_parent"], "ND30 Cơ quan chủ quản"), (ctx["issuing_body"], "ND30 Cơ quan ban hành")],
    )
    _cell(
        head.rows[0].cells[1], [(ctx["nation"], "ND30 Quốc hiệu"), (ctx["motto"], "ND30 Tiêu ngữ")], underline_last=True
    )
    _cell(head.rows[1].cells[0], [(ctx["number"], "ND30 Số ký hiệu")])
    _cell(head.rows[1].cells[1], [(ctx["place_date"], "ND30 Địa danh")])
    doc.add_paragraph(ctx["document_type"], style="ND30 Tên loại")
    doc.add_paragraph(ctx["title"], style="ND30 Trích yếu")
    doc.add_paragraph(_("I. THÀNH VIÊN HỘI ĐỒNG"), style="ND30 Đề mục")
    _table(doc, ctx["member_header"], ctx["members"])
    doc.add_paragraph(_("II. KẾT QUẢ KIỂM PHIẾU"), style="ND30 Đề mục")
    for line in ctx["body"]:
        doc.add_paragraph(line, style="ND30 Nội dung")
    _table(doc, ctx["result_header"], ctx["results"])
    sign = doc.add_table(rows=1, cols=2)
    _cell(
        sign.rows[0].cells[1],
        [
            (ctx["signer_title"], "ND30 Chức vụ ký"),
            ("", "ND30 Chức vụ ký"),
            ("", "ND30 Chức vụ ký"),
            (ctx["signer_name"], "ND30 Họ tên ký"),
        ],
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render_pdf(ctx: dict) -> bytes:
    return html_to_pdf(render_to_string("exemplars/minutes.html", ctx))

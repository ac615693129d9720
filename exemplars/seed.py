"""Award types to seed, from ../shared/DOMAIN.md (provincial level).

Each award type is seeded once per legal regime, so a nomination is judged by the version in force
for its period: the 2003 law with Decree 91/2017 (until 31/12/2023), Law 06/2022/QH15 with Decree
98/2023 (01/01/2024–30/06/2025), then Decree 152/2025 with Circular 15/2025/TT-BNV (from 01/07/2025).
Values marked "cần xác nhận" were not checked against the official text: staff edit them in the admin.
"""

from __future__ import annotations

import datetime as dt

REGIMES = [
    (
        "Luật Thi đua, Khen thưởng 2003 (sửa đổi, bổ sung 2013); Nghị định 91/2017/NĐ-CP",
        dt.date(2017, 7, 31),
        dt.date(2023, 12, 31),
    ),
    (
        "Luật Thi đua, Khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP",
        dt.date(2024, 1, 1),
        dt.date(2025, 6, 30),
    ),
    (
        "Luật Thi đua, Khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP; Thông tư 15/2025/TT-BNV",
        dt.date(2025, 7, 1),
        None,
    ),
]

TITLE_DOCS = ["proposal", "achievement-report", "meeting-minutes"]
EMULATION_FIGHTER_DOCS = [*TITLE_DOCS, "initiative"]
COMMENDATION_DOCS = ["proposal", "achievement-report", "meeting-minutes"]
PROVINCIAL_CHAIRMAN = "Chủ tịch UBND tỉnh"
HEAD_OF_AGENCY = "Thủ trưởng cơ quan, đơn vị"

# name, kind, recipient, level, criteria, decided_by, vote_share, documents, (prerequisite, count), notes
AWARD_TYPES = [
    (
        "Lao động tiên tiến",
        "title",
        "individual",
        "base",
        "Hoàn thành tốt nhiệm vụ được giao; tiêu chuẩn chi tiết do tỉnh quy định.",
        HEAD_OF_AGENCY,
        None,
        TITLE_DOCS,
        None,
        "",
    ),
    (
        "Chiến sĩ thi đua cơ sở",
        "title",
        "individual",
        "base",
        "Đạt danh hiệu Lao động tiên tiến và có sáng kiến được công nhận ở cấp cơ sở. Theo nghị định cũ, "
        "số lượng không quá khoảng 15% số Lao động tiên tiến.",
        HEAD_OF_AGENCY,
        None,
        EMULATION_FIGHTER_DOCS,
        None,
        "Tỷ lệ giới hạn hiện hành cần xác nhận.",
    ),
    (
        "Chiến sĩ thi đua cấp tỉnh",
        "title",
        "individual",
        "province",
        "Có 3 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở và có sáng kiến có phạm vi ảnh hưởng cấp tỉnh; "
        "Hội đồng Thi đua – Khen thưởng bỏ phiếu kín.",
        PROVINCIAL_CHAIRMAN,
        "90",
        EMULATION_FIGHTER_DOCS,
        ("Chiến sĩ thi đua cơ sở", 3),
        "Tỷ lệ phiếu (≥ 90% tổng số thành viên hội đồng theo quy định cũ) cần xác nhận.",
    ),
    (
        "Tập thể lao động tiên tiến",
        "title",
        "collective",
        "base",
        "Hoàn thành tốt nhiệm vụ; trên 50% thành viên đạt danh hiệu Lao động tiên tiến (văn bản cũ).",
        HEAD_OF_AGENCY,
        None,
        TITLE_DOCS,
        None,
        "",
    ),
    (
        "Tập thể lao động xuất sắc",
        "title",
        "collective",
        "province",
        "Hoàn thành xuất sắc nhiệm vụ; mọi thành viên hoàn thành nhiệm vụ, tỷ lệ cao hoàn thành xuất sắc; "
        "có cá nhân đạt Chiến sĩ thi đua cơ sở.",
        PROVINCIAL_CHAIRMAN,
        None,
        TITLE_DOCS,
        None,
        "Tỷ lệ thành viên hoàn thành xuất sắc cần xác nhận.",
    ),
    (
        "Cờ thi đua của UBND tỉnh",
        "title",
        "collective",
        "province",
        "Dẫn đầu cụm, khối thi đua hoặc phong trào thi đua; có mô hình mới đáng nhân rộng.",
        PROVINCIAL_CHAIRMAN,
        None,
        TITLE_DOCS,
        None,
        "",
    ),
    (
        "Bằng khen của Chủ tịch UBND tỉnh",
        "commendation",
        "both",
        "province",
        "2 lần liên tục đạt Chiến sĩ thi đua cơ sở, hoặc 2 năm liên tục hoàn thành xuất sắc nhiệm vụ và có 2 "
        "sáng kiến; hoặc thành tích theo chuyên đề, đột xuất.",
        PROVINCIAL_CHAIRMAN,
        None,
        COMMENDATION_DOCS,
        None,
        "",
    ),
    (
        "Giấy khen",
        "commendation",
        "both",
        "base",
        "Do người đứng đầu cơ quan ban hành quy định.",
        "Giám đốc sở, ngành; Chủ tịch UBND cấp xã",
        None,
        COMMENDATION_DOCS,
        None,
        "",
    ),
]

# Cultural-family titles follow Decree 86/2023/NĐ-CP, not the emulation decrees: one version each.
CULTURAL_TITLES = [
    ("Gia đình văn hóa", "household", "Cấp xã"),
    ("Thôn, tổ dân phố văn hóa", "household", "Cấp xã, cấp tỉnh"),
]
CULTURAL_BASIS = "Nghị định 86/2023/NĐ-CP"

"""The 2021–2025 plan of the Tây Ninh People's Committee, as data.

Source: shared/seed/000_c37ee63bf2078da7.txt ("Tây Ninh: Thúc đẩy và nâng cao chất lượng các
phong trào thi đua yêu nước", 25/02/2021). The article names the eleven movements and, in one
sentence, the eleven sectors ("các ngành …") that "chủ trì" them. Where the lead is the sector named in that
sentence for the movement's own subject (Giáo dục và Đào tạo for "Dạy tốt - Học tốt", Y tế for "12 Điều Y đức"
…), the plan states the lead: those movements are seeded confirmed (`LEADS_STATED_IN_PLAN`). The others are
inferred and seeded unconfirmed (`lead_confirmed=False`, shown "dự kiến") for staff to confirm: the youth
movement (no sector of the sentence has youth as its subject) and the campaign (its lead, the Fatherland Front,
is not among the sectors). Exact phase dates are not in the text either (only "2021 – 2023 và 2023 – 2025");
they are seeded as inferred.
"""

import datetime as dt

PROVINCE = "UBND tỉnh Tây Ninh"
INFERRED_LEAD = (
    "Suy luận theo lĩnh vực từ kế hoạch (kế hoạch không ghép từng phong trào với đơn vị chủ trì); cần cán bộ xác nhận."
)
INFERRED_DATES = "Kế hoạch chỉ nêu năm của hai giai đoạn; ngày cụ thể là dự kiến."
MERGER_2025 = "Sắp xếp tổ chức bộ máy năm 2025 (cần cán bộ xác nhận tên gọi và ngày hiệu lực)."

D, SBN, PARTY, AF, MASS, PRESS, PC = (
    "district",
    "provincial-department",
    "party-body",
    "armed-forces",
    "mass-organisation",
    "press",
    "peoples-committee",
)

# name, short name, kind. The eleven leading bodies first, then the contest's co-organisers.
AGENCIES: list[tuple[str, str, str]] = [
    (PROVINCE, "UBND tỉnh", PC),
    ("Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", SBN),
    ("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", SBN),
    ("Sở Văn hoá - Thể thao và Du lịch", "Sở VH-TT&DL", SBN),
    ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT", SBN),
    ("Công an tỉnh", "Công an tỉnh", AF),
    ("Bộ Chỉ huy Quân sự tỉnh", "BCH Quân sự tỉnh", AF),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "BCH BĐBP tỉnh", AF),
    ("Sở Y tế", "Sở Y tế", SBN),
    ("Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH", SBN),
    ("Sở Nội vụ", "Sở Nội vụ", SBN),
    ("Ban Tuyên giáo Tỉnh uỷ", "Ban Tuyên giáo Tỉnh uỷ", PARTY),
    ("Hội Nhà báo tỉnh", "Hội Nhà báo tỉnh", MASS),
    ("Báo Tây Ninh", "Báo Tây Ninh", PRESS),
    ("Đài Phát thanh và Truyền hình tỉnh", "Đài PT-TH tỉnh", PRESS),
    ("Uỷ ban Mặt trận Tổ quốc Việt Nam tỉnh", "UBMTTQ tỉnh", MASS),
]

LEADING_BODIES = [name for name, _short, _kind in AGENCIES[1:12]]
CONTEST_ORGANISER = "Sở Văn hoá - Thể thao và Du lịch"
CONTEST_CO_ORGANISERS = [name for name, _short, _kind in AGENCIES[12:]]

# Successor bodies after the 2025 reorganisation: (old, new name, new short name, kind, date).
SUCCESSORS: list[tuple[str, str, str, str, dt.date]] = [
    ("Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", SBN, dt.date(2025, 3, 1)),
    ("Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Tài chính", SBN, dt.date(2025, 3, 1)),
    ("Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ", "Sở Nội vụ", SBN, dt.date(2025, 3, 1)),
    ("Ban Tuyên giáo Tỉnh uỷ", "Ban Tuyên giáo và Dân vận Tỉnh uỷ", "Ban TG&DV Tỉnh uỷ", PARTY, dt.date(2025, 3, 1)),
]

PLAN = {
    "code": "dien-hinh-tien-tien-2021-2025",
    "issuer": PROVINCE,
    "number": "",
    "issued_on": dt.date(2021, 2, 25),
    "title": "Kế hoạch phát hiện, bồi dưỡng, xây dựng và nhân rộng điển hình tiên tiến "
    "trong phong trào thi đua yêu nước tỉnh Tây Ninh giai đoạn 2021 – 2025",
    "summary": (
        "UBND tỉnh yêu cầu các cấp uỷ Đảng, chính quyền xây dựng kế hoạch, đề ra tiêu chí cụ thể về điển hình "
        "tiên tiến, kịp thời phát hiện, nhân rộng gương điển hình tiên tiến ở cơ quan, đơn vị, địa phương, doanh "
        "nghiệp, trường học. Việc phát hiện, xây dựng, nhân rộng các mô hình, điển hình tiên tiến gắn liền với sơ "
        "kết, tổng kết các phong trào thi đua, các cuộc vận động của mỗi cấp, mỗi ngành."
    ),
    "source": "Bài “Tây Ninh: Thúc đẩy và nâng cao chất lượng các phong trào thi đua yêu nước”, 25/02/2021 (số hiệu kế hoạch chưa rõ).",
}

# name, start, end, preliminary review, final review
PHASES = [
    ("Giai đoạn 2021 – 2023", dt.date(2021, 2, 25), dt.date(2023, 6, 30), dt.date(2022, 6, 30), dt.date(2023, 6, 30)),
    ("Giai đoạn 2023 – 2025", dt.date(2023, 7, 1), dt.date(2025, 12, 31), dt.date(2024, 9, 30), dt.date(2025, 12, 15)),
]

# Fields (lĩnh vực). The last six are the further fields the plan names for building exemplars.
FIELDS: list[tuple[str, bool]] = [
    ("Nông nghiệp, nông thôn mới", False),
    ("Kinh tế, doanh nghiệp", False),
    ("Văn hoá, đời sống", False),
    ("Giáo dục và đào tạo", False),
    ("An ninh, trật tự", False),
    ("Quốc phòng, biên giới", False),
    ("Y tế", False),
    ("Tư tưởng, đạo đức, phong cách Hồ Chí Minh", False),
    ("Giảm nghèo, an sinh xã hội", False),
    ("Cải cách hành chính, văn hoá công sở", False),
    ("Thanh niên", False),
    ("Kinh tế hợp tác và hợp tác xã", True),
    ("Sáng kiến, sáng tạo", True),
    ("Tập hợp, đoàn kết công nhân (Đề án số 08-ĐA/TU ngày 27/3/2020, giai đoạn 2020 – 2025)", True),
    ("Thực hiện Quy chế dân chủ ở các loại hình", True),
    ("Tuyên truyền, phổ biến, giáo dục pháp luật", True),
    ("Khuyến học, khuyến tài, xây dựng xã hội học tập, học tập suốt đời", True),
]

CAMPAIGN = "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh"

# name, slug, field, inferred lead, coordinating agencies, linked campaign
MOVEMENTS: list[tuple[str, str, str, str, list[str], str | None]] = [
    (
        "Tây Ninh chung sức xây dựng nông thôn mới",
        "tay-ninh-chung-suc-xay-dung-nong-thon-moi",
        "Nông nghiệp, nông thôn mới",
        "Sở Nông nghiệp và Phát triển nông thôn",
        ["Uỷ ban Mặt trận Tổ quốc Việt Nam tỉnh"],
        None,
    ),
    (
        "Doanh nghiệp Tây Ninh hội nhập và phát triển",
        "doanh-nghiep-tay-ninh-hoi-nhap-va-phat-trien",
        "Kinh tế, doanh nghiệp",
        "Sở Kế hoạch và Đầu tư",
        [],
        None,
    ),
    (
        "Toàn dân đoàn kết xây dựng đời sống văn hoá",
        "toan-dan-doan-ket-xay-dung-doi-song-van-hoa",
        "Văn hoá, đời sống",
        "Sở Văn hoá - Thể thao và Du lịch",
        ["Uỷ ban Mặt trận Tổ quốc Việt Nam tỉnh"],
        CAMPAIGN,
    ),
    ("Dạy tốt - Học tốt", "day-tot-hoc-tot", "Giáo dục và đào tạo", "Sở Giáo dục và Đào tạo", [], None),
    (
        "Toàn dân bảo vệ an ninh Tổ quốc",
        "toan-dan-bao-ve-an-ninh-to-quoc",
        "An ninh, trật tự",
        "Công an tỉnh",
        [],
        None,
    ),
    (
        "Toàn dân bảo vệ chủ quyền, an ninh biên giới, đường biên, cột mốc",
        "toan-dan-bao-ve-chu-quyen-an-ninh-bien-gioi-duong-bien-cot-moc",
        "Quốc phòng, biên giới",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        ["Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh"],
        None,
    ),
    ("12 Điều Y đức", "12-dieu-y-duc", "Y tế", "Sở Y tế", [], None),
    (
        "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "day-manh-hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-chi-minh",
        "Tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Ban Tuyên giáo Tỉnh uỷ",
        [],
        None,
    ),
    (
        "Tây Ninh chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
        "tay-ninh-chung-tay-vi-nguoi-ngheo-khong-de-ai-bi-bo-lai-phia-sau",
        "Giảm nghèo, an sinh xã hội",
        "Sở Lao động - Thương binh và Xã hội",
        ["Uỷ ban Mặt trận Tổ quốc Việt Nam tỉnh"],
        None,
    ),
    (
        "Cán bộ, công chức, viên chức Tây Ninh thi đua thực hiện văn hoá công sở",
        "can-bo-cong-chuc-vien-chuc-tay-ninh-thi-dua-thuc-hien-van-hoa-cong-so",
        "Cải cách hành chính, văn hoá công sở",
        "Sở Nội vụ",
        [],
        None,
    ),
    # The plan names Bộ Chỉ huy Quân sự among the leading bodies; youth is the subject nearest to it
    # (young people's military service) of those left. Weakest pairing of all: staff must confirm.
    (
        "Xây dựng giá trị hình mẫu thanh niên Việt Nam thời kỳ mới",
        "xay-dung-gia-tri-hinh-mau-thanh-nien-viet-nam-thoi-ky-moi",
        "Thanh niên",
        "Bộ Chỉ huy Quân sự tỉnh",
        ["Ban Tuyên giáo Tỉnh uỷ"],
        None,
    ),
]

# Movements whose lead the plan states: the sector of the plan's sentence whose own subject the movement is.
LEADS_STATED_IN_PLAN = {
    "tay-ninh-chung-suc-xay-dung-nong-thon-moi",  # ngành Nông nghiệp và Phát triển nông thôn
    "doanh-nghiep-tay-ninh-hoi-nhap-va-phat-trien",  # ngành Kế hoạch và Đầu tư
    "toan-dan-doan-ket-xay-dung-doi-song-van-hoa",  # ngành Văn hoá - Thể thao và Du lịch
    "day-tot-hoc-tot",  # ngành Giáo dục và Đào tạo
    "toan-dan-bao-ve-an-ninh-to-quoc",  # ngành Công an
    "toan-dan-bao-ve-chu-quyen-an-ninh-bien-gioi-duong-bien-cot-moc",  # Bộ Chỉ huy Bộ đội Biên phòng tỉnh
    "12-dieu-y-duc",  # ngành Y tế
    "day-manh-hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-chi-minh",  # Ban Tuyên giáo Tỉnh uỷ
    "tay-ninh-chung-tay-vi-nguoi-ngheo-khong-de-ai-bi-bo-lai-phia-sau",  # ngành Lao động - Thương binh và Xã hội
    "can-bo-cong-chuc-vien-chuc-tay-ninh-thi-dua-thuc-hien-van-hoa-cong-so",  # ngành Nội vụ
}

CAMPAIGN_ROW = (
    CAMPAIGN,
    "toan-dan-doan-ket-xay-dung-nong-thon-moi-do-thi-van-minh",
    "Văn hoá, đời sống",
    "Uỷ ban Mặt trận Tổ quốc Việt Nam tỉnh",
)

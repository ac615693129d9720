"""Words for the demo data: people's names, Tây Ninh's districts and communes (before the 2025 merger, when the
demo's honours were given), who the exemplars of each of the plan's movements are and what they did, agencies,
news and exchange events. Plain data and small pickers; `generate_demo_data` stores them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MALE = (
    ["Văn", "Minh", "Hữu", "Đức", "Quốc", "Thanh", "Công"],
    [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Hải",
        "Hùng",
        "Khánh",
        "Long",
        "Nam",
        "Phúc",
        "Quân",
        "Sơn",
        "Trung",
        "Tuấn",
        "Tài",
        "Thịnh",
    ],
)
FEMALE = (
    ["Thị", "Ngọc", "Thu", "Kim", "Thanh", "Bảo", "Mỹ"],
    [
        "Giang",
        "Hà",
        "Hạnh",
        "Hương",
        "Lan",
        "Mai",
        "Nga",
        "Phương",
        "Tâm",
        "Thảo",
        "Yến",
        "Trang",
        "Linh",
        "Diễm",
        "Loan",
        "Nhung",
    ],
)

# Tây Ninh's nine district-level units and some of their communes (xã), wards (phường) and towns (thị trấn).
DISTRICTS: dict[str, list[str]] = {
    "thành phố Tây Ninh": [
        "phường 1",
        "phường 3",
        "phường IV",
        "phường Hiệp Ninh",
        "phường Ninh Sơn",
        "phường Ninh Thạnh",
        "xã Bình Minh",
        "xã Thạnh Tân",
        "xã Tân Bình",
    ],
    "thị xã Hòa Thành": [
        "phường Long Hoa",
        "phường Long Thành Bắc",
        "phường Long Thành Trung",
        "phường Hiệp Tân",
        "xã Trường Đông",
        "xã Trường Hòa",
        "xã Trường Tây",
        "xã Long Thành Nam",
    ],
    "thị xã Trảng Bàng": [
        "phường Trảng Bàng",
        "phường An Tịnh",
        "phường Gia Lộc",
        "phường Gia Bình",
        "phường Lộc Hưng",
        "xã Phước Chỉ",
        "xã Đôn Thuận",
        "xã Hưng Thuận",
        "xã Phước Bình",
    ],
    "huyện Gò Dầu": [
        "thị trấn Gò Dầu",
        "xã Thạnh Đức",
        "xã Phước Thạnh",
        "xã Phước Đông",
        "xã Bàu Đồn",
        "xã Cẩm Giang",
        "xã Hiệp Thạnh",
        "xã Thanh Phước",
    ],
    "huyện Bến Cầu": [
        "thị trấn Bến Cầu",
        "xã Long Thuận",
        "xã Long Giang",
        "xã Long Chữ",
        "xã Tiên Thuận",
        "xã Lợi Thuận",
        "xã An Thạnh",
        "xã Long Khánh",
    ],
    "huyện Châu Thành": [
        "thị trấn Châu Thành",
        "xã Hảo Đước",
        "xã Trí Bình",
        "xã Thái Bình",
        "xã An Bình",
        "xã Biên Giới",
        "xã Hòa Thạnh",
        "xã Thanh Điền",
        "xã Ninh Điền",
        "xã Phước Vinh",
    ],
    "huyện Dương Minh Châu": [
        "thị trấn Dương Minh Châu",
        "xã Suối Đá",
        "xã Phan",
        "xã Phước Ninh",
        "xã Chà Là",
        "xã Cầu Khởi",
        "xã Truông Mít",
        "xã Bàu Năng",
        "xã Bến Củi",
    ],
    "huyện Tân Biên": [
        "thị trấn Tân Biên",
        "xã Thạnh Tây",
        "xã Tân Lập",
        "xã Hòa Hiệp",
        "xã Mỏ Công",
        "xã Trà Vong",
        "xã Tân Phong",
        "xã Thạnh Bắc",
    ],
    "huyện Tân Châu": [
        "thị trấn Tân Châu",
        "xã Tân Hòa",
        "xã Suối Ngô",
        "xã Tân Hưng",
        "xã Tân Đông",
        "xã Tân Hiệp",
        "xã Tân Hội",
        "xã Suối Dây",
        "xã Thạnh Đông",
    ],
}
COMMUNES = [(commune, district) for district, communes in DISTRICTS.items() for commune in communes]
BORDER_COMMUNES = [
    "xã Biên Giới",
    "xã Hòa Hiệp",
    "xã Tân Lập",
    "xã Phước Chỉ",
    "xã Long Thuận",
    "xã Tân Hòa",
    "xã Hòa Thạnh",
]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def bare(commune: str) -> str:
    """ "xã Thạnh Đức" -> "Thạnh Đức"; a numbered ward keeps its word ("phường 1")."""
    for prefix in ("thị trấn ", "phường ", "xã "):
        if commune.startswith(prefix) and not commune[len(prefix) :].replace("IV", "").isdigit():
            return commune[len(prefix) :]
    return commune


def locality(commune: str, district: str) -> str:
    return cap(f"{commune}, {district}")


def person(rng: random.Random) -> str:
    middles, given = rng.choice([MALE, FEMALE])
    return f"{rng.choice(FAMILY)} {rng.choice(middles)} {rng.choice(given)}"


@dataclass(frozen=True)
class Profile:
    """Who the exemplars of a movement are: positions and deeds of people, names of collectives and models."""

    positions: tuple[str, ...]
    deeds: tuple[str, ...]
    collectives: tuple[str, ...]
    models: tuple[str, ...]


GENERAL = Profile(
    ("Cán bộ Hội Phụ nữ xã", "Trưởng ấp", "Hội viên Hội Cựu chiến binh", "Công nhân", "Tiểu thương"),
    (
        "Nhiệt tình với công việc chung của ấp, vận động Nhân dân thực hiện tốt các phong trào thi đua.",
        "Giúp đỡ nhiều hộ khó khăn có việc làm, ổn định cuộc sống.",
    ),
    ("Hội Phụ nữ {commune}", "Ban Nhân dân ấp Trường Lưu, {commune}"),
    ("Mô hình “Tổ phụ nữ tiết kiệm” {commune}",),
)
# Keyed by words of the plan's movement names; the first key found in a movement's name wins.
PROFILES: dict[str, Profile] = {
    "nông thôn mới": Profile(
        ("Nông dân", "Trưởng ấp", "Chủ nhiệm hợp tác xã", "Bí thư chi bộ ấp"),
        (
            "Hiến hơn 500 m² đất mở rộng đường giao thông nông thôn, vận động 20 hộ dân cùng tham gia.",
            "Chuyển đổi 3 ha đất lúa kém hiệu quả sang trồng mãng cầu, thu nhập trên 400 triệu đồng mỗi năm.",
            "Vận động Nhân dân góp công, góp của làm 2 km đường bê tông và thắp sáng đường quê.",
        ),
        ("Hợp tác xã nông nghiệp {place}", "Hội Nông dân {commune}"),
        (
            "Mô hình “Tuyến đường hoa nông thôn mới” {commune}",
            "Mô hình trồng mãng cầu theo tiêu chuẩn VietGAP {commune}",
        ),
    ),
    "Doanh nghiệp": Profile(
        ("Giám đốc doanh nghiệp", "Chủ cơ sở bánh tráng phơi sương", "Kỹ sư chế biến"),
        (
            "Tạo việc làm ổn định cho hơn 300 lao động địa phương, nộp ngân sách đầy đủ, đúng hạn.",
            "Đầu tư dây chuyền chế biến tinh bột mì tiết kiệm năng lượng, giảm 20% chi phí sản xuất.",
            "Đưa bánh tráng phơi sương Trảng Bàng đạt chứng nhận sản phẩm OCOP 4 sao.",
        ),
        ("Hợp tác xã bánh tráng {place}", "Công ty TNHH Chế biến nông sản {place}"),
        ("Mô hình liên kết tiêu thụ mãng cầu Bà Đen {commune}",),
    ),
    "đời sống văn hoá": Profile(
        ("Trưởng ban công tác Mặt trận ấp", "Cán bộ văn hoá – xã hội xã", "Hội viên Hội Người cao tuổi"),
        (
            "Vận động xây dựng ấp văn hoá, 98% hộ đạt danh hiệu Gia đình văn hoá.",
            "Duy trì câu lạc bộ đờn ca tài tử của ấp, sinh hoạt đều đặn mỗi tháng.",
        ),
        ("Ban Nhân dân ấp Bàu Sen, {commune}", "Ban công tác Mặt trận ấp Thạnh Hòa, {commune}"),
        ("Mô hình “Ngày Chủ nhật xanh” {commune}",),
    ),
    "Dạy tốt": Profile(
        ("Giáo viên Trường Tiểu học {place}", "Hiệu trưởng Trường THCS {place}", "Giáo viên mầm non"),
        (
            "Nhiều năm liền là giáo viên dạy giỏi cấp tỉnh; có sáng kiến dạy học tích cực được áp dụng toàn huyện.",
            "Bồi dưỡng học sinh giỏi đạt 12 giải cấp tỉnh trong năm học 2023 – 2024.",
            "Vận động quỹ học bổng giúp hơn 50 học sinh nghèo vượt khó đến trường.",
        ),
        ("Trường THCS {place}", "Trường Tiểu học {place}"),
        ("Mô hình “Thư viện xanh” Trường Tiểu học {place}",),
    ),
    "an ninh Tổ quốc": Profile(
        ("Chiến sĩ Công an {commune}", "Tổ trưởng tổ tự quản an ninh trật tự", "Trưởng ấp"),
        (
            "Phối hợp phát hiện, bắt giữ nhiều đối tượng trộm cắp tài sản, giữ bình yên khu dân cư.",
            "Dũng cảm cứu người trong vụ cháy nhà dân, được Nhân dân địa phương tin yêu.",
        ),
        ("Công an {commune}",),
        ("Mô hình “Camera an ninh” {commune}", "Mô hình “Tổ tự quản an ninh trật tự” {commune}"),
    ),
    "biên giới": Profile(
        ("Cán bộ Đồn Biên phòng", "Người dân tự quản đường biên, cột mốc", "Trưởng ấp biên giới"),
        (
            "Tham gia tuần tra song phương, tự quản đường biên, cột mốc suốt 10 năm.",
            "Nhận đỡ đầu học sinh nghèo vùng biên theo chương trình “Nâng bước em tới trường”.",
        ),
        ("Tổ tự quản đường biên, cột mốc {border}",),
        ("Mô hình “Con nuôi Đồn Biên phòng” {border}",),
    ),
    "Y đức": Profile(
        ("Bác sĩ Trung tâm Y tế {district}", "Điều dưỡng Bệnh viện Đa khoa tỉnh", "Trưởng Trạm Y tế {commune}"),
        (
            "Tận tuỵ với người bệnh, thực hiện thành công nhiều ca phẫu thuật khó ngay tại tuyến huyện.",
            "Luôn niềm nở với người bệnh; có sáng kiến rút ngắn thời gian chờ khám được áp dụng toàn ngành.",
        ),
        ("Trạm Y tế {commune}", "Khoa Hồi sức tích cực, Bệnh viện Đa khoa tỉnh"),
        ("Mô hình “Bệnh viện xanh – sạch – đẹp” Trung tâm Y tế {district}",),
    ),
    "Hồ Chí Minh": Profile(
        ("Bí thư chi bộ ấp", "Cán bộ hưu trí", "Trưởng ban dân vận xã"),
        (
            "Gương mẫu học tập và làm theo Bác; vận động bà con góp đất, góp công làm cầu giao thông nông thôn.",
            "Giữ gìn nếp sống giản dị, tận tuỵ phục vụ Nhân dân, được bầu là đảng viên tiêu biểu nhiều năm liền.",
        ),
        ("Chi bộ ấp Ninh Trung, {commune}",),
        ("Mô hình “Dân vận khéo” {commune}",),
    ),
    "người nghèo": Profile(
        ("Chủ tịch Hội Chữ thập đỏ xã", "Tiểu thương chợ {place}", "Nhà hảo tâm"),
        (
            "Vận động xây dựng 15 căn nhà Đại đoàn kết cho hộ nghèo.",
            "Nấu cơm miễn phí cho bệnh nhân nghèo tại Bệnh viện Đa khoa tỉnh suốt 8 năm.",
        ),
        ("Hội Chữ thập đỏ {commune}",),
        ("Mô hình “Bếp ăn tình thương” {commune}", "Mô hình “Nuôi bò giúp hộ nghèo thoát nghèo” {commune}"),
    ),
    "văn hoá công sở": Profile(
        ("Chuyên viên Văn phòng UBND {district}", "Công chức Bộ phận Một cửa UBND {commune}"),
        (
            "Giải quyết hồ sơ thủ tục hành chính đúng hạn 100%, không để người dân đi lại nhiều lần.",
            "Có sáng kiến số hoá hồ sơ một cửa, rút ngắn thời gian trả kết quả.",
        ),
        ("Bộ phận Một cửa UBND {commune}",),
        ("Mô hình “Bộ phận Một cửa thân thiện” {commune}",),
    ),
    "thanh niên": Profile(
        ("Bí thư Đoàn {commune}", "Đoàn viên thanh niên", "Chiến sĩ Ban Chỉ huy Quân sự {district}"),
        (
            "Khởi nghiệp trồng nấm bào ngư, tạo việc làm cho 10 thanh niên địa phương.",
            "Hiến máu tình nguyện 20 lần, dẫn đầu đội hình thanh niên tình nguyện mùa hè xanh.",
        ),
        ("Đoàn Thanh niên {commune}",),
        ("Mô hình “Thắp sáng đường quê” Đoàn Thanh niên {commune}",),
    ),
}


def profile_for(movement_name: str) -> Profile:
    return next((p for key, p in PROFILES.items() if key.lower() in movement_name.lower()), GENERAL)


def fill(template: str, rng: random.Random, commune: str, district: str) -> str:
    return cap(
        template.format(commune=commune, district=district, place=bare(commune), border=rng.choice(BORDER_COMMUNES))
    )


def story(name: str, position: str, place: str, deed: str, movement: str | None) -> str:
    joined = f"hưởng ứng phong trào “{movement}”, " if movement else ""
    return (
        f"{deed}\n\n{name} ({position.lower()}, {place}) {joined}đã bền bỉ làm việc nhỏ mà thiết thực, được cấp uỷ, "
        "chính quyền và Nhân dân địa phương ghi nhận, giới thiệu làm gương điển hình tiên tiến để học tập, nhân rộng."
    )


def agency_names() -> list[tuple[str, str]]:
    """(name, kind) of agencies below the province: district and commune People's Committees, then schools,
    health stations and commune police — enough for the benchmark's 300."""
    rows = [(f"UBND {d}", "district") for d in DISTRICTS]
    rows += [(f"UBND {c}", "commune") for c, _d in COMMUNES]
    rows += [(f"Trường THCS {bare(c)}", "school") for c, _d in COMMUNES]
    rows += [(f"Trạm Y tế {c}", "other") for c, _d in COMMUNES]
    rows += [(f"Công an {c}", "armed-forces") for c, _d in COMMUNES]
    return rows


# Movements beside the plan's own, for larger demos (the benchmark asks for 50).
MOVEMENT_NAMES = [
    "Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế – xã hội",
    "Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời",
    "Thi đua chuyển đổi số tỉnh Tây Ninh",
    "Phụ nữ tích cực học tập, lao động sáng tạo, xây dựng gia đình hạnh phúc",
    "Nông dân thi đua sản xuất, kinh doanh giỏi",
    "Tuổi trẻ Tây Ninh sáng tạo",
    "Xanh – sạch – đẹp, bảo đảm an toàn vệ sinh lao động",
    "Cựu chiến binh gương mẫu",
    "Xây dựng trường học thân thiện, học sinh tích cực",
    "Người tốt, việc tốt",
]


def movement_name(i: int) -> str:
    base = MOVEMENT_NAMES[i % len(MOVEMENT_NAMES)]
    return base if i < len(MOVEMENT_NAMES) else f"{base} năm {2016 + i // len(MOVEMENT_NAMES)}"


# News: (kind, title, summary, body), with {movement}, {district}, {year}, {count} filled in.
NEWS = [
    (
        "news",
        "{District} sơ kết phong trào “{movement}”",
        "Hội nghị đánh giá kết quả giai đoạn 2021 – 2023 và biểu dương {count} tập thể, cá nhân tiêu biểu.",
        "Sáng nay, UBND {district} tổ chức hội nghị sơ kết phong trào thi đua “{movement}” giai đoạn 2021 – 2023. "
        "Qua phong trào, nhiều mô hình hay, cách làm sáng tạo được nhân rộng trong Nhân dân.\n\n"
        "Dịp này, Chủ tịch UBND huyện tặng Giấy khen cho {count} tập thể, cá nhân có thành tích tiêu biểu.",
    ),
    (
        "news",
        "Tuyên dương {count} điển hình tiên tiến trong phong trào “{movement}”",
        "UBND tỉnh biểu dương những tập thể, cá nhân tiêu biểu, lan toả cách làm hay ở cơ sở.",
        "UBND tỉnh Tây Ninh tổ chức tuyên dương {count} điển hình tiên tiến trong phong trào thi đua “{movement}”. "
        "Các điển hình đến từ nhiều địa phương, trong đó có {district}.\n\n"
        "Lãnh đạo tỉnh đề nghị các cơ quan, đơn vị tiếp tục phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến.",
    ),
    (
        "announcement",
        "Phát động Cuộc thi viết “Gương người tốt quanh ta” năm {year}",
        "Sở Văn hoá - Thể thao và Du lịch phối hợp Báo Tây Ninh, Đài Phát thanh và Truyền hình tỉnh tổ chức cuộc thi.",
        "Cuộc thi nhằm phát hiện, biểu dương những gương người tốt, việc tốt có đóng góp thầm lặng ở địa bàn dân cư, "
        "cơ quan, đơn vị. Bài dự thi viết về người thật, việc thật đang sống, làm việc tại Tây Ninh.\n\n"
        "Bài dự thi gửi trực tuyến trên Cổng thông tin thi đua – khen thưởng của tỉnh.",
    ),
    (
        "announcement",
        "Lấy ý kiến Nhân dân về danh sách đề nghị tặng Cờ thi đua của UBND tỉnh năm {year}",
        "Danh sách được công khai ít nhất 10 ngày làm việc trước khi Hội đồng Thi đua – Khen thưởng tỉnh họp xét.",
        "Thường trực Hội đồng Thi đua – Khen thưởng tỉnh thông báo danh sách tập thể, cá nhân đề nghị khen thưởng "
        "để Nhân dân góp ý. Ý kiến xin gửi qua mục Góp ý của cổng thông tin.",
    ),
    (
        "news",
        "{District} tổng kết phong trào “{movement}” giai đoạn 2023 – 2025",
        "Nhiều cách làm hay được ghi nhận; {count} tập thể, cá nhân được đề nghị khen thưởng.",
        "UBND {district} tổng kết phong trào “{movement}” giai đoạn 2023 – 2025. Các xã, thị trấn đều hoàn thành "
        "chỉ tiêu đề ra, nhiều mô hình được nhân rộng.\n\n{count} tập thể, cá nhân được đề nghị cấp trên khen thưởng.",
    ),
    (
        "news",
        "Giao lưu gương điển hình tiên tiến phong trào “{movement}”",
        "Các điển hình chia sẻ kinh nghiệm, cách làm hiệu quả tại địa phương.",
        "Tại buổi giao lưu, các điển hình tiên tiến trong phong trào “{movement}” kể lại hành trình vượt khó và "
        "những việc làm thiết thực ở {district}. Nhiều đại biểu đăng ký học tập, nhân rộng các mô hình.",
    ),
]


def news_items(rng: random.Random, n: int, movements: list[str], year: int) -> list[tuple[str, str, str, str]]:
    rows = []
    districts = list(DISTRICTS)
    for i in range(n):
        kind, title, summary, body = NEWS[i % len(NEWS)]
        district = districts[(i * 4 + i // len(NEWS)) % len(districts)]
        words = {
            "movement": movements[i % len(movements)] if movements else "Người tốt, việc tốt",
            "district": district,
            "District": cap(district),
            "year": year - i // len(NEWS),
            "count": rng.randint(18, 64),
        }
        rows.append((kind, title.format(**words), summary.format(**words), body.format(**words)))
    return rows


EVENT_PLACES = ["Hội trường UBND tỉnh Tây Ninh", "Hội trường Tỉnh uỷ Tây Ninh"] + [
    f"Hội trường UBND {d}" for d in DISTRICTS
]

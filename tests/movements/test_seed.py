import os

import pytest
from django.core.management import call_command

from movements import seed
from movements.models import Agency, Field, Movement, Plan, PlanPhase

pytestmark = pytest.mark.django_db

PLAN_MOVEMENTS = {
    "Tây Ninh chung sức xây dựng nông thôn mới",
    "Doanh nghiệp Tây Ninh hội nhập và phát triển",
    "Toàn dân đoàn kết xây dựng đời sống văn hoá",
    "Dạy tốt - Học tốt",
    "Toàn dân bảo vệ an ninh Tổ quốc",
    "Toàn dân bảo vệ chủ quyền, an ninh biên giới, đường biên, cột mốc",
    "12 Điều Y đức",
    "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Tây Ninh chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
    "Cán bộ, công chức, viên chức Tây Ninh thi đua thực hiện văn hoá công sở",
    "Xây dựng giá trị hình mẫu thanh niên Việt Nam thời kỳ mới",
}


def _snapshot():
    return {
        "agencies": sorted(Agency.objects.values_list("name", "active_until", "successor_id")),
        "movements": sorted(Movement.objects.values_list("slug", "name", "lead_agency_id", "updated_at")),
        "phases": sorted(PlanPhase.objects.values_list("name", "start_date", "end_date")),
        "fields": Field.objects.count(),
        "plans": Plan.objects.count(),
    }


def test_seed_plan_twice_loads_the_plan_once(capsys):
    call_command("seed_plan")
    first = _snapshot()
    call_command("seed_plan")
    assert _snapshot() == first
    assert "tạo mới 0" in capsys.readouterr().out

    assert set(Movement.objects.movements().values_list("name", flat=True)) == PLAN_MOVEMENTS
    assert Movement.objects.campaigns().get().name == seed.CAMPAIGN
    assert Plan.objects.count() == 1
    phases = list(PlanPhase.objects.order_by("start_date"))
    assert [(p.start_date.year, p.end_date.year) for p in phases] == [(2021, 2023), (2023, 2025)]
    for name in seed.LEADING_BODIES + seed.CONTEST_CO_ORGANISERS + [seed.CONTEST_ORGANISER]:
        assert Agency.objects.filter(name=name).count() == 1, name


def test_seed_links_culture_movement_to_campaign_and_marks_inferred_dates():
    call_command("seed_plan")
    culture = Movement.objects.get(name="Toàn dân đoàn kết xây dựng đời sống văn hoá")
    assert culture.linked_campaign.name == "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh"
    assert Movement.objects.get(slug="day-tot-hoc-tot").lead_agency.name == "Sở Giáo dục và Đào tạo"
    assert all(p.dates_inferred for p in PlanPhase.objects.all())


# The plan's sentence "UBND tỉnh chỉ đạo các ngành … chủ trì … mô hình thi đua như …": the sector whose own
# subject each movement is. The youth movement and the campaign have no such sector in the sentence.
STATED_LEADS = {
    "Tây Ninh chung sức xây dựng nông thôn mới": "Sở Nông nghiệp và Phát triển nông thôn",
    "Doanh nghiệp Tây Ninh hội nhập và phát triển": "Sở Kế hoạch và Đầu tư",
    "Toàn dân đoàn kết xây dựng đời sống văn hoá": "Sở Văn hoá - Thể thao và Du lịch",
    "Dạy tốt - Học tốt": "Sở Giáo dục và Đào tạo",
    "Toàn dân bảo vệ an ninh Tổ quốc": "Công an tỉnh",
    "Toàn dân bảo vệ chủ quyền, an ninh biên giới, đường biên, cột mốc": "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
    "12 Điều Y đức": "Sở Y tế",
    "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh": "Ban Tuyên giáo Tỉnh uỷ",
    "Tây Ninh chung tay vì người nghèo - Không để ai bị bỏ lại phía sau": "Sở Lao động - Thương binh và Xã hội",
    "Cán bộ, công chức, viên chức Tây Ninh thi đua thực hiện văn hoá công sở": "Sở Nội vụ",
}


def test_seed_confirms_the_leads_the_plan_states_and_only_those(client):
    """Issue #11 item 32: "dự kiến" only where the plan does not state the lead."""
    call_command("seed_plan")
    confirmed = dict(Movement.objects.filter(lead_confirmed=True).values_list("name", "lead_agency__name"))
    assert confirmed == STATED_LEADS
    assert Movement.objects.filter(lead_note="", lead_confirmed=True).count() == len(STATED_LEADS)
    provisional = Movement.objects.filter(lead_confirmed=False)
    assert set(provisional.values_list("name", flat=True)) == {
        "Xây dựng giá trị hình mẫu thanh niên Việt Nam thời kỳ mới",
        seed.CAMPAIGN,
    }
    assert all(m.lead_note == seed.INFERRED_LEAD for m in provisional)
    # The public pages badge the inferred leads only.
    html = client.get(Movement.objects.get(slug="day-tot-hoc-tot").get_absolute_url()).content.decode()
    assert "dự kiến, chờ xác nhận" not in html
    youth = Movement.objects.get(slug="xay-dung-gia-tri-hinh-mau-thanh-nien-viet-nam-thoi-ky-moi")
    assert "dự kiến, chờ xác nhận" in client.get(youth.get_absolute_url()).content.decode()
    assert client.get("/").content.decode().count('badge text-bg-warning">dự kiến<') == 2


def test_seed_names_the_further_exemplar_fields():
    call_command("seed_plan")
    names = set(Field.objects.filter(named_in_plan=True).values_list("name", flat=True))
    assert len(names) == 6
    assert any("08-ĐA/TU" in n for n in names)
    assert any(n.startswith("Khuyến học") for n in names)


def test_seed_keeps_staff_edits():
    call_command("seed_plan")
    youth = "xay-dung-gia-tri-hinh-mau-thanh-nien-viet-nam-thoi-ky-moi"  # seeded "dự kiến", confirmed by staff
    Movement.objects.filter(slug=youth).update(summary="Do cán bộ sửa", lead_confirmed=True)
    call_command("seed_plan")
    movement = Movement.objects.get(slug=youth)
    assert (movement.summary, movement.lead_confirmed) == ("Do cán bộ sửa", True)


def test_merged_lead_agency_shows_its_successor():
    call_command("seed_plan")
    movement = Movement.objects.get(slug="tay-ninh-chung-suc-xay-dung-nong-thon-moi")
    assert movement.lead_agency.name == "Sở Nông nghiệp và Phát triển nông thôn"
    assert movement.current_lead.name == "Sở Nông nghiệp và Môi trường"


def test_staff_group_gets_project_permissions():
    from django.contrib.auth.models import Group

    call_command("seed_plan")
    group = Group.objects.get(name="Cán bộ thi đua – khen thưởng")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_movement", "add_agency", "view_planphase", "add_plan"} <= codenames
    assert {"add_user", "change_user"} <= codenames  # staff create agency and judge accounts
    assert not {"delete_user", "add_permission", "change_group"} & codenames


def test_seeded_names_appear_verbatim_in_the_source_plan():
    """Guards the transcription in movements/seed.py against the provincial text."""
    from pathlib import Path

    source = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_c37ee63bf2078da7.txt"
    if not source.exists():
        # A developer's lone checkout may lack shared/; CI always has it beside the clone, so there it must run.
        if os.environ.get("CI") or os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"source plan missing beside the checkout: {source}")
        pytest.skip(f"source plan not beside the checkout: {source}")
    text = source.read_text(encoding="utf-8")
    for name in PLAN_MOVEMENTS | {seed.CAMPAIGN}:
        assert f"\u201c{name}\u201d" in text or f'"{name}"' in text, name
    assert "hai giai đoạn 2021 – 2023 và 2023 – 2025" in text
    sentence = text[text.index("UBND tỉnh chỉ đạo các ngành") :].split("\n")[0]
    for lead in STATED_LEADS.values():  # each stated lead is a sector of the plan's "chủ trì" sentence
        sector = lead.removeprefix("Sở ").removesuffix(" tỉnh")
        assert sector in sentence, lead

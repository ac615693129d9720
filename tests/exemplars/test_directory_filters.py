"""Issue #11 item 8: one invalid directory parameter drops only itself; the other filters stay applied."""

import pytest

from exemplars.models import Exemplar
from tests.factories import AgencyFactory, ExemplarFactory

pytestmark = pytest.mark.django_db

NOTICE = "Đã bỏ qua giá trị không hợp lệ của"


@pytest.fixture
def directory():
    here, there = AgencyFactory(name="Sở Tư pháp"), AgencyFactory(name="Sở Y tế")
    return {
        "wanted": ExemplarFactory(name="Trần Thị Đúng", agency=here, kind=Exemplar.Kind.INDIVIDUAL),
        "collective": ExemplarFactory(name="Phòng Hộ tịch", agency=here, kind=Exemplar.Kind.COLLECTIVE),
        "elsewhere": ExemplarFactory(name="Lê Văn Khác", agency=there, kind=Exemplar.Kind.INDIVIDUAL),
        "agency": here,
    }


def _names(response) -> set[str]:
    return {e.name for e in response.context["exemplars"]}


@pytest.mark.parametrize(
    ("bad", "label"),
    [
        ({"year": "hai-nghin"}, "Năm khen thưởng"),
        ({"movement": "khong-co-phong-trao-nay"}, "Phong trào"),
        ({"sort": "lung-tung"}, "Sắp xếp"),
        ({"award_type": "khong-co"}, "Danh hiệu, hình thức khen thưởng"),
    ],
)
def test_an_invalid_parameter_is_dropped_alone(client, directory, bad, label):
    params = {"kind": "individual", "agency": directory["agency"].slug, **bad}
    response = client.get("/dien-hinh/", params)
    assert response.status_code == 200
    assert _names(response) == {"Trần Thị Đúng"}
    html = response.content.decode()
    assert NOTICE in html and label in html.split(NOTICE, 1)[1].split("</p>", 1)[0]


def test_valid_parameters_show_no_notice(client, directory):
    response = client.get("/dien-hinh/", {"kind": "individual", "agency": directory["agency"].slug})
    assert _names(response) == {"Trần Thị Đúng"}
    assert NOTICE not in response.content.decode()


def test_the_api_still_refuses_an_invalid_value(client, directory):
    assert client.get("/api/exemplars/", {"kind": "khong-hop-le"}).status_code == 400

"""Working-day windows across Tết, 30/4–1/5 and 2/9, against dates counted by hand on a calendar.

Each case lists the working days counted, so a reader can check it with a paper calendar: weekends, the package's
public holidays (lunar Tết, Giỗ Tổ observed, 30/4, 1/5 observed, 2/9 with its neighbour day) and staff-entered
exceptions are skipped."""

import datetime as dt

import pytest

from exemplars.models import CalendarDay, ProcedureRule
from exemplars.services.calendar import is_working_day, window_end, working_days

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("start", "counted", "end"),
    [
        # Tết Bính Ngọ 2026: 16/02 (30 Tết) to 20/02 (mùng 4), Monday to Friday, all off.
        (D(2026, 2, 9), "9 10 11 12 13 | 23 24 25 26 27", D(2026, 2, 27)),
        # Giỗ Tổ 2026 falls on Sunday 26/04, observed Monday 27/04; then 30/04 (Thu) and 01/05 (Fri).
        (D(2026, 4, 21), "21 22 23 24 | 28 29 | 4 5 6 7", D(2026, 5, 7)),
        # Quốc khánh 2026: 01/09 and 02/09, plus Monday 31/08 given off in exchange for Saturday 22/08.
        (D(2026, 8, 26), "26 27 28 | 3 4 | 7 8 9 10 11", D(2026, 9, 11)),
        # Tết Đinh Mùi 2027: 04/02 (29 Tết) to 10/02 (mùng 5).
        (D(2027, 2, 1), "1 2 3 | 11 12 | 15 16 17 18 19", D(2027, 2, 19)),
        # 30/04/2027 is a Friday; 01/05 a Saturday, observed Monday 03/05.
        (D(2027, 4, 26), "26 27 28 29 | 4 5 6 7 | 10 11", D(2027, 5, 11)),
        # Quốc khánh 2027: 02/09 (Thu) and 03/09 (Fri).
        (D(2027, 8, 30), "30 31 1 | 6 7 8 9 10 | 13 14", D(2027, 9, 14)),
        # Opening on a holiday: the window starts on the next working day (Tết 2026 → Monday 23/02).
        (D(2026, 2, 17), "23 24 25 26 27 | 2 3 4 5 6", D(2026, 3, 6)),
    ],
)
def test_ten_working_days_equal_the_hand_count(start, counted, end):
    days = [int(n) for n in counted.replace("|", " ").split()]
    assert len(days) == 10
    found = working_days(start, end)
    assert [d.day for d in found] == days
    assert window_end(start, 10) == end


def test_staff_entered_days_off_and_make_up_saturdays_move_the_window():
    start = D(2027, 2, 1)
    CalendarDay.objects.create(date=D(2027, 2, 11), reason="Nghỉ bù Tết theo quyết định của tỉnh")
    # 11/02 off too: 1 2 3 | 12 | 15 16 17 18 19 | 22
    assert window_end(start, 10) == D(2027, 2, 22)
    CalendarDay.objects.create(date=D(2027, 2, 13), is_day_off=False, reason="Làm bù thứ Bảy")
    # Saturday 13/02 worked: 1 2 3 | 12 13 | 15 16 17 18 19
    assert window_end(start, 10) == D(2027, 2, 19)
    assert is_working_day(D(2027, 2, 13)) and not is_working_day(D(2027, 2, 11))


def test_the_window_length_is_rule_data():
    assert ProcedureRule.value_on(ProcedureRule.Code.CONSULTATION_DAYS, D(2026, 5, 1)) == 10
    ProcedureRule.objects.create(
        code=ProcedureRule.Code.CONSULTATION_DAYS, value=15, valid_from=D(2027, 1, 1), legal_basis="Thử nghiệm"
    )
    assert ProcedureRule.value_on(ProcedureRule.Code.CONSULTATION_DAYS, D(2026, 12, 31)) == 10
    assert ProcedureRule.value_on(ProcedureRule.Code.CONSULTATION_DAYS, D(2027, 1, 4)) == 15

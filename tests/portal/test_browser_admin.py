import pytest

from tests.factories import StaffUserFactory
from tests.signin import sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_into_admin_and_finds_a_movement(page, seeded):
    staff = StaffUserFactory(username="canbo")
    sign_in_page(page, staff, "/admin/")  # the admin's sign-in is the portal's, with the second step
    page.get_by_role("link", name="Phong trào, cuộc vận động").first.click()
    page.get_by_role("searchbox").fill("Dạy tốt")
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name="Dạy tốt - Học tốt")
    link.wait_for()
    link.click()
    assert page.locator("#id_name").input_value() == "Dạy tốt - Học tốt"


def test_public_home_renders_in_chromium(page, seeded):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("link", name="Dạy tốt - Học tốt").is_visible()
    # Local assets load (no CDN): Bootstrap styles applied to the navbar.
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"

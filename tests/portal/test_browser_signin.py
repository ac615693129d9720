"""Staff two-factor set-up and sign-in in Chromium, in Vietnamese, under the strict CSP."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, StaffUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_from_secret(secret: str, user) -> str:
    """The code an app would show for the key read off the page (the next step's if this one was used)."""
    last_t = TOTPDevice.objects.filter(user=user).values_list("last_t", flat=True).first()
    totp = TOTP(b32decode(secret.replace(" ", "")))
    step = max(int(time.time()) // 30, (last_t if last_t is not None else -1) + 1)
    totp.time = step * 30
    return f"{totp.token():06d}"


def password_step(page, user) -> None:
    page.goto("/admin/")
    assert "/dang-nhap/?next=%2Fadmin%2F" in page.url
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def test_staff_set_up_an_app_then_sign_in_with_its_code_and_a_backup_code(page, browser, live_server, seeded):
    staff = StaffUserFactory(username="canbo.tinh")
    csp_errors = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and csp_errors.append(msg.text))

    # First sign-in: no app yet, so the admin is out of reach until one is set up.
    password_step(page, staff)
    page.get_by_role("heading", name="Thiết lập xác thực hai bước").wait_for()
    assert "phải bật xác thực hai bước" in page.content()
    qr = page.get_by_role("img", name="Mã QR để thêm tài khoản vào ứng dụng xác thực")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    secret = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4})+", secret)
    page.goto("/admin/")
    assert "/tai-khoan/bao-mat/thiet-lap/" in page.url  # still held back
    page.get_by_label("Mã xác thực").fill("000000")
    page.get_by_role("button", name="Xác nhận và bật").click()
    page.get_by_text("Mã xác thực không đúng").wait_for()
    time.sleep(1.1)  # django-otp waits a second after a wrong code
    page.get_by_label("Mã xác thực").fill(code_from_secret(secret, staff))
    page.get_by_role("button", name="Xác nhận và bật").click()
    page.get_by_role("heading", name="Mã dự phòng").wait_for()
    codes = page.locator(".backup-code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Tôi đã lưu các mã, tiếp tục").click()
    page.get_by_text("Quản trị Thi đua Tây Ninh").first.wait_for()

    # Next sign-in, in a fresh browser: password, then the app's code.
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    second = context.new_page()
    second.on("console", lambda msg: "Content Security Policy" in msg.text and csp_errors.append(msg.text))
    password_step(second, staff)
    second.get_by_role("heading", name="Xác thực hai bước").wait_for()
    second.get_by_label("Mã xác thực").fill(code_from_secret(secret, staff))
    second.get_by_role("button", name="Xác nhận").click()
    second.get_by_text("Quản trị Thi đua Tây Ninh").first.wait_for()
    assert second.url.endswith("/admin/")
    context.close()

    # Without the phone: a backup code, once.
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    third = context.new_page()
    password_step(third, staff)
    third.get_by_label("Mã xác thực").fill(codes[0])
    third.get_by_role("button", name="Xác nhận").click()
    third.get_by_text("Bạn đã dùng một mã dự phòng; còn 9 mã.").wait_for()
    context.close()
    assert csp_errors == []

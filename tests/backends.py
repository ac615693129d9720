"""E-mail backends for delivery tests: the locmem outbox, with failures or delays on demand."""

from __future__ import annotations

import smtplib
import threading
import time

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    """Fails the first `failures` sends with an SMTP error, then delivers to mail.outbox."""

    failures = 1
    lock = threading.Lock()

    def send_messages(self, messages):
        with FlakyBackend.lock:
            if FlakyBackend.failures > 0:
                FlakyBackend.failures -= 1
                raise smtplib.SMTPServerDisconnected("Máy chủ thư ngắt kết nối (thử nghiệm)")
        return super().send_messages(messages)


class SlowBackend(EmailBackend):
    """Delivers to mail.outbox, slowly, so a worker can be stopped in the middle of a batch."""

    delay = 0.15

    def send_messages(self, messages):
        time.sleep(SlowBackend.delay)
        return super().send_messages(messages)


class StrictSubjectBackend(EmailBackend):
    """A mail server that refuses a message whose subject spans lines (as real servers and relays do)."""

    def send_messages(self, messages):
        for message in messages:
            if "\n" in message.subject or "\r" in message.subject:
                raise smtplib.SMTPDataError(554, "Tiêu đề có ký tự xuống dòng (thử nghiệm)")
        return super().send_messages(messages)


class RefusingBackend(EmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, messages):
        raise smtplib.SMTPDataError(550, "Máy chủ thư từ chối (thử nghiệm)")

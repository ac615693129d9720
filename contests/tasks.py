"""Celery tasks of the contests app: none today. Its e-mails (receipts, verification and vote links) are
rows of the site library's outbox, sent by `sitelib.send_mail` (tayninh_thidua/lib/tasks.py)."""

"""Celery tasks of the exemplars app: none today. Its e-mails (nomination notices) are rows of the site
library's outbox, sent by `sitelib.send_mail` (tayninh_thidua/lib/tasks.py)."""

"""Test settings: the real settings module, with fast hashing and captured mail."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-0123456789-0123456789-0123456789")
os.environ.setdefault("DEBUG", "0")

from tayninh_thidua.settings import *  # noqa: E402,F403
from tayninh_thidua.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
_MEDIA = tempfile.mkdtemp(prefix="thidua-media-")
MEDIA_ROOT = _MEDIA
PRIVATE_MEDIA_ROOT = os.path.join(_MEDIA, "private")
# Unit tests run tasks in-process; tests that need the real worker switch this off themselves.
CELERY_TASK_ALWAYS_EAGER = True
STATIC_ROOT = os.path.join(_MEDIA, "static")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# Backups (tayninh_thidua/lib/backups) never land in the project; tests that make sets use their own tmp_path.
BACKUP_DIR = tempfile.mkdtemp(prefix="thidua-backups-")

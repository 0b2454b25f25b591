"""Settings for the test suite."""

import os
import tempfile

# A throw-away data folder, so tests never touch a real node's keys or database.
os.environ.setdefault("JISR_HOME", tempfile.mkdtemp(prefix="jisr-test-"))

from jisr.settings.base import *  # noqa: F403
from jisr.settings.base import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only in tests
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": None}
else:
    # One test database per test run, so concurrent runs on one server never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_jisr_{os.getpid()}"}

JISR_TESTING = True
# Node settings are read afresh: a rolled-back test must not leave a cached value.
JISR_NODE_SETTINGS_CACHE_SECONDS = 0

"""Celery app for the worker started by tests: the real project app with a file e-mail backend."""

import os

import django
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "visionsprocess.settings")
django.setup()
settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
settings.EMAIL_FILE_PATH = os.environ["CELERY_TEST_EMAIL_DIR"]

from visionsprocess.celery import app  # noqa: E402

app.conf.task_always_eager = False

__all__ = ["app"]

"""The Celery app. Tasks are thin: ids in, a service call, idempotent."""

import os
from typing import Any

from celery import Celery

from wegbegleitung.env import load_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegbegleitung.settings")

app = Celery("wegbegleitung")


@app.on_configure.connect
def _settings_first(**kwargs: Any) -> None:
    """A worker or beat with a bad setting stops with one line, like manage.py does."""
    load_settings()


app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

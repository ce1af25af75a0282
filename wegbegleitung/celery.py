"""The Celery app. Tasks are thin: ids in, a service call, idempotent."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegbegleitung.settings")

app = Celery("wegbegleitung")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

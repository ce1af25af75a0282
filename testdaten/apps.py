from django.apps import AppConfig


class TestdatenConfig(AppConfig):
    """The data generator (``manage.py generate_data``); no models, no pages."""

    name = "testdaten"

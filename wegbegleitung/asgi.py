import os

from django.core.asgi import get_asgi_application

from wegbegleitung.env import load_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegbegleitung.settings")
load_settings()
application = get_asgi_application()

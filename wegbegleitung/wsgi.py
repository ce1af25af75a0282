import os

from django.core.wsgi import get_wsgi_application

from wegbegleitung.env import load_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegbegleitung.settings")
load_settings()
application = get_wsgi_application()

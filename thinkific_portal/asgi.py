import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinkific_portal.settings")
# A request's sync code runs in a thread of its own here: no connection outlives it.
os.environ.setdefault("DB_CONN_MAX_AGE", "0")
application = get_asgi_application()

"""WSGI entry point (gunicorn, uwsgi, mod_wsgi): programkontor.wsgi:application."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "programkontor.settings")
application = get_wsgi_application()

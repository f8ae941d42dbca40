#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    # Local commands default to the development settings; wsgi.py defaults to production.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mindful.settings.dev")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)

"""gunicorn for Mindful, behind Caddy on the same machine.

Run from the project folder: `.venv/bin/gunicorn -c deploy/gunicorn.conf.py`
(deploy/mindful-web.service does). Settings come from the environment and `.env`,
like the site's own.
"""

import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from mindful.settings.environment import env, web_concurrency  # noqa: E402

chdir = str(PROJECT_DIR)
wsgi_app = "mindful.wsgi:application"

# Loopback only: visitors reach gunicorn through Caddy, so X-Forwarded-For always
# comes from the one proxy the site trusts (TRUSTED_PROXY_COUNT=1).
bind = env("GUNICORN_BIND", default="127.0.0.1:8000")
# More than one process needs a shared cache (REDIS_URL): rate limits and cached
# fragments live there. `check --deploy` reads the same WEB_CONCURRENCY.
workers = web_concurrency()
timeout = 30
graceful_timeout = 20
# Recycle workers now and then, so a slow leak never grows unbounded.
max_requests = 2000
max_requests_jitter = 200

# No access log: visitors' addresses and the tokens in emailed links are personal data.
accesslog = None
errorlog = "-"
loglevel = env("LOG_LEVEL", default="info").lower()

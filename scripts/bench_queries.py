# Run by scripts/bench through `manage.py shell`: print each benchmarked path with the
# number of SQL queries one warm anonymous request makes.
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

PATHS = [
    "/",
    "/about/",
    "/blog/",
    "/blog/how-does-psychotherapy-work/",
    "/services/",
    "/services/individual-therapy/",
    "/clinicians/",
    "/contact/",
    "/healthz",
    "/sitemap.xml",
]
client = Client(HTTP_HOST="127.0.0.1")
for path in PATHS:
    client.get(path)  # warm
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    print(f"{path} {status} {len(queries)} queries")

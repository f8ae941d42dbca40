# Run by scripts/bench_run.py through `manage.py shell` with the page cache off, the paths on
# stdin. For each path: its status, the SQL queries of one uncached request made after a
# warm-up request (as a running server answers the first visitor after a change), and its
# size as HTML and gzipped. Prints "<path> <status> <queries> <html bytes> <gzip bytes>".
import gzip
import sys

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client(HTTP_HOST="127.0.0.1")
for path in sys.stdin.read().split():
    client.get(path)  # warm: renditions, the process memo
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    body = response.content
    print(path, response.status_code, len(queries), len(body), len(gzip.compress(body)))

"""A visitor's browser, reduced to what the production-mode tests need.

Each `Visitor` connects from its own loopback address (127.0.0.0/8 is all loopback on
Linux), so behind Caddy each one is a different client, as different people are.
It keeps cookies, reads forms out of pages and submits them with their hidden fields
(CSRF token, signed render time, one-time key; filled from /form-values/ as site.js
does on cached pages), like a browser does.
"""

import itertools
import re
import time
from html.parser import HTMLParser

import requests
from requests.adapters import HTTPAdapter

from tests.two_step import pass_second_step

# The spam check refuses forms sent faster than a person can fill them in.
MIN_FILL_SECONDS = 3.2
_addresses = (f"127.0.{high}.{low}" for high, low in itertools.product(range(1, 255), repeat=2))


class SourceAddressAdapter(HTTPAdapter):
    def __init__(self, source_address, **kwargs):
        self.source_address = source_address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source_address, 0)
        super().init_poolmanager(*args, **kwargs)


class Form:
    def __init__(self, action, method):
        self.action = action
        self.method = method.lower()
        self.fields = {}  # what the browser would send untouched
        self.names = set()  # every named control, ticked or not
        self.options = {}  # select name -> its option values, in order
        self.fresh = {}  # hidden input name -> the /form-values/ key site.js writes into it
        self.fetched_at = time.monotonic()


class FormParser(HTMLParser):
    """Every <form> with the values its fields would submit untouched."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.form = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = Form(attrs.get("action", ""), attrs.get("method", "get"))
            self.forms.append(self.form)
            return
        if self.form is None or not attrs.get("name"):
            if tag == "option" and self.select is not None:
                self._option(attrs)
            return
        self.form.names.add(attrs["name"])
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.form.fields[attrs["name"]] = attrs.get("value", "")
            if attrs.get("data-fresh"):
                self.form.fresh[attrs["name"]] = attrs["data-fresh"]
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.form.fields[self.textarea] = ""

    def _option(self, attrs):
        value = attrs.get("value", "")
        self.form.options.setdefault(self.select, []).append(value)
        if self.select not in self.form.fields or "selected" in attrs:
            self.form.fields[self.select] = value

    def handle_data(self, data):
        if self.textarea:
            self.form.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


class Visitor(requests.Session):
    def __init__(self, site_url):
        super().__init__()
        self.site_url = site_url
        self.address = next(_addresses)
        adapter = SourceAddressAdapter(self.address)
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def request(self, method, url, *args, **kwargs):
        if url.startswith("/"):
            url = self.site_url + url
        kwargs.setdefault("timeout", 60)
        kwargs.setdefault("allow_redirects", False)
        return super().request(method, url, *args, **kwargs)

    def form(self, path, containing):
        """The form on the page at `path` that has a field named `containing`."""
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code)
        parser = FormParser()
        parser.feed(response.text)
        for form in parser.forms:
            if containing in form.names:
                form.page = path
                self.fill_fresh_values(form)
                return form
        raise AssertionError(f"No form with a {containing!r} field on {path}")

    def fill_fresh_values(self, form):
        """What static/js/site.js does as the page loads: cached pages carry empty hidden
        inputs marked data-fresh; fill each from this visitor's GET /form-values/."""
        if not form.fresh:
            return
        response = self.get("/form-values/")
        assert response.status_code == 200, response.status_code
        values = response.json()
        for name, key in form.fresh.items():
            if key in values:
                form.fields[name] = values[key]

    def submit(self, form, **data):
        """POST `form` with its own hidden values and `data`, once a person could have."""
        time.sleep(max(0.0, form.fetched_at + MIN_FILL_SECONDS - time.monotonic()))
        action = form.action or form.page
        return self.post(action, data={**form.fields, **data})

    def log_in(self, username, password):
        form = self.form("/admin/login/", containing="username")
        response = self.post("/admin/login/", data={**form.fields, "username": username,
                                                    "password": password})  # fmt: skip
        assert response.status_code == 302, response.text[:2000]
        pass_second_step(self.get, lambda path, data: self.post(path, data=data),
                         (self.site_url, username))  # fmt: skip


def links_in(text, site_url):
    """Every URL in an email's text that starts with the site's public address."""
    return re.findall(re.escape(site_url) + r"/[^\s\"'<>]*", text)


def body_text(message):
    """The plain-text part of an email (or its only part)."""
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content()

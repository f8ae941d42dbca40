"""Reading a form out of a page as a browser would: its fields, their values, its action."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, action):
        super().__init__()
        self.action = action
        self.inside = False
        self.fields = {}
        self.fresh = {}
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        elif self.inside and tag == "input" and attrs.get("name"):
            if attrs.get("type") == "checkbox":
                return  # unticked until the visitor ticks it
            self.fields[attrs["name"]] = attrs.get("value") or ""
            if "data-fresh" in attrs:
                self.fresh[attrs["name"]] = attrs["data-fresh"]
        elif self.inside and tag == "textarea":
            self._textarea = attrs["name"]
            self.fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None


def read_form(html, action):
    """(field name -> value, field name -> its data-fresh name) of the form posting to `action`."""
    reader = _FormReader(action)
    reader.feed(html)
    assert reader.fields, f"no form posting to {action}"
    return reader.fields, reader.fresh


def fill_in_fresh_values(fields, fresh, values):
    """What static/js/site.js does with the answer of /form-values/."""
    for name, fresh_name in fresh.items():
        fields[name] = values[fresh_name]
    return fields

"""Hostile or malformed requests get a short 4xx answer, never a 500 or a stored row.

Two layers, so that every form and URL is covered without each app repeating it:

- `HostileInputMiddleware` looks at the request before anything reads its body:
  methods nobody uses here (HEAD is answered wherever GET is), bodies that are not
  HTML form posts or not UTF-8 (a declared ``charset=utf-16`` used to make Django's
  form parsing fail with a 500), oversized bodies, and paths or query strings
  holding invalid UTF-8, control characters or line separators (PostgreSQL refuses
  NUL in a query; a slug or ``?page=`` must not reach it with one).
- `CleanTextForm`, the base of every public form, judges field values, where the
  field is known: one-line fields refuse line breaks and control characters,
  multi-line fields turn the Unicode line separators into plain newlines, and a
  field sent more than once is refused rather than silently reduced to one value.
  Its errors show beside the field, with the 400 the views already answer.

The admin (/admin/) is left to Wagtail, apart from the charset check: its login
form is a form like any other.
"""

from urllib.parse import unquote_to_bytes

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http.multipartparser import MultiPartParserError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from mindful.one_line import has_control, validate_one_line
from mindful.security_headers import is_admin_path

ALLOWED_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
UTF8_NAMES = ("utf-8", "utf8")
# Public forms are a few kilobytes at most; the admin keeps Django's larger limit.
PUBLIC_MAX_BODY_BYTES = getattr(settings, "PUBLIC_MAX_BODY_BYTES", 64 * 1024)

# Characters that start a new line besides CR and LF: NEL, LINE SEPARATOR,
# PARAGRAPH SEPARATOR, and the vertical tab and form feed of pasted documents.
LINE_SEPARATORS = "\x0b\x0c\x85\u2028\u2029"
MULTI_LINE_ALLOWED = "\t\n\r"


class Refused(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class HostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check_request(request)
        except Refused as refusal:
            response = TemplateResponse(
                request,
                "request_refused.html",
                {"message": refusal.message},
                status=refusal.status,
            )
            if refusal.status == 405:
                response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response.render()
        if request.method != "HEAD":
            return self.get_response(request)
        # HEAD is GET without the body: the views see GET (a view allowing only GET
        # would answer 405), then the server drops the body of the HEAD request.
        request.method = "GET"
        try:
            return self.get_response(request)
        finally:
            request.method = "HEAD"


def check_request(request):
    admin = is_admin_path(request.path_info)
    check_path(request)
    if not admin and request.method not in ALLOWED_METHODS:
        raise Refused(405, _("This address can only be read or sent a form."))
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        check_charset(request)
    if not admin:
        check_query_string(request)
        if request.method == "POST":
            check_form_body(request)


def check_path(request):
    # Bytes that are not UTF-8 reach us re-escaped by Django ("%FF"): such a path
    # matches no page and answers 404. Decoded control characters are refused here.
    if has_control(request.path_info):
        raise Refused(400, _("This address holds characters that no page here uses."))


def check_charset(request):
    charset = request.content_params.get("charset", "utf-8").strip().lower()
    if charset not in UTF8_NAMES:
        raise Refused(415, _("Please send forms encoded as UTF-8."))


def check_query_string(request):
    raw = request.META.get("QUERY_STRING", "").encode("latin-1", errors="replace")
    keys = [key for key, _value in decoded_pairs(raw, forbid_controls=True)]
    if len(keys) != len(set(keys)):
        raise Refused(400, _("A parameter appears more than once in this address."))


def check_form_body(request):
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit():
        raise Refused(400, _("The request's length is not a number."))
    if int(length) > PUBLIC_MAX_BODY_BYTES:
        raise Refused(413, _("This form is larger than any form on this site can be."))
    if int(length) == 0:
        return
    if request.content_type not in FORM_CONTENT_TYPES:
        raise Refused(415, _("Please send this form as an HTML form."))
    # Control characters in field values are the form's to judge (CleanTextForm), so
    # the message can sit beside the field; here only the encoding is checked.
    if request.content_type == "application/x-www-form-urlencoded":
        list(decoded_pairs(request.body, forbid_controls=False))
        return
    # multipart: Django decodes each part with errors="replace", so an invalid byte
    # shows as U+FFFD, which no form field here expects.
    try:
        values = [value for _key, value in request.POST.lists()]
    except MultiPartParserError:
        raise Refused(400, _("This form could not be read.")) from None
    if any("\ufffd" in value for group in values for value in group):
        raise Refused(400, _("This form is not valid UTF-8."))


def decoded_pairs(raw, *, forbid_controls):
    """(key, value) pairs of a urlencoded string, refusing invalid UTF-8 (and controls)."""
    for chunk in raw.split(b"&"):
        if not chunk:
            continue
        key, _equals, value = chunk.partition(b"=")
        try:
            key = unquote_to_bytes(key.replace(b"+", b" ")).decode("utf-8")
            value = unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(400, _("This request is not valid UTF-8.")) from None
        if forbid_controls and (has_control(key) or has_control(value)):
            raise Refused(400, _("This address holds control characters or line breaks."))
        yield key, value


CONTROL_MESSAGE = _("Please remove the special (control) characters from this text.")
REPEATED_MESSAGE = _("“%(field)s” was sent more than once; please send the form again.")


def validate_multi_line(value):
    if has_control(value, allowed=MULTI_LINE_ALLOWED):
        raise ValidationError(CONTROL_MESSAGE, code="control_characters")


def normalise_line_breaks(text):
    for separator in LINE_SEPARATORS:
        text = text.replace(separator, "\n")
    return text


class CleanTextForm(forms.Form):
    """A form whose text fields refuse control characters (one-line fields: line
    breaks too) and whose multi-line fields read Unicode line separators as newlines."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        multi_line = set()
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField):
                continue
            if isinstance(field.widget, forms.Textarea):
                multi_line.add(self.add_prefix(name))
                field.validators.append(validate_multi_line)
            elif validate_one_line not in field.validators:
                field.validators.append(validate_one_line)
        if self.is_bound and multi_line & set(self.data):
            self.data = self.data.copy()
            for key in multi_line & set(self.data):
                if hasattr(self.data, "setlist"):
                    values = [normalise_line_breaks(v) for v in self.data.getlist(key)]
                    self.data.setlist(key, values)
                elif isinstance(self.data[key], str):
                    self.data[key] = normalise_line_breaks(self.data[key])

    def clean(self):
        cleaned_data = super().clean()
        for name, field in self.fields.items():
            if isinstance(field, forms.MultipleChoiceField) or not hasattr(self.data, "getlist"):
                continue
            if len(self.data.getlist(self.add_prefix(name))) > 1:
                # A form-wide error: hidden fields have nowhere to show their own.
                self.add_error(None, REPEATED_MESSAGE % {"field": field.label or name})
        return cleaned_data

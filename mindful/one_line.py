"""One line of text: names, subjects and anything else that may reach a mail header.

A line break in a header would let a value add headers of its own, so input is
refused with `validate_one_line` and text built for a header goes through `one_line()`.
"Line break" includes the Unicode ones (NEL U+0085, LINE SEPARATOR U+2028,
PARAGRAPH SEPARATOR U+2029), which some mail and chat software also honour.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def is_control(character):
    """Control characters (Cc: C0, DEL, C1 with NEL) and Unicode line/paragraph separators."""
    return unicodedata.category(character) in ("Cc", "Zl", "Zp")


def has_control(text, allowed=""):
    return any(is_control(character) and character not in allowed for character in text)


def validate_one_line(value):
    # No line breaks or other control characters: they have no place in a name or a subject.
    if has_control(value):
        raise ValidationError(_("Please write this on a single line."), code="one_line")


def one_line(text):
    """The text with every run of whitespace, line breaks included, made one space."""
    return " ".join(str(text).split())

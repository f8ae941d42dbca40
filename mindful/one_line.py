"""One line of text: names, subjects and anything else that may reach a mail header.

A line break in a header would let a value add headers of its own, so input is
refused with `validate_one_line` and text built for a header goes through `one_line()`.
"Line break" includes the Unicode ones (NEL U+0085, LINE SEPARATOR U+2028,
PARAGRAPH SEPARATOR U+2029), which some mail and chat software also honour.
"""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Control characters (C0, DEL and C1, which holds NEL) and the Unicode line and
# paragraph separators: Unicode categories Cc, Zl and Zp.
CONTROL_CHARACTERS = r"[\x00-\x1f\x7f-\x9f\u2028\u2029]"
_control = re.compile(CONTROL_CHARACTERS)

# No line breaks or other control characters: they have no place in a name or a subject.
# A code of its own, so a field's "invalid" message (an email field's) never replaces it.
validate_one_line = RegexValidator(
    CONTROL_CHARACTERS,
    inverse_match=True,
    message=_("Please write this on a single line."),
    code="one_line",
)


def has_control(text, allowed=""):
    return any(character not in allowed for character in _control.findall(text))


def one_line(text):
    """The text with every run of whitespace, line breaks included, made one space."""
    return " ".join(str(text).split())

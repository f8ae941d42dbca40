"""One line of text: names, subjects and anything else that may reach a mail header.

A line break in a header would let a value add headers of its own, so input is
refused with `validate_one_line` and text built for a header goes through `one_line()`.
"""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# No line breaks or other control characters: they have no place in a name or a subject.
validate_one_line = RegexValidator(
    r"[\x00-\x1f\x7f]",
    inverse_match=True,
    message=_("Please write this on a single line."),
)


def one_line(text):
    """The text with every run of whitespace, line breaks included, made one space."""
    return " ".join(str(text).split())

"""Spreadsheet exports from admin listings that hold what visitors typed.

Inquiries, subscribers and comments are written by the public. A CSV cell that starts
with `=`, `+`, `-`, `@`, a tab or a carriage return runs as a formula when the file is
opened in a spreadsheet (`=HYPERLINK(...)` becomes a live link), so every listing that
exports such text uses `SafeSpreadsheetExportMixin`.
"""

# A cell starting with one of these is read as a formula by spreadsheet applications.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin:
    """Mix into a Wagtail IndexView (before it) whose listing exports visitors' text.

    CSV cells are neutralised here. XLSX cells are already inert: Wagtail writes every
    string as a string cell even when it starts with `=` (`generate_xlsx_row`), and the
    tests check that stays so.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return neutralise_formula(value)
        return value

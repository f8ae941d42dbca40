from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6-digit code your authenticator app shows, or one recovery code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
        error_messages={"required": _("Please enter the code.")},
    )

    def clean_code(self):
        # People copy codes with spaces ("123 456", "abcd efgh ij").
        return "".join(self.cleaned_data["code"].split()).lower()

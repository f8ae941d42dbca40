from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentNote(models.Model):
    """A reusable content note, e.g. "Discusses suicide and self-harm". Managed under Snippets."""

    text = models.CharField(
        max_length=160,
        unique=True,
        help_text=_(
            "What the post discusses, in plain words a reader can decide by, "
            "e.g. “Discusses suicide and self-harm”."
        ),
    )

    class Meta:
        ordering = ["text"]
        verbose_name = _("content note")
        verbose_name_plural = _("content notes")

    def __str__(self):
        return self.text

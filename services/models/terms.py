"""Specialties and modalities: the words clients search for, each with its own page."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Term(models.Model):
    """A named, described term that services and clinicians are tagged with."""

    # The ServicesIndexPage route listing what matches a term, and the name of the
    # many-to-many field on ServicePage and ClinicianPage that holds the term.
    route_name = ""
    field_name = ""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("The last part of the web address; made from the name when left empty."),
    )
    description = models.TextField(
        _("description"),
        max_length=500,
        help_text=_(
            "One to three sentences in everyday words, shown on this term's page "
            "(“Feeling low, flat or hopeless for weeks at a time …”)."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        abstract = True
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="%(app_label)s_%(class)s_name_unique_ci",
                violation_error_message=_("There is already one with this name."),
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_in_slug()  # terms made in code (demo content) are saved without clean()
        super().save(*args, **kwargs)

    def fill_in_slug(self):
        """Make the slug from the name when it was left empty."""
        if not self.slug:
            self.slug = slugify(self.name)[:80]

    def clean(self):
        # Here too, not only in save(): the admin checks the slug is unique before saving.
        super().clean()
        self.fill_in_slug()
        if not self.slug:
            raise ValidationError({"slug": _("Enter a slug made of letters, numbers or hyphens.")})


class Specialty(Term):
    """A difficulty clients bring: depression, anxiety, trauma …"""

    route_name = "specialty"
    field_name = "specialties"

    class Meta(Term.Meta):
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")


class Modality(Term):
    """A way of working: coherence therapy, CBT, ACT …"""

    route_name = "modality"
    field_name = "modalities"

    class Meta(Term.Meta):
        verbose_name = _("modality")
        verbose_name_plural = _("modalities")

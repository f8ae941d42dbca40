from django.db import models
from django.utils.translation import gettext_lazy as _


class BlogCategory(models.Model):
    """A broad subject a post belongs to, e.g. "Therapy Basics". Managed under Snippets."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text=_("The last part of the category's address, e.g. therapy-basics."),
    )
    description = models.TextField(
        max_length=400,
        blank=True,
        help_text=_("Shown at the top of the category's page; one or two sentences."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("blog category")
        verbose_name_plural = _("blog categories")

    def __str__(self):
        return self.name

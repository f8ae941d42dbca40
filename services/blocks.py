"""StreamField blocks of the services app."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

FAQ_ANSWER_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(
        max_length=200, help_text=_("Phrase it as a client would ask it, ending with “?”.")
    )
    answer = blocks.RichTextBlock(
        features=FAQ_ANSWER_FEATURES,
        help_text=_("A short, plain-language answer; a few sentences at most."),
    )

    class Meta:
        icon = "help"
        label = _("Question and answer")


class FAQStreamBlock(blocks.StreamBlock):
    question = QuestionAnswerBlock()

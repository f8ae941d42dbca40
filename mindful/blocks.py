"""StreamField blocks shared by every page type.

No embed block on purpose: embeds load third-party scripts and trackers.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

# Rich text an editor can use in a body: headings below the page's <h1>, lists, links.
BODY_RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(help_text=_("Describe the image for people who cannot see it."))
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=500)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "blocks/pull_quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    page = blocks.PageChooserBlock(help_text=_("Where the button leads, e.g. the contact page."))
    button_label = blocks.CharBlock(max_length=40, default="Get in touch")

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"


class BodyStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=BODY_RICH_TEXT_FEATURES, icon="pilcrow")
    image = CaptionedImageBlock()
    quote = PullQuoteBlock()
    call_to_action = CallToActionBlock()


class WeekdayHoursBlock(blocks.StructBlock):
    """Opening hours for a set of days, used on the page and in JSON-LD."""

    days = blocks.MultipleChoiceBlock(
        choices=[
            ("Monday", "Monday"),
            ("Tuesday", "Tuesday"),
            ("Wednesday", "Wednesday"),
            ("Thursday", "Thursday"),
            ("Friday", "Friday"),
            ("Saturday", "Saturday"),
            ("Sunday", "Sunday"),
        ]
    )
    opens = blocks.TimeBlock()
    closes = blocks.TimeBlock()

    class Meta:
        icon = "time"


class SocialLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=40, help_text=_("e.g. Psychology Today"))
    url = blocks.URLBlock()

    class Meta:
        icon = "link"


class StepBlock(blocks.StructBlock):
    """One step of "How it starts" on the home page."""

    heading = blocks.CharBlock(max_length=80, help_text=_("e.g. “A free 15-minute call”"))
    text = blocks.TextBlock(max_length=300, help_text=_("One or two sentences."))

    class Meta:
        icon = "list-ol"

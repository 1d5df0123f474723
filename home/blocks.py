"""The site's deliberate StreamField vocabulary, shared by every page type (and campaigns later).

Each block has an icon, a template, a description and a preview value for the admin's block picker.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Level 2")), ("h3", _("Level 3")), ("h4", _("Level 4"))],
        default="h2",
        help_text=_("The page title is the only level 1 heading."),
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")
        description = _("A section heading that screen readers can jump to.")
        preview_value = {"text": "Alumni i arbeidslivet", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        label = _("Text")
        description = _("Formatted text with links and lists.")
        preview_value = (
            "<p>USN Alumni samler tidligere studenter fra alle fire fakulteter "
            "og åtte campuser.</p>"
        )


class ImageBlock(blocks.StructBlock):
    """An image that always carries alternative text; decorative images are not offered."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Image")
        description = _("An image with alternative text and an optional caption.")

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("alt_text") or "").strip():
            raise StructBlockValidationError(
                {"alt_text": ValidationError(_("Alternative text is required."))}
            )
        return value


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"), max_length=600)
    attribution = blocks.CharBlock(label=_("Name"), required=False, max_length=120)
    role = blocks.CharBlock(label=_("Role or class year"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quote")
        description = _("A quotation, e.g. from an alumna or alumnus.")
        preview_value = {
            "quote": "Nettverket fra studietiden har åpnet dører for meg hele karrieren.",
            "attribution": "Ingrid Hansen",
            "role": "Master i økonomi og administrasjon, 2015",
        }


class LinkBlock(blocks.StructBlock):
    """A link to a page on this site or to an external address; exactly one of the two."""

    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External address"), required=False)

    class Meta:
        icon = "link"
        label = _("Link")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Choose a page or give an address, not both."))
                }
            )
        return value


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=400)
    link = LinkBlock(label=_("Link"))
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        label = _("Call to action")
        description = _("A highlighted box that invites the reader to act.")
        preview_value = {
            "title": "Bli med i alumninettverket",
            "text": "Hold kontakten med medstudenter og USN.",
            "link": {"page": None, "url": "https://www.usn.no"},
            "button_label": "Meld deg inn",
        }


class VideoEmbedBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("Address of the video"), max_width=960)
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=150,
        help_text=_("Read out by screen readers before the player."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        template = "blocks/embed_block.html"
        label = _("Video or embed")
        description = _("A video or other embedded media from YouTube or Vimeo.")


class AccordionItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=150)
    body = blocks.RichTextBlock(label=_("Content"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "list-ul"
        label = _("Item")


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Items"), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blocks/accordion_block.html"
        label = _("Accordion")
        description = _("Questions and answers, or other content that folds out.")
        preview_value = {
            "heading": "Ofte stilte spørsmål",
            "items": [
                {"title": "Hvem kan bli medlem?", "body": "<p>Alle som har studert ved USN.</p>"},
                {"title": "Koster det noe?", "body": "<p>Nei, medlemskap er gratis.</p>"},
            ],
        }


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    embed = VideoEmbedBlock()
    accordion = AccordionBlock()

    class Meta:
        template = "blocks/body_stream_block.html"

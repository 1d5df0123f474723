"""Which page types may go where, and that editors can create each one through the admin."""

from django.test import TestCase

from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from accounts.factories import UserFactory
from careers.models import CareersIndexPage, CourseOfferIndexPage
from events.models import EventIndexPage
from home.factories import (
    FacultySectionPageFactory,
    NewsIndexPageFactory,
    StandardPageFactory,
)
from home.models import (
    Faculty,
    FacultySectionPage,
    FormPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from tests.conftest import SignedInThroughAllauthClient


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_lives_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_children(self):
        # The events and careers apps add their indexes through home.page_types (home never
        # imports them).
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                FacultySectionPage,
                StandardPage,
                NewsIndexPage,
                FormPage,
                EventIndexPage,
                CareersIndexPage,
                CourseOfferIndexPage,
            },
        )

    def test_faculty_sections_hang_under_the_home_page(self):
        self.assertAllowedParentPageTypes(FacultySectionPage, {HomePage})
        self.assertAllowedSubpageTypes(
            FacultySectionPage,
            {
                StandardPage,
                NewsIndexPage,
                FormPage,
                EventIndexPage,
                CareersIndexPage,
                CourseOfferIndexPage,
            },
        )

    def test_news_pages_only_under_a_news_index(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage, FacultySectionPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})

    def test_standard_and_form_pages(self):
        self.assertAllowedParentPageTypes(
            StandardPage, {HomePage, FacultySectionPage, StandardPage}
        )
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage, FormPage})
        self.assertAllowedParentPageTypes(FormPage, {HomePage, FacultySectionPage, StandardPage})
        self.assertAllowedSubpageTypes(FormPage, set())

    def test_a_second_home_page_cannot_be_added_beside_the_first(self):
        root = Page.get_first_root_node()
        self.assertTrue(root.get_children().type(HomePage).exists())
        self.assertFalse(HomePage.can_create_at(root))


class AdminCreationTests(WagtailPageTestCase):
    """An editor creates and publishes every page type through the real admin forms."""

    client_class = SignedInThroughAllauthClient

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(locale=Locale.get_default())
        cls.hh = Faculty.objects.get(code="HH")
        cls.section = FacultySectionPageFactory(parent=cls.home, faculty=cls.hh, slug="hh")
        cls.news_index = NewsIndexPageFactory(parent=cls.home, slug="nyheter")
        cls.standard = StandardPageFactory(parent=cls.home, slug="om")
        cls.superuser = UserFactory(email="admin@usn.example", is_staff=True, is_superuser=True)

    def setUp(self):
        self.client.force_login(self.superuser)

    def body(self):
        return streamfield(
            [
                ("heading", {"text": "Om nettverket", "level": "h2"}),
                ("quote", {"quote": "Et godt nettverk.", "attribution": "Kari", "role": ""}),
            ]
        )

    def test_create_faculty_section(self):
        self.section.delete()
        self.assertCanCreate(
            self.home,
            FacultySectionPage,
            nested_form_data(
                {
                    "title": "Handelshøyskolen USN",
                    "faculty": self.hh.pk,
                    "launch_state": "pilot",
                    "intro": "Alumni fra HH.",
                    "image_alt": "",
                    "body": self.body(),
                }
            ),
        )
        section = FacultySectionPage.objects.get(faculty=self.hh)
        self.assertTrue(section.live)
        self.assertEqual(section.launch_state, "pilot")

    def test_a_faculty_has_one_section_per_language(self):
        response = self.client.post(
            f"/admin/pages/add/home/facultysectionpage/{self.home.pk}/",
            nested_form_data(
                {
                    "title": "HH igjen",
                    "slug": "hh-igjen",
                    "faculty": self.hh.pk,
                    "launch_state": "live",
                    "intro": "",
                    "image_alt": "",
                    "body": streamfield([]),
                    "action-publish": "action-publish",
                }
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("faculty", response.context["form"].errors)
        self.assertEqual(FacultySectionPage.objects.filter(faculty=self.hh).count(), 1)

    def test_create_standard_page(self):
        self.assertCanCreate(
            self.section,
            StandardPage,
            nested_form_data({"title": "Om HH-alumni", "intro": "Intro", "body": self.body()}),
        )

    def test_create_news_index_and_news_page(self):
        self.assertCanCreate(
            self.section, NewsIndexPage, nested_form_data({"title": "Nyheter", "intro": ""})
        )
        self.assertCanCreate(
            self.news_index,
            NewsPage,
            nested_form_data(
                {
                    "title": "Alumnidagen",
                    "date": "2026-10-14",
                    "kind": "story",
                    "intro": "Over 300 kom.",
                    "image_alt": "",
                    "body": self.body(),
                    "tags": "nettverk, arrangement",
                }
            ),
        )
        page = NewsPage.objects.get(title="Alumnidagen")
        self.assertEqual(sorted(tag.name for tag in page.tags.all()), ["arrangement", "nettverk"])

    def test_create_form_page(self):
        self.assertCanCreate(
            self.standard,
            FormPage,
            nested_form_data(
                {
                    "title": "Kontakt oss",
                    "intro": "Skriv til oss.",
                    "thank_you_text": "Takk!",
                    "to_address": "alumni@usn.no",
                    "from_address": "alumni@usn.no",
                    "subject": "Henvendelse",
                    "form_fields": inline_formset(
                        [
                            {
                                "label": "Navn",
                                "field_type": "singleline",
                                "required": "on",
                                "choices": "",
                                "default_value": "",
                                "help_text": "",
                            }
                        ]
                    ),
                }
            ),
        )
        self.assertEqual(FormPage.objects.get(title="Kontakt oss").form_fields.count(), 1)

    def test_image_block_without_alt_text_is_refused(self):
        from home.factories import ImageFactory

        image = ImageFactory()
        response = self.client.post(
            f"/admin/pages/add/home/standardpage/{self.home.pk}/",
            nested_form_data(
                {
                    "title": "Bilde uten alt",
                    "slug": "bilde-uten-alt",
                    "intro": "",
                    "body": streamfield(
                        [("image", {"image": image.pk, "alt_text": "", "caption": ""})]
                    ),
                    "action-publish": "action-publish",
                }
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(StandardPage.objects.filter(slug="bilde-uten-alt").exists())

    def test_hero_image_needs_alternative_text(self):
        from django.core.exceptions import ValidationError

        from home.factories import ImageFactory

        self.home.hero_image = ImageFactory()
        self.home.hero_image_alt = ""
        with self.assertRaises(ValidationError):
            self.home.full_clean()


class BlockPreviewTests(TestCase):
    def test_every_block_offers_a_description_and_icon(self):
        from home.blocks import BodyStreamBlock

        for name, block in BodyStreamBlock().child_blocks.items():
            with self.subTest(block=name):
                self.assertTrue(block.meta.description, name)
                self.assertNotEqual(block.meta.icon, "placeholder", name)


class BlockPreviewRenderingTests(TestCase):
    """The admin's block picker shows each block with its preview value, in the site's style."""

    client_class = SignedInThroughAllauthClient

    @classmethod
    def setUpTestData(cls):
        cls.superuser = UserFactory(email="admin@usn.example", is_staff=True, is_superuser=True)

    def test_blocks_with_preview_values_render_in_the_picker(self):
        self.client.force_login(self.superuser)
        stream_block = StandardPage._meta.get_field("body").stream_block
        checked = 0
        for name, block in stream_block.child_blocks.items():
            if block.get_preview_value() in (None, {}, ""):
                continue
            with self.subTest(block=name):
                response = self.client.get("/admin/block-preview/", {"id": block.definition_prefix})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "css/site.css")
                self.assertContains(response, f"block-{name}")
                checked += 1
        self.assertGreaterEqual(checked, 5)

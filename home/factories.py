"""Factories for the home app's reference data and page types, shared by tests and demo data."""

import io
import random

from django.core.files.images import ImageFile

import factory
import wagtail_factories
from PIL import Image as PillowImage
from PIL import ImageDraw

from .models import (
    Faculty,
    FacultySectionPage,
    FormField,
    FormPage,
    HomePage,
    LaunchState,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)


def generated_image_file(seed: int, name: str, size=(1200, 675)) -> ImageFile:
    """A deterministic abstract PNG in the site's colours, made locally (nothing is downloaded)."""
    rng = random.Random(seed)
    width, height = size
    image = PillowImage.new("RGB", size, (11, 42, 74))
    draw = ImageDraw.Draw(image)
    top, bottom = (11, 42, 74), rng.choice([(0, 112, 106), (21, 59, 99), (178, 58, 30)])
    for y in range(height):
        t = y / height
        colour = tuple(int(top[i] + (bottom[i] - top[i]) * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    for _ in range(rng.randint(4, 9)):
        radius = rng.randint(40, 260)
        x, y = rng.randint(0, width), rng.randint(0, height)
        tint = rng.choice([(255, 255, 255), (159, 211, 207), (255, 191, 71)])
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=tint, width=6)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ImageFile(buffer, name=name)


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Bilde {n}")
    file = factory.LazyAttributeSequence(lambda o, n: generated_image_file(n, f"image-{n}.png"))


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "USN Alumni"
    hero_title = "Velkommen til USN Alumni"


class FacultySectionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = FacultySectionPage

    title = factory.LazyAttribute(lambda o: o.faculty.name_nb)
    faculty = factory.Iterator(Faculty.objects.all())
    launch_state = LaunchState.LIVE
    intro = "Alumnisiden for fakultetet."


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Side {n}")
    intro = "En vanlig innholdsside."


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Nyheter"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Nyhet {n}")
    intro = "Kort ingress til nyheten."


class FormPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = FormPage

    title = "Kontakt oss"
    intro = "Send oss en melding."
    to_address = "alumni@usn.no"
    from_address = "alumni@usn.no"
    subject = "Ny henvendelse fra alumnisiden"


class FormFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormField

    label = factory.Sequence(lambda n: f"Felt {n}")
    field_type = "singleline"
    required = True

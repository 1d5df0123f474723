"""Members edit their profile, photo and privacy; bad input is explained and loses nothing."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
from PIL import Image

from community.members import completeness
from community.models import Profile, Visibility

URL = "/medlemmer/profil/"


def profile_post(**overrides):
    data = {
        "profile-display_name": "Kari Nordmann",
        "profile-headline": "Økonom i Drammen",
        "profile-current_position": "Controller",
        "profile-employer": "Drammen kommune",
        "profile-industry": "public",
        "profile-city": "Drammen",
        "profile-country": "NO",
        "profile-bio": "Jeg liker tall. Se https://example.no/kari",
        "profile-languages": ["nb", "en"],
        "profile-skills_text": "regnskap, budsjett, Regnskap",
        "profile-other_interests": "fjellturer",
        "profile-open_to_mentoring": "on",
        "profile-listed_in_directory": "on",
        "profile-email_reminders": "on",
        "education-TOTAL_FORMS": "1",
        "education-INITIAL_FORMS": "0",
        "education-0-faculty": "",
        "education-0-programme": "",
        "education-0-programme_name": "",
        "education-0-campus": "",
        "education-0-degree_level": "",
        "education-0-graduation_year": "",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "0",
        "links-0-label": "LinkedIn",
        "links-0-url": "https://www.linkedin.com/in/kari",
    }
    for field in [
        "photo",
        "headline",
        "education",
        "work",
        "industry",
        "location",
        "bio",
        "skills",
        "interests",
        "links",
        "languages",
        "mentoring",
        "groups",
    ]:
        data[f"visibility-{field}_visibility"] = "members"
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_member_fills_in_the_profile(client, member):
    client.force_login(member)
    response = client.post(URL, profile_post())
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert profile.employer == "Drammen kommune"
    assert str(profile.country) == "NO"
    assert profile.languages == ["nb", "en"]
    assert sorted(t.name for t in profile.skills.all()) == ["budsjett", "regnskap"]
    assert [t.name for t in profile.interests.all()] == ["fjellturer"]
    assert profile.links.get().url == "https://www.linkedin.com/in/kari"
    assert profile.work_visibility == Visibility.MEMBERS


@pytest.mark.django_db
def test_invalid_input_is_explained_and_nothing_typed_is_lost(client, member):
    client.force_login(member)
    response = client.post(URL, profile_post(**{"links-0-url": "javascript:alert(1)"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Drammen kommune" in html  # the rest of the form is kept
    assert Profile.objects.get(user=member).employer == ""


@pytest.mark.django_db
def test_education_programme_must_belong_to_the_chosen_faculty(client, member, faculties):
    from home.models import Programme

    client.force_login(member)
    nursing = Programme.objects.get(code="BSP")
    response = client.post(
        URL,
        profile_post(
            **{
                "education-0-faculty": faculties["HH"].pk,
                "education-0-programme": nursing.pk,
                "education-0-graduation_year": "2015",
            }
        ),
    )
    assert response.status_code == 400
    assert not Profile.objects.get(user=member).education.exists()


@pytest.mark.django_db
def test_verified_education_cannot_be_changed_by_the_member(client, verified_member):
    client.force_login(verified_member)
    record = verified_member.profile.education.get()
    data = profile_post(
        **{
            "education-TOTAL_FORMS": "1",
            "education-INITIAL_FORMS": "1",
            "education-0-id": str(record.pk),
            "education-0-graduation_year": "1999",
        }
    )
    client.post(URL, data)
    record.refresh_from_db()
    assert record.graduation_year == 2015


@pytest.mark.django_db
def test_completeness_meter_and_next_step(member):
    from community.members import ensure_profile

    profile = ensure_profile(member)
    percent, step = completeness(profile)
    assert percent == 0
    assert step.key == "education"
    profile.headline = "Økonom"
    profile.current_position, profile.employer = "Controller", "DNB"
    profile.save()
    percent, step = completeness(profile)
    assert percent == 25
    assert step.key == "education"


@pytest.mark.django_db
def test_stale_profile_prompts_for_confirmation_and_confirming_clears_it(client, member):
    from django.utils import timezone

    from community.members import ensure_profile

    profile = ensure_profile(member)
    profile.confirmed_at = timezone.now() - timezone.timedelta(days=400)
    profile.save()
    client.force_login(member)
    html = client.get("/medlemmer/").content.decode()
    assert reverse("community:profile_confirm") in html
    client.post(reverse("community:profile_confirm"))
    assert reverse("community:profile_confirm") not in client.get("/medlemmer/").content.decode()


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (1200, 900), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Kamera AS"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (59.0, 44.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


@pytest.mark.django_db
def test_photo_is_re_encoded_without_gps_and_resized(client, member):
    client.force_login(member)
    upload = SimpleUploadedFile("me.jpg", jpeg_with_gps(), content_type="image/jpeg")
    with Image.open(io.BytesIO(jpeg_with_gps())) as original:
        assert original.getexif().get_ifd(0x8825)  # the test file really carries GPS
    client.post(reverse("community:photo_upload"), {"photo": upload})
    profile = Profile.objects.get(user=member)
    assert profile.photo
    with Image.open(profile.photo.path) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) <= 800
        assert not stored.getexif()
    assert "me" not in profile.photo.name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "x.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        ("x.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
        ("x.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 20, "image/png"),
        ("x.gif", b"GIF89a" + b"\x00" * 100, "image/gif"),
    ],
)
def test_hostile_uploads_are_refused_with_a_message(client, member, name, content, content_type):
    client.force_login(member)
    response = client.post(
        reverse("community:photo_upload"),
        {"photo": SimpleUploadedFile(name, content, content_type=content_type)},
        follow=True,
    )
    assert response.status_code == 200
    assert not Profile.objects.get(user=member).photo
    assert "message--error" in response.content.decode()


@pytest.mark.django_db
def test_photo_over_5_mb_is_refused_before_it_is_read(client, member):
    client.force_login(member)
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 1))
    client.post(reverse("community:photo_upload"), {"photo": big})
    assert not Profile.objects.get(user=member).photo


@pytest.mark.django_db
def test_decompression_bomb_is_refused(client, member):
    # A 20,000 × 20,000 PNG of one colour compresses to a few hundred kB.
    image = Image.new("1", (20_000, 20_000), 0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    assert buffer.tell() < 5 * 1024 * 1024
    client.force_login(member)
    client.post(
        reverse("community:photo_upload"),
        {"photo": SimpleUploadedFile("bomb.png", buffer.getvalue())},
    )
    assert not Profile.objects.get(user=member).photo


XSS = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">klikk</a>',
    "{{ 7*7 }}",
]


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS)
def test_xss_payloads_in_every_profile_field_stay_inert(client, member, hh_alumnus, payload):
    profile_owner = member
    client.force_login(profile_owner)
    text_fields = ["display_name", "headline", "current_position", "employer", "city", "bio"]
    data = profile_post(**{f"profile-{name}": payload[:100] for name in text_fields})
    data["profile-skills_text"] = payload
    data["profile-other_interests"] = payload
    data["links-0-label"] = payload[:60]
    assert client.post(URL, data).status_code == 302
    profile = Profile.objects.get(user=profile_owner)
    profile.mark_verified("register")
    pages = [
        reverse("community:profile_detail", args=[profile.pk]),
        reverse("community:profile_edit"),
        reverse("community:dashboard"),
    ]
    viewer_pages = [
        reverse("community:profile_detail", args=[profile.pk]),
        reverse("community:directory"),
    ]
    for url in pages:
        assert_no_executable_markup(client.get(url).content.decode(), url)
    client.force_login(hh_alumnus)
    for url in viewer_pages:
        assert_no_executable_markup(client.get(url).content.decode(), url)


def assert_no_executable_markup(html, where):
    """No inline script, no event-handler attribute, no javascript: link anywhere on the page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("src"), (where, str(script)[:80])
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), (where, tag.name, attribute)
            if attribute in ("href", "src", "action", "formaction"):
                assert not str(value).strip().lower().startswith("javascript:"), (where, value)


@pytest.mark.django_db
def test_links_in_the_bio_become_clickable_but_nothing_else(client, hh_alumnus):
    profile = hh_alumnus.profile
    profile.bio = "Se https://example.no/cv og <b>fet</b>"
    profile.bio_visibility = Visibility.MEMBERS
    profile.save()
    client.force_login(hh_alumnus)
    html = client.get(reverse("community:profile_detail", args=[profile.pk])).content.decode()
    assert '<a href="https://example.no/cv" rel="nofollow">' in html
    assert "&lt;b&gt;fet&lt;/b&gt;" in html

"""Member profiles: what a member tells others, and who may see each part (DESIGN.md §5)."""

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TagBase, TaggedItemBase
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from django_countries.fields import CountryField

from home.models import Campus, DegreeLevel, Faculty, Programme

from .messaging import WhoMayMessage


class Visibility(models.TextChoices):
    """Who may see one part of a profile. There is no 'everyone': profiles need login."""

    MEMBERS = "members", _("Verified members")
    FACULTY = "faculty", _("Members of my faculty")
    PRIVATE = "private", _("Only me")


class Industry(models.TextChoices):
    ACCOUNTING = "accounting", _("Accounting and auditing")
    ARTS = "arts", _("Arts, culture and media")
    BANKING = "banking", _("Banking, finance and insurance")
    CONSTRUCTION = "construction", _("Construction and property")
    CONSULTING = "consulting", _("Consulting")
    EDUCATION = "education", _("Education and research")
    ENERGY = "energy", _("Energy, oil and gas")
    HEALTH = "health", _("Health and care")
    HOSPITALITY = "hospitality", _("Tourism and hospitality")
    IT = "it", _("IT and software")
    MANUFACTURING = "manufacturing", _("Manufacturing and engineering")
    MARITIME = "maritime", _("Maritime")
    NGO = "ngo", _("Non-profit organisations")
    PUBLIC = "public", _("Public administration")
    RETAIL = "retail", _("Retail and trade")
    SOCIAL = "social", _("Social work and child welfare")
    SPORT = "sport", _("Sport and outdoor life")
    TRANSPORT = "transport", _("Transport and logistics")
    OTHER = "other", _("Other")


LANGUAGE_CHOICES = [
    ("nb", _("Norwegian")),
    ("en", _("English")),
    ("sv", _("Swedish")),
    ("da", _("Danish")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("pl", _("Polish")),
    ("lt", _("Lithuanian")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("ti", _("Tigrinya")),
    ("uk", _("Ukrainian")),
    ("zh", _("Chinese")),
    ("se", _("Northern Sami")),
]


class SkillTag(TagBase):
    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class InterestTag(TagBase):
    """An interest. Editors curate a vocabulary (offered as choices); members may add their own."""

    curated = models.BooleanField(
        _("curated"), default=False, help_text=_("Offered to every member as a choice.")
    )

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["name"]


class ProfileSkill(TaggedItemBase):
    tag = models.ForeignKey(SkillTag, on_delete=models.CASCADE, related_name="tagged_profiles")
    content_object = ParentalKey(
        "community.Profile", on_delete=models.CASCADE, related_name="tagged_skills"
    )


class ProfileInterest(TaggedItemBase):
    tag = models.ForeignKey(InterestTag, on_delete=models.CASCADE, related_name="tagged_profiles")
    content_object = ParentalKey(
        "community.Profile", on_delete=models.CASCADE, related_name="tagged_interests"
    )


def photo_path(instance, filename):
    # A random name: the file name must not reveal who is in the photo.
    return f"profile-photos/{uuid.uuid4().hex}.jpg"


def visibility_field(label, default=Visibility.PRIVATE):
    return models.CharField(
        format_lazy(_("who sees {field}"), field=label),
        max_length=8,
        choices=Visibility.choices,
        default=default,
    )


# The directory's order, and the columns its filters and visibility checks read (see the
# partial indexes on Profile).
DIRECTORY_ORDER = ["display_name", "id"]
DIRECTORY_COLUMNS = [
    "user",
    "industry_visibility",
    "country",
    "city",
    "location_visibility",
    "open_to_mentoring",
    "mentoring_visibility",
    "education_visibility",
    "education_faculties",
]


def faculty_set_value(faculty_id) -> str:
    """How one faculty appears in Profile.education_faculties: "|3|" (delimited, so 3 never
    matches 13)."""
    return f"|{int(faculty_id)}|"


# The faculty set of the profile being updated, from its education (see
# ProfileQuerySet.refresh_education_faculties): "|1|4|", or "" without education.
FACULTY_SET_SQL = {
    "postgresql": (
        "SELECT COALESCE('|' || string_agg(DISTINCT e.faculty_id::text, '|') || '|', '') "
        "FROM community_educationrecord e WHERE e.profile_id = community_profile.id"
    ),
    # SQLite's group_concat(DISTINCT ...) takes no separator: it is always ",".
    "sqlite": (
        "SELECT COALESCE('|' || replace(group_concat(DISTINCT e.faculty_id), ',', '|') || '|', '') "
        "FROM community_educationrecord e WHERE e.profile_id = community_profile.id"
    ),
}


# What a directory card shows (community/components/profile_card.html, avatar.html).
DIRECTORY_CARD_FIELDS = [
    "id",
    "user",
    "display_name",
    "photo",
    "headline",
    "current_position",
    "employer",
    "city",
    "country",
    "open_to_mentoring",
    "who_may_message",
    "is_verified",
]


class ProfileQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def listed(self):
        """Profiles in the directory: verified alumni who chose to be listed, active accounts."""
        # "Not one of the (few) deactivated accounts" rather than a join with every user row:
        # the join cost a lookup per listed member; this reads one small partial index.
        inactive = get_user_model()._default_manager.filter(is_active=False).values("pk")
        return self.filter(listed_in_directory=True, is_verified=True).exclude(user_id__in=inactive)

    def refresh_education_faculties(self) -> int:
        """Recompute education_faculties of these profiles from their education records, in one
        set-based UPDATE (used after each education change and after the bulk inserts that send
        no signals: demo data, merging)."""
        faculty_set = RawSQL(FACULTY_SET_SQL[connection.vendor], [])  # noqa: S611 (constant)
        return self.update(education_faculties=faculty_set)

    def with_directory_relations(self):
        return self.select_related("user").prefetch_related(
            models.Prefetch(
                "education",
                queryset=EducationRecord.objects.select_related("faculty", "programme", "campus"),
            ),
        )

    def for_directory_cards(self):
        """with_directory_relations(), loading only what a result card and the privacy checks
        read: building 50 full profiles and users (bio, languages, a dozen dates, the password
        hash) was a third of the directory's time in Python."""
        # Every "who sees ..." field: the privacy checks read them all (community/privacy.py).
        visibility = [f.name for f in self.model._meta.fields if f.name.endswith("_visibility")]
        return self.with_directory_relations().only(
            *DIRECTORY_CARD_FIELDS, *visibility, "user__is_active"
        )


class Profile(index.Indexed, ClusterableModel):
    """A member's profile. A new profile shows verified members only the name, photo, headline and
    education; every other field starts as 'only me'."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("display name"), max_length=100)
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    headline = models.CharField(
        _("headline"), max_length=120, blank=True, help_text=_("E.g. 'Economist in Drammen'.")
    )
    bio = models.TextField(_("about me"), max_length=2000, blank=True)
    current_position = models.CharField(_("current position"), max_length=120, blank=True)
    employer = models.CharField(_("employer"), max_length=120, blank=True)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    country = CountryField(_("country"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    open_to_mentoring = models.BooleanField(_("open to mentoring"), default=False)
    skills = ClusterTaggableManager(_("skills"), through=ProfileSkill, blank=True)
    interests = ClusterTaggableManager(_("interests"), through=ProfileInterest, blank=True)

    listed_in_directory = models.BooleanField(
        _("list me in the member directory"),
        default=False,
        help_text=_("Verified members can then find you by name, employer, skills and interests."),
    )
    photo_visibility = visibility_field(_("photo"), Visibility.MEMBERS)
    headline_visibility = visibility_field(_("headline"), Visibility.MEMBERS)
    education_visibility = visibility_field(_("education"), Visibility.MEMBERS)
    bio_visibility = visibility_field(_("about me"))
    work_visibility = visibility_field(_("position and employer"))
    industry_visibility = visibility_field(_("industry"))
    location_visibility = visibility_field(_("city and country"))
    skills_visibility = visibility_field(_("skills"))
    interests_visibility = visibility_field(_("interests"))
    links_visibility = visibility_field(_("links"))
    languages_visibility = visibility_field(_("languages"))
    mentoring_visibility = visibility_field(_("mentoring"), Visibility.MEMBERS)
    groups_visibility = visibility_field(_("my groups"))

    # The faculties of the member's education records ("|1|4|"; see faculty_set_value), kept
    # by the records' signals (community/signals.py) and refresh_education_faculties(). The
    # directory tests "shares a faculty with the viewer" and the faculty filter on this column,
    # inside its covering indexes, instead of a subquery over a faculty's tens of thousands of
    # education rows (PostgreSQL hashed that subquery on every request: about 30 ms).
    education_faculties = models.CharField(
        _("faculties of the education"), max_length=200, blank=True, default="", editable=False
    )

    is_verified = models.BooleanField(_("verified alumnus"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verification_method = models.CharField(_("verified by"), max_length=10, blank=True)
    confirmed_at = models.DateTimeField(_("last confirmed correct"), default=timezone.now)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    email_reminders = models.BooleanField(
        _("remind me by e-mail when my profile may be out of date"), default=True
    )
    who_may_message = models.CharField(
        _("who may send me messages"),
        max_length=10,
        choices=WhoMayMessage.choices,
        default=WhoMayMessage.MEMBERS,
    )
    private_notifications = models.BooleanField(
        _("private notifications"),
        default=False,
        help_text=_("Leave the text of messages out of notification e-mails."),
    )
    # The member's choice to let the university's CRM read their profile (issue 9); off by default.
    share_with_crm = models.BooleanField(
        _("share my profile with USN's alumni register (CRM)"),
        default=False,
        help_text=_(
            "Your profile, education, interests, newsletter consents and event attendance are "
            "copied to the university's customer register, so USN can keep in touch with you. "
            "You can turn this off at any time."
        ),
    )
    share_with_crm_changed_at = models.DateTimeField(
        _("CRM sharing last changed"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = ProfileQuerySet.as_manager()

    search_fields = [
        index.SearchField("display_name", boost=4),
        index.AutocompleteField("display_name"),
        index.SearchField("members_search_text"),
        index.FilterField("listed_in_directory"),
        index.FilterField("is_verified"),
        index.FilterField("user_id"),
        index.FilterField("id"),
        index.FilterField("industry"),
        index.FilterField("country"),
        index.FilterField("city"),
        index.FilterField("open_to_mentoring"),
        index.FilterField("work_visibility"),
        index.FilterField("industry_visibility"),
        index.FilterField("location_visibility"),
        index.FilterField("education_visibility"),
        index.FilterField("mentoring_visibility"),
    ]

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        ordering = ["display_name"]
        indexes = [
            models.Index(fields=["listed_in_directory", "is_verified"]),
            models.Index(fields=["employer"]),
            models.Index(fields=["city"]),
            # The directory (DESIGN.md §7): only listed, verified profiles, in the listing's
            # order, with every column its filters and visibility checks read, so counting and
            # paging walk this index and never the wide profile rows (bio, photo, ...).
            models.Index(
                fields=[*DIRECTORY_ORDER, *DIRECTORY_COLUMNS],
                condition=models.Q(listed_in_directory=True, is_verified=True),
                name="profile_directory_idx",
            ),
            # The industry filter is the one selective enough to lead an index of its own.
            models.Index(
                fields=["industry", *DIRECTORY_ORDER, *DIRECTORY_COLUMNS],
                condition=models.Q(listed_in_directory=True, is_verified=True),
                name="profile_directory_industry_idx",
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None:
            # A full save writes this instance's education_faculties, which may predate an
            # education change made since it was loaded: recompute it from the records.
            Profile.objects.filter(pk=self.pk).refresh_education_faculties()

    def members_search_text(self) -> str:
        """What the directory's full-text search may match on: only the parts every verified
        member may see. Faculty-only and private parts are never searchable."""
        parts = []
        if self.headline_visibility == Visibility.MEMBERS:
            parts.append(self.headline)
        if self.work_visibility == Visibility.MEMBERS:
            parts += [self.current_position, self.employer]
        if self.skills_visibility == Visibility.MEMBERS:
            parts += [tag.name for tag in self.skills.all()]
        if self.interests_visibility == Visibility.MEMBERS:
            parts += [tag.name for tag in self.interests.all()]
        return " ".join(part for part in parts if part)

    def mark_verified(self, method: str, when=None) -> None:
        if not self.is_verified:
            self.is_verified = True
            self.verified_at = when or timezone.now()
            self.verification_method = method
            self.save(update_fields=["is_verified", "verified_at", "verification_method"])

    @property
    def language_names(self) -> list[str]:
        names = dict(LANGUAGE_CHOICES)
        return [str(names[code]) for code in self.languages if code in names]

    @property
    def needs_confirmation(self) -> bool:
        return self.confirmed_at < timezone.now() - timezone.timedelta(days=365)


class ProfileLink(models.Model):
    profile = ParentalKey(Profile, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("label"), max_length=60)
    url = models.URLField(_("address"), max_length=300)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("link")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.label


def graduation_year_validators():
    return [MinValueValidator(1960), MaxValueValidator(timezone.now().year + 6)]


class EducationRecord(models.Model):
    """One USN degree or programme of a member; filled in from the graduate register or a claim,
    or entered by the member (then unverified)."""

    profile = ParentalKey(Profile, on_delete=models.CASCADE, related_name="education")
    faculty = models.ForeignKey(Faculty, verbose_name=_("faculty"), on_delete=models.PROTECT)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), null=True, blank=True, on_delete=models.SET_NULL
    )
    programme_name = models.CharField(_("programme (as registered)"), max_length=200, blank=True)
    campus = models.ForeignKey(
        Campus, verbose_name=_("campus"), null=True, blank=True, on_delete=models.SET_NULL
    )
    degree_level = models.CharField(
        _("degree level"), max_length=12, choices=DegreeLevel.choices, blank=True
    )
    graduation_year = models.PositiveSmallIntegerField(
        _("graduation year"), null=True, blank=True, validators=graduation_year_validators()
    )
    verified = models.BooleanField(_("verified"), default=False)

    class Meta:
        verbose_name = _("education")
        verbose_name_plural = _("education")
        ordering = ["-graduation_year", "pk"]
        indexes = [models.Index(fields=["faculty", "graduation_year"])]

    def __str__(self):
        name = self.programme.name if self.programme else self.programme_name
        return f"{name} ({self.graduation_year})" if self.graduation_year else name

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        # What the record held when loaded: its profile's faculty set (community/signals.py)
        # needs refreshing only when one of them changes.
        record._loaded_owner = (
            record.__dict__.get("profile_id"),
            record.__dict__.get("faculty_id"),
        )
        return record

"""Demo newsletters for `manage.py seed_demo [--members N]`: the topics (continuing education per
field, events, careers and each faculty's news) with real consent texts in both languages;
confirmed subscriptions, with their ledger entries, for about a third of the demo members and a few
people from the public form; a communications login; a draft campaign by the HH coordinator and
an approved, sent campaign with deliveries, bounces, an unsubscribe and clicks, so the report has
figures.

Idempotent and deterministic: topics by slug, campaigns by title, and members who already have a
subscriber row are left alone. Subscriptions and ledger entries go in with `insert_rows` (one
executemany per table), so 100,000 members add in seconds.
"""

import random
from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import connections, router
from django.utils import timezone

from accounts.models import User
from community.demo.writing import insert_rows
from community.models import EducationRecord
from home.models import Faculty

from .audience import audience
from .models import (
    Campaign,
    CampaignLink,
    CampaignSend,
    CaptureMethod,
    CapturePoint,
    ConsentAction,
    ConsentEvent,
    Delivery,
    DeliveryStatus,
    Feedback,
    SendState,
    Subscriber,
    Subscription,
    SubscriptionStatus,
    Topic,
    TopicKind,
    email_hash,
)

COMMUNICATIONS = (
    "kommunikasjon@usn.example",
    "kommunikasjon-demo-2026",
    "Kristin",
    "Kommunikasjon",
)
COORDINATOR_HH = "koordinator.hh@usn.example"
SUBSCRIBING_SHARE = 0.35
CHUNK = 5000

CONSENT_NB = (
    "Ja, USN Alumni kan sende meg e-post om {what}, høyst to ganger i måneden. Jeg kan melde meg "
    "av når som helst fra lenken i hver e-post eller fra profilen min."
)
CONSENT_EN = (
    "Yes, USN Alumni may e-mail me about {what}, at most twice a month. I can unsubscribe at any "
    "time from the link in every e-mail or from my profile."
)

# slug, kind, faculty code, name nb, name en, description nb, description en, what nb, what en
TOPICS = [
    (
        "evu-okonomi-ledelse",
        TopicKind.CONTINUING_EDUCATION,
        None,
        "Etter- og videreutdanning: økonomi og ledelse",
        "Continuing education: business and management",
        "Nye kurs og studier i økonomi, ledelse og innovasjon, også med alumnirabatt.",
        "New courses and programmes in business, management and innovation, some with an "
        "alumni discount.",
        "etter- og videreutdanning i økonomi og ledelse",
        "continuing education in business and management",
    ),
    (
        "evu-helse",
        TopicKind.CONTINUING_EDUCATION,
        None,
        "Etter- og videreutdanning: helse og sosialfag",
        "Continuing education: health and social care",
        "Videreutdanninger for sykepleiere, vernepleiere og andre i helse- og sosialsektoren.",
        "Further education for nurses, social educators and others in health and social care.",
        "etter- og videreutdanning i helse- og sosialfag",
        "continuing education in health and social care",
    ),
    (
        "evu-laererutdanning",
        TopicKind.CONTINUING_EDUCATION,
        None,
        "Etter- og videreutdanning: lærerutdanning",
        "Continuing education: teacher education",
        "Kompetanse for kvalitet, veiledning og fag for lærere og barnehagelærere.",
        "Courses in subjects and mentoring for teachers and kindergarten teachers.",
        "etter- og videreutdanning for lærere",
        "continuing education for teachers",
    ),
    (
        "evu-teknologi",
        TopicKind.CONTINUING_EDUCATION,
        None,
        "Etter- og videreutdanning: teknologi og maritime fag",
        "Continuing education: technology and maritime studies",
        "Kurs i digitalisering, systemteknikk, energi og maritime operasjoner.",
        "Courses in digitalisation, systems engineering, energy and maritime operations.",
        "etter- og videreutdanning i teknologi og maritime fag",
        "continuing education in technology and maritime studies",
    ),
    (
        "arrangementer",
        TopicKind.EVENTS,
        None,
        "Arrangementer for alumni",
        "Alumni events",
        "Alumnidager, fagkvelder og treff på campusene.",
        "Alumni days, professional evenings and meet-ups on the campuses.",
        "arrangementer for alumni",
        "alumni events",
    ),
    (
        "karriere",
        TopicKind.CAREERS,
        None,
        "Karriere",
        "Careers",
        "Karriereveiledning, webinarer og mentorprogrammer.",
        "Career guidance, webinars and mentoring programmes.",
        "karrieretilbud",
        "career offers",
    ),
    (
        "nytt-fra-hh",
        TopicKind.NEWS,
        "HH",
        "Nytt fra Handelshøyskolen USN",
        "News from the USN School of Business",
        "Nyheter og invitasjoner fra Handelshøyskolen.",
        "News and invitations from the School of Business.",
        "nyheter fra Handelshøyskolen USN",
        "news from the USN School of Business",
    ),
    (
        "nytt-fra-hs",
        TopicKind.NEWS,
        "HS",
        "Nytt fra Fakultet for helse- og sosialvitenskap",
        "News from the Faculty of Health and Social Sciences",
        "Nyheter og invitasjoner fra fakultetet.",
        "News and invitations from the faculty.",
        "nyheter fra Fakultet for helse- og sosialvitenskap",
        "news from the Faculty of Health and Social Sciences",
    ),
    (
        "nytt-fra-hiu",
        TopicKind.NEWS,
        "HIU",
        "Nytt fra Fakultet for humaniora, idretts- og utdanningsvitenskap",
        "News from the Faculty of Humanities, Sports and Educational Science",
        "Nyheter og invitasjoner fra fakultetet.",
        "News and invitations from the faculty.",
        "nyheter fra Fakultet for humaniora, idretts- og utdanningsvitenskap",
        "news from the Faculty of Humanities, Sports and Educational Science",
    ),
    (
        "nytt-fra-tnm",
        TopicKind.NEWS,
        "TNM",
        "Nytt fra Fakultet for teknologi, naturvitenskap og maritime fag",
        "News from the Faculty of Technology, Natural Sciences and Maritime Sciences",
        "Nyheter og invitasjoner fra fakultetet.",
        "News and invitations from the faculty.",
        "nyheter fra Fakultet for teknologi, naturvitenskap og maritime fag",
        "news from the Faculty of Technology, Natural Sciences and Maritime Sciences",
    ),
]

# Which continuing-education topic suits a graduate of each faculty.
EVU_FOR_FACULTY = {
    "HH": "evu-okonomi-ledelse",
    "HS": "evu-helse",
    "HIU": "evu-laererutdanning",
    "TNM": "evu-teknologi",
}

PUBLIC_FORM = [
    ("Ingrid Solheim", "ingrid.solheim@example.org", "nb", ["evu-okonomi-ledelse"]),
    ("Jonas Berg", "jonas.berg@example.org", "nb", ["evu-helse", "arrangementer"]),
    ("Emma Wilson", "emma.wilson@example.com", "en", ["evu-teknologi"]),
    ("Sindre Lie", "sindre.lie@example.org", "nb", ["karriere"]),
    ("Maja Haugen", "maja.haugen@example.org", "nb", ["evu-laererutdanning", "arrangementer"]),
]

DRAFT_TITLE = "Vårens lederkurs for HH-alumni"
SENT_TITLE = "Invitasjon: Alumnidagen 2026"


def paragraph(html):
    return {"type": "paragraph", "value": html}


def heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def ensure_topics():
    faculties = {faculty.code: faculty for faculty in Faculty.objects.all()}
    topics = {}
    for order, row in enumerate(TOPICS):
        slug, kind, faculty, name_nb, name_en, desc_nb, desc_en, what_nb, what_en = row
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            topic = Topic(
                slug=slug,
                kind=kind,
                faculty=faculties.get(faculty),
                name_nb=name_nb,
                name_en=name_en,
                description_nb=desc_nb,
                description_en=desc_en,
                consent_text_nb=CONSENT_NB.format(what=what_nb),
                consent_text_en=CONSENT_EN.format(what=what_en),
                sort_order=order,
            )
            topic.save()
        topics[slug] = topic
    return topics


def ensure_communications(context):
    email, password, first, last = COMMUNICATIONS
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, first_name=first, last_name=last
        )
    user.groups.add(Group.objects.get(name="Kommunikasjon"))
    context.logins.append(("Communications (/admin/)", email, password))
    return user


def subscribe_members(context, topics) -> int:
    """Confirmed subscriptions (and their two ledger entries each) for about a third of the
    members who have no subscriber row yet; each picks topics that suit their faculty."""
    connection = connections[router.db_for_write(Subscriber)]
    now = timezone.now()
    faculty_of = dict(
        EducationRecord.objects.order_by("profile__user_id", "-graduation_year").values_list(
            "profile__user_id", "faculty__code"
        )
    )
    taken = set(Subscriber.objects.values_list("user_id", flat=True))
    members = (
        User.objects.filter(is_active=True, is_staff=False, profile__isnull=False)
        .order_by("pk")
        .values_list("pk", "email", "first_name", "last_name", "preferred_language")
    )
    texts = {slug: topic.current_consent_text() for slug, topic in topics.items()}
    plan = []
    for pk, email, first, last, language in members.iterator(chunk_size=CHUNK):
        if pk in taken:
            continue
        # One random source per member: who subscribes does not depend on who came before.
        rng = random.Random(f"{context.seed}:{email}")
        if rng.random() >= SUBSCRIBING_SHARE:
            continue
        faculty = faculty_of.get(pk)
        choices = ["arrangementer", "karriere"]
        if faculty:
            choices += [EVU_FOR_FACULTY[faculty], f"nytt-fra-{faculty.lower()}"] * 2
        chosen = sorted(set(rng.sample(choices, k=min(len(choices), rng.randint(1, 3)))))
        when = now - timedelta(days=rng.randint(1, 400), minutes=rng.randint(0, 1440))
        plan.append((pk, email, f"{first} {last}".strip(), (language or "nb")[:2], chosen, when))

    adapt = connection.ops.adapt_datetimefield_value
    for start in range(0, len(plan), CHUNK):
        chunk = plan[start : start + CHUNK]
        insert_rows(
            Subscriber,
            ["user_id", "email", "email_hash", "name", "language", "created_at"],
            [
                (pk, email, email_hash(email), name, lang, adapt(when))
                for pk, email, name, lang, _, when in chunk
            ],
        )
        ids = dict(
            Subscriber.objects.filter(user_id__in=[row[0] for row in chunk]).values_list(
                "user_id", "pk"
            )
        )
        subscriptions, events = [], []
        for pk, _email, _name, _lang, chosen, when in chunk:
            confirmed = adapt(when + timedelta(minutes=7))
            for slug in chosen:
                text = texts[slug]
                subscriptions.append(
                    (
                        ids[pk],
                        text.topic_id,
                        SubscriptionStatus.ACTIVE,
                        text.pk,
                        adapt(when),
                        confirmed,
                        confirmed,
                    )
                )
                for action, point, method, moment in (
                    (
                        ConsentAction.REQUESTED,
                        CapturePoint.PREFERENCES,
                        CaptureMethod.WEB_FORM,
                        adapt(when),
                    ),
                    (
                        ConsentAction.CONFIRMED,
                        CapturePoint.CONFIRMATION,
                        CaptureMethod.EMAIL_LINK,
                        confirmed,
                    ),
                ):
                    events.append((ids[pk], text.topic_id, action, text.pk, point, method, moment))
        insert_rows(
            Subscription,
            [
                "subscriber_id",
                "topic_id",
                "status",
                "consent_text_id",
                "requested_at",
                "confirmed_at",
                "updated_at",
            ],
            subscriptions,
        )
        insert_rows(
            ConsentEvent,
            [
                "subscriber_id",
                "topic_id",
                "action",
                "consent_text_id",
                "capture_point",
                "method",
                "created_at",
            ],
            events,
        )
    return len(plan)


def subscribe_public_form(topics):
    from . import consent

    for name, email, language, slugs in PUBLIC_FORM:
        if Subscriber.objects.filter(email__iexact=email).exists():
            continue
        subscriber = consent.subscriber_for_address(email, name, language)
        chosen = [topics[slug] for slug in slugs]
        consent.request_subscription(subscriber, chosen, capture_point=CapturePoint.PUBLIC_FORM)
        consent.confirm(subscriber, [topic.pk for topic in chosen])


def ensure_draft_campaign(topics):
    if Campaign.objects.filter(title=DRAFT_TITLE).exists():
        return
    coordinator = User.objects.filter(email__iexact=COORDINATOR_HH).first()
    campaign = Campaign(
        title=DRAFT_TITLE,
        faculty=Faculty.objects.get(code="HH"),
        subject_nb="Nytt lederkurs for deg som er alumnus fra Handelshøyskolen",
        preheader_nb="15 studiepoeng, samlinger i Drammen og på nett. Alumnirabatt 20 %.",
        body_nb=[
            heading("Ledelse i endring"),
            paragraph(
                "<p>Til våren starter et nytt kurs i endringsledelse for deg som leder team i "
                "privat eller offentlig sektor. Fire samlinger i Drammen og resten på nett.</p>"
            ),
            paragraph(
                '<p>Les mer og meld deg på: <a href="https://www.usn.no/studier/etter-og-videreu'
                'tdanning/">etter- og videreutdanning ved USN</a>.</p>'
            ),
        ],
        subject_en="A new leadership course for School of Business alumni",
        body_en=[
            heading("Leading change"),
            paragraph(
                "<p>This spring a new course in change management starts for those who lead "
                "teams. Four sessions in Drammen, the rest online.</p>"
            ),
        ],
        graduation_year_from=2010,
        created_by=coordinator,
        live=False,
    )
    campaign.topics.set([topics["nytt-fra-hh"], topics["evu-okonomi-ledelse"]])
    campaign.save()
    campaign.save_revision(user=coordinator)


def ensure_sent_campaign(context, topics, communications):
    if Campaign.objects.filter(title=SENT_TITLE).exists():
        return
    rng = random.Random(context.seed + 809)
    now = timezone.now()
    campaign = Campaign(
        title=SENT_TITLE,
        subject_nb="Velkommen til Alumnidagen 2026 i Bø",
        preheader_nb="Foredrag, campusvandring og middag – gratis for alumni.",
        body_nb=[
            heading("Alumnidagen 2026"),
            paragraph(
                "<p>Vi inviterer alle alumni til en dag på campus Bø med foredrag, omvisning og "
                "middag. Ta gjerne med en venn fra studietiden.</p>"
            ),
            paragraph(
                '<p><a href="https://www.usn.no/alumni/alumnidagen">Se programmet og meld deg '
                "på</a>.</p>"
            ),
        ],
        subject_en="Welcome to Alumni Day 2026 in Bø",
        body_en=[
            heading("Alumni Day 2026"),
            paragraph(
                "<p>We invite all alumni to a day on the Bø campus with talks, a tour and "
                "dinner.</p>"
            ),
        ],
        send_at=now - timedelta(days=12),
        created_by=communications,
        live=False,
    )
    campaign.topics.set([topics["arrangementer"]])
    campaign.save()
    recipients = list(audience(campaign).values_list("pk", "language"))
    # The sending exists before publishing, so nothing starts it again.
    send = CampaignSend.objects.create(
        campaign=campaign,
        state=SendState.SENT,
        audience_count=len(recipients),
        started_at=now - timedelta(days=12),
        finished_at=now - timedelta(days=12, minutes=-20),
    )
    campaign.save_revision(user=communications).publish(user=communications)

    adapt = connections[router.db_for_write(Delivery)].ops.adapt_datetimefield_value
    sent_at = adapt(send.started_at + timedelta(minutes=5))
    rows = []
    for pk, language in recipients:
        roll = rng.random()
        status, feedback = DeliveryStatus.SENT, Feedback.NONE
        if roll < 0.03:
            status = DeliveryStatus.SKIPPED_CAP
        elif roll < 0.04:
            status = DeliveryStatus.SKIPPED_CONSENT
        elif roll < 0.045:
            status = DeliveryStatus.FAILED
        elif roll < 0.06:
            feedback = Feedback.BOUNCED
        elif roll < 0.062:
            feedback = Feedback.COMPLAINED
        delivered = status == DeliveryStatus.SENT
        rows.append(
            (
                campaign.pk,
                pk,
                status,
                language or "nb",
                sent_at if delivered else None,
                feedback,
                "demo",
                "",
                "",
            )
        )
    for start in range(0, len(rows), CHUNK):
        insert_rows(
            Delivery,
            [
                "campaign_id",
                "subscriber_id",
                "status",
                "language",
                "sent_at",
                "feedback",
                "claimed_by",
                "message_id",
                "error",
            ],
            rows[start : start + CHUNK],
        )
    sent = sum(1 for row in rows if row[2] == DeliveryStatus.SENT)
    CampaignLink.objects.create(
        campaign=campaign,
        url="https://www.usn.no/alumni/alumnidagen",
        clicks=max(1, sent // 6),
    )
    CampaignLink.objects.create(
        campaign=campaign, url="https://www.usn.no/om-usn/campus-bo", clicks=max(1, sent // 25)
    )
    from . import consent

    topic = topics["arrangementer"]
    for subscriber in Subscriber.objects.filter(pk__in=[pk for pk, _ in recipients[:200:40]]):
        consent.withdraw(
            subscriber,
            [topic],
            capture_point=CapturePoint.ONE_CLICK,
            method=CaptureMethod.ONE_CLICK_POST,
            campaign=campaign,
        )


def build(context):
    topics = ensure_topics()
    communications = ensure_communications(context)
    added = subscribe_members(context, topics)
    subscribe_public_form(topics)
    ensure_draft_campaign(topics)
    ensure_sent_campaign(context, topics, communications)
    context.say(
        f"  newsletters: {len(topics)} topics, {added:,} members newly subscribed, "
        f"{Subscription.objects.active().count():,} active subscriptions, "
        f"{Campaign.objects.count()} campaigns"
    )

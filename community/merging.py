"""How the community's data of two accounts of one person merge (accounts.merging, issue 9).

The profile: the target's is kept; each of its empty fields is filled from the source's, the
source's education records, links, skills and interests are added (an education record the target
already has — same faculty, programme and year — counts once, verified if either was), and a
verified source makes the target verified. The member's choices (visibilities, directory listing,
who may message, sharing with the CRM) stay the target's: they are the kept account's choices.

Blocks: moved like any row, and a block between the two accounts (now the person blocking
themselves) is dropped.
"""

from accounts.merging import move_rows
from accounts.registry import register_merge

from .models import (
    EducationRecord,
    MemberBlock,
    Profile,
    ProfileInterest,
    ProfileLink,
    ProfileSkill,
)

# Fields copied from the source when the target's is empty.
FILLED_FIELDS = [
    "headline",
    "bio",
    "current_position",
    "employer",
    "industry",
    "city",
    "country",
]


def merge_profiles(source, target):
    source_profile = Profile.objects.filter(user=source).first()
    if source_profile is None:
        return
    target_profile = Profile.objects.filter(user=target).first()
    if target_profile is None:
        Profile.objects.filter(pk=source_profile.pk).update(user=target)
        return
    changed = []
    for name in FILLED_FIELDS:
        if not getattr(target_profile, name) and getattr(source_profile, name):
            setattr(target_profile, name, getattr(source_profile, name))
            changed.append(name)
    if not target_profile.photo and source_profile.photo:
        target_profile.photo = source_profile.photo.name
        changed.append("photo")
        # The file now belongs to the target: the source's erasure must not delete it.
        Profile.objects.filter(pk=source_profile.pk).update(photo="")
    languages = list(dict.fromkeys([*target_profile.languages, *source_profile.languages]))
    if languages != target_profile.languages:
        target_profile.languages = languages
        changed.append("languages")
    if source_profile.is_verified and not target_profile.is_verified:
        target_profile.is_verified = True
        target_profile.verified_at = source_profile.verified_at
        target_profile.verification_method = source_profile.verification_method
        changed += ["is_verified", "verified_at", "verification_method"]
    if source_profile.open_to_mentoring and not target_profile.open_to_mentoring:
        target_profile.open_to_mentoring = True
        changed.append("open_to_mentoring")
    merge_education(source_profile, target_profile)
    merge_links(source_profile, target_profile)
    for through in (ProfileSkill, ProfileInterest):
        have = through.objects.filter(content_object=target_profile).values("tag_id")
        moving = through.objects.filter(content_object=source_profile).exclude(tag_id__in=have)
        moving.update(content_object=target_profile)
    # A save (not an UPDATE) so `updated_at` moves and the CRM's incremental sync sees the change.
    target_profile.save(update_fields=[*changed, "updated_at"])
    Profile.objects.filter(pk=source_profile.pk).delete()


def education_key(record):
    return (record.faculty_id, record.programme_id, record.programme_name, record.graduation_year)


def merge_education(source_profile, target_profile):
    kept = {education_key(r): r for r in EducationRecord.objects.filter(profile=target_profile)}
    for record in EducationRecord.objects.filter(profile=source_profile):
        twin = kept.get(education_key(record))
        if twin is None:
            EducationRecord.objects.filter(pk=record.pk).update(profile=target_profile)
        elif record.verified and not twin.verified:
            EducationRecord.objects.filter(pk=twin.pk).update(verified=True)
    # The UPDATEs above send no signals; the faculty set follows the records moved.
    Profile.objects.filter(pk=target_profile.pk).refresh_education_faculties()


def merge_links(source_profile, target_profile):
    urls = set(ProfileLink.objects.filter(profile=target_profile).values_list("url", flat=True))
    for link in ProfileLink.objects.filter(profile=source_profile):
        if link.url not in urls:
            ProfileLink.objects.filter(pk=link.pk).update(profile=target_profile)
            urls.add(link.url)


def merge_blocks(source, target):
    move_rows(MemberBlock, "blocker", source, target)
    move_rows(MemberBlock, "blocked", source, target)
    MemberBlock.objects.filter(blocker=target, blocked=target).delete()


register_merge(Profile, merge_profiles)
register_merge(MemberBlock, merge_blocks)

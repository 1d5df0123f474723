"""Plain-text mail is plain: what a coordinator or member typed is not HTML-escaped in it, and
a member without a first name is still greeted by something."""

from django.core import mail

import pytest

from community.models import VerificationClaim
from community.verification import decide_claim


@pytest.mark.django_db
def test_decision_note_reads_as_typed_in_the_text_part(unverified_member, faculties, superuser):
    unverified_member.first_name = ""
    unverified_member.save()
    claim = VerificationClaim.objects.create(
        user=unverified_member, faculty=faculties["HH"], graduation_year=2015
    )
    decide_claim(claim, superuser, approve=False, note='Send vitnemål & karakterutskrift "snart"')
    message = mail.outbox[0]
    assert 'Send vitnemål & karakterutskrift "snart"' in message.body
    assert "&amp;" not in message.body and "&quot;" not in message.body
    assert unverified_member.email in message.body.splitlines()[0]  # "Hei, <address>!"
    html = message.alternatives[0][0]
    assert "vitnemål &amp; karakterutskrift" in html  # the HTML part stays escaped

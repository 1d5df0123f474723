"""How the careers' data of two accounts of one person merge (accounts.merging, issue 9).

Job postings, saved searches, mentoring requests and mentorships move with the generic path. The
mentor profile and the trusted-poster status are one per person: the target's is kept, the
source's moves over when the target has none.
"""

from accounts.merging import keep_targets_one
from accounts.registry import register_merge

from .models import MentorProfile, TrustedJobPoster

register_merge(MentorProfile, keep_targets_one(MentorProfile))
register_merge(TrustedJobPoster, keep_targets_one(TrustedJobPoster))

"""Members: profiles and their privacy, education, verification. Re-exported for convenience."""

from .profiles import (
    EducationRecord,
    Industry,
    InterestTag,
    Profile,
    ProfileInterest,
    ProfileLink,
    ProfileSkill,
    SkillTag,
    Visibility,
)
from .verification import (
    GraduateImport,
    GraduateRecord,
    VerificationClaim,
    VerificationMethod,
)

__all__ = [
    "EducationRecord",
    "GraduateImport",
    "GraduateRecord",
    "Industry",
    "InterestTag",
    "Profile",
    "ProfileInterest",
    "ProfileLink",
    "ProfileSkill",
    "SkillTag",
    "VerificationClaim",
    "VerificationMethod",
    "Visibility",
]

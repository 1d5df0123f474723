"""Demo users: an administrator and two members (later apps give the members profiles)."""

from .models import User

ADMIN = ("admin@usn.example", "admin-demo-2026", "Ada", "Administrator")
MEMBERS = [
    ("kari.nordmann@example.no", "alumni-demo-2026", "Kari", "Nordmann"),
    ("ola.hansen@example.no", "alumni-demo-2026", "Ola", "Hansen"),
]


def _ensure_user(email, password, first_name, last_name, **flags):
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, first_name=first_name, last_name=last_name, **flags
        )
    return user


def build(context):
    email, password, first, last = ADMIN
    admin = _ensure_user(email, password, first, last, is_staff=True, is_superuser=True)
    context.shared["admin"] = admin
    context.logins.append(("Administrator (/admin/)", email, password))
    members = []
    for email, password, first, last in MEMBERS:
        members.append(_ensure_user(email, password, first, last))
        context.logins.append(("Demo member", email, password))
    context.shared["demo_members"] = members

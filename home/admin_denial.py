"""A real 403 for refused admin requests.

Wagtail answers a logged-in admin user who may not do something with a redirect to the dashboard
and an error message. SECURITY.md C1/C3 ask for a 403 (a stranger's request must be refused, not
redirected), so `wagtail.admin.auth.permission_denied`, which every refusal inside
`require_admin_access` goes through, is replaced at start-up by a view that renders a 403 page.
"""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse


def permission_denied_403(request):
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        raise PermissionDenied
    response = TemplateResponse(request, "home/admin/permission_denied.html", status=403)
    response.render()
    return response


def install():
    from wagtail.admin import auth

    auth.permission_denied = permission_denied_403

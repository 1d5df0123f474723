"""The HTML of a thread's posts (its opening post and a page of replies), written in Python.

A thread page shows up to 51 posts, each with its author, time, text and the buttons this viewer
gets. Rendered through a template included per post, that was 1,700 variable lookups, 120
`{% url %}` reversals and 50 `urlize` calls a request, the larger part of the page's time. Here
each URL is reversed once per page and filled in per post, the translated labels are looked up
once, member text goes through `home.plain_text` (escaped by Django's filters, cached by
content), and every other value is escaped by `format_html`. Nothing here is cached across
requests except the text's HTML: which buttons a post shows depends on the viewer (their role,
whether they wrote it, the edit window) and the forms carry the viewer's CSRF token.

The markup is what the template `components/post.html` wrote before; the view decides `can_edit`,
`can_delete` and `can_report` per post (`discussion_views.decorate`), as it did then.
"""

from urllib.parse import quote

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext

from home.plain_text import plain_text_html_many

# A pk no post has, reversed once and replaced per post.
_SENTINEL = 987654321


class UrlPattern:
    """One URL name reversed once: `pattern(pk)` is `reverse(name, args=[pk])`, without the
    resolver's work per object (lists of threads and posts)."""

    def __init__(self, name):
        url = reverse(name, args=[_SENTINEL])
        self.prefix, _, self.suffix = url.partition(str(_SENTINEL))

    def __call__(self, pk) -> str:
        return f"{self.prefix}{int(pk)}{self.suffix}"


class PostRenderer:
    """Renders posts for one viewer on one page. `moderator`: the viewer moderates the group;
    `here`: the page's path, where a report sends them back; `csrf_token`: the viewer's token."""

    def __init__(self, *, moderator: bool, here: str, csrf_token: str):
        self.moderator = moderator
        # As the template's `?next={{ here|urlencode }}` wrote it.
        self.report_next = "?next=" + quote(here, safe="/")
        self.csrf_input = format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token
        )
        self.urls = {
            True: {
                "action": UrlPattern("community:group_thread_action"),
                "edit": UrlPattern("community:group_thread_edit"),
                "report": UrlPattern("community:group_thread_report"),
            },
            False: {
                "action": UrlPattern("community:group_reply_action"),
                "edit": UrlPattern("community:group_reply_edit"),
                "report": UrlPattern("community:group_reply_report"),
            },
        }
        self.text = {
            "edited": gettext("edited"),
            "hidden": gettext("Hidden"),
            "hidden_body": gettext("Hidden by a moderator."),
            "edit": gettext("Edit"),
            "your_thread": gettext("your thread"),
            "your_reply": gettext("your reply"),
            "report": gettext("Report"),
            "unhide": gettext("Show again"),
            "hide": gettext("Hide"),
            "delete": gettext("Delete"),
            "post_by": gettext("post by %(name)s"),
        }

    def render(self, post, *, is_thread: bool, body_html=None) -> SafeString:
        """One post's <article>. `body_html`: its text's HTML, when rendered in a batch."""
        if body_html is None:
            body_html = plain_text_html_many([post.body])[0]
        text, moderator = self.text, self.moderator
        hidden = post.hidden_at is not None
        created = localtime(post.created_at)
        classes = (
            "post" + (" post--hidden" if hidden else "") + (" post--opening" if is_thread else "")
        )
        meta = format_html(
            '<span class="post__author">{}</span>\n    <time datetime="{}">{}</time>',
            post.author_name,
            date_filter(created, "c"),
            date_filter(created, "SHORT_DATETIME_FORMAT"),
        )
        if post.edited_at:
            meta += format_html("\n    <span>{}</span>", text["edited"])
        if hidden and moderator:
            meta += format_html('\n    <span class="badge badge--hidden">{}</span>', text["hidden"])
        if hidden and not moderator:
            body = format_html(
                '<p class="post__body post__body--hidden"><em>{}</em></p>', text["hidden_body"]
            )
        else:
            body = format_html('<div class="post__body">{}</div>', body_html)
        actions = (
            self.actions(post, is_thread)
            if (post.can_edit or post.can_delete or moderator or post.can_report)
            else ""
        )
        return format_html(
            '<article class="{}" id="{}">\n  <p class="post__meta">\n    {}\n  </p>\n  {}{}\n'
            "</article>",
            classes,
            "innlegg" if is_thread else f"svar-{post.pk}",
            meta,
            body,
            actions,
        )

    def actions(self, post, is_thread) -> SafeString:
        text, urls = self.text, self.urls[is_thread]
        about = format_html(
            '<span class="visually-hidden"> {}</span>', text["post_by"] % {"name": post.author_name}
        )
        parts = []
        if post.can_edit:
            parts.append(
                format_html(
                    '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
                    urls["edit"](post.pk),
                    text["edit"],
                    text["your_thread"] if is_thread else text["your_reply"],
                )
            )
        if post.can_report:
            parts.append(
                format_html(
                    '<a href="{}{}">{}{}</a>',
                    urls["report"](post.pk),
                    self.report_next,
                    text["report"],
                    about,
                )
            )
        if self.moderator:
            action, label = ("unhide", "unhide") if post.hidden_at else ("hide", "hide")
            parts.append(self.form(urls["action"](post.pk), action, text[label], about))
        if post.can_delete:
            parts.append(self.form(urls["action"](post.pk), "delete", text["delete"], about))
        return format_html(
            '\n  <div class="post__actions">\n    {}\n  </div>',
            format_html_join("\n    ", "{}", ((part,) for part in parts)),
        )

    def form(self, url, action, label, about) -> SafeString:
        return format_html(
            '<form method="post" action="{}">{}<input type="hidden" name="action" value="{}">'
            '<button type="submit" class="button-link">{}{}</button></form>',
            url,
            self.csrf_input,
            action,
            label,
            about,
        )


def render_thread_posts(thread, replies, *, moderator, here, csrf_token):
    """The opening post's HTML and each reply's, for the thread page: every text's HTML in one
    cache round trip."""
    renderer = PostRenderer(moderator=moderator, here=here, csrf_token=csrf_token)
    bodies = plain_text_html_many([thread.body, *(reply.body for reply in replies)])
    opening = renderer.render(thread, is_thread=True, body_html=bodies[0])
    rendered = [
        renderer.render(reply, is_thread=False, body_html=body)
        for reply, body in zip(replies, bodies[1:], strict=True)
    ]
    return opening, rendered

CAUSE = "Values from users were pasted into HTML without escaping them for where they went."

from html import escape
from string import Template
from urllib.parse import urlsplit

LINK = Template('<a href="$href">$name</a>')
ITEM = Template('<li class="comment"><b>$name</b>: $text</li>')


def safe_url(url):
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else ""


def render_comment(comment):
    name = escape(comment["author"], quote=True)
    href = safe_url(comment.get("website", ""))
    if href:
        name = LINK.substitute(href=escape(href, quote=True), name=name)
    return ITEM.substitute(name=name, text=escape(comment["text"], quote=True))


def render_page(comments):
    return "<ul>\n" + "\n".join(map(render_comment, comments)) + "\n</ul>"

CAUSE = ""  # optional, not graded: in one sentence, how did a comment run a script in readers' browsers?

import html
from urllib.parse import urlsplit


def safe_url(url):
    """The URL if it is http(s), else "" (a javascript: URL would run when clicked)."""
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else ""


def render_comment(comment):
    """One comment as an <li>: the author (a link to their website if they gave an http(s)
    one) and the text. Every value from the user is shown as text, never run as HTML."""
    author = comment["author"].replace("<script>", "").replace("</script>", "")
    text = html.escape(comment["text"])
    website = html.escape(safe_url(comment.get("website", "")), quote=True)
    name = f'<a href="{website}">{author}</a>' if website else author
    return f'<li class="comment"><b>{name}</b>: {text}</li>'


def render_page(comments):
    items = "\n".join(render_comment(comment) for comment in comments)
    return f"<ul>\n{items}\n</ul>"

from html.parser import HTMLParser

import pytest

from comments import render_comment, render_page


class Reader(HTMLParser):
    """What a browser would build from the HTML: the elements with their attributes, and the text."""

    def __init__(self, source):
        super().__init__(convert_charrefs=True)
        self.elements, self.text = [], []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def shown(comment):
    page = Reader(render_comment(comment))
    return page.elements, "".join(page.text)


def test_a_plain_comment():
    assert render_comment({"author": "Ada", "text": "Nice post"}) == '<li class="comment"><b>Ada</b>: Nice post</li>'


def test_a_comment_with_a_website():
    assert render_comment({"author": "Ada", "text": "Hi", "website": "https://ada.example/"}) == (
        '<li class="comment"><b><a href="https://ada.example/">Ada</a></b>: Hi</li>'
    )


def test_a_javascript_url_is_not_a_link():
    elements, text = shown({"author": "Eve", "text": "click me", "website": "javascript:alert(1)"})
    assert elements == [("li", {"class": "comment"}), ("b", {})]
    assert text == "Eve: click me"


HOSTILE_NAMES = [
    "<script>steal(document.cookie)</script>",
    "<img src=x onerror=steal(document.cookie)>",
    "<svg onload=steal()>",
    "</b></li><li>fake admin notice",
    "<ScRiPt>steal()</sCrIpT>",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=["script", "img onerror", "svg onload", "closing tags", "mixed case"])
def test_an_author_name_is_shown_as_text(name):
    elements, text = shown({"author": name, "text": "hello"})
    assert elements == [("li", {"class": "comment"}), ("b", {})], (
        f"the author name {name!r} became HTML elements {elements[2:] or elements}: every value from a user must go "
        "through html.escape, the author's name as much as the text (removing '<script>' is not enough: there are "
        "many other tags)"
    )
    assert text == f"{name}: hello", "the reader must see the name exactly as typed, as text"


@pytest.mark.parametrize("text", HOSTILE_NAMES + ["5 < 6 & 7 > 3", "it's \"quoted\""])
def test_a_comment_text_is_shown_as_text(text):
    elements, shown_text = shown({"author": "Ada", "text": text})
    assert elements == [("li", {"class": "comment"}), ("b", {})]
    assert shown_text == f"Ada: {text}", (
        "a browser must show the text exactly as typed: escape it once, at output (escaping twice shows '&amp;lt;' "
        "to the reader)"
    )


@pytest.mark.parametrize(
    "website",
    ['https://x.example/" onmouseover="steal()', "https://x.example/'><script>steal()</script>", 'https://x.example/?a=1&b="2"'],
    ids=["double quote", "quote and tag", "ampersand and quotes"],
)
def test_a_website_cannot_break_out_of_the_href(website):
    elements, text = shown({"author": "Mallory", "text": "hi", "website": website})
    assert elements == [("li", {"class": "comment"}), ("b", {}), ("a", {"href": website})], (
        f"the website {website!r} changed the markup: inside a quoted attribute, quotes must be escaped too "
        "(html.escape(value, quote=True), the default)"
    )
    assert text == "Mallory: hi"


def test_the_page():
    page = render_page([{"author": "<b>Bo</b>", "text": "first"}, {"author": "Cy", "text": "<i>second</i>"}])
    reader = Reader(page)
    assert [tag for tag, _ in reader.elements] == ["ul", "li", "b", "li", "b"]
    assert "".join(reader.text).split() == ["<b>Bo</b>:", "first", "Cy:", "<i>second</i>"]

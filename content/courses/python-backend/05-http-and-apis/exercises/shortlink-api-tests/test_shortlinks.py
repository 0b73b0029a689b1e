import pytest

from shortlinks import make_app


@pytest.fixture
def app():
    """A new link shortener with no links, for each test."""
    return make_app()


def test_unknown_short_link_is_404(app):
    # A fine test, but none of the broken copies gets this wrong: it catches nothing yet.
    status, headers, data = app.handle("GET", "/nope")
    assert status == 404
    assert data == {"error": "no link 'nope'"}

"""The WSGI application: a routing table and one small function per route."""
import re

from .web import HTTPError, Request, error_response, json_response
from .storage import LinkStore, SlugTaken
from .validation import clean_new_link


def link_json(link):
    return {
        "slug": link["slug"],
        "url": link["url"],
        "short_url": f"/{link['slug']}",
        "permanent": link["permanent"],
    }


def make_app(db_path=":memory:"):
    """A new app on the SQLite database at `db_path` (created if missing).

    The default, ":memory:", is a private database that lives as long as the app: handy for the
    request panel and quick tries.
    """
    store = LinkStore(db_path)

    def create_link(request):
        url, slug, permanent = clean_new_link(request.json())
        if slug is None:
            link = store.add_generated(url, permanent)
        else:
            try:
                link = store.add(slug, url, permanent)
            except SlugTaken:
                raise HTTPError(409, f"slug {slug!r} is already taken") from None
        return json_response(201, link_json(link), [("Location", f"/{link['slug']}")])

    def follow(request, slug):
        link = store.get(slug)
        if link is None:
            raise HTTPError(404, f"no link {slug!r}")
        status = 301 if link["permanent"] else 302
        return json_response(status, {"url": link["url"]}, [("Location", link["url"])])

    routes = [
        ("POST", re.compile(r"/links"), create_link),
        ("GET", re.compile(r"/([A-Za-z0-9_-]+)"), follow),
    ]

    def dispatch(request):
        allowed = []
        for method, pattern, handler in routes:
            match = pattern.fullmatch(request.path)
            if match is None:
                continue
            if method == request.method:
                return handler(request, *match.groups())
            allowed.append(method)
        if allowed:
            raise HTTPError(405, f"{request.method} is not allowed here", [("Allow", ", ".join(allowed))])
        raise HTTPError(404, f"no route for {request.path}")

    def app(environ, start_response):
        request = Request(environ)
        try:
            response = dispatch(request)
        except HTTPError as exc:
            response = error_response(exc.status, exc.message, exc.headers)
        return response.send(start_response)

    return app

"""The WSGI application: a routing table and one small function per route."""
import re

from . import auth
from .web import HTTPError, Request, Response, error_response, json_response
from .storage import KeyStore, LinkStore, NameTaken, SlugTaken, connect
from .validation import clean_new_link


def link_json(link):
    return {
        "slug": link["slug"],
        "url": link["url"],
        "short_url": f"/{link['slug']}",
        "permanent": link["permanent"],
        "owner": link["owner"],
    }


def make_app(db_path=":memory:"):
    """A new app on the SQLite database at `db_path` (created if missing).

    The default, ":memory:", is a private database that lives as long as the app: handy for the
    request panel and quick tries.
    """
    db = connect(db_path)
    links = LinkStore(db)
    keys = KeyStore(db)

    def caller(request):
        """The user whose key the request carries; None without a key; 401 for a wrong key.
        A wrong key is never treated as "anonymous": the client meant to be someone."""
        key = auth.key_from_request(request)
        if key is None:
            return None
        user = keys.user_for(auth.hash_key(key))
        if user is None:
            raise HTTPError(401, "unknown API key", auth.CHALLENGE)
        return user

    def required_caller(request):
        user = caller(request)
        if user is None:
            raise HTTPError(401, "this route needs an API key (Authorization: Bearer <key>)", auth.CHALLENGE)
        return user

    def create_key(request):
        user = caller(request)
        data = request.json()
        key = auth.new_key()
        if user is None:  # sign-up: a new user with a first key
            try:
                user = keys.create_user(auth.clean_owner(data.get("owner")), auth.hash_key(key))
            except NameTaken:
                raise HTTPError(409, f"owner {data.get('owner')!r} already exists") from None
        else:  # a user asks for one more key (another machine, a rotation)
            if data.get("owner") not in (None, user["name"]):
                raise HTTPError(403, "a key can only ask for more keys for its own owner")
            keys.add_key(user, auth.hash_key(key))
        return json_response(201, {"owner": user["name"], "key": key})

    def create_link(request):
        user = caller(request)
        url, slug, permanent = clean_new_link(request.json())
        if slug is None:
            link = links.add_generated(url, permanent, user)
        else:
            try:
                link = links.add(slug, url, permanent, user)
            except SlugTaken:
                raise HTTPError(409, f"slug {slug!r} is already taken") from None
        return json_response(201, link_json(link), [("Location", f"/{link['slug']}")])

    def list_links(request):
        user = required_caller(request)
        rows = links.db.execute("SELECT slug FROM links ORDER BY id").fetchall()  # everyone's links
        return json_response(200, [link_json(links.get(row["slug"])) for row in rows])

    def owned_link(request, slug):
        """The link, if the caller may manage it: 401 without a key, 404 if unknown, 403 if not theirs."""
        user = required_caller(request)
        link = links.get(slug)
        if link is None:
            raise HTTPError(404, f"no link {slug!r}")
        if link["owner_id"] != user["id"]:
            raise HTTPError(403, f"link {slug!r} belongs to someone else")
        return link

    def delete_link(request, slug):
        owned_link(request, slug)
        links.delete(slug)
        return Response(204)

    def follow(request, slug):
        link = links.get(slug)
        if link is None:
            raise HTTPError(404, f"no link {slug!r}")
        status = 301 if link["permanent"] else 302
        return json_response(status, {"url": link["url"]}, [("Location", link["url"])])

    slug = r"([A-Za-z0-9_-]+)"
    routes = [
        ("POST", re.compile(r"/keys"), create_key),
        ("POST", re.compile(r"/links"), create_link),
        ("GET", re.compile(r"/links"), list_links),
        ("DELETE", re.compile(rf"/links/{slug}"), delete_link),
        ("GET", re.compile(rf"/{slug}"), follow),
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

"""The WSGI application: routing, authentication and rate limiting, metrics, and one small
function per route. Storage, validation and HTTP details live in their own modules."""
import re
import sqlite3
import time
from urllib.parse import urlsplit

from . import auth
from .cache import LRUCache
from .web import HTTPError, Request, Response, error_response, json_response
from .metrics import Metrics
from .ratelimit import RateLimiter
from .storage import ClickStore, KeyStore, LinkStore, NameTaken, SlugTaken, connect, ping
from .validation import clean_new_link

SLUG = r"([A-Za-z0-9_-]+)"
UNMATCHED = "unmatched"  # the metrics' name for requests no route takes


def link_json(link):
    return {
        "slug": link["slug"],
        "url": link["url"],
        "short_url": f"/{link['slug']}",
        "permanent": link["permanent"],
        "owner": link["owner"],
    }


def referrer_host(referer):
    """The host a click came from ("news.example.com"), or None."""
    if not referer:
        return None
    try:
        return urlsplit(referer.strip()).hostname  # already lowercase
    except ValueError:
        return None


class Router:
    """Routes as (method, template, handler); the template is also the metrics' name."""

    def __init__(self):
        self.routes = []

    def add(self, method, template, handler):
        pattern = re.compile(re.escape(template).replace(re.escape("{slug}"), SLUG))
        self.routes.append((method, template, pattern, handler))

    def match(self, request):
        """(route name, handler, path arguments); a 404 or 405 HTTPError when none fits."""
        allowed = []
        for method, template, pattern, handler in self.routes:
            found = pattern.fullmatch(request.path)
            if found is None:
                continue
            if method == request.method:
                return f"{method} {template}", handler, found.groups()
            allowed.append(method)
        if allowed:  # dict.fromkeys: each method once, in order ("/health" is also a "/{slug}")
            methods = ", ".join(dict.fromkeys(allowed))
            raise HTTPError(405, f"{request.method} is not allowed here", [("Allow", methods)])
        raise HTTPError(404, f"no route for {request.path}")


def make_app(db_path=":memory:", clock=time.time, rate_limit=60, rate_window=60, cache_size=1024):
    """A new app on the SQLite database at `db_path` (created if missing).

    The default, ":memory:", is a private database that lives as long as the app: handy for the
    request panel and quick tries. `clock()` gives the time in seconds since the epoch (tests
    pass a fake one). Each API key may make `rate_limit` requests per `rate_window` seconds.
    Up to `cache_size` links are kept in memory for redirects.
    """
    db = connect(db_path)
    links = LinkStore(db)
    keys = KeyStore(db)
    clicks = ClickStore(db)
    limiter = RateLimiter(rate_limit, rate_window, clock)
    cache = LRUCache(cache_size)
    metrics = Metrics()
    router = Router()

    # --- who is calling ------------------------------------------------------------------------

    def authenticate(request):
        """The user whose key the request carries, None without a key. A wrong key is a 401,
        never "anonymous" (the client meant to be someone); a key over its limit is a 429."""
        key = auth.key_from_request(request)
        if key is None:
            return None
        key_hash = auth.hash_key(key)
        user = keys.user_for(key_hash)
        if user is None:
            raise HTTPError(401, "unknown API key", auth.CHALLENGE)
        wait = limiter.wait_time(key_hash)
        if wait:
            raise HTTPError(429, f"too many requests with this key: retry in {wait} s", [("Retry-After", str(wait))])
        return user

    def required_user(request):
        if request.user is None:
            raise HTTPError(401, "this route needs an API key (Authorization: Bearer <key>)", auth.CHALLENGE)
        return request.user

    def owned_link(request, slug):
        """The link, if the caller may manage it: 401 without a key, 404 if unknown, 403 if not theirs."""
        user = required_user(request)
        link = links.get(slug)
        if link is None:
            raise HTTPError(404, f"no link {slug!r}")
        if link["owner_id"] != user["id"]:
            raise HTTPError(403, f"link {slug!r} belongs to someone else")
        return link

    # --- routes --------------------------------------------------------------------------------

    def create_key(request):
        user = request.user
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
        url, slug, permanent = clean_new_link(request.json())
        if slug is None:
            link = links.add_generated(url, permanent, request.user)
        else:
            try:
                link = links.add(slug, url, permanent, request.user)
            except SlugTaken:
                raise HTTPError(409, f"slug {slug!r} is already taken") from None
        return json_response(201, link_json(link), [("Location", f"/{link['slug']}")])

    def list_links(request):
        user = required_user(request)
        return json_response(200, [link_json(link) for link in links.owned_by(user["id"])])

    def delete_link(request, slug):
        owned_link(request, slug)
        links.delete(slug)
        cache.discard(slug)  # or the next redirect would still find it
        return Response(204)

    def link_stats(request, slug):
        link = owned_link(request, slug)
        return json_response(200, {"slug": slug, **clicks.stats(link["id"])})

    def follow(request, slug):
        link = cache.get(slug)
        if link is None:
            link = links.get(slug)
            if link is None:
                raise HTTPError(404, f"no link {slug!r}")  # unknown slugs are not cached
            cache.put(slug, link)
        clicks.record(link["id"], clock(), referrer_host(request.header("Referer")))  # hit or miss
        status = 301 if link["permanent"] else 302
        return json_response(status, {"url": link["url"]}, [("Location", link["url"])])

    def health(request):
        try:
            ping(db)
        except sqlite3.Error:
            return json_response(503, {"status": "error", "database": "unavailable"})
        return json_response(200, {"status": "ok", "database": "ok"})

    def show_metrics(request):
        return json_response(200, {"requests": metrics.snapshot(), "cache": cache.stats()})

    router.add("POST", "/keys", create_key)
    router.add("POST", "/links", create_link)
    router.add("GET", "/links", list_links)
    router.add("DELETE", "/links/{slug}", delete_link)
    router.add("GET", "/links/{slug}/stats", link_stats)
    router.add("GET", "/health", health)
    router.add("GET", "/metrics", show_metrics)
    router.add("GET", "/{slug}", follow)  # last: it matches any one-segment path

    # --- the WSGI entry point ------------------------------------------------------------------

    def handle(request):
        """(route name, response)."""
        route = UNMATCHED
        try:
            route, handler, args = router.match(request)
            request.user = authenticate(request)  # before the handler: every keyed request counts
            return route, handler(request, *args)
        except HTTPError as exc:
            return route, error_response(exc.status, exc.message, exc.headers)
        except sqlite3.Error:
            return route, error_response(503, "the database is unavailable; try again later")

    def app(environ, start_response):
        route, response = handle(Request(environ))
        metrics.count(route, response.status)
        return response.send(start_response)

    return app

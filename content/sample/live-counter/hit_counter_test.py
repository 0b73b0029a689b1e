import http.client
import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def call(url, method="GET"):
    request = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_new_page_has_no_hits(live_server):
    assert call(live_server.url + "/hits/home") == (200, {"page": "home", "hits": 0})


def test_a_hit_is_counted(live_server):
    assert call(live_server.url + "/hits/about", "POST") == (200, {"page": "about", "hits": 1})
    assert call(live_server.url + "/hits/about") == (200, {"page": "about", "hits": 1})


def test_concurrent_hits_are_all_counted(live_server):
    url = live_server.url + "/hits/news"
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: call(url, "POST"), range(16)))
    assert [status for status, _ in answers] == [200] * 16
    assert call(url) == (200, {"page": "news", "hits": 16})


def test_each_concurrent_hit_gets_its_own_count(live_server):
    url = live_server.url + "/hits/blog"
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: call(url, "POST"), range(8)))
    assert sorted(body["hits"] for _, body in answers) == [1, 2, 3, 4, 5, 6, 7, 8]


def test_unknown_path_is_404(live_server):
    assert call(live_server.url + "/pages/home") == (404, {"error": "not found"})


def test_headers_on_the_wire(live_server):
    connection = http.client.HTTPConnection(live_server.host, live_server.port)
    try:
        connection.request("GET", "/hits/wire")
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.getheader("Content-Type") == "application/json"
    assert response.getheader("Content-Length") == str(len(body))

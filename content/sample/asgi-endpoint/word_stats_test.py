import pytest


def test_small_body(client):
    response = client.post("/stats", body="one two\nthree")
    assert response.status == 200
    assert response.json() == {"bytes": 13, "words": 3, "lines": 2}


def test_body_in_many_pieces(client):
    text = "word " * 40000 + "\nlast line"
    response = client.post("/stats", body=text)
    assert response.json() == {"bytes": len(text.encode()), "words": 40002, "lines": 2}


def test_utf8_body(client):
    response = client.post("/stats", body="héllo wörld")
    assert response.json() == {"bytes": 13, "words": 2, "lines": 1}


@pytest.mark.parametrize("to, text", [("3", "1\n2\n3\n"), ("1", "1\n"), ("0", "")], ids=["three", "one", "zero"])
def test_count_streams_lines(client, to, text):
    response = client.get(f"/count?to={to}")
    assert response.status == 200
    assert response.headers["content-type"] == "text/plain"
    assert response.text == text


@pytest.mark.parametrize("target", ["/count", "/count?to=ten", "/count?to=-2"])
def test_count_needs_a_number(client, target):
    response = client.get(target)
    assert response.status == 400
    assert response.text == "to must be a whole number"


def test_health(client):
    response = client.get("/health")
    assert response.status == 200
    assert response.json() == {"status": "ok"}


def test_unknown_is_404(client):
    assert client.get("/nope").status == 404
    assert client.get("/stats").status == 404

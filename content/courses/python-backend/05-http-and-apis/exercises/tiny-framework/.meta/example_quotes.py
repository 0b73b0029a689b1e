from tiny import HTTPError, Tiny

app = Tiny()
QUOTES = {}
NEXT_ID = [1]


def reset():
    """Empty the store; ids start at 1 again."""
    QUOTES.clear()
    NEXT_ID[0] = 1


def _find(quote_id):
    if quote_id not in QUOTES:
        raise HTTPError(404, f"no quote {quote_id}")
    return QUOTES[quote_id]


@app.route("GET", "/quotes")
def list_quotes(request):
    author = request.query.get("author")
    return [quote for quote in QUOTES.values() if author is None or quote["author"] == author]


@app.route("POST", "/quotes")
def create_quote(request):
    data = request.json()
    text = data.get("text") if isinstance(data, dict) else None
    author = data.get("author") if isinstance(data, dict) else None
    if not all(isinstance(value, str) and value.strip() for value in (text, author)):
        raise HTTPError(422, "text and author are required")
    quote = {"id": NEXT_ID[0], "text": text, "author": author}
    NEXT_ID[0] += 1
    QUOTES[quote["id"]] = quote
    return 201, quote, {"Location": f"/quotes/{quote['id']}"}


@app.route("GET", "/quotes/{quote_id:int}")
def show_quote(request, quote_id):
    return _find(quote_id)


@app.route("DELETE", "/quotes/{quote_id:int}")
def delete_quote(request, quote_id):
    _find(quote_id)
    del QUOTES[quote_id]

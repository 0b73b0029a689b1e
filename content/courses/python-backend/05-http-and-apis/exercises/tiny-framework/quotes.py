from tiny import HTTPError, Tiny

app = Tiny()
QUOTES = {}


def reset():
    """Empty the store; ids start at 1 again."""
    QUOTES.clear()


@app.route("GET", "/quotes")
def list_quotes(request):
    return list(QUOTES.values())

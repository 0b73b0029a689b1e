"""Serve Bookshelf on this machine: python -m bookshelf [--db bookshelf.db] [--port 8000]."""

import argparse
from wsgiref.simple_server import make_server

from .app import make_app


def main():
    parser = argparse.ArgumentParser(prog="python -m bookshelf", description=__doc__)
    parser.add_argument("--db", default="bookshelf.db", help="the SQLite file (created and migrated as needed)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    with make_server(args.host, args.port, make_app(db_path=args.db)) as server:
        print(f"Bookshelf on http://{args.host}:{args.port}/books (described at /openapi.json); Ctrl+C stops")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()

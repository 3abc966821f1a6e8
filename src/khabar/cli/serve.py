"""``khabar serve --db DB``: the REST API and the web reader over a corpus database.

Needs the ``api`` extra (FastAPI, uvicorn), imported only when the command runs. Binds to
127.0.0.1 unless ``--host`` says otherwise.
"""

from __future__ import annotations

import sys

from khabar.cli.ingest import add_db_argument, db_of
from khabar.errors import UsageError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(sub) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the REST API and the web reader over a corpus database",
        description="Start a web server over a corpus database made by `khabar ingest`: the JSON API "
        "under /api (reference at /docs, OpenAPI at /openapi.json) and the reader: search, articles "
        "with entities, quotes and dates highlighted, entity pages, and a page to analyse pasted text. "
        "Needs the api extra: pip install 'khabar[api]'.",
    )
    add_db_argument(p)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0: every interface)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0: any free port)")
    p.add_argument("--max-body", type=int, default=None, metavar="BYTES",
                   help="largest request body accepted (default: 1048576); larger ones get 413")
    p.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"),
                   help="server log level (default: info)")
    p.set_defaults(func=run)


def run(args) -> int:
    db = db_of(args)
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be 0–65535, got {args.port}")
    if args.max_body is not None and args.max_body < 1:
        raise UsageError("--max-body must be at least 1 byte")
    try:
        import uvicorn

        from khabar.api.app import MAX_BODY, create_app
    except ImportError as exc:
        raise UsageError("khabar serve needs the api extra: pip install 'khabar[api]'") from exc
    app = create_app(db, max_body=args.max_body or MAX_BODY)
    if args.host not in LOOPBACK:
        print(f"khabar: serving on {args.host}: anyone who can reach this machine can read the corpus "
              "and use its CPU; there is no login", file=sys.stderr)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    from khabar.store import display_location

    print(f"khabar: serving {display_location(db)} at http://{shown}:{args.port}/ (API reference: /docs); Ctrl-C stops",
          file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, server_header=False,
                proxy_headers=False, timeout_keep_alive=5)
    return 0

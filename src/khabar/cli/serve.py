"""``khabar serve --db DB``: the REST API and the web reader over a corpus database.

Needs the ``api`` extra (FastAPI, uvicorn), imported only when the command runs. Binds to
127.0.0.1 unless ``--host`` says otherwise, and answers only requests whose Host header names
it (localhost, 127.0.0.1, ::1, an IP address, the ``--host`` name, ``--allow-host`` names):
a web page the user visits cannot read the corpus through a name of its own (DNS rebinding).
"""

from __future__ import annotations

import socket
import sys

from khabar.cli.options import number
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
    p.add_argument("--port", type=number(), default=8000, help="port (default: 8000; 0: any free port)")
    p.add_argument("--max-body", type=number(), default=None, metavar="BYTES",
                   help="largest request body accepted (default: 1048576); larger ones get 413")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="also answer requests for this host name (repeatable; e.g. the machine's name in DNS); "
                   "default: localhost, 127.0.0.1, ::1, IP addresses and --host")
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
    app = create_app(db, max_body=args.max_body or MAX_BODY, allowed_hosts=allowed_hosts(args))
    if args.host not in LOOPBACK:
        print(f"khabar: serving on {args.host}: anyone who can reach this machine can read the corpus "
              "and use its CPU; there is no login", file=sys.stderr)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    from khabar.store import display_location

    print(f"khabar: serving {display_location(db)} at http://{shown}:{args.port}/ (API reference: /docs); Ctrl-C stops",
          file=sys.stderr)
    from khabar.api.protocol import HeadTimeoutProtocol

    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, http=HeadTimeoutProtocol,
                **SERVER_LIMITS)
    return 0


#: what one client may take of the server: idle keep-alive connections are closed after 5 s,
#: request heads are at most 16 KiB and must arrive within 10 s (khabar.api.protocol), and over
#: 100 open connections get 503 at once
SERVER_LIMITS = dict(server_header=False, proxy_headers=False, timeout_keep_alive=5,
                     h11_max_incomplete_event_size=16 * 1024, limit_concurrency=100, backlog=128,
                     timeout_graceful_shutdown=5)


def allowed_hosts(args) -> list[str]:
    """The Host header names the server answers to (besides IP addresses)."""
    from khabar.api.middleware import LOCAL_HOSTS

    names = [*LOCAL_HOSTS, args.host]
    if args.host not in LOOPBACK:
        names.append(socket.gethostname())  # reached from elsewhere: by its name too
    for name in args.allow_host:
        name = name.strip()
        if not name or any(c in name for c in "/ @"):
            raise UsageError(f"--allow-host needs a host name, like example.org, got {name!r}")
        names.append(name)
    return names

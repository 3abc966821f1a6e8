"""The local server and the web pages the user visits (issue #17, item 5): no reading it
through another host name (DNS rebinding), no cross-site posts, analyses that cannot starve
searches, and no server paths in answers."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from khabar.api import create_app  # noqa: E402

from .conftest import form_token  # noqa: E402

#: the names a local server answers to (khabar.api.middleware.LOCAL_HOSTS)
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
SECRET_DIR = "/home/someone/private/feeds/2015"
TEXT = "قال الرئيس الروسي فلاديمير بوتين إن المحادثات بناءة."


@pytest.fixture
def db(tmp_path):
    from khabar.io import Record
    from khabar.store import open_store

    path = tmp_path / "c.db"
    with open_store(path) as st:
        st.add_text(Record(text=TEXT, id="a1", source=f"{SECRET_DIR}/news.jsonl:12", date="2015-08-01"))
    return str(path)


# --- Host header allow-list ------------------------------------------------------------------

def _hosts():
    yield from ("localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST", "10.1.2.3:80",
                "[fe80::1]")


def _foreign_hosts():
    yield from ("evil.example", "evil.example:8000", "localhost.evil.example", "127.0.0.1.nip.io", "",
                "attacker", "xn--80ak6aa92e.com", "localhost@evil.example")


def test_only_its_own_host_names_are_answered(db):
    app = create_app(db, allowed_hosts=LOCAL_HOSTS)
    with TestClient(app, base_url="http://localhost") as c:
        for host in _hosts():
            assert c.get("/api/stats", headers={"host": host}).status_code == 200, host
        for host in _foreign_hosts():
            r = c.get("/api/search", params={"q": "بوتين"}, headers={"host": host})
            assert r.status_code == 400, host
            assert "--allow-host" in r.json()["error"] and "بوتين" not in r.text
            r = c.get("/", headers={"host": host})
            assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")


def test_serve_allows_its_address_and_allow_host_names(monkeypatch, db):
    import uvicorn

    from khabar.cli.main import main

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    assert main(["serve", "--db", db, "--allow-host", "news.lan", "--allow-host", "reader.example.org"]) == 0
    with TestClient(seen["app"], base_url="http://localhost") as c:
        for host in ("news.lan:8000", "reader.example.org", "localhost:8000"):
            assert c.get("/api/stats", headers={"host": host}).status_code == 200, host
        assert c.get("/api/stats", headers={"host": "evil.example"}).status_code == 400
    # slow or greedy clients: idle connections closed, request heads bounded, connections capped
    assert seen["timeout_keep_alive"] <= 5 and seen["h11_max_incomplete_event_size"] <= 64 * 1024
    assert seen["limit_concurrency"] and seen["limit_concurrency"] <= 1000
    assert main(["serve", "--db", db, "--allow-host", "http://x/"]) == 2


# --- cross-site posts ------------------------------------------------------------------------

def test_the_analyze_form_needs_its_token_and_this_site(db):
    analyze = lambda text, date=None, **meta: {"text": text, "entities": [], "times": [], "quotes": [], "events": []}  # noqa: E731
    with TestClient(create_app(db, analyze=analyze, allowed_hosts=LOCAL_HOSTS), base_url="http://localhost:8000") as c:
        tok = form_token(c)
        ok = c.post("/analyze", data={"text": TEXT, "token": tok},
                    headers={"origin": "http://localhost:8000", "sec-fetch-site": "same-origin"})
        assert ok.status_code == 200
        for data in ({"text": TEXT}, {"text": TEXT, "token": ""}, {"text": TEXT, "token": tok[:-1] + "x"},
                     {"text": TEXT, "token": "ا" * 40}):
            assert c.post("/analyze", data=data).status_code == 403
        for headers in ({"sec-fetch-site": "cross-site"}, {"sec-fetch-site": "same-site"},
                        {"origin": "http://evil.example"}, {"origin": "http://localhost:9999"}):
            r = c.post("/analyze", data={"text": TEXT, "token": tok}, headers=headers)
            assert r.status_code == 403, headers
            r = c.post("/api/analyze", json={"text": TEXT}, headers=headers)
            assert r.status_code == 403 and "cross-site" in r.json()["error"], headers
        # a page with Referrer-Policy: no-referrer (ours) sends Origin: null; the token decides
        assert c.post("/analyze", data={"text": TEXT, "token": tok}, headers={"origin": "null"}).status_code == 200
        # clients that are not browsers send neither header
        assert c.post("/api/analyze", json={"text": TEXT}).status_code == 200


# --- analyses in their own bounded pool ---------------------------------------------------------

def test_a_full_analysis_pool_is_503_and_searches_go_on(db):
    release = threading.Event()
    started = threading.Semaphore(0)

    def slow(text, date=None, **meta):
        started.release()
        release.wait()
        return {"text": text}

    from khabar.api.deps import AnalysisPool

    pool = AnalysisPool(workers=1, queue=1, timeout=600)
    app = create_app(db, analyze=slow, analyze_pool=pool)
    with TestClient(app) as c:
        answers = []
        threads = [threading.Thread(target=lambda: answers.append(c.post("/api/analyze", json={"text": TEXT})))
                   for _ in range(2)]
        for t in threads:
            t.start()
        try:
            started.acquire(timeout=60)  # one runs …
            for _ in range(60_000):  # … and one waits (no timing asserted: just until it is queued)
                if pool.taken == 2:
                    break
                time.sleep(0.001)
            assert pool.taken == 2
            for _ in range(3):
                r = c.post("/api/analyze", json={"text": TEXT})
                assert r.status_code == 503 and int(r.headers["retry-after"]) >= 1
                assert "busy" in r.json()["error"]
            r = c.post("/analyze", data={"text": TEXT, "token": form_token(c)})
            assert r.status_code == 503 and r.headers["content-type"].startswith("text/html")
            assert [h["id"] for h in c.get("/api/search", params={"q": "بوتين"}).json()["items"]] == ["a1"]
            assert c.get("/").status_code == 200
        finally:
            release.set()
            for t in threads:
                t.join()
        assert [a.status_code for a in answers] == [200, 200]
        assert c.post("/api/analyze", json={"text": TEXT}).status_code == 200  # the slots came back


def test_an_analysis_over_the_time_limit_is_503(db):
    release = threading.Event()

    def stuck(text, date=None, **meta):
        release.wait()
        return {"text": text}

    from khabar.api.deps import AnalysisPool

    with TestClient(create_app(db, analyze=stuck, analyze_pool=AnalysisPool(1, 0, timeout=0.01))) as c:
        try:
            r = c.post("/api/analyze", json={"text": TEXT})
            assert r.status_code == 503 and "retry-after" in r.headers
        finally:
            release.set()


# --- no server paths in answers -----------------------------------------------------------------

def test_sources_show_the_file_name_only(db):
    with TestClient(create_app(db)) as c:
        art = c.get("/api/articles/a1").json()
        assert art["source"] == "news.jsonl:12"
        assert c.get("/api/search", params={"q": "بوتين"}).json()["items"][0]["source"] == "news.jsonl:12"
        assert c.get("/api/articles").json()["items"][0]["source"] == "news.jsonl:12"
        for url in ("/api/articles/a1", "/api/articles", "/api/search?q=%D8%A8%D9%88%D8%AA%D9%8A%D9%86",
                    "/articles/a1", "/search?q=%D8%A8%D9%88%D8%AA%D9%8A%D9%86", "/"):
            r = c.get(url)
            assert r.status_code == 200 and "/home/someone" not in r.text and "private" not in r.text, url


def test_public_source():
    from khabar.api.deps import public_source

    assert public_source("/a/b/x.jsonl:3") == "x.jsonl:3"
    assert public_source("C:\\data\\x.txt") == "x.txt"
    assert public_source("x.jsonl:3") == "x.jsonl:3"
    assert public_source(None) is None and public_source("") == ""


# --- slow clients ----------------------------------------------------------------------------

def test_a_request_head_sent_too_slowly_loses_its_connection(db):
    # slowloris: a client that never finishes its request head is cut off after the head
    # timeout, while a normal request on the same server is answered
    import asyncio
    import socket
    import threading

    import uvicorn

    from khabar.api.protocol import HeadTimeoutProtocol

    class Quick(HeadTimeoutProtocol):
        head_timeout = 0.3

    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=0, http=Quick, log_level="error",
                            lifespan="off")
    server = uvicorn.Server(config)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if server.started:
                break
            threading.Event().wait(0.05)
        slow = socket.create_connection(("127.0.0.1", port), timeout=5)
        slow.sendall(b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\n")  # no blank line: the head never ends
        assert slow.recv(1024) == b""  # closed by the server, not answered
        slow.close()
        fine = socket.create_connection(("127.0.0.1", port), timeout=5)
        fine.sendall(b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        assert fine.recv(1024).startswith(b"HTTP/1.1 200")
        fine.close()
    finally:
        server.should_exit = True
        thread.join(5)

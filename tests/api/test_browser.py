"""The reader in a real browser: headless Debian Chromium driven by playwright.

Needs ``apt-get install chromium fonts-noto-core`` and ``pip install playwright`` (never
``playwright install``: the system Chromium is used). Skips, with the reason, when either is
missing, unless ``KHABAR_REQUIRE_BROWSER`` is set (CI), where that is a failure.
``KHABAR_SCREENSHOT_DIR=dir`` keeps a copy of the screenshot. Only these: ``pytest -m browser``.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from .conftest import XSS_IMG, XSS_SCRIPT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def _requirements() -> str | None:
    if not CHROMIUM.exists():
        return "no /usr/bin/chromium (apt-get install chromium fonts-noto-core)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        return "the api extra is not installed (pip install 'khabar[api]')"
    return None


@pytest.fixture(scope="module")
def server(corpus_db):
    """uvicorn serving the test corpus on a free loopback port, in a background thread."""
    reason = _requirements()
    if reason:
        if os.environ.get("KHABAR_REQUIRE_BROWSER"):  # CI: a missing browser is a failure
            pytest.fail(f"KHABAR_REQUIRE_BROWSER is set but {reason}")
        pytest.skip(reason)
    import uvicorn

    from khabar.api import create_app

    config = uvicorn.Config(create_app(str(corpus_db)), host="127.0.0.1", port=0, log_level="warning",
                            lifespan="on")
    srv = uvicorn.Server(config)
    srv.install_signal_handlers = lambda: None  # not the main thread
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if not th.is_alive() or time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    th.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="ar")
    dialogs: list[str] = []
    errors: list[str] = []

    def on_dialog(d):
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda e: errors.append(str(e)))
    resp = page.goto(url, wait_until="load")
    return page, resp, dialogs, errors


def test_article_page_in_chromium(server, browser, tmp_path):
    page, resp, dialogs, errors = _open(browser, f"{server}/articles/xss-1")
    try:
        assert resp.status == 200
        assert "script-src 'self'" in resp.headers["content-security-policy"]
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.eval_on_selector("#text", "el => getComputedStyle(el).direction") == "rtl"
        # entities highlighted, by type, with type and English name on hover
        assert page.locator(".ent").count() >= 4
        assert page.locator("#text .ent-per").count() >= 2 and page.locator("#text .ent-loc").count() >= 2
        assert page.locator("#text a.ent-per").first.get_attribute("title").startswith("PER · Vladimir Putin")
        # quotes marked with their speaker; the side panel lists them
        assert page.locator("#text .quote").count() >= 2
        assert page.locator("#text .quote.q-first").first.get_attribute("data-speaker") == "فلاديمير بوتين"
        badge = page.eval_on_selector("#text .quote.q-first", "el => getComputedStyle(el, '::before').content")
        assert "فلاديمير بوتين" in badge
        assert page.locator("aside .q-item").count() == 2
        assert page.locator("aside .events li").count() == 1
        # the hostile text is shown as text, and nothing ran
        text = page.inner_text("#text")
        assert XSS_SCRIPT in text and XSS_IMG in text
        assert XSS_SCRIPT in page.inner_text("h1.title")
        assert page.locator("script").count() == 0 and page.locator("img").count() == 0
        font = page.eval_on_selector("#text", "el => getComputedStyle(el).fontFamily")
        assert "Noto Naskh Arabic" in font
        page.wait_for_timeout(300)
        assert dialogs == [] and errors == []
        shot = tmp_path / "article.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        keep = os.environ.get("KHABAR_SCREENSHOT_DIR")
        if keep:  # optional: keep a copy (docs, CI artifacts)
            keep = Path(keep)
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, keep / "article.png")
    finally:
        page.close()


def test_pages_in_chromium(server, browser, tmp_path):
    """Home, search, entity and analyze pages load, are rtl, and run nothing."""
    for path in ("/", "/search?q=%D8%A8%D9%88%D8%AA%D9%8A%D9%86", "/entities/1", "/analyze",
                 "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"):
        page, resp, dialogs, errors = _open(browser, server + path)
        try:
            assert resp.status == 200, path
            assert page.evaluate("document.documentElement.dir") == "rtl"
            page.wait_for_timeout(100)
            assert dialogs == [] and errors == [], path
        finally:
            page.close()
    # analyze: paste text, submit, see it annotated
    page, resp, dialogs, errors = _open(browser, f"{server}/analyze")
    try:
        page.fill("textarea[name=text]", "قال الرئيس الروسي فلاديمير بوتين " + XSS_SCRIPT + " في موسكو.")
        page.click("button[type=submit]")
        page.wait_for_selector("#text .ent")
        assert XSS_SCRIPT in page.inner_text("#text")
        assert dialogs == [] and errors == []
        page.screenshot(path=str(tmp_path / "analyze.png"), full_page=True)
    finally:
        page.close()

"""Shared fixtures: the running app, and browser pages that may reach nothing but it."""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field

import pytest

from tests.databases import NO_POSTGRES, POSTGRES_URL, postgres_schema
from tests.appserver import CHROMIUM, CHROMIUM_ARGS, is_local, running_app


@dataclass
class PageLog:
    """What a page tried to fetch from outside, and what it printed as errors."""

    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def pytest_configure(config):
    """Every test (and every server a test starts) uses a throwaway store, never var/atlas.db."""
    config._atlas_tmp = tempfile.mkdtemp(prefix="atlas-tests-")
    os.environ["ATLAS_DATABASE_URL"] = f"sqlite:///{config._atlas_tmp}/atlas.db"


def pytest_unconfigure(config):
    shutil.rmtree(getattr(config, "_atlas_tmp", ""), ignore_errors=True)


@pytest.fixture
def store_url(tmp_path, monkeypatch) -> str:
    """A fresh SQLite store for one test, used by the app too (ATLAS_DATABASE_URL)."""
    url = f"sqlite:///{tmp_path / 'atlas.db'}"
    monkeypatch.setenv("ATLAS_DATABASE_URL", url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty store's URL on SQLite, then on PostgreSQL (a schema of its own, dropped after)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'atlas.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    with postgres_schema() as url:
        yield url


@pytest.fixture(scope="session")
def app_url():
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


SCREENS = {
    "desktop": {"viewport": {"width": 1400, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True,
              "device_scale_factor": 2},
}


def _tab(browser, page_log: PageLog, **options):
    """A fresh browser tab, offline except for the app itself."""
    context = browser.new_context(accept_downloads=True, **options)
    tab = context.new_page()

    def route(request_route):
        url = request_route.request.url
        if is_local(url):
            request_route.continue_()
        else:
            page_log.blocked.append(url)
            request_route.abort()

    context.route("**/*", route)
    tab.on("console", lambda message: message.type == "error" and page_log.errors.append(message.text))
    tab.on("pageerror", lambda error: page_log.errors.append(str(error)))
    return context, tab


@pytest.fixture
def page(browser, page_log):
    """A fresh desktop browser tab, offline except for the app itself."""
    context, tab = _tab(browser, page_log, viewport={"width": 1400, "height": 950})
    yield tab
    context.close()


@pytest.fixture
def phone(browser, page_log):
    """A phone: 390 x 844 with touch, offline except for the app itself."""
    context, tab = _tab(browser, page_log, **SCREENS["phone"])
    yield tab
    context.close()


@pytest.fixture(params=list(SCREENS))
def screen(request, browser, page_log):
    """The same story on a desktop (1400 x 900) and on a phone (390 x 844, touch)."""
    context, tab = _tab(browser, page_log, **SCREENS[request.param])
    tab.screen_name = request.param
    yield tab
    context.close()

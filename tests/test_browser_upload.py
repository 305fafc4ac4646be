"""Uploading in a real browser: a good file recolours the map, a bad one changes nothing, HTML in a
cell stays text, and applied data outlives a server restart and rolls back."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from geo.storage.store import Store
from geo.vocab import RUSSIA_STANCE
from tests.appserver import MAP_FRAME, running_app
from tests.mapdriver import click_country, drawn_iso3, fill_of, map_frame

pytestmark = pytest.mark.browser

TOKEN = "browser-test-token"
HEADER = "country,iso3,us_alignment,russia_stance,blocs,evidence,source,as_of,confidence,note\n"
TURKEY_OPPOSED = "Türkiye,,treaty_ally,opposed,NATO,Closed the straits,AP,2022-07-27,high,\n"
XSS = "<img src=x onerror=alert(1)>"
HTML_ROW = (f"{XSS},EGY,partner,ally,AU,<img src=x onerror=alert(2)>,<script>alert(3)</script>,"
            "2022-07-27,high,**bold** [click](javascript:alert(4))\n")


@pytest.fixture
def store_db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'atlas.db'}"


@pytest.fixture
def upload_app(store_db):
    with running_app(env={"ATLAS_DATABASE_URL": store_db, "ATLAS_EDITOR_TOKEN": TOKEN}) as url:
        yield url


def open_upload_page(page, url):
    """As a reader gets there: from the overview, by the navigation link."""
    page.goto(url)
    page.get_by_role("link", name="Upload data").click()
    expect(page.get_by_role("heading", name="Upload data")).to_be_visible(timeout=45000)


def upload_file(page, content: bytes, name: str = "records.csv") -> None:
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content})


def apply_upload(page) -> None:
    token = page.get_by_role("textbox", name="Editor token")
    token.fill(TOKEN)
    token.press("Enter")
    wait_until_idle(page)  # the token's rerun: a click during it can be lost (seen once in CI)
    page.get_by_role("button", name=re.compile("^Apply as")).click()
    expect(page.get_by_text(re.compile(r"Applied as version \d+"))).to_be_visible(timeout=30000)


def wait_until_idle(page) -> None:
    """Until the script's rerun has finished: a click during one may be lost with the map it hit."""
    page.wait_for_timeout(300)
    expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0, timeout=30000)


def preview_map(page):
    """The preview map, once the page has settled, scrolled into view so that a click lands on it."""
    wait_until_idle(page)
    # Wholly in view, as a person scrolls to it: a click on a map partly off-screen is lost.
    element = page.locator(MAP_FRAME).first
    for _ in range(40):
        element.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(250)
        box = element.bounding_box()
        if box and 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]:
            break
    return map_frame(page)


def details_panel(page):
    """The column beside the map that shows the clicked country's record."""
    return page.locator("[data-testid='stColumn']", has=page.get_by_role("heading", level=3))


def overview_fill(page, url, iso3: str) -> str:
    page.goto(url)
    return fill_of(map_frame(page), iso3)


def no_injected_elements(page) -> list[str]:
    """Elements the CSV's HTML would have created, in the page and in every frame."""
    found = []
    for frame in page.frames:
        found += frame.evaluate("() => [...document.querySelectorAll('img[src=\"x\"], script')]"
                                ".filter(e => e.tagName === 'IMG' || /alert\\(/.test(e.textContent))"
                                ".map(e => e.outerHTML)")
    return found


def test_uploading_a_file_that_names_turkiye_recolours_turkey(page, page_log, upload_app, store_db):
    assert overview_fill(page, upload_app, "TUR") == RUSSIA_STANCE.colour("hedging")
    open_upload_page(page, upload_app)
    upload_file(page, (HEADER + TURKEY_OPPOSED).encode("utf-8-sig"))
    expect(page.get_by_text("All 1 rows are valid.")).to_be_visible(timeout=30000)
    expect(page.get_by_role("heading", name="3. Preview")).to_be_visible()
    preview = preview_map(page)
    expect(preview.locator("path.iso-TUR").first).to_have_attribute(
        "fill", RUSSIA_STANCE.colour("opposed"), timeout=15000)
    # The preview marks what the file changes: Turkey, and nothing else.
    assert drawn_iso3(preview, "path.changed") == {"TUR": 1}
    expect(preview.locator(".atlas-legend")).to_contain_text("Changed by this file")
    preview.locator("path.iso-TUR").first.hover()
    expect(preview.locator(".leaflet-tooltip")).to_contain_text("Changed by this file")
    assert Store(store_db).current_version() == 1, "the preview applied nothing"
    apply_upload(page)
    assert overview_fill(page, upload_app, "TUR") == RUSSIA_STANCE.colour("opposed")
    assert page_log.blocked == [] and page_log.errors == [], page_log.errors


def test_a_broken_file_gets_a_plain_message_and_leaves_the_data_alone(page, upload_app, store_db):
    open_upload_page(page, upload_app)
    upload_file(page, b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4, name="records.xlsx")
    alert = page.locator("[data-testid='stAlertContentError']")
    expect(alert).to_contain_text("not a CSV file", timeout=30000)
    expect(alert).to_contain_text("Nothing was changed")
    expect(page.get_by_text("Traceback")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Apply as"))).to_have_count(0)

    upload_file(page, (HEADER + "Phillipines,,treaty_ally,opposed,,x,AP,2022-07-27,high,\n").encode(),
                name="typo.csv")
    expect(alert).to_contain_text("Line 2: 'Phillipines' is not a country we recognise. Did you "
                                  "mean 'Philippines'?", timeout=30000)
    assert Store(store_db).current_version() == 1
    assert overview_fill(page, upload_app, "PHL") == RUSSIA_STANCE.colour("distancing")


def test_html_in_cells_is_shown_as_text_and_never_runs(page, page_log, upload_app):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_upload_page(page, upload_app)
    upload_file(page, (HEADER + HTML_ROW).encode())
    expect(page.get_by_role("heading", name="3. Preview")).to_be_visible(timeout=30000)
    preview = preview_map(page)
    click_country(page, preview, "EGY")
    expect(page.get_by_role("heading", name=XSS)).to_be_visible(timeout=15000)
    expect(details_panel(page)).to_contain_text("<img src=x onerror=alert(2)>")
    apply_upload(page)

    page.goto(upload_app)
    frame = map_frame(page)
    frame.locator("path.iso-EGY").first.hover()
    expect(frame.locator(".leaflet-tooltip")).to_contain_text("Ally of Russia")
    click_country(page, frame, "EGY")
    expect(page.get_by_role("heading", name=XSS)).to_be_visible(timeout=15000)
    details = details_panel(page)
    expect(details).to_contain_text("<img src=x onerror=alert(2)>")
    expect(details).to_contain_text("<script>alert(3)</script>")
    expect(details).to_contain_text("**bold** [click](javascript:alert(4))")
    expect(details.locator("a[href^='javascript']")).to_have_count(0)
    page.get_by_role("link", name=re.compile("Sources")).click()
    expect(page.get_by_role("heading", name="Sources & method")).to_be_visible()
    page.wait_for_timeout(1000)
    assert no_injected_elements(page) == []
    assert dialogs == [], "a script from the CSV ran"
    assert page_log.blocked == []


def test_applied_data_survives_a_restart_and_rolls_back(page, store_db):
    env = {"ATLAS_DATABASE_URL": store_db, "ATLAS_EDITOR_TOKEN": TOKEN}
    with running_app(env=env) as url:
        open_upload_page(page, url)
        upload_file(page, (HEADER + TURKEY_OPPOSED).encode())
        expect(page.get_by_role("heading", name="3. Preview")).to_be_visible(timeout=30000)
        apply_upload(page)
    with running_app(env=env) as url:
        assert overview_fill(page, url, "TUR") == RUSSIA_STANCE.colour("opposed")
        open_upload_page(page, url)
        page.get_by_role("textbox", name="Editor token").fill(TOKEN)
        page.get_by_role("textbox", name="Editor token").press("Enter")
        expect(page.get_by_role("button", name="Roll back to version 1")).to_be_visible()
        page.get_by_role("button", name="Roll back to version 1").click()
        expect(page.get_by_text("Rolled back: version 3 equals version 1")).to_be_visible(timeout=30000)
        assert overview_fill(page, url, "TUR") == RUSSIA_STANCE.colour("hedging")
    assert [v.action for v in Store(store_db).versions()] == ["rollback", "merge", "seed"]


def test_a_file_over_the_limit_is_refused_in_the_browser_before_it_is_sent(page, upload_app):
    from geo.intake.io import MAX_BYTES, MAX_UPLOAD_MB
    sent: list[str] = []
    page.on("request", lambda request: "upload_file" in request.url and sent.append(request.method))
    open_upload_page(page, upload_app)
    expect(page.get_by_text(f"{MAX_UPLOAD_MB} MB ({MAX_BYTES:,} bytes) per file")).to_be_visible()
    upload_file(page, (HEADER + TURKEY_OPPOSED).encode() + b" " * (MAX_BYTES + 1))
    uploader = page.locator("[data-testid='stFileUploader']")
    expect(uploader).to_contain_text(f"{MAX_UPLOAD_MB}.0MB or smaller", timeout=15000)
    page.wait_for_timeout(1000)
    assert "PUT" not in sent and "POST" not in sent, "the file was not sent to the server"
    expect(page.get_by_role("heading", name="3. Preview")).to_have_count(0)


HOSTILE_NAME = ":material/home: Egypt"
HOSTILE_EVIDENCE = ":streamlit: :smile: www.example.org mailto:x@example.org a -> b &amp;"
HOSTILE_SOURCE = '=HYPERLINK("http://evil.example/x") ; https://apnews.com/article ; ends in \\'


def test_hostile_cells_show_as_typed_with_no_icon_and_only_http_links(page, page_log, upload_app):
    row = (f'"{HOSTILE_NAME}",EGY,partner,ally,AU,"{HOSTILE_EVIDENCE}",'
           f'"{HOSTILE_SOURCE.replace(chr(34), chr(34) * 2)}",2022-07-27,high,\n')
    open_upload_page(page, upload_app)
    upload_file(page, (HEADER + row).encode())
    expect(page.get_by_role("heading", name="3. Preview")).to_be_visible(timeout=30000)
    click_country(page, preview_map(page), "EGY")
    expect(page.get_by_role("heading", name=HOSTILE_NAME)).to_be_visible(timeout=15000)
    apply_upload(page)
    page.goto(upload_app)
    click_country(page, map_frame(page), "EGY")
    expect(page.get_by_role("heading", name=HOSTILE_NAME)).to_be_visible(timeout=15000)
    details = details_panel(page)
    for text in (HOSTILE_EVIDENCE, '=HYPERLINK("http://evil.example/x")', "ends in \\"):
        expect(details).to_contain_text(text)
    assert details.locator("img, [role='img']").count() == 0, "no shortcode became an icon"
    links = details.locator("a[href]:not([href^='#'])").evaluate_all("links => links.map(a => a.href)")
    assert links.count("https://apnews.com/article") == 1, "the record's one http(s) address is a link"
    assert all(link.startswith(("https://", "http://")) for link in links)
    assert not [link for link in links if "evil.example" in link], "an address inside a formula is text"
    assert page_log.blocked == []


def test_two_servers_on_one_store_a_stale_preview_is_refused_in_the_browser(browser, database_url):
    """Editor A previews a replace on one server; B applies on another; A's Apply is refused."""
    env = {"ATLAS_DATABASE_URL": database_url, "ATLAS_EDITOR_TOKEN": TOKEN}
    contexts = [browser.new_context(viewport={"width": 1400, "height": 950}) for _ in range(2)]
    try:
        with running_app(env=env) as first, running_app(env=env) as second:
            a, b = (context.new_page() for context in contexts)
            open_upload_page(a, first)
            upload_file(a, (HEADER + TURKEY_OPPOSED).encode())
            expect(a.get_by_role("heading", name="3. Preview")).to_be_visible(timeout=30000)
            a.get_by_text("Replace: the file becomes").click()
            expect(a.locator("[data-testid='stMetric']", has_text="Removed")).to_be_visible(timeout=15000)

            open_upload_page(b, second)
            upload_file(b, (HEADER + "Chile,,neutral,friendly,,x,AP,2022-08-01,medium,\n").encode())
            expect(b.get_by_role("heading", name="3. Preview")).to_be_visible(timeout=30000)
            apply_upload(b)

            token = a.get_by_role("textbox", name="Editor token")
            token.fill(TOKEN)
            token.press("Enter")
            wait_until_idle(a)
            a.get_by_role("button", name=re.compile("^Apply as")).click()
            expect(a.get_by_text(re.compile("Not applied: the data changed since your preview"))) \
                .to_be_visible(timeout=30000)
        store = Store(database_url)
        assert store.current_version() == 2 and "CHL" in set(store.current()["iso3"])
        store.close()
    finally:
        for context in contexts:
            context.close()


def guess(page, token: str) -> str:
    """Enter a token and press Apply, as a guesser does; the error the page then shows."""
    box = page.get_by_role("textbox", name="Editor token")
    box.fill(token)
    box.press("Enter")
    wait_until_idle(page)
    page.get_by_role("button", name=re.compile("^Apply as")).click()
    wait_until_idle(page)
    error = page.locator("[data-testid='stAlertContentError']", has_text="editor token").last
    expect(error).to_be_visible(timeout=30000)
    return error.inner_text()


def test_a_guesser_on_one_server_cannot_keep_the_editor_out_on_another(browser, database_url):
    """A script-like guesser opens the Upload page again and again, each time spending the
    session's free tries on wrong tokens (18 in all: enough to hold a store-wide throttle at its
    60 s ceiling); another browser, on another server of the same store and from the same
    address, applies with the right token and is let in at once."""
    env = {"ATLAS_DATABASE_URL": database_url, "ATLAS_EDITOR_TOKEN": TOKEN}
    contexts = [browser.new_context(viewport={"width": 1400, "height": 950}) for _ in range(2)]
    try:
        with running_app(env=env) as first, running_app(env=env) as second:
            guesser, editor = (context.new_page() for context in contexts)
            answers = []
            for _ in range(6):  # a new session each time: the page is opened afresh
                guesser.goto(f"{first}/upload")
                upload_file(guesser, (HEADER + TURKEY_OPPOSED).encode())
                expect(guesser.get_by_role("heading", name="3. Preview")).to_be_visible(timeout=30000)
                answers += [guess(guesser, f"guess-{len(answers)}") for _ in range(3)]
            assert all("the one entered is wrong" in answer for answer in answers), answers

            open_upload_page(editor, second)
            upload_file(editor, (HEADER + TURKEY_OPPOSED).encode())
            expect(editor.get_by_role("heading", name="3. Preview")).to_be_visible(timeout=30000)
            answers.append(guess(guesser, "guess-again"))  # still guessing while the editor applies
            apply_upload(editor)
        store = Store(database_url)
        assert store.current_version() == 2
        store.close()
    finally:
        for context in contexts:
            context.close()


def test_the_whole_list_of_unknown_names_downloads_when_its_button_is_pressed(page, upload_app):
    """The list is made only when asked for (a deferred download): the person still gets all of it."""
    open_upload_page(page, upload_app)
    rows = "".join(f"Atlantis {number},,neutral,friendly,,x,AP,2022-07-27,medium,\n" for number in range(30))
    upload_file(page, (HEADER + rows).encode(), name="atlantis.csv")
    button = page.get_by_role("button", name="Download all 30 unknown names (CSV)")
    expect(button).to_be_visible(timeout=30000)
    with page.expect_download(timeout=30000) as download:
        button.click()
    lines = open(download.value.path(), encoding="utf-8-sig").read().splitlines()
    assert lines[0] == "unknown names" and len(lines) == 31 and lines[-1] == "Atlantis 29"

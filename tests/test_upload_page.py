"""The Upload page in Streamlit's AppTest: a person uploads, reads the report, previews, applies."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from geo.storage.store import Store
from geo.vocab import RECORD_FIELDS

TIMEOUT = 60
TOKEN = "test-editor-token"
HEADER = "country,iso3,us_alignment,russia_stance,blocs,evidence,source,as_of,confidence\n"
TURKEY_FRIENDLY = "Türkiye,,treaty_ally,friendly,NATO,Met Putin again,AP,2022-07-27,high\n"


@pytest.fixture
def upload_page(store_url, monkeypatch):
    monkeypatch.setenv("ATLAS_EDITOR_TOKEN", TOKEN)
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT).switch_page("pages/upload.py")
    app.run()
    assert not app.exception, app.exception
    return app


def upload(app: AppTest, data: bytes, name: str = "records.csv") -> AppTest:
    app.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not app.exception, app.exception
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def raw(elements) -> str:
    """The Markdown the page sends."""
    return "\n".join(e.value for e in elements)


def texts(elements) -> str:
    """The text a reader sees: Markdown's backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", raw(elements))


def test_the_page_explains_every_column_and_offers_the_template(upload_page):
    assert upload_page.title[0].value == "Upload data"
    guide = upload_page.table[0].value
    assert guide.index.tolist() == [f.name for f in RECORD_FIELDS]
    assert "treaty_ally, partner, neutral, rival" in guide.loc["us_alignment", "allowed values"]


def test_uploading_a_good_file_previews_it_and_changes_nothing_until_applied(upload_page, store_url):
    upload(upload_page, (HEADER + TURKEY_FRIENDLY + "Uganda,,partner,friendly,AU,x,AP,2022-08-01,low\n")
           .encode("utf-16"))
    assert "All 2 rows are valid" in texts(upload_page.success)
    assert metrics(upload_page) == {"Matched": "2", "New": "0", "New date": "1", "Changed": "1",
                                    "Unchanged": "0", "Rejected": "0"}
    assert Store(store_url).current_version() == 1, "a preview writes nothing"


def test_applying_needs_the_editor_token_and_says_whether_it_is_missing_or_wrong(upload_page, store_url):
    upload(upload_page, (HEADER + TURKEY_FRIENDLY).encode())
    upload_page.button(key="apply").click().run()
    assert "needs the editor token, and none was entered" in texts(upload_page.error)
    upload_page.sidebar.text_input(key="editor_token").input("wrong").run()
    upload_page.button(key="apply").click().run()
    assert "needs the editor token, and the one entered is wrong" in texts(upload_page.error)
    assert "none was entered" not in texts(upload_page.error)
    assert Store(store_url).current_version() == 1


def test_applying_with_the_token_makes_a_new_version_that_the_map_uses(upload_page, store_url):
    upload(upload_page, (HEADER + TURKEY_FRIENDLY).encode())
    upload_page.sidebar.text_input(key="editor_token").input(TOKEN)
    upload_page.sidebar.text_input(key="editor_name").input("Ana").run()
    upload_page.button(key="apply").click().run()
    assert not upload_page.exception
    assert "Applied as version 2: 0 new, 1 changed" in texts(upload_page.success)
    store = Store(store_url)
    assert store.current_version() == 2 and store.versions()[0].author == "Ana"
    turkey = store.current().set_index("iso3").loc["TUR"]
    assert turkey["russia_stance"] == "friendly"
    assert not upload_page.file_uploader[0].value, "the uploader is emptied after applying"


def test_a_file_with_bad_rows_lists_each_problem_and_asks_before_leaving_them_out(upload_page):
    upload(upload_page, (HEADER + TURKEY_FRIENDLY + "Phillipines,,treaty_ally,,,x,AP,2022-07-27,high\n"
                         + "Egypt,EGY,partner,warm,AU,x,AP,2022-07-27,high\n").encode())
    errors = texts(upload_page.error)
    assert "2 problems in 2 of 3 rows" in errors
    assert "Line 3: 'Phillipines' is not a country we recognise. Did you mean 'Philippines'?" in errors
    assert "Line 4: 'warm' is not an allowed russia_stance" in errors
    unmatched = upload_page.dataframe[0].value
    assert unmatched["line"].tolist() == [3] and unmatched["did you mean"].tolist() == ["Philippines"]
    assert metrics(upload_page)["Rejected"] == "2"
    assert upload_page.button(key="apply").disabled
    upload_page.checkbox[0].check().run()
    assert not upload_page.button(key="apply").disabled


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty"),
    (HEADER.encode(), "header but no data rows"),
    (b"PK\x03\x04" + bytes(300), "Excel or OpenDocument workbook"),
    (b"colour,size\nred,big\n", "No country column found"),
    (b"country,iso3\nEgypt,EGY\n", "Missing column(s): evidence, source, as_of."),
])
def test_a_broken_file_gets_one_plain_message_and_changes_nothing(upload_page, store_url, data, message):
    upload(upload_page, data)
    assert message in texts(upload_page.error)
    assert "Nothing was changed" in texts(upload_page.error)
    assert "Traceback" not in texts(upload_page.error)
    assert not upload_page.metric, "no preview for a file that cannot be read"
    assert Store(store_url).current_version() == 1


def test_html_in_a_cell_reaches_messages_escaped(upload_page):
    upload(upload_page, (HEADER + "<img src=x onerror=alert(1)>,,partner,,,x,AP,2022-07-27,high\n").encode())
    markdown = raw(upload_page.error)
    assert "\\<img src=x onerror=alert\\(1\\)\\>" in markdown, "escaped, so shown as typed"
    assert "<img" not in markdown.replace("\\<img", "")
    assert "'<img src=x onerror=alert(1)>' is not a country" in texts(upload_page.error)


def test_rolling_back_from_the_version_list(upload_page, store_url):
    upload(upload_page, (HEADER + TURKEY_FRIENDLY).encode())
    upload_page.sidebar.text_input(key="editor_token").input(TOKEN).run()
    upload_page.button(key="apply").click().run()
    assert Store(store_url).current_version() == 2
    upload_page.selectbox(key="rollback_target").select_index(0).run()
    upload_page.button(key="rollback").click().run()
    assert "Rolled back: version 3 equals version 1" in texts(upload_page.success)
    store = Store(store_url)
    assert store.current().set_index("iso3").loc["TUR", "russia_stance"] == "hedging"


def test_without_a_configured_token_one_is_generated_printed_once_and_kept_as_a_hash(
        store_url, monkeypatch, capsys):
    monkeypatch.delenv("ATLAS_EDITOR_TOKEN", raising=False)
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT).switch_page("pages/upload.py")
    app.run()
    assert not app.exception
    printed = re.search(r"\n {8}(\S{24,})\n", capsys.readouterr().out)
    assert printed, "the generated token is printed on the console"
    token = printed.group(1)
    store = Store(store_url)
    stored = store.setting("editor_token_hash")
    assert store.setting("editor_token") is None, "the token itself is not kept"
    assert stored.startswith("scrypt$") and token not in stored
    upload(app, (HEADER + TURKEY_FRIENDLY).encode())
    app.sidebar.text_input(key="editor_token").input(token).run()
    app.button(key="apply").click().run()
    assert Store(store_url).current_version() == 2


def test_a_token_kept_in_clear_by_an_older_version_is_hashed_and_still_works(store_url, monkeypatch):
    monkeypatch.delenv("ATLAS_EDITOR_TOKEN", raising=False)
    from geo.storage.store import open_store
    open_store(store_url).ensure_setting("editor_token", "old-plain-token")
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT).switch_page("pages/upload.py")
    app.run()
    store = Store(store_url)
    assert store.setting("editor_token") is None and store.setting("editor_token_hash")
    upload(app, (HEADER + TURKEY_FRIENDLY).encode())
    app.sidebar.text_input(key="editor_token").input("old-plain-token").run()
    app.button(key="apply").click().run()
    assert Store(store_url).current_version() == 2


def test_a_token_from_secrets_toml_unlocks_applying(store_url, monkeypatch):
    monkeypatch.delenv("ATLAS_EDITOR_TOKEN", raising=False)
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT).switch_page("pages/upload.py")
    app.secrets["editor_token"] = "from-secrets"
    app.run()
    upload(app, (HEADER + TURKEY_FRIENDLY).encode())
    app.sidebar.text_input(key="editor_token").input("from-secrets").run()
    app.button(key="apply").click().run()
    assert Store(store_url).current_version() == 2
    assert Store(store_url).setting("editor_token_hash") is None, "no token generated when one is set"


def test_a_header_line_longer_than_the_csv_field_limit_gets_a_plain_message_and_no_traceback(
        upload_page, caplog):
    upload(upload_page, b"country" + b"x" * 140_000 + b",iso3\nEgypt,EGY\n")
    errors = texts(upload_page.error)
    assert "Line 1: a column name is longer than 131,072 characters" in errors
    assert "error in the atlas" not in errors and "Nothing was changed" in errors
    assert not [r for r in caplog.records if r.exc_info], "nothing was logged as a crash"


def test_a_nul_byte_deep_in_the_file_is_refused_before_any_preview(upload_page, store_url):
    rows = "".join(f"Egypt,EGY,partner,friendly,AU,row {n},AP,2022-07-{n % 28 + 1:02d},high\n"
                   for n in range(2, 40))
    data = (HEADER + rows).encode() + b"x" * 5000 + b"\nChad,TCD,,,,a\x00b,AP,2022-07-27,high\n"
    upload(upload_page, data)
    assert "zero byte (NUL)" in texts(upload_page.error)
    assert not upload_page.metric and "rows are valid" not in texts(upload_page.success)
    assert Store(store_url).current_version() == 1


def test_the_upload_limit_is_stated_once_and_is_the_uploaders_own(upload_page):
    from geo.intake.io import MAX_BYTES, MAX_UPLOAD_MB
    assert upload_page.file_uploader[0].proto.max_upload_size_mb == MAX_UPLOAD_MB
    stated = [c.value for c in upload_page.caption if "MB" in c.value]
    assert stated == [next(c for c in stated)] and f"{MAX_UPLOAD_MB} MB ({MAX_BYTES:,} bytes)" in stated[0]


def test_dates_are_never_guessed_and_each_refusal_gives_the_line_and_the_fix(upload_page):
    upload(upload_page, (HEADER + TURKEY_FRIENDLY + "Egypt,EGY,partner,friendly,AU,x,AP,03/04/2022,high\n"
                         + "Chad,TCD,,,,x,AP,07/27/2022,high\n" + "Peru,PER,,,,x,AP,2099-01-01,high\n").encode())
    errors = texts(upload_page.error)
    assert "3 problems in 3 of 4 rows" in errors
    assert "Line 3: '03/04/2022' could be 3 April 2022 or 4 March 2022" in errors
    assert "Line 4: '07/27/2022' puts the day and the month in an order the atlas does not guess. " \
           "Write it as 2022-07-27" in errors
    assert "Line 5: '2099-01-01' is outside the dates the atlas takes, from 2014-01-01 to today" in errors
    assert "from 2014-01-01 to today" in raw(upload_page.caption).replace("\\", "")


def test_a_file_without_confidence_note_or_blocs_is_previewed_with_the_defaults_named(upload_page, store_url):
    upload(upload_page, ("country,iso3,us_alignment,russia_stance,evidence,source,as_of\n"
                         "Türkiye,,treaty_ally,friendly,Met Putin again,AP,2022-07-27\n").encode())
    assert "All 1 rows are valid" in texts(upload_page.success)
    defaults = texts(upload_page.info)
    assert "No 'confidence' column: every record gets confidence 'medium'" in defaults
    assert "No 'blocs' column: every record gets no blocs" in defaults
    assert "No 'note' column: every record gets no note" in defaults
    assert metrics(upload_page)["Changed"] == "1"
    upload_page.sidebar.text_input(key="editor_token").input(TOKEN).run()
    upload_page.button(key="apply").click().run()
    turkey = Store(store_url).current().set_index("iso3").loc["TUR"]
    assert (turkey["confidence"], turkey["blocs"], turkey["russia_stance"]) == ("medium", "", "friendly")


def test_the_column_guide_says_which_columns_have_a_default(upload_page):
    guide = upload_page.table[0].value
    assert guide.loc["confidence", "required"] == "no: 'medium' when left out"
    assert guide.loc["evidence", "required"] == "yes"


GUESSED = (HEADER + "Brazill,,partner,friendly,BRICS,x,AP,2022-07-27,high\n"
           + "Nigerr,,neutral,friendly,,x,AP,2022-07-27,high\n"
           + "Korea,,treaty_ally,distancing,,x,AP,2022-07-27,high\n"
           + "Congo,,neutral,friendly,,x,AP,2022-07-27,high\n"
           + "Egypt,,partner,friendly,AU,x,AP,2022-07-27,high\n")


def test_guessed_and_ambiguous_names_must_be_accepted_before_applying(upload_page, store_url):
    upload(upload_page, GUESSED.encode())
    assert "All 5 rows are valid" not in texts(upload_page.success)
    warning = texts(upload_page.warning)
    assert "4 country names were guessed" in warning
    unsure = next(d.value for d in upload_page.dataframe if "could also be" in d.value.columns)
    assert unsure["as written"].tolist() == ["Brazill", "Nigerr", "Korea", "Congo"]
    assert unsure["matched as"].tolist() == ["Brazil", "Niger", "South Korea", "Congo Republic"]
    assert unsure["how"].tolist() == ["spelling guessed", "spelling guessed", "ambiguous", "ambiguous"]
    assert unsure["could also be"].tolist()[2] == "South Korea (KOR), North Korea (PRK)"
    assert "Democratic Republic of the Congo" in unsure["could also be"].tolist()[3] or \
        "DR Congo (COD)" in unsure["could also be"].tolist()[3]
    upload_page.sidebar.text_input(key="editor_token").input(TOKEN).run()
    assert upload_page.button(key="apply").disabled, "no apply before the guesses are accepted"
    upload_page.checkbox(key=next(c.key for c in upload_page.checkbox if c.key.startswith("accept-"))).check().run()
    assert not upload_page.button(key="apply").disabled
    upload_page.button(key="apply").click().run()
    assert Store(store_url).current_version() == 2
    assert {"BRA", "NER", "KOR", "COG"} <= set(Store(store_url).current()["iso3"])


def test_exact_names_codes_and_aliases_match_quietly(upload_page):
    upload(upload_page, (HEADER + TURKEY_FRIENDLY + "\"Korea, Rep.\",,treaty_ally,distancing,,x,AP,2022-07-27,high\n"
                         + ",BRA,partner,friendly,,x,AP,2022-07-27,high\n").encode())
    assert "All 3 rows are valid" in texts(upload_page.success)
    assert "guessed" not in texts(upload_page.warning)
    assert not [c for c in upload_page.checkbox if c.key and c.key.startswith("accept-")]
    assert not upload_page.button(key="apply").disabled


HOSTILE_EVIDENCE = ":material/home: :streamlit: www.example.org mailto:x@example.org a -> b"
HOSTILE_SOURCE = '=HYPERLINK("http://evil.example/x") ; https://apnews.com/article ; ends in \\'


def test_hostile_cells_reach_the_details_panel_as_typed(upload_page):
    from tests.test_text import reader_sees, text_pieces
    upload(upload_page, (HEADER + f'":material/home: Egypt",EGY,partner,ally,AU,"{HOSTILE_EVIDENCE}",'
                         f'"{HOSTILE_SOURCE.replace(chr(34), chr(34) * 2)}",2022-07-27,high\n').encode())
    upload_page.session_state["preview_country"] = "EGY"
    upload_page.run()
    heading = next(h.value for h in upload_page.subheader if "Egypt" in h.value)
    assert reader_sees(heading) == ":material/home: Egypt"
    shown = [m.value for m in (*upload_page.markdown, *upload_page.caption)]
    evidence = next(m for m in shown if m.startswith("> "))
    assert reader_sees(evidence[2:]) == HOSTILE_EVIDENCE
    source = next(m for m in shown if "HYPERLINK" in m)
    assert re.findall(r"\]\(<([^>]*)>\)", source) == ["https://apnews.com/article"], "one link, http(s)"
    for markdown in (heading, evidence, source):
        assert ":material/" not in markdown
        for piece in text_pieces(re.sub(r"\]\(<[^>]*>\)", "", markdown)):
            assert not re.search(r":[\w+-]+:|www\.|\w@\w|->", piece), piece


def test_a_direction_control_is_refused_and_shown_as_its_code(upload_page):
    upload(upload_page, (HEADER + "\u202eecnarF,FRA,treaty_ally,opposed,NATO,x,AP,2022-07-27,high\n").encode())
    errors = texts(upload_page.error)
    assert "Line 2: '[U+202E]ecnarF'" not in errors  # the message names the column, not the cell
    assert "'country' holds an invisible direction control (U+202E)" in errors
    assert "\u202e" not in raw(upload_page.error) + raw(upload_page.markdown)


@pytest.fixture
def shared_store(database_url, monkeypatch) -> str:
    """One store (SQLite, then PostgreSQL) that several sessions, or servers, work on."""
    monkeypatch.setenv("ATLAS_DATABASE_URL", database_url)
    monkeypatch.setenv("ATLAS_EDITOR_TOKEN", TOKEN)
    return database_url


def editor_session() -> AppTest:
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT).switch_page("pages/upload.py")
    app.run()
    assert not app.exception, app.exception
    return app


def apply_with_token(app: AppTest) -> AppTest:
    app.sidebar.text_input(key="editor_token").input(TOKEN).run()
    app.button(key="apply").click().run()
    assert not app.exception, app.exception
    return app


FIVE_NEW = HEADER + "".join(f"{name},,neutral,friendly,,x,AP,2022-08-0{day},medium\n" for day, name in
                            enumerate(["Chile", "Peru", "Ghana", "Kenya", "Nepal"], 1))


def test_a_replace_previewed_before_someone_else_applied_is_refused_and_previewed_again(shared_store):
    a, b = editor_session(), editor_session()
    upload(a, (HEADER + TURKEY_FRIENDLY).encode())
    a.radio(key="apply_mode").set_value("replace").run()
    seed = len(Store(shared_store).current())
    assert metrics(a)["Removed"] == f"{seed - 1}"
    apply_with_token(upload(b, FIVE_NEW.encode()))
    assert Store(shared_store).current_version() == 2

    apply_with_token(a)  # A, without reloading, enters the token and presses Apply
    errors = texts(a.error)
    assert "Not applied: the data changed since your preview" in errors
    assert "it is now version 2, you previewed version 1" in errors and "Nothing was changed" in errors
    assert Store(shared_store).current_version() == 2, "B's five records are not removed"
    assert metrics(a)["Removed"] == f"{seed + 4}", "the new preview is shown"
    a.button(key="apply").click().run()
    assert "Applied as version 3" in texts(a.success), "applying what is now shown works"


def test_a_merge_previewed_before_someone_else_changed_the_record_keeps_their_value(shared_store):
    a, b = editor_session(), editor_session()
    upload(a, (HEADER + TURKEY_FRIENDLY).encode())
    apply_with_token(upload(b, (HEADER + TURKEY_FRIENDLY.replace("friendly", "opposed")).encode()))
    apply_with_token(a)
    assert "Not applied: the data changed since your preview" in texts(a.error)
    assert Store(shared_store).current().set_index("iso3").loc["TUR", "russia_stance"] == "opposed"


def test_a_preview_made_before_another_server_applied_warns_before_the_click(shared_store):
    a = editor_session()
    upload(a, (HEADER + TURKEY_FRIENDLY).encode())
    other_server = Store(shared_store)
    from geo.intake.io import read_csv_text
    from geo.intake.records import validate_records
    other_server.apply(validate_records(read_csv_text(FIVE_NEW)).records, expected_version=1)
    a.sidebar.text_input(key="editor_token").input(TOKEN).run()
    assert "The data changed since your preview (now version 2, you previewed version 1)" in \
        texts(a.warning)
    a.button(key="apply").click().run()
    assert "Not applied" in texts(a.error) and other_server.current_version() == 2


def test_uploading_the_same_file_again_after_applying_is_a_fresh_preview(upload_page):
    apply_with_token(upload(upload_page, FIVE_NEW.encode()))
    upload(upload_page, FIVE_NEW.encode())
    assert "data changed since your preview" not in texts(upload_page.warning)
    assert metrics(upload_page)["Unchanged"] == "5"


def test_a_correction_with_a_new_date_says_it_is_added_beside_the_old_record(upload_page, store_url):
    upload(upload_page, (HEADER + TURKEY_FRIENDLY.replace("2022-07-27", "2022-09-01")
                         + TURKEY_FRIENDLY.replace("2022-07-27", "2022-06-01")).encode())
    assert metrics(upload_page)["New"] == "0" and metrics(upload_page)["New date"] == "2"
    beside = texts(upload_page.info)
    assert "2 records add a new date for a country that already has records: they are added beside " \
           "the older ones, which stay" in beside
    assert "Türkiye: 2022-09-01 beside 2022-07-27" in beside
    assert "2022-06-01 is older than 2022-07-27, so the map does not show it" in beside
    table = next(d.value for d in upload_page.dataframe if "change" in d.value.columns)
    assert set(table["change"]) == {"new date (beside 2022-07-27)"}
    apply_with_token(upload_page)
    assert len(Store(store_url).current().query("iso3 == 'TUR'")) == 3


def test_rolling_back_offers_only_versions_whose_data_differ_from_the_current(upload_page, store_url):
    apply_with_token(upload(upload_page, (HEADER + TURKEY_FRIENDLY).encode()))
    upload_page.selectbox(key="rollback_target").select_index(0).run()  # version 1
    upload_page.button(key="rollback").click().run()
    assert "Rolled back: version 3 equals version 1" in texts(upload_page.success)
    options = upload_page.selectbox(key="rollback_target").options
    assert len(options) == 1 and options[0].startswith("Version 2: merge"), options


class Clock:
    """The editor check's clock, moved by hand."""

    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    import ui.editor
    fake = Clock()
    monkeypatch.setattr(ui.editor, "now", fake)
    return fake


def try_token(app: AppTest, token: str) -> str:
    app.sidebar.text_input(key="editor_token").input(token).run()
    app.button(key="apply").click().run()
    return texts(app.error)


def test_wrong_tokens_from_one_browser_must_wait_longer_and_longer(upload_page, store_url, clock):
    upload(upload_page, (HEADER + TURKEY_FRIENDLY).encode())
    for guess in ("guess-1", "guess-2", "guess-3"):
        assert "the one entered is wrong" in try_token(upload_page, guess)
    assert "wait 1 s, then try again" in try_token(upload_page, "guess-4")
    assert "wait 1 s" in try_token(upload_page, TOKEN), "even the right token is not checked yet"
    clock.now += 1.5
    assert "the one entered is wrong" in try_token(upload_page, "guess-4")
    assert "wait 2 s" in try_token(upload_page, "guess-5")
    clock.now += 2.5
    try_token(upload_page, "guess-5")
    assert "wait 4 s" in try_token(upload_page, TOKEN)
    clock.now += 4.5
    try_token(upload_page, TOKEN)
    assert "Applied as version 2" in texts(upload_page.success)


def test_a_guesser_cannot_keep_out_the_editor_who_has_the_right_token(shared_store, clock):
    """One browser keeps guessing, at the throttle's pace, on every server; another, from the
    same address, applies with the right token and is let in at once."""
    from geo.storage.access import ADDRESS_THROTTLE
    guesser = upload(editor_session(), (HEADER + TURKEY_FRIENDLY).encode())
    refused = 0
    for guess in range(ADDRESS_THROTTLE.free + 10):
        refused += "was not checked" in try_token(guesser, f"guess-{guess}")
        clock.now += 0.5
    assert refused, "the guesser is throttled"
    assert "was not checked" in try_token(guesser, TOKEN), "its own waits hold, even for the right token"
    editor = upload(editor_session(), (HEADER + TURKEY_FRIENDLY).encode())
    assert "the one entered is wrong" in try_token(editor, "a typo"), "checked, not throttled"
    try_token(editor, TOKEN)
    assert "Applied as version 2" in texts(editor.success)
    assert Store(shared_store).current_version() == 2


def test_a_guesser_with_many_sessions_on_many_servers_waits_for_its_address(shared_store, clock):
    """Each new session has a few free tries; past them, the address's count (in the store, so
    for every server) makes it wait, however many sessions share it."""
    from geo.storage.access import ADDRESS_THROTTLE, SESSION_THROTTLE
    sessions = [upload(editor_session(), (HEADER + TURKEY_FRIENDLY).encode())
                for _ in range(-(-ADDRESS_THROTTLE.free // SESSION_THROTTLE.free))]
    for number, session in enumerate(sessions):
        for guess in range(SESSION_THROTTLE.free):
            assert "the one entered is wrong" in try_token(session, f"guess-{number}-{guess}")
    clock.now += 1.5  # past the session's own first wait
    assert "Too many wrong editor tokens from your network address recently: wait" in \
        try_token(sessions[0], "guess-again")
    assert Store(shared_store).current_version() == 1


def download_labels(app: AppTest) -> list[str]:
    return [button.proto.label for button in app.get("download_button")]


def test_an_invisible_character_or_a_look_alike_letter_is_named_on_the_page(upload_page):
    upload(upload_page, (HEADER + "Fr\u200bance,,treaty_ally,opposed,NATO,x,AP,2022-07-27,high\n"
                         + "Fr\u0430nce,,treaty_ally,opposed,NATO,x,AP,2022-07-28,high\n").encode())
    errors = texts(upload_page.error)
    assert ("Line 2: 'Fr[U+200B]ance' is not a country we recognise: it holds the invisible "
            "character [U+200B] (zero width space). Did you mean 'France'?") in errors
    assert "Line 3: 'Fr\u0430nce' is not a country we recognise: its letter '\u0430' (3rd) is " \
           "Cyrillic, not Latin. Did you mean 'France'?" in errors
    shown = raw(upload_page.error) + raw(upload_page.warning) + raw(upload_page.markdown)
    assert "\u200b" not in shown, "nothing invisible reaches the page"
    table = upload_page.dataframe[0].value
    assert "Fr[U+200B]ance" in table["country as written"].tolist()


def test_invisible_ends_of_a_pasted_country_or_code_are_removed_with_a_note(upload_page):
    upload(upload_page, (HEADER + "\u200bTürkiye\ufeff,,treaty_ally,friendly,NATO,x,AP,2022-07-27,high\n"
                         + ",UGA\u200b,partner,friendly,AU,x,AP,2022-08-01,low\n").encode())
    assert "All 2 rows are valid" in texts(upload_page.success)
    assert ("Invisible characters left by copy-paste (such as U+200B, a zero-width space) were "
            "removed from the ends of the country or iso3 cell on 2 lines: 2, 3.") in texts(upload_page.info)
    assert metrics(upload_page)["Matched"] == "2"


def test_a_name_and_code_that_disagree_get_one_message(upload_page):
    upload(upload_page, (HEADER + "France,DEU,treaty_ally,opposed,NATO,x,AP,2022-07-27,high\n").encode())
    assert "the name 'France' is France (FRA) but the code says DEU" in texts(upload_page.error)
    assert "1 problem in 1 of 1 rows" in texts(upload_page.error)
    assert "no country we recognise" not in texts(upload_page.warning)


def test_ten_thousand_extra_columns_are_named_a_few_with_the_rest_to_download(upload_page):
    extra = [f"extra_{number}" for number in range(10_000)]
    head = HEADER.rstrip("\n") + "," + ",".join(extra) + "\n"
    row = TURKEY_FRIENDLY.rstrip("\n") + "," + ",".join("1" for _ in extra) + "\n"
    upload(upload_page, (head + row).encode())
    info = texts(upload_page.info)
    assert ("10,000 columns are not in the template and will be ignored: 'extra_0', 'extra_1'"
            in info)
    assert "'extra_9', 'extra_10'" not in info and "'extra_9' and 9,990 more" in info
    assert "Download all 10,000 ignored columns (CSV)" in download_labels(upload_page)
    assert "All 1 rows are valid" in texts(upload_page.success)


def test_many_unknown_names_are_named_a_few_with_the_rest_to_download(upload_page):
    rows = "".join(f"Atlantis {number},,neutral,friendly,,x,AP,2022-07-27,medium\n" for number in range(30))
    upload(upload_page, (HEADER + rows).encode())
    warning = texts(upload_page.warning)
    assert "30 rows name no country we recognise (correct the name, or give the ISO3 code, and " \
           "upload again): 'Atlantis 0'" in warning
    assert "and 20 more" in warning and "'Atlantis 29'" not in warning
    assert "Download all 30 unknown names (CSV)" in download_labels(upload_page)


@pytest.mark.parametrize("content, kind", [
    ('[{"country": "France", "iso3": "FRA"}]', "JSON"),
    ("<!DOCTYPE html><html><body><table><tr><td>France</td></tr></table></body></html>",
     "a web page (HTML)"),
    ('<?xml version="1.0"?><rows><row country="France"/></rows>', "XML"),
])
def test_a_json_html_or_xml_file_named_csv_is_told_what_it_is(upload_page, content, kind):
    upload(upload_page, content.encode(), name="records.csv")
    errors = texts(upload_page.error)
    assert errors.startswith(f"This file is {kind}, not a CSV: export the table as CSV"), errors
    assert "header but no data rows" not in errors


def test_many_new_dates_for_a_country_are_one_line_with_their_count_and_range(upload_page):
    days = ["2022-03-01", "2022-05-01", "2022-06-01", "2022-08-01", "2022-09-01"]
    upload(upload_page, (HEADER + "".join(TURKEY_FRIENDLY.replace("2022-07-27", d) for d in days)).encode())
    shown = texts(upload_page.info)
    assert ("Türkiye: 5 new dates from 2022-03-01 to 2022-09-01 (2022-03-01, 2022-05-01, 2022-06-01, …) "
            "beside 2022-07-27; 3 of them are older than 2022-07-27, so the map does not show them") in shown
    assert "Türkiye: 2022-08-01 beside" not in shown, "summed up, not listed one by one"
    labels = [b.proto.label for b in upload_page.get("download_button")]
    assert "Download the list of new dates (CSV)" in labels

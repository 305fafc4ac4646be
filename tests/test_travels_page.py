"""The Travels page in Streamlit's AppTest: filters, the month steps, figures, table and uploads."""
from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from geo.maps.layers import CHOROPLETHS
from geo.travels.routes import legs_between, load_stops
from ui.travel_upload import RESULT, check_upload
from ui.travels import DATES, shipped_travels, travels_of

TIMEOUT = 60
TRAVELS = travels_of(load_stops())
EVIL = "<img src=x onerror=alert(1)>"


def travels_page(**state) -> AppTest:
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    app.run()
    for key, value in state.items():
        app.session_state[key] = value
    app.switch_page("pages/travels.py").run()
    assert not app.exception, app.exception
    return app


def metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def table(app: AppTest):
    return app.dataframe[0].value


def showing(app: AppTest) -> str:
    return next(m.value for m in app.markdown if "Showing" in m.value or "Playing" in m.value)


def test_the_page_is_in_the_menu_between_overview_and_sources():
    from ui.nav import PAGES

    labels = [label for _, label in PAGES]
    assert labels.index("Overview") < labels.index("Travels") < labels.index("Sources & method")


def test_the_whole_year_shows_every_stop_and_the_figures():
    app = travels_page()
    assert app.title[0].value == "Lavrov's and Putin's 2022 travels"
    assert metric(app, "Legs") == str(len(TRAVELS.legs))
    assert metric(app, "Countries visited") == "23", "New York (a UN meeting) is not a visit to the US"
    assert int(metric(app, "Kilometres flown").replace(",", "")) > 150_000
    stops = table(app)
    assert len(stops) == len(TRAVELS.stops)
    assert {"Confirmed", "Unverified", "Not a trip abroad", "Cancelled", "Dates uncertain",
            "City uncertain"} <= set(stops["confidence"])
    assert stops["source"].ne("").all()
    assert "Showing: 1 Jan 2022 – 31 Dec 2022" in showing(app)


def test_stops_abroad_counts_what_the_chart_counts_and_leaves_out_unverified_oman():
    from geo.travels.routes import stops_per_month

    app = travels_page()
    charted = int(stops_per_month(list(TRAVELS.stops), ("lavrov", "putin")).to_numpy().sum())
    assert metric(app, "Stops abroad") == str(charted)
    assert "OMN" in {s.iso3 for s in TRAVELS.stops if s.confidence == "unverified"}
    assert "Unverified stops (2 here)" in next(m.help for m in app.metric if m.label == "Stops abroad")


def test_the_table_shows_where_and_how_sure_before_the_long_text():
    columns = list(table(travels_page()).columns)
    assert columns.index("confidence") < 6 and columns.index("source") < 7
    assert columns.index("event") > columns.index("source")


def test_narrowing_the_dates_to_july_keeps_julys_stops_and_legs():
    app = travels_page()
    app.slider(key=DATES).set_value((date(2022, 7, 1), date(2022, 7, 31))).run()
    assert not app.exception
    july = legs_between(list(TRAVELS.legs), date(2022, 7, 1), date(2022, 7, 31))
    assert metric(app, "Legs") == str(len(july))
    cities = set(table(app)["city"])
    assert {"Cairo", "Entebbe (Kampala area)", "Addis Ababa", "Tashkent", "Nusa Dua (Bali)"} <= cities
    assert "New York" not in cities
    assert "July 2022" in showing(app)


def test_the_month_buttons_step_through_the_year():
    app = travels_page()
    app.button(key="travel_next").click().run()
    assert "January 2022" in showing(app)
    assert app.slider(key=DATES).value == (date(2022, 1, 1), date(2022, 1, 31))
    assert metric(app, "Legs") == "0"
    app.button(key="travel_next").click().run()
    assert "February 2022" in showing(app)
    assert metric(app, "Legs") == "2"  # Putin to Beijing and back
    assert list(table(app)["city"]) == ["Beijing"]
    app.button(key="travel_prev").click().run()
    assert "January 2022" in showing(app)
    app.button(key="travel_all").click().run()
    assert app.slider(key=DATES).value == (date(2022, 1, 1), date(2022, 12, 31))


def test_play_starts_in_january_and_each_tick_moves_to_the_next_month(monkeypatch):
    ticks = []
    # AppTest would sleep through the year; record the request to continue instead.
    monkeypatch.setattr("ui.travels.keep_playing", lambda: ticks.append(True))
    app = travels_page()
    app.button(key="travel_play").click().run()
    assert "Playing: January 2022" in showing(app)
    assert [b.label for b in app.button if b.key == "travel_play"] == ["Pause"], "one button, now Pause"
    assert ticks, "a playing page asks for the next month"
    app.session_state["travel_tick"] = True
    app.run()
    assert "Playing: February 2022" in showing(app)
    assert list(table(app)["city"]) == ["Beijing"]
    app.button(key="travel_play").click().run()
    app.session_state["travel_tick"] = True  # a tick already on its way when Pause was pressed
    app.run()
    assert "Showing: February 2022" in showing(app)


def test_playing_stops_after_the_last_month(monkeypatch):
    monkeypatch.setattr("ui.travels.keep_playing", lambda: None)
    app = travels_page(**{DATES: (date(2022, 12, 1), date(2022, 12, 31)), "travel_playing": True,
                          "travel_tick": True})
    assert "Showing: December 2022" in showing(app)
    assert not app.session_state["travel_playing"]


def test_unticking_a_traveller_filters_the_table_and_the_figures():
    app = travels_page()
    app.sidebar.checkbox(key="travel_putin").uncheck().run()
    assert set(table(app)["traveller"]) == {"Sergey Lavrov"}
    assert int(metric(app, "Legs")) == sum(leg.traveller == "lavrov" for leg in TRAVELS.legs)


def test_an_upload_adds_its_stops_and_lists_each_problem_by_line():
    upload = check_upload("mine.csv", (
        "traveller,date_start,city,country,source,event\n"
        f"lavrov,2022-10-05,Addis Ababa,Ethiopia,my notes,{EVIL}\n"
        "lavrov,2022-10-09,Kampla,Uganda,my notes,x\n").encode())
    app = travels_page(**{RESULT: upload})
    stops = table(app)
    assert EVIL in set(stops["event"]), "shown as text, as typed"
    assert "mine.csv, line 2" in set(stops["file"])
    text = " ".join(m.value for m in app.markdown)
    assert "Line 3: 'Kampla' was not found" in text.replace("\\", "")
    assert "<img" not in text, "data text reaches Markdown escaped"
    assert int(metric(app, "Legs")) == len(TRAVELS.legs) + 2


def test_a_country_guessed_from_its_spelling_is_drawn_and_named_for_checking():
    upload = check_upload("mine.csv", b"traveller,date_start,city,country,source\n"
                                      b"lavrov,2022-10-05,Addis Ababa,Ethiopiaa,my notes\n")
    app = travels_page(**{RESULT: upload})
    assert "mine.csv, line 2" in set(table(app)["file"])
    assert "1 country name(s) were guessed from their spelling" in app.warning[0].value.replace("\\", "")
    text = " ".join(m.value for m in app.markdown).replace("\\", "")
    assert "Line 2: 'Ethiopiaa' was read as Ethiopia (ETH), a guess" in text


def test_a_file_that_is_not_a_trips_table_gets_one_plain_sentence():
    app = travels_page(**{RESULT: check_upload("photo.csv", b"\x89PNG\x00\x00\x00binary")})
    assert "This is a PNG image, not a CSV file" in app.error[0].value.replace("\\", "")
    assert metric(app, "Legs") == str(len(TRAVELS.legs)), "the shipped trips are untouched"


def test_the_visited_layer_is_offered_on_the_overview_too():
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    app.run()
    assert "Visited by Lavrov/Putin in 2022" in app.sidebar.radio[0].options
    assert [c.key for c in CHOROPLETHS][-1] == "visited"
    app.sidebar.radio[0].set_value("visited").run()
    legend = " ".join(m.value for m in app.sidebar.markdown).replace("**", "")
    assert "Visited by both: 4" in legend and "Unverified visit only: 1" in legend


def test_shipped_travels_are_computed_once_per_process():
    assert shipped_travels() is shipped_travels()


def test_the_sources_page_explains_the_visited_layer_and_stop_confidence():
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    app.run()
    app.switch_page("pages/sources.py").run()
    assert not app.exception
    subheaders = [s.value for s in app.subheader]
    assert "Visited by Lavrov/Putin in 2022" in subheaders
    assert "Confidence of a stop (Travels)" in subheaders


def test_a_shared_link_opens_the_same_dates_and_hidden_layers():
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    app.query_params["from"] = "2022-07-01"
    app.query_params["to"] = "2022-07-31"
    app.query_params["hide"] = "putin,stops"
    app.switch_page("pages/travels.py").run()
    assert not app.exception, app.exception
    assert app.session_state[DATES] == (date(2022, 7, 1), date(2022, 7, 31))
    assert app.sidebar.checkbox(key="travel_putin").value is False
    assert app.sidebar.checkbox(key="travel_stops").value is False
    link = app.sidebar.code[0].value
    assert "from=2022-07-01" in link and "to=2022-07-31" in link and "hide=putin%2Cstops" in link


def test_a_mangled_travels_link_opens_the_whole_year():
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    app.query_params["from"] = "yesterday"
    app.query_params["hide"] = "<b>"
    app.switch_page("pages/travels.py").run()
    assert not app.exception, app.exception
    assert metric(app, "Legs") == str(len(TRAVELS.legs))


def test_a_link_that_hides_layers_sets_no_widget_value_twice(monkeypatch):
    """/travels?hide=putin,stops: Streamlit warns (with a stack trace, in the server log) when a
    widget gets a default value and a Session State value; the page gives it only the latter."""
    from streamlit.elements.lib import policies
    warnings: list[str] = []
    monkeypatch.setattr(policies.runtime, "exists", lambda: True)  # AppTest runs without a Runtime
    monkeypatch.setattr(policies, "_shown_default_value_warning", False)
    monkeypatch.setattr(policies._LOGGER, "warning", lambda message, *args, **kw: warnings.append(message % args))
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    app.query_params["hide"] = "putin,stops"
    app.switch_page("pages/travels.py").run()
    assert not app.exception, app.exception
    assert warnings == []
    assert app.sidebar.checkbox(key="travel_putin").value is False
    assert app.sidebar.checkbox(key="travel_lavrov").value is True

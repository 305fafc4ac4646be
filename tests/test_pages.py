"""Every page runs in Streamlit's AppTest: no exception, and what a reader needs is on it."""
import pytest
from streamlit.testing.v1 import AppTest

from geo.maps.layers import CHOROPLETHS, grouped

TIMEOUT = 60


def overview() -> AppTest:
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    app.run()
    assert not app.exception, app.exception
    return app


def test_overview_offers_every_layer_and_asks_for_a_click():
    app = overview()
    assert app.title[0].value == "Is Russia isolated?"
    options = app.sidebar.radio[0].options
    assert options[:len(CHOROPLETHS)] == [c.name for c in grouped(CHOROPLETHS)]  # then the datasets
    assert options[len(CHOROPLETHS):] == [
        "Arms imports from Russia (share of all arms imports) (2017-2021)",
        "Arms imports from Russia (share of all arms imports) (2018-2022)",
        "Natural-gas imports from Russia (Europe) (2020)",
        "Gas imports from Russia and Ukraine together (Africa) (2018-2020)",
        "Petroleum imports from Russia and Ukraine together (Africa) (2018-2020)",
        "Wheat imports from Russia and Ukraine together (Africa) (2018-2020)"]
    assert "Click a country" in app.info[0].value


def test_a_dataset_layer_says_its_coverage_classes_and_source():
    app = overview()
    app.sidebar.radio[0].set_value("ds-wheat-imports-from-russia-and-ukraine-together-africa").run()
    assert not app.exception
    legend = legend_lines(app)
    assert "- Not covered by this dataset: 151 (" in legend
    captions = " ".join(c.value for c in app.sidebar.caption)
    assert "Covers 42 of the 193 UN members." in captions and "Russia and Ukraine together" in captions
    assert "ONE Campaign" in captions
    sentence = text_of(app.markdown)
    assert ("Of the 42 UN members with a value for Wheat imports from Russia and Ukraine together "
            "(Africa) (2018-2020), by UN vote ES-11/1: the invasion (2 March 2022): In favour: 20, "
            "median 46.5%; Abstained: 14, median 40.3% (fewer than 20 members: read with care)") in sentence
    assert len(app.get("vega_lite_chart")) == 1


def text_of(elements) -> str:
    return " ".join(e.value for e in elements).replace("\\", "")



def test_the_details_list_every_datasets_value_with_its_source():
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    app.session_state["country"] = "EGY"
    app.run()
    assert not app.exception
    details = " ".join(m.value for m in app.markdown).replace("\\", "")
    assert "- Wheat imports from Russia and Ukraine together (Africa): **78.2%** (2018-2020)" in details
    assert "- Arms imports from Russia (share of all arms imports): **41%** (2017-2021)" in details
    assert "- Arms imports from Russia (share of all arms imports): **31.9%** (2018-2022)" in details
    captions = " ".join(c.value for c in app.caption).replace("\\", "")
    assert "Not covered by: Natural-gas imports from Russia (Europe)" in captions


def legend_lines(app) -> str:
    """The sidebar legend's lines as a reader sees them (not the bar chart's hover titles)."""
    return "\n".join(line for m in app.sidebar.markdown for line in m.value.replace("**", "").splitlines()
                     if line.startswith("- "))


def test_switching_the_sidebar_layer_updates_the_legend():
    app = overview()
    app.sidebar.radio[0].set_value("vote").run()
    assert not app.exception
    assert any(m.value.startswith("**UN vote ES-11/1") for m in app.sidebar.markdown)
    legend = legend_lines(app)
    assert "- In favour: 141 (73% of members" in legend and "- Abstained: 35 (" in legend


def test_a_remembered_selection_shows_that_countrys_evidence():
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    app.session_state["country"] = "UGA"
    app.run()
    assert not app.exception
    assert app.subheader[0].value == "Uganda"
    text = " ".join(m.value for m in app.markdown)
    assert "Museveni" in text
    assert "US partner" in text


def test_sources_page_lists_categories_and_records():
    app = overview()
    app.switch_page("pages/sources.py").run()
    assert not app.exception
    assert app.title[0].value == "Sources & method"
    headers = [h.value for h in app.header]
    assert any(h.startswith("Country records (") for h in headers)
    records = app.dataframe[-1].value
    assert {"Turkey", "Philippines", "Uganda"} <= set(records["country"])


def test_the_world_is_prepared_once_per_process_not_per_session(monkeypatch):
    import ui.data

    calls = []
    real_load_world = ui.data.load_world
    monkeypatch.setattr(ui.data, "load_world", lambda: calls.append(1) or real_load_world())
    ui.data.shipped_data.clear()
    ui.data._atlas_at.clear()
    try:
        for _ in range(3):  # three sessions
            app = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
            app.run()
            assert not app.exception
        assert len(calls) == 1
    finally:
        ui.data.shipped_data.clear()
        ui.data._atlas_at.clear()


def test_a_shared_link_opens_the_same_layer_and_country():
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    app.query_params["layer"] = "vote"
    app.query_params["country"] = "IND"
    app.run()
    assert not app.exception
    assert app.sidebar.radio[0].value == "vote"
    assert app.subheader[0].value == "India"
    assert "layer=vote" in app.sidebar.code[0].value and "country=IND" in app.sidebar.code[0].value


def test_a_mangled_link_still_opens_the_overview():
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    app.query_params["layer"] = "<script>"
    app.query_params["country"] = "ZZZ"
    app.run()
    assert not app.exception
    assert app.sidebar.radio[0].value == "stance"
    assert "Click a country" in app.info[0].value


def test_the_findings_above_the_map_agree_with_the_data():
    from ui.data import load_atlas

    app = overview()
    findings = [m.value for m in app.markdown if m.value.startswith("- ")][0]
    countries = load_atlas().countries
    members = countries[countries["un_member"]]
    abstained = members[members["vote"] == "abstain"]
    visited = abstained[abstained["visited"].isin(["lavrov", "putin", "both"])]
    assert f"Of the {len(abstained)} countries that abstained on ES-11/1, {len(visited)} were visited" in findings
    assert f"{(members['vote'] == 'yes').sum()} voted in favour on the invasion (ES-11/1)" in findings
    opposed = (members["russia_stance"] == "opposed").sum()
    assert f"Of the {len(members)} UN members, {opposed} opposed Russia in 2022" in findings
    allies = members["engagement"].isin(["engaging", "keeping_distance"]).sum()
    engaging = (members["engagement"] == "engaging").sum()
    assert f"{engaging} of the {allies} US treaty allies and partners among the 193 UN members" in findings
    assert allies >= 60, "every US ally and partner is classified, not a handful"


def test_the_time_slider_opens_on_request_and_a_link_to_a_past_day_opens_it():
    app = overview()
    assert not app.select_slider, "the slider's scripts load when a reader asks for it"
    app.button(key="time_slider_switch").click().run()
    assert app.select_slider(key="day").value == "latest"
    app.select_slider(key="day").set_value("2022-03-02").run()
    app.button(key="time_slider_switch").click().run()
    assert not app.select_slider and app.session_state["day"] == "latest", "hiding it goes back to today"
    linked = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    linked.query_params["day"] = "2022-03-02"
    linked.run()
    assert linked.select_slider(key="day").value == "2022-03-02"


def test_stepping_back_in_time_leaves_out_later_records_and_votes():
    app = overview()
    app.button(key="time_slider_switch").click().run()
    app.select_slider(key="day").set_value("2022-03-02").run()
    assert not app.exception
    legend = legend_lines(app)
    assert "- Ally of Russia: 4 (" in legend, "on 2 March only ES-11/1's four 'against' votes count"
    assert "- Hedging: 0 (" in legend, "no visit had taken place by then"
    app.sidebar.radio[0].set_value("vote_es11_4").run()
    legend = legend_lines(app)
    assert "- Abstained: 0 (" in legend and "- No data: 193 (" in legend, "ES-11/4 was voted in October"
    assert "day=2022-03-02" in app.sidebar.code[0].value


def test_a_country_can_be_found_by_another_of_its_names_without_the_map():
    app = overview()
    app.text_input(key="find_query").input("Arab Republic of Egypt").run()
    assert [b.key for b in app.button if b.key.startswith("find_")][0] == "find_EGY"
    app.button(key="find_EGY").click().run()
    assert not app.exception
    assert app.subheader[0].value == "Egypt"
    assert "country=EGY" in app.sidebar.code[0].value



@pytest.mark.parametrize("page", ["app.py", "pages/travels.py", "pages/sources.py", "pages/upload.py"])
def test_no_page_shows_a_working_note_or_an_internal_path(page):
    from geo.intake.sources import working_note

    app = overview()
    if page != "app.py":
        app.switch_page(page).run()
    assert not app.exception
    shown = [e.value for kind in ("markdown", "caption", "info", "warning", "title", "header", "subheader")
             for e in getattr(app, kind)]
    shown += [str(cell) for frame in app.dataframe for cell in frame.value.astype(str).to_numpy().ravel()]
    assert shown
    assert [t for t in shown if working_note(t)] == []


def test_the_sources_page_states_the_movement_rule_charts_the_votes_and_gives_the_bahamas_caveat():
    app = overview()
    app.switch_page("pages/sources.py").run()
    assert not app.exception
    text = "\n".join(m.value for m in (*app.markdown, *app.caption))
    assert "in favour +1, abstaining or absent 0, against -1" in text
    assert "Bahamas:" in text and "recorded in error" in text
    assert len(app.get("vega_lite_chart")) == 1, "the chart of the six votes, members and people"
    assert not any("in favour or absent" in t for t in text.splitlines())


def test_the_slider_runs_to_the_last_vote_and_says_what_it_covers():
    app = overview()
    app.button(key="time_slider_switch").click().run()
    slider = app.select_slider(key="day")
    assert slider.options[-2] == "23 Feb 2023: ES-11/6 vote" and slider.options[-1] == "Latest: all data"
    assert any("The slider covers 4 Feb 2022 to 23 Feb 2023." in c.value for c in app.caption)
    slider.set_value("2023-02-23").run()
    assert any("opposed Russia in 2022-23" in m.value for m in app.markdown)
    app.select_slider(key="day").set_value("2022-12-19").run()
    assert any("opposed Russia in 2022 " in m.value for m in app.markdown)


def test_the_embed_popover_gives_the_view_s_iframe_link_and_alt_text():
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    app.query_params["layer"] = "sanctions"
    app.query_params["country"] = "IND"
    app.run()
    codes = [c.value for c in app.sidebar.code]
    snippet = next(c for c in codes if c.startswith("<iframe"))
    assert 'src="/embed/sanctions/latest.html?country=IND"' in snippet
    assert "isolation-atlas-height" in snippet and 'height="760"' in snippet
    assert "/embed/sanctions/latest.html?country=IND" in codes
    assert any(c.startswith("World map of the 193 UN members coloured by sanctions") for c in codes)

"""The details panel is the atlas's answer for one country: every input, each with its source."""
import pytest
from streamlit.testing.v1 import AppTest

from geo.intake.sources import working_note
from geo.vocab import INDICATORS, RESOLUTIONS
from tests.test_text import reader_sees

TIMEOUT = 60
COUNTRIES = ("TUR", "EGY", "UGA", "IND", "PHL", "CHN", "IRN", "FRA", "BRA", "USA", "RUS", "AND")


def panel(iso3: str) -> AppTest:
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    app.session_state["country"] = iso3
    app.run()
    assert not app.exception
    return app


def texts(app: AppTest) -> list[str]:
    """The panel's text as a reader sees it (Markdown escapes and no-op spans removed)."""
    return [reader_sees(e.value) for e in (*app.main.markdown, *app.main.caption)]


@pytest.mark.parametrize("iso3", COUNTRIES)
def test_the_panel_names_every_input_with_a_source(iso3):
    app = panel(iso3)
    shown = "\n".join(texts(app))
    for resolution in RESOLUTIONS:
        assert f"{resolution.code}, " in shown, resolution.code
    for vocabulary in INDICATORS:
        assert f"**{vocabulary.title}:" in shown, vocabulary.title
    assert "Visits by Lavrov or Putin in 2022" in shown
    sources = [t for t in texts(app) if "Source: " in t]
    # one per vote, at least one per indicator, the record's if any
    assert len(sources) >= len(RESOLUTIONS) + len(INDICATORS)
    assert all(working_note(t) is None for t in texts(app))


def test_a_derived_class_says_why_and_a_record_says_when_the_rule_disagrees():
    egypt = "\n".join(texts(panel("EGY")))
    assert "**Relation to Russia: Friendly** (from a country record)" in egypt
    assert "The atlas's rule alone would say Hedging" in egypt and "the record wins" in egypt
    france = "\n".join(texts(panel("FRA")))
    assert "**Relation to Russia: Opposed** (derived by the atlas's rule)" in france
    assert "Why: sanctions since 23 Feb 2022 (the EU's); on Russia's 'unfriendly' list since 5 Mar 2022" in france


def test_the_panel_lists_the_visits_with_their_dates_and_kind():
    turkey = "\n".join(texts(panel("TUR")))
    assert "Sergey Lavrov in Antalya, 10 Mar 2022 (Multilateral meeting)" in turkey
    assert "Sergey Lavrov in Ankara, 7 Jun 2022 to 8 Jun 2022" in turkey
    us = "\n".join(texts(panel("USA")))
    assert "New York" in us and "(UN meeting; Dates uncertain)" in us


def test_a_class_resting_on_an_inferred_fact_carries_its_caveat():
    andorra = "\n".join(texts(panel("AND")))
    assert "Caveat: its sanctions are inferred from Russia's own description of its list" in andorra


def test_a_fact_once_inferred_and_now_sourced_says_what_the_sources_say():
    uruguay = "\n".join(texts(panel("URY")))
    assert "Caveat" not in uruguay
    assert "asked in March 2020 to interrupt it (El Economista): a party in 2022" in uruguay


def test_the_bahamas_shows_its_recorded_vote_with_its_ministers_correction():
    shown = "\n".join(texts(panel("BHS")))
    assert "ES-11/5, reparations (14 Nov 2022): **Against**" in shown
    assert 'recorded in error and was meant as "abstain"' in shown and "official record was not changed" in shown


def test_the_panel_gives_the_members_six_votes_and_whether_it_moved():
    mali = "\n".join(texts(panel("MLI")))
    assert "Who moved: **Moved towards Russia** (abstain, abstain, no, abstain, no, no)" in mali
    assert "ES-11/6, a comprehensive, just and lasting peace (23 Feb 2023): **Against**" in mali

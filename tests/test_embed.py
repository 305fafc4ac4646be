"""An embed is the app's map as a small static page: escaped, with the legend's own counts."""
import gzip
import re
from datetime import date

import pandas as pd
import pytest

from geo.maps.embed import (ASSETS, EMBED_JS, EmbedView, VocabularyLayer, alt_text, asset_files,
                       embed_page, travels_alt_text, travels_page, write_version)
from geo.travels.route_layers import TRAVELS_JS
from geo.travels.routes import Stop, build_legs, load_stops
from geo.maps.export import country_details, dataset_credits
from geo.intake.io import load_world
from geo.maps.join import join_countries
from geo.maps.layers import CHOROPLETHS, CHOROPLETH_BY_KEY, shapes_json
from geo.rule.shares import layer_shares

RECORDS = pd.DataFrame([{"iso3": "EGY", "country": "Egypt <img src=x onerror=alert(1)>",
                         "us_alignment": "partner", "russia_stance": "friendly",
                         "evidence": "</script><b>Lavrov</b> in Cairo", "source": "AP",
                         "as_of": "2022-07-27", "confidence": "high"}])
VOTES = pd.DataFrame(columns=["iso3", "resolution", "vote", "date", "source"])
LAYERS = tuple(VocabularyLayer(c) for c in CHOROPLETHS)


@pytest.fixture(scope="module")
def countries():
    return join_countries(load_world(), RECORDS, VOTES)


@pytest.fixture(scope="module")
def assets():
    return asset_files(shapes_json(load_world()))


def page_of(countries, assets, view):
    return embed_page(view, LAYERS, countries, country_details(countries, RECORDS),
                      dataset_credits(VOTES, 7), assets, "/embed/assets", "/", "/embed/x.png")


def test_a_record_s_markup_reaches_the_page_only_as_escaped_data(countries, assets):
    page = page_of(countries, assets, EmbedView("stance", country="EGY"))
    assert "<img src=x" not in page and "</script><b>Lavrov" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page, "the record travels as JSON for textContent"


def test_the_legend_counts_are_geo_shares_counts(countries, assets):
    for key in ("stance", "alignment", "sanctions"):
        page = page_of(countries, assets, EmbedView(key))
        rows = re.findall(r'</i> ([^<]+)</td><td class="n">(\d+)</td><td class="n">([^<]+)</td>', page)
        shares = layer_shares(countries, CHOROPLETH_BY_KEY[key].vocabulary)
        assert [(l, int(n)) for l, n, _ in rows] == [(s.label.replace("'", "&#x27;"), s.members) for s in shares]
        assert sum(int(n) for _, n, _ in rows) == 193


def test_every_asset_is_a_content_named_file_and_nothing_else_is_loaded(countries, assets):
    page = page_of(countries, assets, EmbedView("alignment", "2022-07-27"))
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    loaded = [s for s in sources if not s.startswith(("/?", "data:"))]
    assert sorted(loaded) == sorted(f"/embed/assets/{name}" for path, (name, _) in assets.items()
                                    if path != TRAVELS_JS), "everything but the Travels map's module"
    assert all(re.search(r"\.[0-9a-f]{12}\.(js|css)$", s) for s in loaded)
    assert 'href="/?layer=alignment&amp;day=2022-07-27"' in page, "the link opens the same view"
    assert 'property="og:image" content="/embed/x.png"' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page, "a shared link shows a big card"
    assert "as of 27 July 2022" in page


def test_alt_text_is_computed_from_the_legend(countries):
    layer = VocabularyLayer(CHOROPLETH_BY_KEY["stance"])
    shares = layer_shares(countries, layer.choropleth.vocabulary)
    text = alt_text(layer, shares, "latest")
    assert text.startswith("World map of the 193 UN members coloured by relation to Russia")
    friendly = next(s for s in shares if s.value == "friendly")
    assert f"{friendly.members} friendly (" in text


def test_a_version_is_written_whole_and_current_points_at_it(tmp_path, assets):
    write_version(tmp_path, 3, {"stance/latest.html": "<p>three</p>"}, assets)
    write_version(tmp_path, 4, {"stance/latest.html": "<p>four</p>"}, assets)
    assert (tmp_path / "current" / "stance" / "latest.html").read_text() == "<p>four</p>"
    assert (tmp_path / "v3" / "stance" / "latest.html").read_text() == "<p>three</p>"
    assert (tmp_path / "current" / ASSETS / assets[EMBED_JS][0]).is_file()
    gzipped = tmp_path / "current" / "stance" / "latest.html.gz"
    assert gzip.decompress(gzipped.read_bytes()) == b"<p>four</p>", "nginx sends the copy it need not compress"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_the_travels_alt_text_counts_trips_stops_countries_and_dates():
    stops = [Stop(1, "lavrov", date(2022, 7, 24), date(2022, 7, 25), "Cairo", "Egypt", "EGY", 30.0, 31.2),
             Stop(2, "lavrov", date(2022, 7, 26), date(2022, 7, 26), "Kampala", "Uganda", "UGA", 0.3, 32.6),
             Stop(3, "putin", date(2022, 6, 28), date(2022, 6, 28), "Dushanbe", "Tajikistan", "TJK", 38.6, 68.8),
             Stop(4, "lavrov", date(2022, 9, 1), date(2022, 9, 1), "Muscat", "Oman", "OMN", 23.6, 58.4,
                  confidence="unverified")]
    text = travels_alt_text(stops, build_legs(stops))
    assert text.startswith("World map of Lavrov's and Putin's travels abroad: 2 trips, 3 stops in 3 countries, "
                           "from 28 June 2022 to 26 July 2022")
    assert "Sergey Lavrov: 1 trip, 2 stops in 2 countries" in text, "Cairo to Kampala is one trip"
    assert "Vladimir Putin: 1 trip, 1 stop in 1 country" in text
    assert "unverified" in text, "the unverified stop to Muscat is drawn, not counted"


def test_the_travels_embed_carries_the_stops_as_data_and_only_content_named_files(assets):
    stops = [*load_stops(), Stop(99, "lavrov", date(2022, 8, 1), date(2022, 8, 1), "Cairo", "Egypt", "EGY",
                                 30.0, 31.2, event="<img src=x onerror=alert(1)>")]
    page = travels_page(stops, {"EGY": "lavrov"}, dataset_credits(VOTES, 7), assets, "../assets", "/travels")
    assert "<img src=x" not in page and "\\u003cimg src=x" in page
    loaded = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', page)
    assert {assets[TRAVELS_JS][0], assets[EMBED_JS][0]} <= {l.rsplit("/", 1)[1] for l in loaded}
    assert all(l.startswith("../assets/") for l in loaded)
    assert "Trips: Lavrov" in page and 'href="/travels"' in page
    assert 'aria-describedby="embed-alt"' in page and "trips," in page

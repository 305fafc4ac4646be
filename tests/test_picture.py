"""A view's picture for social posts and print: its size, the layer's colours, its text kept as text."""
import io
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from PIL import Image

from geo.maps.embed import VocabularyLayer
from geo.intake.io import COUNTRIES_PATH, read_csv_path
from geo.maps.layers import CHOROPLETH_BY_KEY
from geo.maps.picture import PRINT, SOCIAL, country_colours, view_picture
from geo.rule.timeline import LATEST
from geo.vocab import Vocabulary
from ui.data import build_atlas

CREDITS = ["Isolation Atlas, dataset version 7", "Source article: AP", "Country records: in the data"]
# Large countries, whose representative point is far from any border.
CENTRES = ("USA", "BRA", "CHN", "IND", "AUS", "RUS", "CAN", "DZA", "KAZ", "ARG")


@pytest.fixture(scope="module")
def countries():
    return build_atlas(read_csv_path(COUNTRIES_PATH), LATEST).countries


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))


@pytest.mark.parametrize("fmt", [SOCIAL, PRINT], ids=["social", "print"])
def test_the_pictures_have_the_sizes_social_networks_and_print_want(countries, fmt):
    png = view_picture(VocabularyLayer(CHOROPLETH_BY_KEY["stance"]), countries, LATEST, CREDITS, fmt).png()
    assert Image.open(io.BytesIO(png)).size == ((1200, 675) if fmt is SOCIAL else (2400, 1350))


@pytest.mark.parametrize("key", ["stance", "alignment", "sanctions"])
def test_each_country_s_centre_has_its_category_s_colour(countries, key):
    layer = VocabularyLayer(CHOROPLETH_BY_KEY[key])
    picture = view_picture(layer, countries, LATEST, CREDITS)
    image = Image.open(io.BytesIO(picture.png())).convert("RGB")
    fills = dict(zip(countries["iso3"], country_colours(countries, layer.spec(), layer.values(countries))))
    category = {c.value: c.colour for c in layer.choropleth.vocabulary.categories}
    seen = set()
    for iso3 in CENTRES:
        shape = countries.loc[countries["iso3"] == iso3, "geometry"].iloc[0]
        point = shape.representative_point()
        value = countries.loc[countries["iso3"] == iso3, layer.choropleth.vocabulary.column].iloc[0]
        if value in category:  # Russia on the stance layer is the subject, in its own colour
            assert fills[iso3] == category[value]
        assert image.getpixel(picture.pixel(point.x, point.y)) == rgb(fills[iso3]), iso3
        seen.add(fills[iso3])
    assert len(seen) >= 2, "the countries tested are not all one colour"


def test_antarctica_is_left_out_of_the_picture(countries):
    picture = view_picture(VocabularyLayer(CHOROPLETH_BY_KEY["stance"]), countries, LATEST, CREDITS)
    image = Image.open(io.BytesIO(picture.png())).convert("RGB")
    assert image.getpixel(picture.pixel(0, -80)) == (255, 255, 255)


def test_a_dataset_title_with_markup_stays_text_in_the_svg(countries):
    stance = CHOROPLETH_BY_KEY["stance"]
    vocabulary: Vocabulary = replace(stance.vocabulary, title="<script>alert(1)</script> & GDP")
    layer = VocabularyLayer(replace(stance, vocabulary=vocabulary))
    svg = view_picture(layer, countries, "2022-03-02", CREDITS).svg()
    assert b"<script" not in svg
    texts = ["".join(t.itertext()) for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert "<script>alert(1)</script> & GDP, as of 2 March 2022" in texts
    assert any("UN members" in t for t in texts) and any(t.startswith("Sources: Source article: AP") for t in texts)


def test_a_territory_without_a_class_has_the_map_s_not_a_member_colour_and_legend_row(countries):
    from geo.vocab import NOT_MEMBER_COLOUR
    layer = VocabularyLayer(CHOROPLETH_BY_KEY["stance"])
    picture = view_picture(layer, countries, LATEST, CREDITS)
    image = Image.open(io.BytesIO(picture.png())).convert("RGB")
    greenland = countries.loc[countries["iso3"] == "GRL", "geometry"].iloc[0].representative_point()
    assert image.getpixel(picture.pixel(greenland.x, greenland.y)) == rgb(NOT_MEMBER_COLOUR)
    texts = ["".join(t.itertext()) for t in ET.fromstring(picture.svg()).iter("{http://www.w3.org/2000/svg}text")]
    assert "Not a UN member state" in texts


def test_a_regional_dataset_s_picture_shows_its_region_as_the_live_map_does(countries):
    from geo.intake.datasets import shipped_datasets
    from geo.maps.dataset_layers import all_layers
    from geo.maps.layers import dataset_choropleth
    wheat = next(d for d in shipped_datasets() if d.title.startswith("Wheat imports"))
    dataset_layer = all_layers(wheat)[-1]
    layer = VocabularyLayer(dataset_choropleth(dataset_layer))
    shown = build_atlas(read_csv_path(COUNTRIES_PATH), LATEST, (dataset_layer,)).countries
    picture = view_picture(layer, shown, LATEST, CREDITS)
    image = Image.open(io.BytesIO(picture.png())).convert("RGB")
    fills = dict(zip(shown["iso3"], country_colours(shown, layer.spec(), layer.values(shown))))
    box = picture.map_axes.get_window_extent()
    for iso3 in ("EGY", "DZA", "ZAF", "KEN"):
        point = shown.loc[shown["iso3"] == iso3, "geometry"].iloc[0].representative_point()
        assert image.getpixel(picture.pixel(point.x, point.y)) == rgb(fills[iso3]), iso3
    x, _ = picture.pixel(-51.4, -10.4)  # Brazil
    assert not box.x0 <= x <= box.x1, "the Americas are out of a picture of Africa"
    west, _ = picture.pixel(-17, 14)  # Dakar to Cape Guardafui: most of the map's width
    east, _ = picture.pixel(51, 11)
    assert east - west > 0.4 * box.width

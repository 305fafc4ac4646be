"""Every legend stays readable with the common colour-vision deficiencies."""
import itertools

import colorspacious
import numpy as np
import pytest

from geo.maps.layers import CHOROPLETHS
from geo.vocab import NO_DATA_COLOUR, SUBJECT_COLOUR

# CAM02-UCS distance: about 1 is a just-noticeable difference; below 10, two map colours are
# easily confused at a glance.
MIN_DISTANCE = 10


def rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])


def seen_with(deficiency: str, colour: str) -> np.ndarray:
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    return np.clip(colorspacious.cspace_convert(rgb(colour), space, "sRGB1"), 0, 1)


def legend_colours(choropleth) -> list[str]:
    vocabulary = choropleth.vocabulary
    colours = [c.colour for c in vocabulary.categories] + [NO_DATA_COLOUR]
    return colours + ([SUBJECT_COLOUR] if vocabulary.subject_iso3 else [])


@pytest.mark.parametrize("deficiency", ["deuteranomaly", "protanomaly", "tritanomaly"])
@pytest.mark.parametrize("choropleth", CHOROPLETHS, ids=lambda c: c.key)
def test_legend_colours_stay_apart_for_colourblind_readers(choropleth, deficiency):
    colours = legend_colours(choropleth)
    for first, second in itertools.combinations(colours, 2):
        distance = colorspacious.deltaE(seen_with(deficiency, first), seen_with(deficiency, second),
                                        input_space="sRGB1")
        assert distance >= MIN_DISTANCE, f"{first} and {second} look alike ({distance:.1f})"


def test_the_check_would_catch_a_red_green_pair():
    """Red and green of equal lightness are the classic deuteranomaly confusion."""
    distance = colorspacious.deltaE(seen_with("deuteranomaly", "#d62728"),
                                    seen_with("deuteranomaly", "#7f7f00"), input_space="sRGB1")
    assert distance < MIN_DISTANCE

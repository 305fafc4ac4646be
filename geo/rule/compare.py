"""A numeric dataset set beside one of the atlas's categorical layers: medians with their bases.

"Many depend on Russia for energy and other exports" is a claim the data can test: the countries
that abstained on ES-11/1 against those in favour, each group's median share. Every figure carries
its base (how many members it rests on), and a base under MIN_BASE is flagged, so a median of three
countries is never read like one of a hundred.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.maps.dataset_layers import NOT_COVERED, DatasetLayer, format_value
from geo.vocab import Vocabulary

MIN_BASE = 20


@dataclass(frozen=True)
class Group:
    """The members of one category that the dataset has a value for."""

    label: str
    colour: str
    members: int
    median: float

    @property
    def small(self) -> bool:
        return self.members < MIN_BASE


@dataclass(frozen=True)
class Comparison:
    """Each category's members with a value, largest first, and their values as points to draw."""

    total: int
    groups: tuple[Group, ...]
    points: pd.DataFrame  # iso3, name, value, category (label), colour
    sentence: str


def compare(layer: DatasetLayer, countries: pd.DataFrame, vocabulary: Vocabulary) -> Comparison:
    """LAYER's values for the UN members, grouped by VOCABULARY's categories (as on the map): one
    of the atlas's own layers or a categorical dataset's, alike.

    Members with no category on that layer, or no value, or an unverified one, are left out."""
    rows = layer.dataset.values(layer.column, layer.period)
    usable = rows[~rows["unverified"].astype(bool)].dropna(subset=["value"])
    values = usable.set_index("iso3")["value"].astype(float)
    members = countries[countries["un_member"] & countries["iso3"].isin(values.index)]
    # A categorical dataset's countries without a row are no category of it (geo.maps.dataset_layers).
    categories = [c for c in vocabulary.categories if c.value != NOT_COVERED]
    colours = {c.value: c.colour for c in categories}
    labels = {c.value: c.label for c in categories}
    members = members[members[vocabulary.column].isin(list(colours))]
    points = pd.DataFrame({
        "iso3": members["iso3"].to_numpy(), "name": members["name"].to_numpy(),
        "value": members["iso3"].map(values).to_numpy(dtype=float),
        "category": members[vocabulary.column].map(labels).to_numpy(),
        "colour": members[vocabulary.column].map(colours).to_numpy(),
    })
    groups = tuple(sorted((Group(label, colours[value], int(len(part)), float(np.median(part["value"])))
                           for value, label in labels.items()
                           if len(part := points[points["category"] == label])),
                          key=lambda g: -g.members))
    unit = layer.dataset.column(layer.column).unit or layer.dataset.unit
    parts = [f"{g.label}: {g.members}, median {format_value(g.median, unit)}"
             + (f" (fewer than {MIN_BASE} members: read with care)" if g.small else "") for g in groups]
    sentence = (f"Of the {len(points)} UN members with a value for {layer.vocabulary.title}, by "
                f"{vocabulary.title}: " + "; ".join(parts) + "." if groups else
                f"No UN member has both a value for {layer.vocabulary.title} and a class on "
                f"{vocabulary.title}.")
    return Comparison(len(points), groups, points, sentence)

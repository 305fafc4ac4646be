"""A dataset's column as a map layer: classed by mapclassify, coloured by ColorBrewer.

A numeric column becomes classes (natural breaks by Fisher-Jenks, which is exact and so the same
on every run; quantiles; equal intervals; or breaks a person types), coloured from a
colourblind-safe ColorBrewer scheme: sequential YlGnBu, or diverging PuOr when the values cross
zero or a midpoint the person sets. A categorical column keeps its categories. Either way the
layer is a geo.vocab.Vocabulary of its classes, so the legend, the shares of members and people
(geo.rule.shares), the table and the map's restyling treat it exactly as the atlas's own layers.

Countries the dataset has no row for are "Not covered by this dataset", which is not the
atlas's "No data" (a row whose value is missing); a value marked unverified is drawn as such,
never in a class.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal

import mapclassify
import numpy as np
import pandas as pd
from branca.utilities import color_brewer

from geo.intake.datasets import Dataset, slug
from geo.vocab import Category, Vocabulary

Method = Literal["natural_breaks", "quantiles", "equal_interval", "user"]
METHODS: dict[str, str] = {
    "natural_breaks": "Natural breaks (Fisher-Jenks)",
    "quantiles": "Quantiles (equal counts)",
    "equal_interval": "Equal intervals",
    "user": "Breaks I type",
}
SEQUENTIAL, DIVERGING = "YlGnBu", "PuOr"  # both marked colourblind-safe by ColorBrewer
MAX_CLASSES = 7
NOT_COVERED = "not_covered"
NOT_COVERED_LABEL = "Not covered by this dataset"
NOT_COVERED_COLOUR = "#ececec"
UNVERIFIED = "unverified"
UNVERIFIED_LABEL = "Unverified value (not drawn as a value)"
UNVERIFIED_COLOUR = "#ffffff"
# Okabe-Ito, then Paul Tol's light scheme: distinguishable with common colour-vision deficiencies.
CATEGORY_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                    "#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF")


@dataclass(frozen=True)
class Classes:
    """Classes of a numeric column: class i holds the values in (bins[i-1], bins[i]] (the first
    from `lower`), drawn in colours[i] and named labels[i]."""

    method: str
    lower: float
    bins: tuple[float, ...]
    colours: tuple[str, ...]
    labels: tuple[str, ...]
    diverging: bool

    def index(self, values: np.ndarray) -> np.ndarray:
        """Each value's class, as mapclassify assigns it (upper bounds inclusive)."""
        return np.searchsorted(np.asarray(self.bins), values, side="left").clip(0, len(self.bins) - 1)


def format_value(value: float, unit: str = "") -> str:
    """78.2 -> '78.2', 1234.5 -> '1,234', 0.004 -> '0.004'; '%' written after the number."""
    magnitude = abs(value)
    if magnitude >= 1000:
        text = f"{value:,.0f}"
    elif magnitude >= 100 or value == int(value):
        text = f"{value:.0f}" if value == int(value) or magnitude >= 100 else f"{value:.1f}"
    else:
        text = f"{value:.3g}"
    text = text.replace("-", "\u2212")
    if unit.strip() in ("%", "percent", "per cent"):
        return text + "%"
    return f"{text} {unit}".strip() if unit and len(unit) <= 16 else text


def _breaks(values: np.ndarray, method: str, k: int, breaks: tuple[float, ...]) -> np.ndarray:
    distinct = len(np.unique(values))
    if method == "user":
        typed = sorted(b for b in breaks if values.min() <= b < values.max())
        return mapclassify.UserDefined(values, [*typed, float(values.max())]).bins
    k = max(1, min(k, distinct, MAX_CLASSES))
    if k == 1:
        return np.array([values.max()])
    if method == "quantiles":
        return np.unique(mapclassify.Quantiles(values, k=k).bins)
    if method == "equal_interval":
        return mapclassify.EqualInterval(values, k=k).bins
    with warnings.catch_warnings():  # without numba it runs in pure Python: fast enough for 200 members
        warnings.filterwarnings("ignore", message="Numba not installed")
        return mapclassify.FisherJenks(values, k=k).bins


def _sequential(k: int) -> list[str]:
    if k >= 3:
        return color_brewer(SEQUENTIAL, k)
    three = color_brewer(SEQUENTIAL, 3)
    return [three[1]] if k == 1 else [three[0], three[2]]


def classify(values: np.ndarray, method: str = "natural_breaks", k: int = 5,
             breaks: tuple[float, ...] = (), midpoint: float | None = None, unit: str = "") -> Classes:
    """Classes for VALUES (finite numbers, at least one). Diverging around MIDPOINT (0 when it is
    None and the values cross zero): the two sides are classed apart, so no class straddles it."""
    values = np.asarray(values, dtype=float)
    centre = midpoint if midpoint is not None else 0.0
    diverging = bool(values.min() < centre < values.max()) and (midpoint is not None or values.min() < 0)
    if diverging:
        below, above = values[values <= centre], values[values > centre]
        half = max(1, min(MAX_CLASSES // 2, k // 2 + k % 2))
        low = _breaks(np.append(below, centre), method, half, breaks)
        low = np.append(low[low < centre], centre)
        high = _breaks(above, method, half, breaks)
        bins = np.concatenate([low, high])
        n = max(len(low), len(high))
        palette = color_brewer(DIVERGING, max(2 * n, 3))
        palette = palette if len(palette) >= 2 * n else palette + palette[-1:]
        colours = palette[n - len(low):n] + palette[n:n + len(high)]
    else:
        bins = _breaks(values, method, k, breaks)
        colours = _sequential(len(bins))
    lower = float(values.min())
    edges = [lower, *[float(b) for b in bins]]
    labels = tuple(f"{format_value(a, unit)} to {format_value(b, unit)}" if a != b else format_value(b, unit)
                   for a, b in zip(edges[:-1], edges[1:]))
    return Classes(method, lower, tuple(float(b) for b in bins), tuple(colours), labels, diverging)


@dataclass(frozen=True)
class DatasetLayer:
    """A dataset column on the map: its vocabulary (classes or categories), each country's class,
    the hover text of each country with a row, and the classes (None for categories)."""

    key: str
    vocabulary: Vocabulary
    classes_by_iso3: dict[str, str]  # ISO3 -> category value; countries without a row: not covered
    hover: dict[str, str]  # ISO3 -> '78.2%' (the title names the year)
    classes: Classes | None
    covered: frozenset[str]  # ISO3 of every country with a row for the period
    dataset: Dataset | None = None
    column: str = ""
    period: str = ""


def layer_key(dataset: Dataset, column: str, period: str | None = None) -> str:
    """'ds-wheat-imports', '-share' for one of several columns, '-2017-2021' for one of several years."""
    key = f"ds-{dataset.key}" + ("" if len(dataset.columns) == 1 else f"-{slug(column)}")
    return key + (f"-{slug(period)}" if period and len(dataset.periods) > 1 else "")


@dataclass(frozen=True)
class Classing:
    """How a dataset's numeric columns are classed: what a person chose on the Upload page, kept
    with a saved dataset so that every reader sees the classes its saver saw."""

    method: str = "natural_breaks"
    k: int = 5
    breaks: tuple[float, ...] = ()
    midpoint: float | None = None


def all_layers(dataset: Dataset, classing: Classing = Classing()) -> list[DatasetLayer]:
    """Every column of DATASET in every period, classed as CLASSING says (natural breaks by default)."""
    return [dataset_layer(dataset, column.name, period, classing.method, classing.k, classing.breaks,
                          classing.midpoint) for column in dataset.columns for period in dataset.periods]


def dataset_layer(dataset: Dataset, column: str, period: str | None = None, method: str = "natural_breaks",
                  k: int = 5, breaks: tuple[float, ...] = (), midpoint: float | None = None) -> DatasetLayer:
    """COLUMN of DATASET in PERIOD (the latest by default) as a layer the overview map can draw."""
    period = dataset.latest if period is None else period
    spec = dataset.column(column)
    rows = dataset.values(column, period)
    when = f" ({period})" if period else ""
    unit = spec.unit or dataset.unit
    title = f"{dataset.title}: {column}" if len(dataset.columns) > 1 else dataset.title
    title += when
    by_iso3: dict[str, str] = {}
    hover: dict[str, str] = {}
    classes = None
    if spec.kind == "numeric":
        values = rows["value"].astype(float)
        usable = values.notna() & ~rows["unverified"].astype(bool)
        if usable.any():
            classes = classify(values[usable].to_numpy(), method, k, breaks, midpoint, unit)
            index = classes.index(values[usable].to_numpy())
            by_iso3.update({iso3: f"c{i}" for iso3, i in zip(rows["iso3"][usable], index)})
        categories = [Category(f"c{i}", label, colour, f"From {label}.")
                      for i, (label, colour) in enumerate(zip(classes.labels, classes.colours))] if classes else []
        for iso3, value, unverified in zip(rows["iso3"], values, rows["unverified"]):
            if unverified:
                by_iso3[iso3] = UNVERIFIED
                hover[iso3] = f"unverified ({format_value(value, unit) if value == value else 'no value'})"
            else:
                hover[iso3] = format_value(value, unit) if value == value else "no value"
        if rows["unverified"].any():
            categories.append(Category(UNVERIFIED, UNVERIFIED_LABEL, UNVERIFIED_COLOUR,
                                       "The file marks this value as unverified; see its note."))
    else:
        categories = [Category(f"k{i}", name, CATEGORY_COLOURS[i], name)
                      for i, name in enumerate(spec.categories)]
        code = {c.label: c.value for c in categories}
        for iso3, value in zip(rows["iso3"], rows["value"]):
            if value:
                by_iso3[iso3] = code[value]
            hover[iso3] = value or "no value"
    categories.append(Category(NOT_COVERED, NOT_COVERED_LABEL, NOT_COVERED_COLOUR,
                               "The dataset has no row for this country (it is not a zero)."))
    key = layer_key(dataset, column, period)
    vocabulary = Vocabulary(column=key.replace("-", "_"), title=title, categories=tuple(categories))
    return DatasetLayer(key, vocabulary, by_iso3, hover, classes, frozenset(rows["iso3"]), dataset,
                        column, period)


def layer_column(layer: DatasetLayer, iso3: pd.Series) -> pd.Series:
    """The layer's value for each country of a frame (by its iso3 column): its class, '' for a
    row without a value (the atlas's 'No data'), NOT_COVERED for a country without a row."""
    covered = iso3.isin(layer.covered)
    return iso3.map(layer.classes_by_iso3).fillna("").where(covered, NOT_COVERED)


def coverage_sentence(layer: DatasetLayer, members: pd.Series) -> str:
    """'Covers 42 of the 193 UN members.' (MEMBERS: the ISO3 of every member)."""
    count = int(members.isin(layer.covered).sum())
    return f"Covers {count} of the {len(members)} UN members."

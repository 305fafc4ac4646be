"""Population-weighted answers: each category's share of the UN's members and of their people.

"49 members imposed sanctions" and "they hold 14% of the world's people" are both true and tell
different stories; the atlas shows both for every categorical layer, as the EIU and Our World in
Data do. The world is the 193 UN member states (World Bank population, 2022).
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from geo.vocab import NO_DATA_COLOUR, NO_DATA_LABEL, RESOLUTIONS, SUBJECT_COLOUR, Vocabulary


@dataclass(frozen=True)
class Share:
    """One row of a layer's legend: a category, its members and its people."""

    value: str  # the category's value; '' for no data, the subject's ISO3 for the subject
    label: str
    colour: str
    members: int
    population: int
    member_share: float  # of all UN members, 0..1
    population_share: float  # of all UN members' people, 0..1


def layer_shares(countries: pd.DataFrame, vocabulary: Vocabulary) -> list[Share]:
    """Every category of the layer, then the axis's subject and 'No data' where they occur."""
    members = countries[countries["un_member"]]
    total_members, total_people = len(members), int(members["population"].sum())
    values = members[vocabulary.column]
    groups = [(c.value, c.label, c.colour, values == c.value) for c in vocabulary.categories]
    missing = ~values.isin(vocabulary.values)
    if vocabulary.subject_iso3:
        subject = members["iso3"] == vocabulary.subject_iso3
        groups.append((vocabulary.subject_iso3, vocabulary.subject_label, SUBJECT_COLOUR, subject))
        missing &= ~subject
    groups.append(("", NO_DATA_LABEL, NO_DATA_COLOUR, missing))
    shares = []
    for value, label, colour, mask in groups:
        count, people = int(mask.sum()), int(members.loc[mask, "population"].sum())
        if value in vocabulary.values or count:
            shares.append(Share(value, label, colour, count, people,
                                count / total_members if total_members else 0.0,
                                people / total_people if total_people else 0.0))
    return shares


def percent(share: float) -> str:
    """A share as a reader's percentage: '14%', '0.4%' below 1%, '<0.1%' for a sliver, '0%' for none."""
    if share == 0:
        return "0%"
    if share < 0.001:
        return "<0.1%"
    return f"{share * 100:.1f}%" if share < 0.01 else f"{share * 100:.0f}%"


def people(count: int) -> str:
    """7,946,419,505 -> '7.95 bn'; 84,979,913 -> '85.0 m'."""
    if count >= 1e9:
        return f"{count / 1e9:.2f} bn"
    if count >= 1e6:
        return f"{count / 1e6:.1f} m"
    return f"{count:,}"


def shares_bars(shares: list[Share]) -> str:
    """Two stacked bars, members above people, in the layer's colours: the legend at a glance.

    Plain HTML (divs with inline styles, no SVG and no script), which Streamlit's st.html keeps as
    it is; labels are escaped although they come from geo.vocab.
    """
    rows = []
    for name, key in (("Members", "member_share"), ("People", "population_share")):
        parts = []
        for share in shares:
            part = getattr(share, key)
            if part <= 0:
                continue
            title = html.escape(f"{share.label}: {percent(part)} of {name.lower()}")
            parts.append(f'<div title="{title}" style="width:{part * 100:.2f}%;'
                         f'background:{html.escape(share.colour)};box-shadow:inset 0 0 0 0.5px #777"></div>')
        rows.append('<div style="display:flex;align-items:center;gap:6px;margin:2px 0">'
                    f'<span style="width:58px;font-size:11px;color:#333">{name}</span>'
                    f'<div style="display:flex;flex:1;height:14px">{"".join(parts)}</div></div>')
    summary = html.escape("; ".join(f"{s.label}: {percent(s.member_share)} of members, "
                                    f"{percent(s.population_share)} of people" for s in shares))
    return f'<div class="atlas-shares" role="img" aria-label="{summary}">{"".join(rows)}</div>'


def vote_tallies(countries: pd.DataFrame, resolutions: tuple = ()) -> pd.DataFrame:
    """How many members, and how many of the world's people, voted each way on each resolution:
    one row per (resolution, vote) in date order, for the chart of the votes over time."""
    rows = []
    for resolution in resolutions or RESOLUTIONS:
        for share in layer_shares(countries, resolution.vocabulary):
            if share.value and share.value in resolution.vocabulary.values:
                rows.append({"resolution": resolution.code, "date": resolution.date, "vote": share.label,
                             "colour": share.colour, "members": share.members,
                             "people": share.population, "share of people": share.population_share})
    return pd.DataFrame(rows)

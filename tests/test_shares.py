"""Population-weighted answers: shares of members and of people for every category."""
import pandas as pd

from geo.rule.shares import layer_shares, people, percent, shares_bars
from geo.vocab import NO_DATA_LABEL, RUSSIA_STANCE, SANCTIONS

COUNTRIES = pd.DataFrame({
    "iso3": ["FRA", "IND", "CHN", "RUS", "BRA", "XKX"],
    "un_member": [True, True, True, True, True, False],
    "population": [68, 1417, 1412, 144, 215, 2],
    "russia_stance": ["opposed", "friendly", "friendly", "", "", "opposed"],
    "sanctions": ["eu", "none", "none", "", "none", "own"],
})


def test_each_category_has_its_share_of_members_and_of_people():
    shares = {s.label: s for s in layer_shares(COUNTRIES, RUSSIA_STANCE)}
    assert shares["Opposed"].members == 1 and shares["Opposed"].population == 68
    assert shares["Friendly"].member_share == 2 / 5
    assert shares["Friendly"].population_share == (1417 + 1412) / 3256
    assert shares["Russia itself"].members == 1, "the subject is its own row, not 'No data'"
    assert shares[NO_DATA_LABEL].members == 1  # Brazil has no stance here
    assert sum(s.members for s in shares.values()) == 5, "non-members are not counted"
    assert abs(sum(s.population_share for s in shares.values()) - 1) < 1e-9


def test_empty_categories_are_listed_and_no_data_only_when_it_occurs():
    shares = layer_shares(COUNTRIES, SANCTIONS)
    assert [s.label for s in shares] == [c.label for c in SANCTIONS.categories] + [NO_DATA_LABEL]
    assert layer_shares(COUNTRIES.assign(sanctions="none"), SANCTIONS)[-1].label != NO_DATA_LABEL


def test_percentages_read_as_people_expect():
    assert percent(0.1449) == "14%" and percent(0.004) == "0.4%"
    assert percent(0.00001) == "<0.1%" and percent(0) == "0%"
    assert people(7_946_419_505) == "7.95 bn" and people(84_979_913) == "85.0 m"


def test_the_bar_chart_draws_both_bars_in_the_categories_colours():
    bars = shares_bars(layer_shares(COUNTRIES, RUSSIA_STANCE))
    assert "<script" not in bars and "<svg" not in bars
    assert bars.count(">Members<") == 1 and bars.count(">People<") == 1
    assert "background:#2c7bb6" in bars and "background:#fdae61" in bars
    assert 'aria-label="Ally of Russia: 0% of members' in bars
    assert 'title="Friendly: 87% of people"' in bars  # 2,829 of 3,256

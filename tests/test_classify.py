"""The atlas's rule: every UN member gets a class on both axes, from sourced inputs, with its reasons."""
import pytest

from geo.rule.classify import Derived, alignment, stance, vote_summary
from geo.intake.countries import un_members
from geo.intake.io import (COUNTRIES_PATH, INDICATORS_PATH, POPULATION_PATH, VOTES_PATH, load_world,
                    read_csv_path)
from geo.maps.join import join_countries
from geo.travels.routes import load_stops, visited_by
from geo.vocab import RUSSIA_STANCE, US_ALIGNMENT


def country(iso3="XXX", votes=("yes", "yes", "yes", "yes", "yes", "yes"), sanctions="none",
            unfriendly="not_listed", alliance="none", visited="none", **extra):
    """A member's inputs; votes on ES-11/1 to /6 in date order (fewer: the later ones not yet held)."""
    votes = (*votes, *[""] * (6 - len(votes)))
    row = {"iso3": iso3, "vote": votes[0], "vote_es11_2": votes[1], "vote_es11_3": votes[2],
           "vote_es11_4": votes[3], "vote_es11_5": votes[4], "vote_es11_6": votes[5], "sanctions": sanctions, "sanctions_since": "2022-02-23",
           "sanctions_inferred": False, "unfriendly": unfriendly, "unfriendly_since": "2022-03-05",
           "unfriendly_inferred": False, "us_alliance": alliance, "us_alliance_since": "",
           "us_alliance_inferred": False, "visited": visited}
    return {**row, **extra}


def test_sanctions_make_a_country_opposed_and_the_reasons_say_since_when():
    derived = stance(country(sanctions="eu", unfriendly="listed"))
    assert derived.value == "opposed"
    assert derived.why.startswith("sanctions since 23 Feb 2022 (the EU's); on Russia's 'unfriendly' list "
                                  "since 5 Mar 2022; voted for ES-11/1, /2, /3, /4, /5 and /6")


def test_russias_own_list_is_enough_to_be_opposed():
    assert stance(country(unfriendly="listed")).value == "opposed"


def test_acts_come_before_votes_when_they_disagree():
    assert stance(country(votes=("no",) * 6, sanctions="own")).value == "opposed"


def test_voting_with_russia_on_the_war_itself_makes_an_ally():
    assert stance(country(votes=("abstain", "abstain", "no", "no", "no", "abstain"))).value == "ally"
    assert stance(country(votes=("no", "no", "no", "absent", "no", "no"))).value == "ally"
    mali = stance(country(votes=("abstain", "abstain", "no", "abstain", "no", "no")))
    assert mali.value == "ally" and mali.why.startswith("voted with Russia against ES-11/6")
    assert stance(country(votes=("abstain", "no", "no", "abstain", "no", "abstain"))).value == "friendly", \
        "against ES-11/2, /3 and /5 only: not against the invasion, the annexations or the peace"


def test_never_voting_in_favour_is_friendly():
    derived = stance(country(votes=("abstain", "abstain", "abstain", "abstain", "absent", "abstain")))
    assert derived == Derived("friendly", derived.why)
    assert "voted in favour of none of ES-11/1, /2, /3, /4, /5 and /6" in derived.why


def test_every_named_vote_counts_one_in_favour_is_enough_to_hedge():
    """Angola abstained on five resolutions and voted for the annexations one: it hedged."""
    derived = stance(country(votes=("abstain", "abstain", "abstain", "yes", "abstain", "abstain")))
    assert derived.value == "hedging" and "voted for ES-11/4" in derived.why


def test_in_favour_every_time_is_distancing_unless_the_country_hosted_lavrov_or_putin():
    assert stance(country()).value == "distancing"
    hosted = stance(country(visited="lavrov"))
    assert hosted.value == "hedging" and "hosted Lavrov in 2022" in hosted.why
    absent_once = stance(country(votes=("yes", "absent", "yes", "yes", "yes", "yes")))
    assert absent_once.value == "hedging", "the Comoros, absent on ES-11/2: not in favour every time"


def test_the_rule_sees_only_the_votes_held_by_the_day_shown():
    assert stance(country(votes=("yes", "yes", "yes"))).value == "distancing"
    assert stance(country(votes=("abstain", "abstain", "no"))).value == "friendly"


def test_mixed_votes_are_hedging():
    assert stance(country(votes=("yes", "abstain", "abstain", "yes", "abstain", "yes"))).value == "hedging"
    assert stance(country(votes=("absent", "yes", "yes", "yes", "yes", "yes"))).value == "hedging"


def test_before_the_first_vote_only_acts_can_place_a_country():
    before = country(votes=())
    assert stance(before).value == ""
    assert stance({**before, "sanctions": "own"}).value == "opposed"


def test_russia_and_the_us_are_the_subjects_of_their_axes():
    assert stance(country(iso3="RUS", votes=("no",) * 4)).value == ""
    assert alignment(country(iso3="USA", alliance="nato")).value == ""
    assert alignment(country(iso3="RUS", votes=("no",) * 4)).value == "rival"


@pytest.mark.parametrize("alliance, expected", [("nato", "treaty_ally"), ("bilateral_treaty", "treaty_ally"),
                                                 ("rio_treaty", "treaty_ally"), ("mnna", "partner"),
                                                 ("none", "neutral"), ("", "")])
def test_alliances_decide_alignment(alliance, expected):
    assert alignment(country(alliance=alliance)).value == expected


def test_sanctioning_russia_with_the_us_makes_a_partner_and_voting_with_russia_a_rival():
    assert alignment(country(sanctions="own")).value == "partner"
    assert alignment(country(votes=("no", "no", "no", "no"))).value == "rival"
    assert alignment(country(alliance="rio_treaty", votes=("no", "no", "no", "no"))).value == "treaty_ally"


def test_a_class_resting_on_an_inferred_fact_says_so():
    derived = alignment(country(alliance="rio_treaty", us_alliance_inferred=True))
    assert derived.value == "treaty_ally" and "inferred" in derived.uncertain
    partner = alignment(country(sanctions="inferred", sanctions_inferred=True))
    assert partner.value == "partner" and partner.uncertain
    assert alignment(country(alliance="nato")).uncertain == ""


def test_vote_summary_groups_resolutions_in_order():
    votes = {"ES-11/1": "yes", "ES-11/2": "absent", "ES-11/3": "abstain", "ES-11/4": "yes", "ES-11/5": "no"}
    assert vote_summary(votes) == ("voted for ES-11/1 and /4; voted against ES-11/5; abstained on ES-11/3; "
                                   "was absent from ES-11/2")


@pytest.fixture(scope="module")
def world_today():
    population = read_csv_path(POPULATION_PATH).set_index("iso3")["population"].astype("int64")
    joined = join_countries(load_world(), read_csv_path(COUNTRIES_PATH), read_csv_path(VOTES_PATH),
                            visited_by(load_stops()), read_csv_path(INDICATORS_PATH), population)
    return joined[joined["un_member"]].set_index("iso3")


def test_every_un_member_has_a_class_on_both_axes(world_today):
    assert len(world_today) == len(un_members()) == 193
    for axis in (RUSSIA_STANCE, US_ALIGNMENT):
        missing = world_today[world_today[axis.column] == ""].index
        assert list(missing) == [axis.subject_iso3], axis.title
        assert set(world_today[axis.column]) - {""} <= set(axis.values)


def test_the_articles_countries_land_where_the_facts_put_them(world_today):
    stance_of = world_today["russia_stance"]
    assert stance_of["FRA"] == "opposed" and world_today.loc["FRA", "us_alignment"] == "treaty_ally"
    assert stance_of["TUR"] == "hedging" and stance_of["PHL"] == "distancing"
    assert stance_of["CHN"] == "friendly" and stance_of["BLR"] == "ally"
    assert world_today.loc["EGY", "russia_stance_rule"] == "hedging"
    assert world_today.loc["EGY", "russia_stance"] == "friendly", "the record wins over the rule"
    assert world_today.loc["EGY", "russia_stance_basis"] == "record"
    assert world_today.loc["BRA", "russia_stance_basis"] == "rule"


def test_no_country_voting_against_the_hrc_suspension_is_called_distancing(world_today):
    against = world_today[world_today["vote_es11_3"] == "no"]
    assert not (against["russia_stance"] == "distancing").any()
    assert not (against["russia_stance"] == "opposed").any()


def test_every_derived_class_says_why(world_today):
    derived = world_today[world_today["russia_stance_basis"].str.startswith("rule")]
    assert (derived["russia_stance_why"] != "").all()
    assert len(derived) > 150

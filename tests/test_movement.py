"""Who moved: the stated rule of geo/rule/movement.py, on made-up members and on the shipped roll calls."""
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from geo.intake.io import VOTES_PATH, read_csv_path
from geo.rule.movement import movement, sequence

CODES = [f"ES-11/{n}" for n in range(1, 7)]
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "unga_es11_rollcalls.csv"


def votes(*cast: str) -> dict[str, str]:
    return dict(zip(CODES, cast))


@pytest.mark.parametrize("cast, expected", [
    (("yes",) * 6, "steady_ukraine"),
    (("no",) * 6, "steady_russia"),
    (("abstain", "absent", "abstain", "abstain", "abstain", "absent"), "never_sided"),
    (("yes", "yes", "abstain", "yes", "abstain", "yes"), "unchanged"),
    (("yes", "yes", "yes", "yes", "yes", "absent"), "towards_russia"),
    (("abstain", "abstain", "no", "abstain", "no", "no"), "towards_russia"),  # Mali
    (("abstain", "yes", "abstain", "yes", "abstain", "yes"), "towards_ukraine"),  # Iraq
    (("no", "no", "no", "no", "no", "abstain"), "towards_ukraine"),
    (("abstain", "abstain", "no", "abstain", "abstain", "abstain"), "unchanged"),
])
def test_the_rule_compares_the_invasion_vote_with_the_latest_on_the_war_itself(cast, expected):
    assert movement(votes(*cast)) == expected


def test_only_votes_held_count_and_a_vote_on_another_question_is_not_a_move():
    assert movement(votes("yes", "yes", "abstain")) == "unchanged", "ES-11/3 is not on the war itself"
    assert movement(votes("yes", "yes", "yes", "abstain")) == "towards_russia"
    assert movement({}) == ""


def test_the_sequence_reads_as_the_table_shows_it():
    assert sequence(votes("yes", "yes", "abstain", "yes", "abstain", "yes")) == \
        "yes, yes, abstain, yes, abstain, yes"
    assert sequence(votes("yes", "absent")) == "yes, absent"


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared reference is not checked out here")
def test_the_shipped_members_move_as_the_rule_recomputed_from_the_reference_says():
    """An independent reading of the roll calls, by the words of the rule on the Sources page."""
    reference = pd.read_csv(REFERENCE, dtype=str).pivot(index="iso3", columns="resolution", values="value")
    score = {"yes": 1, "abstain": 0, "absent": 0, "no": -1}
    expected = {}
    for iso3, row in reference.iterrows():
        cast = [row[c] for c in CODES]
        if set(cast) == {"yes"}:
            expected[iso3] = "steady_ukraine"
        elif set(cast) == {"no"}:
            expected[iso3] = "steady_russia"
        elif set(cast) <= {"abstain", "absent"}:
            expected[iso3] = "never_sided"
        else:
            first, last = score[row["ES-11/1"]], score[row["ES-11/6"]]
            expected[iso3] = ("towards_ukraine" if last > first else "towards_russia" if last < first
                              else "unchanged")
    shipped = read_csv_path(VOTES_PATH).pivot(index="iso3", columns="resolution", values="vote")
    got = {iso3: movement(row.to_dict()) for iso3, row in shipped.iterrows()}
    assert got == expected
    assert Counter(got.values()) == {"unchanged": 83, "steady_ukraine": 76, "never_sided": 20,
                                     "towards_russia": 6, "towards_ukraine": 4, "steady_russia": 4}

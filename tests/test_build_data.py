"""`make data`: the build scripts refuse data that disagrees with the official record."""
import csv
import importlib.util
from pathlib import Path

import pytest

from geo.maps.export import dataset_credits
from geo.intake.io import VOTES_PATH, read_csv_path
from geo.intake.sources import working_note

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def script(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOTALS = {"yes": "143", "no": "5", "abstain": "35", "absent": "10", "total": "193"}


def votes(yes=143, no=5, abstain=35, absent=10) -> dict[str, str]:
    values = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain + ["absent"] * absent
    return {f"M{i:03}": v for i, v in enumerate(values)}


def test_a_roll_call_that_adds_up_to_the_official_totals_passes():
    script("build_votes").check_totals("ES-11/4", votes(), TOTALS)


@pytest.mark.parametrize("changed", [dict(abstain=36, yes=142), dict(no=4, absent=11), dict(yes=144),
                                     dict(absent=9, abstain=36)])
def test_a_roll_call_that_disagrees_with_the_official_totals_stops_the_build(changed):
    with pytest.raises(SystemExit):
        script("build_votes").check_totals("ES-11/4", votes(**changed), TOTALS)


def test_a_vote_outside_the_four_stops_the_build():
    with pytest.raises(SystemExit):
        script("build_votes").check_totals("ES-11/4", dict(votes(), M000="yes_or_absent"), TOTALS)


@pytest.mark.skipif(not (Path(__file__).resolve().parents[2] / "shared" / "reference").exists(),
                    reason="the shared reference is not checked out here")
def test_every_resolution_of_the_session_is_built_for_every_member_and_checked():
    rows, totals = script("build_votes").build()
    assert sorted({r["resolution"] for r in rows}) == [f"ES-11/{n}" for n in range(1, 7)]
    assert len(rows) == 6 * 193 and {r["vote"] for r in rows} == {"yes", "no", "abstain", "absent"}
    assert [t["per_member"] for t in totals] == ["complete"] * 6
    bahamas = next(r for r in rows if r["iso3"] == "BHS" and r["resolution"] == "ES-11/5")
    assert bahamas["vote"] == "no" and "recorded in error" in bahamas["note"] and "abstain" in bahamas["note"]


def test_indicator_rows_with_a_working_note_are_refused():
    build = script("build_indicators")
    with pytest.raises(SystemExit):
        build.fact("OMN", "Oman", "sanctions", "none", "", "per memory", "x", "", False)
    with pytest.raises(SystemExit):
        build.fact("URY", "Uruguay", "us_alliance", "rio_treaty", "", "Rio", "x", "still a party", True)
    with pytest.raises(SystemExit):
        build.fact("FRA", "France", "sanctions", "yes", "", "EU", "x", "", False)  # not a layer value


def test_what_every_export_says_about_its_sources_is_fit_to_publish():
    credits = dataset_credits(read_csv_path(VOTES_PATH), version=3)
    assert any("Associated Press" in line for line in credits)
    assert [line for line in credits if working_note(line)] == []


REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


def shipped(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared reference is not checked out here")
def test_the_shipped_votes_and_indicators_are_what_make_data_makes():
    from geo.intake.io import INDICATORS_PATH, POPULATION_PATH, VOTE_TOTALS_PATH

    votes, totals = script("build_votes").build()
    assert shipped(VOTES_PATH) == votes and shipped(VOTE_TOTALS_PATH) == totals
    facts, population = script("build_indicators").build()
    assert shipped(INDICATORS_PATH) == facts and shipped(POPULATION_PATH) == population

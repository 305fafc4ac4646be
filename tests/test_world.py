"""The world geometry shipped in data/: complete, correctly coded and light."""
import shapely

from geo.intake.countries import un_members
from geo.intake.io import WORLD_PATH, load_world


def test_every_un_member_is_in_the_world_file_once():
    world = load_world()
    members = world[world["un_member"]]
    assert sorted(members["iso3"]) == sorted(un_members())
    assert not world["iso3"][world["iso3"] != ""].duplicated().any()


def test_norway_france_and_kosovo_have_their_codes():
    world = load_world().set_index("iso3")
    assert world.loc["NOR", "name"] == "Norway"
    assert world.loc["FRA", "name"] == "France"
    assert world.loc["XKX", "name"] == "Kosovo"
    assert not world.loc["XKX", "un_member"]


def test_somaliland_and_north_cyprus_are_drawn_within_their_un_member_states():
    world = load_world()
    assert not world["name"].isin(["Somaliland", "N. Cyprus"]).any()
    somalia = world.set_index("iso3").loc["SOM", "geometry"]
    assert somalia.contains(shapely.Point(44.06, 9.56))  # Hargeisa


def test_small_states_are_flagged_for_markers_and_tuvalu_has_a_point():
    world = load_world().set_index("iso3")
    for iso3 in ("SGP", "BHR", "MLT", "MDV", "TUV"):
        assert world.loc[iso3, "small"], iso3
    assert world.loc["TUV", "geometry"] is None
    assert abs(world.loc["TUV", "lon"] - 179.2) < 0.1
    assert not world.loc["EGY", "small"]


def test_no_shape_wraps_around_the_world():
    """A ring jumping from +180 to -180 (Chukotka, Fiji) draws as a band across the map."""
    world = load_world().dropna(subset=["geometry"])
    for row in world.itertuples():
        for part in shapely.get_parts(row.geometry):
            minx, _, maxx, _ = part.bounds
            assert maxx - minx < 180, row.name


def test_the_world_file_is_small():
    assert WORLD_PATH.stat().st_size < 400_000

"""Trips as routes: each traveller's stops, in date order, joined by great-circle legs.

The rule for legs: a trip leaves from Moscow and returns to Moscow, unless two stops follow each
other *directly*, meaning the next stop starts no more than DIRECT_DAYS (2) days after the previous
one ends; then the leg goes straight from one to the other (Cairo -> Oyo -> Entebbe -> Addis
Ababa -> Tashkent is one tour). Only trips abroad become legs: a meeting in Russia (Sochi) or a
cancelled visit (Belgrade) is listed as a stop but is not part of any route. Two direct stops at
the same place (within SAME_PLACE_KM) make no leg between them. Departure days from Moscow and
return days to it are not recorded: an outbound leg is dated on the day of arrival, a return leg on
the last day abroad.

Legs are densified along the WGS84 geodesic (pyproj.Geod) and split where they cross the
antimeridian, so Leaflet draws them the short way round.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from pyproj import Geod

from geo.intake.countries import un_members
from geo.intake.io import DataError
from geo.travels.trips import TRIPS_PATH, load_trips
from geo.vocab import TRIP_ABROAD, TRIP_CONFIDENCE, UNCERTAIN_PLACE_OR_VISIT, VISIT_COUNTED

SHIPPED = "atlas trips data"
DIRECT_DAYS = 2
SAME_PLACE_KM = 5.0
SPACING_KM = 100.0
GEOD = Geod(ellps="WGS84")

LatLon = tuple[float, float]


@dataclass(frozen=True)
class Stop:
    """One row of data/trips.csv (or of an upload), typed."""

    line: int
    traveller: str
    date_start: date
    date_end: date
    city: str
    country: str
    iso3: str
    lat: float
    lon: float
    event: str = ""
    counterparts: str = ""
    source: str = ""
    confidence: str = "confirmed"
    confidence_note: str = ""
    setting: str = ""  # geo.vocab.TRIP_SETTING; '' when a file does not say
    origin: str = SHIPPED  # where the stop comes from (the atlas or a file), shown beside its line

    @property
    def abroad(self) -> bool:
        return self.confidence in TRIP_ABROAD

    @property
    def place(self) -> str:
        return f"{self.city}, {self.country}" if self.country else self.city


# Moscow, GeoNames 524901: where every trip starts and ends unless stops follow each other.
HOME = Stop(line=0, traveller="", date_start=date(2022, 1, 1), date_end=date(2022, 12, 31),
            city="Moscow", country="Russia", iso3="RUS", lat=55.75222, lon=37.61556)

# From least to most doubtful: a leg is as doubtful as its more doubtful end.
_DOUBT = ("confirmed", "conflicting_dates", "uncertain_place", "unverified")


@dataclass(frozen=True)
class Leg:
    """A flight from one place to the next, drawn as a great circle."""

    traveller: str
    origin: Stop
    destination: Stop
    depart: date
    arrive: date
    path: tuple[tuple[LatLon, ...], ...]  # one part, or two where it crosses the antimeridian
    km: float

    @property
    def ends(self) -> tuple[Stop, ...]:
        return tuple(s for s in (self.origin, self.destination) if s is not HOME)

    @property
    def confidence(self) -> str:
        return max((s.confidence for s in self.ends), key=_DOUBT.index, default="confirmed")

    @property
    def dashed(self) -> bool:
        return self.confidence in UNCERTAIN_PLACE_OR_VISIT

    @property
    def note(self) -> str:
        return " ".join(f"{s.city}: {s.confidence_note}" for s in self.ends
                        if s.confidence != "confirmed" and s.confidence_note)

    @property
    def event(self) -> str:
        """What the flight was for; a return leg (drawn over its outbound twin) recalls the visit."""
        if self.destination is not HOME:
            return self.destination.event
        return f"Back to Moscow after: {self.origin.event}" if self.origin.event else "Back to Moscow"


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (geodesic, WGS84) distance in kilometres."""
    return GEOD.inv(lon1, lat1, lon2, lat2, return_back_azimuth=True)[2] / 1000


def split_at_antimeridian(points: list[LatLon]) -> list[list[LatLon]]:
    """Cut a line wherever it jumps across ±180°, adding the crossing point to both sides.

    Geodesic points come with longitudes in [-180, 180]; a step from 170° to -170° is a 20°
    hop east across the antimeridian, not 340° back west, and must be drawn as such.
    """
    parts: list[list[LatLon]] = [[points[0]]]
    for (lat1, lon1), (lat2, lon2) in zip(points, points[1:]):
        if abs(lon2 - lon1) > 180:
            edge = 180.0 if lon1 > 0 else -180.0
            unwrapped = lon2 + 360 if lon1 > 0 else lon2 - 360
            t = (edge - lon1) / (unwrapped - lon1)
            lat = lat1 + t * (lat2 - lat1)
            parts[-1].append((lat, edge))
            parts.append([(lat, -edge)])
        parts[-1].append((lat2, lon2))
    return parts


def great_circle(start: LatLon, end: LatLon, spacing_km: float = SPACING_KM) -> list[list[LatLon]]:
    """The geodesic from start to end as (lat, lon) points about spacing_km apart, in parts."""
    (lat1, lon1), (lat2, lon2) = start, end
    km = distance_km(lat1, lon1, lat2, lon2)
    npts = max(0, math.ceil(km / spacing_km) - 1)
    middle = GEOD.npts(lon1, lat1, lon2, lat2, npts) if npts else []
    points = [(lat1, lon1), *((la, lo) for lo, la in middle), (lat2, lon2)]
    return split_at_antimeridian(points)


def _leg(traveller: str, origin: Stop, destination: Stop, depart: date, arrive: date) -> Leg:
    parts = great_circle((origin.lat, origin.lon), (destination.lat, destination.lon))
    rounded = tuple(tuple((round(la, 3), round(lo, 3)) for la, lo in part) for part in parts)
    km = distance_km(origin.lat, origin.lon, destination.lat, destination.lon)
    return Leg(traveller, origin, destination, depart, arrive, rounded, km)


def stops_from_trips(trips: pd.DataFrame, origin: str = SHIPPED) -> list[Stop]:
    """Validated trips (geo.travels.trips) as Stops, in file order."""
    stops = []
    for row in trips.itertuples(index=False):
        stops.append(Stop(
            line=int(row.line), traveller=row.traveller,
            date_start=pd.Timestamp(row.date_start).date(), date_end=pd.Timestamp(row.date_end).date(),
            city=row.city, country=row.country, iso3=row.iso3, lat=float(row.lat), lon=float(row.lon),
            event=row.event, counterparts=row.counterparts, source=row.source,
            confidence=row.confidence, confidence_note=row.confidence_note, setting=row.setting,
            origin=origin))
    return stops


def load_stops(path: Path = TRIPS_PATH) -> list[Stop]:
    """The shipped stops; the file must be clean, so a broken edit fails loudly at once."""
    checked = load_trips(path)
    if checked.problems:
        raise DataError(f"{path.name}: " + " ".join(p.message for p in checked.problems))
    return stops_from_trips(checked.trips, origin=SHIPPED if path == TRIPS_PATH else path.name)


def in_date_order(stops: list[Stop]) -> list[Stop]:
    return sorted(stops, key=lambda s: (s.date_start, s.date_end, s.line))


def build_legs(stops: list[Stop], direct_days: int = DIRECT_DAYS, home: Stop = HOME) -> list[Leg]:
    """Every traveller's legs for the year, by the rule in this module's docstring."""
    legs: list[Leg] = []
    for traveller in dict.fromkeys(s.traveller for s in stops):
        previous: Stop | None = None
        for stop in in_date_order([s for s in stops if s.traveller == traveller and s.abroad]):
            if previous is None:
                legs.append(_leg(traveller, home, stop, stop.date_start, stop.date_start))
            elif (stop.date_start - previous.date_end).days <= direct_days:
                if distance_km(previous.lat, previous.lon, stop.lat, stop.lon) <= SAME_PLACE_KM:
                    previous = stop  # a second stay in the same city: no flight between them
                    continue
                legs.append(_leg(traveller, previous, stop, min(previous.date_end, stop.date_start),
                                 stop.date_start))
            else:
                legs.append(_leg(traveller, previous, home, previous.date_end, previous.date_end))
                legs.append(_leg(traveller, home, stop, stop.date_start, stop.date_start))
            previous = stop
        if previous is not None:
            legs.append(_leg(traveller, previous, home, previous.date_end, previous.date_end))
    return legs


def legs_between(legs: list[Leg], start: date, end: date, travellers: set[str] | None = None) -> list[Leg]:
    """Legs flown (at least partly) between start and end, inclusive."""
    return [leg for leg in legs if leg.depart <= end and leg.arrive >= start
            and (travellers is None or leg.traveller in travellers)]


def stops_between(stops: list[Stop], start: date, end: date, travellers: set[str] | None = None) -> list[Stop]:
    """Stops that overlap the days from start to end, inclusive."""
    return [s for s in stops if s.date_start <= end and s.date_end >= start
            and (travellers is None or s.traveller in travellers)]


def countries_visited(stops: list[Stop]) -> set[str]:
    """ISO3 codes of the countries visited: unverified, cancelled and at-home stops do not count,
    nor does a UN meeting in New York (the UN's, not a visit to the United States). A country is
    a UN member, as everywhere in the atlas: a stop in Antarctica, Greenland or Hong Kong is a
    stop (drawn, listed, counted among stops abroad) but not a country visited."""
    members = un_members()
    return {s.iso3 for s in stops if s.confidence in VISIT_COUNTED and s.setting != "un"
            and s.iso3 in members}


def km_flown(legs: list[Leg]) -> float:
    return sum(leg.km for leg in legs)


def stops_per_month(stops: list[Stop], travellers: tuple[str, ...]) -> pd.DataFrame:
    """Counted visits per month (rows 'YYYY-MM') and traveller (columns), months without any kept."""
    counted = [s for s in stops if s.confidence in VISIT_COUNTED]
    months = pd.period_range("2022-01", "2022-12", freq="M")
    if counted:
        first = min(pd.Period(s.date_start, "M") for s in counted)
        last = max(pd.Period(s.date_start, "M") for s in counted)
        months = pd.period_range(min(first, months[0]), max(last, months[-1]), freq="M")
    table = pd.DataFrame(0, index=[str(m) for m in months], columns=list(travellers))
    for s in counted:
        if s.traveller in table.columns:
            table.loc[str(pd.Period(s.date_start, "M")), s.traveller] += 1
    table.index.name = "month"
    return table


def visited_by(stops: list[Stop]) -> dict[str, str]:
    """ISO3 -> VISITED value ('lavrov', 'putin', 'both', 'unverified' or 'un_only') for every
    country a traveller went to; a UN meeting in New York is not a visit to the United States."""
    counted: dict[str, set[str]] = {}
    unverified: set[str] = set()
    un_only: set[str] = set()
    for s in stops:
        if s.confidence in VISIT_COUNTED and s.setting == "un":
            un_only.add(s.iso3)
        elif s.confidence in VISIT_COUNTED:
            counted.setdefault(s.iso3, set()).add(s.traveller)
        elif s.confidence == "unverified":
            unverified.add(s.iso3)
    visited = {iso3: "both" if len(who) > 1 else next(iter(who)) for iso3, who in counted.items()}
    visited.update({iso3: "un_only" for iso3 in un_only - set(visited)})
    visited.update({iso3: "unverified" for iso3 in unverified - set(visited)})
    return visited


@dataclass(frozen=True)
class StopMarker:
    """All of one traveller's visits to one place, drawn as one circle sized by their number."""

    traveller: str
    lat: float
    lon: float
    visits: tuple[Stop, ...]
    shared: bool  # the other traveller has a marker at the same place

    @property
    def confidence(self) -> str:
        """The surest of the visits: a place visited once for sure is drawn as sure."""
        return min((s.confidence for s in self.visits), key=TRIP_CONFIDENCE.values.index)


def stop_markers(stops: list[Stop]) -> list[StopMarker]:
    """One marker per traveller and place (stops within SAME_PLACE_KM are one place)."""
    groups: list[list[Stop]] = []
    for stop in in_date_order(stops):
        for group in groups:
            first = group[0]
            if first.traveller == stop.traveller and distance_km(
                    first.lat, first.lon, stop.lat, stop.lon) <= SAME_PLACE_KM:
                group.append(stop)
                break
        else:
            groups.append([stop])
    markers = []
    for group in groups:
        first = group[0]
        shared = any(g[0].traveller != first.traveller and distance_km(
            g[0].lat, g[0].lon, first.lat, first.lon) <= SAME_PLACE_KM for g in groups)
        markers.append(StopMarker(first.traveller, first.lat, first.lon, tuple(group), shared))
    return markers


def mercator_angle(a: LatLon, b: LatLon) -> float:
    """Direction from a to b on a Web Mercator map, in degrees clockwise from east (screen y down)."""
    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(max(-85.0, min(85.0, lat))) / 2))
    dx = math.radians(b[1] - a[1])
    dy = -(y(b[0]) - y(a[0]))
    return math.degrees(math.atan2(dy, dx))


ARROW_AT = 0.4  # share of the way along a leg: a return leg's arrow then sits apart from the outbound's


def arrow_of(leg: Leg) -> tuple[LatLon, float]:
    """Where to draw the leg's direction arrow (40% of the way) and which way it points.

    A round trip flies the same great circle twice; at 40% of each leg the outbound and the return
    arrows stand apart instead of on top of each other.
    """
    points = [p for part in leg.path for p in part]
    index = max(1, min(len(points) - 1, round(ARROW_AT * (len(points) - 1))))
    for part in leg.path:  # stay within one part: the arrow must not point across the antimeridian
        if index < len(part):
            a, b = (part[index - 1], part[index]) if index > 0 else (part[0], part[1])
            return part[index], mercator_angle(a, b)
        index -= len(part)
    return points[-1], mercator_angle(points[-2], points[-1])


def map_lon(lon: float, centre: float = HOME.lon) -> float:
    """A longitude as the Travels map draws it: from CENTRE - 180° to CENTRE + 180° (Moscow in the
    middle), so Honolulu or Apia lie east of Asia, where the route from Moscow goes."""
    west = centre - 180
    return lon - 360 * math.floor((lon - west) / 360)


def trip_bounds(stops: list[Stop], pad: float = 6.0) -> tuple[LatLon, LatLon]:
    """South-west and north-east corners that show every stop and Moscow, with a margin, in the
    map's longitudes (map_lon)."""
    lats = [s.lat for s in stops] + [HOME.lat]
    lons = [map_lon(s.lon) for s in stops] + [HOME.lon]
    west = HOME.lon - 180
    return ((max(-75.0, min(lats) - pad), max(west, min(lons) - pad)),
            (min(80.0, max(lats) + pad), min(west + 360, max(lons) + pad)))

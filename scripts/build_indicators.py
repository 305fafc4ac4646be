"""Rebuild data/indicators.csv and data/population.csv from the reference facts.

data/indicators.csv holds one sourced fact per row: `iso3, country, indicator, value, date, detail,
source, note, certainty`. Three indicators, each with a value for every UN member state:

- `sanctions` (geo.vocab.SANCTIONS): own sanctions, the EU's (member or aligned), inferred from
  Russia's list, or none recorded;
- `unfriendly` (geo.vocab.UNFRIENDLY): on Russia's "unfriendly countries" list (economic list of
  5 March 2022 and its 24 July additions, or the list on diplomatic missions), or not;
- `us_alliance` (geo.vocab.US_ALLIANCE): NATO, bilateral defence treaty, Rio Treaty, Major Non-NATO
  Ally, or none. A country may have several rows (Australia: ANZUS and Major Non-NATO Ally); ties
  that did not hold in 2022 (New Zealand's suspended ANZUS obligations, former Rio Treaty parties)
  are rows with value `none` whose detail says so.

A member the reference does not name gets an explicit row saying nothing was recorded, with the
lists it was checked against as the source. `date` is when the fact began in 2022 (YYYY, YYYY-MM or
YYYY-MM-DD as precise as the source; empty when it held before 2022). `certainty` is `inferred`
where the reference inferred the fact (four microstates' sanctions, Uruguay's Rio Treaty status),
`expanded` where the source names a group and the row applies it to a member (the EU's sanctions and
Russia's listing of "the member states of the EU", for each of the 27), else `sourced`.

Sources are rewritten for readers: the publication first, the copy it was read at after, and no
working notes. The script refuses to write a row whose text still carries one.
"""
from __future__ import annotations

import re
from urllib.parse import urlparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.intake.countries import un_members  # noqa: E402
from scripts.reference import read, write  # noqa: E402
from geo.intake.sources import weak_citations, working_note  # noqa: E402
from geo.vocab import INDICATOR_BY_COLUMN  # noqa: E402

INDICATORS = ROOT / "data" / "indicators.csv"
POPULATION = ROOT / "data" / "population.csv"
COLUMNS = ("iso3", "country", "indicator", "value", "date", "detail", "source", "note", "certainty")

AL_JAZEERA = re.compile(r"Al Jazeera list \(stored copy (\S+)\)")


def readable(source: str) -> str:
    """A reference source as a reader should see it: the publication, then where it was read."""
    source = AL_JAZEERA.sub(r"Al Jazeera, 'List of sanctions against Russia after Ukraine's invasion' "
                            r"(as read at \1)", source)
    return source.replace("https://digital-staging.thehill.com", "https://thehill.com")


# --- Sanctions ---------------------------------------------------------------------------------
SANCTIONS_CHECKED = ("A&O Shearman, 'Sweeping new sanctions' (https://aoshearman.com/en/insights/sweeping-new-"
                     "sanctions-us-eu-uk-and-other-countries-target-russia-for-ukraine-invasion); Al Jazeera, "
                     "'List of sanctions against Russia after Ukraine's invasion'; EU High Representative, "
                     "declaration on the alignment of certain countries with Council Decision (CFSP) "
                     "2022/346 of 1 March 2022")


def sanctions_value(row: dict[str, str]) -> str:
    if row["value"] == "inferred_yes":
        return "inferred"
    if row["value"] == "no":
        return "none"
    kind = row["kind"].lower()
    return "eu" if ("eu sanctions" in kind or "aligned with eu" in kind or "eu sanction" in kind) else "own"


def sanctions_rows(members: dict[str, str]) -> list[dict[str, str]]:
    rows = []
    for ref in read("sanctions_on_russia_2022.csv"):
        value = sanctions_value(ref)
        inferred = ref["value"] == "inferred_yes" or ref["note"].startswith("INFERRED")
        detail = {"inferred": "Russia's government counts it among the states that imposed or joined "
                              "sanctions; no source on its own measures was read",
                  "none": {"SRB": "Declined to align with the EU's sanctions",
                           "TUR": "Imposed no sanctions on Russia"}.get(ref["iso3"], ref["kind"])}.get(
            value, ref["kind"][:1].upper() + ref["kind"][1:])
        note = ref["note"]
        if inferred and value == "eu":
            note = "The source names the EU, whose sanctions apply in every member state."
        elif value == "inferred":
            note = "Inferred from Russia's own description of its list."
        certainty = "expanded" if inferred and value == "eu" else inferred
        rows.append(fact(ref["iso3"], ref["country"], "sanctions", value, ref["date_first"], detail,
                         readable(ref["source"]), note, certainty))
    return rows + unnamed_rows(rows, members, "sanctions", "none", "No sanctions on Russia recorded in 2022",
                               SANCTIONS_CHECKED)


# --- Russia's "unfriendly countries" list -------------------------------------------------------
UNFRIENDLY_CHECKED = ("Russian government order No. 430-r of 5 March 2022 and its 24 July 2022 additions, "
                      "as quoted by Newsweek (https://www.newsweek.com/russia-list-unfriendly-countries-"
                      "1685468) and TASS (https://tass.com/russia/1484099)")


def unfriendly_rows(members: dict[str, str]) -> list[dict[str, str]]:
    rows = []
    for ref in read("russia_unfriendly_list_2022.csv"):
        economic = ref["list"].startswith("economic")
        added = "amended" in ref["list"]
        detail = ("Economic list, added on 24 July 2022" if added else
                  "Economic list, government order 430-r of 5 March 2022" if economic else
                  "List of states 'committing unfriendly acts against Russian diplomatic and consular "
                  "missions'")
        note = ""
        if ref["note"].startswith("INFERRED"):
            note = "The order names 'the member states of the European Union'."
        elif added and ref["iso3"] == "BHS":
            note = ("Listed for banning transactions with the Bank of Russia, the Finance Ministry and "
                    "some Russian banks; the Bahamas says it committed no unfriendly acts.")
        date = ref["date_listed"]
        rows.append(fact(ref["iso3"], ref["country"], "unfriendly", "listed", date, detail,
                         readable(ref["source"]), note,
                         "expanded" if ref["note"].startswith("INFERRED") else False))
    return rows + unnamed_rows(rows, members, "unfriendly", "not_listed", "Not on Russia's lists in 2022",
                               UNFRIENDLY_CHECKED)


# --- The second sourcing pass ------------------------------------------------------------------
# us_alliances_sanctions_sources_2022.csv rates each source it found for a fact: a fact whose
# citation is a weak site gets the best the pass offers (primary, then a major outlet), and a weak
# site that is only a copy of a named publication stays as where it was read ("as read at").
SECOND_PASS = "us_alliances_sanctions_sources_2022.csv"
GOOD = ("primary", "major outlet")
PASS_FACTS = {("us_alliance", "nato"): ("nato_member_2022",), ("us_alliance", "rio_treaty"): ("rio_party_2022",),
              ("us_alliance", "mnna"): ("mnna_designation_year",),
              ("us_alliance", "bilateral_treaty"): ("us_defense_treaty",),
              ("us_alliance", "none"): ("rio_party_2022", "nato_member_2022", "us_defense_treaty"),
              ("sanctions", "own"): ("own_sanctions_russia_2022",),
              ("sanctions", "eu"): ("aligned_with_eu_russia_sanctions_2022", "own_sanctions_russia_2022"),
              ("sanctions", "none"): ("aligned_with_eu_russia_sanctions_2022",)}
# Copies of a publication, named for what they copy where a fact cites the copy alone.
MIRROR_OF = {"friendlywiki.com": "Wikipedia, 'Major non-NATO ally' (a later version of the article),",
             "askvity.info": "NATO's member list,", "www.eata.ee": "NATO's member list,"}
# Facts on which the sources differ in detail: said where the fact is shown.
DIFFER = {
    ("NZL", "us_alliance", "mnna"): "Sources differ on New Zealand's year as a Major Non-NATO Ally: 1996 by statute, "
                            "or 2002.",
    ("VEN", "us_alliance", "none"): "Sources differ: the opposition-led National Assembly voted to rejoin the Rio "
                            "Treaty in 2019 and an instrument was reportedly deposited at the OAS; the "
                            "government in power does not recognise it.",
    ("URY", "us_alliance", "rio_treaty"): "Uruguay announced its withdrawal from the Rio Treaty in September 2019 (MercoPress) "
                            "and asked in March 2020 to interrupt it (El Economista): a party in 2022.",
}


def second_pass() -> dict[tuple[str, str], list[dict[str, str]]]:
    """(iso3, fact) -> its primary and major-outlet sources in the second pass, best first."""
    found: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in sorted(read(SECOND_PASS), key=lambda r: GOOD.index(r["source_quality"])
                      if r["source_quality"] in GOOD else len(GOOD)):
        if row["source_quality"] in GOOD:
            found.setdefault((row["iso3"], row["fact"]), []).append(row)
    return found


def better_sourced(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Each fact citing a weak site, cited from the second pass's best instead (or as well)."""
    best = second_pass()
    for row in rows:
        cited = row["source"]
        key = (row["iso3"], row["indicator"], row["value"])
        if not weak_citations(cited) and key not in DIFFER:
            continue
        better = [r for fact in PASS_FACTS.get((row["indicator"], row["value"]), ())
                  for r in best.get((row["iso3"], fact), [])]
        parts = [p for p in re.split(r" ; |; ", cited) if not weak_citations(p)]
        if not better and row["indicator"] == "us_alliance" and "nato" in cited.lower():
            better = [{"source": NATO_SOURCE}]  # the alliance's own list, for a NATO fact
        if better:
            parts = [*dict.fromkeys(r["source"] for r in better if r["source"] not in cited), *parts]
        weak = [p for p in re.split(r" ; |; ", cited) if weak_citations(p)]
        if not better and weak:  # nothing better: name the weak copy as where it was read
            parts += [p if "as read at" in p else
                      URL.sub(lambda m: f"{MIRROR_OF.get(urlparse(m.group()).netloc, '')} as read at "
                                        f"{m.group()}".lstrip(), p, count=1) for p in weak]
        row["source"] = " ; ".join(parts)
        if better and row["certainty"] == "inferred":  # the pass found it said: no longer inferred
            row["certainty"], row["note"] = "sourced", ""
        if key in DIFFER:
            row["note"] = " ".join(filter(None, [row["note"], DIFFER[key]]))
    return rows


# --- US alliances ------------------------------------------------------------------------------
NATO_SOURCE = ("NATO's 30 members in 2022 with the years they joined, as listed by Metro, 13 April 2022 "
               "(https://metro.co.uk/2022/04/13/what-is-nato-and-which-countries-are-members-2-16461953/)")
MNNA_SOURCE = ("US Department of State list of Major Non-NATO Allies (18 after Afghanistan's designation "
               "ended, September 2022), as read at https://bigmirror.in/afghanistan-no-longer-major-non-"
               "nato-ally-united-states/ and https://tech-consultingstudies.eu/2022/09/25/biden-ends-"
               "afghanistans-designation-as-major-non-nato-ally")
RIO_SOURCE = ("OAS, Inter-American Treaty of Reciprocal Assistance: signatories and ratifications "
              "(http://www.oas.org/juridico/english/sigs/b-29.html)")
ALLIANCES_CHECKED = f"{NATO_SOURCE}; {MNNA_SOURCE}; {RIO_SOURCE}"
# (value in the reference) -> (value on the layer, detail); details for single rows below.
ALLIANCE_VALUES = {
    "nato": ("nato", "NATO member"),
    "bilateral_treaty": ("bilateral_treaty", "Bilateral defence treaty"),
    "rio_treaty": ("rio_treaty", "Party to the Rio Treaty"),
    "mnna": ("mnna", "Major Non-NATO Ally"),
    "mnna_de_facto": ("mnna", "Treated as a Major Non-NATO Ally without formal designation (US State "
                              "Department)"),
    "bilateral_treaty_suspended": ("none", "Signed ANZUS (1951), but the US-New Zealand obligations have "
                                           "been suspended since the nuclear-ship dispute of 1984-86"),
    "rio_treaty_disputed": ("none", "Denounced the Rio Treaty in 2012 (effective 2013); the opposition-led "
                                    "National Assembly's re-adherence of 2019 is not recognised by the "
                                    "government in power"),
    "rio_treaty_former": ("none", "A former party to the Rio Treaty"),
    "mnna_terminated_2022": ("none", "Major Non-NATO Ally from 2012; the designation was rescinded in 2022 "
                                     "(intent notified in July, ended by presidential memorandum in "
                                     "September)"),
    "not_mnna_in_2022": ("none", "Not on the 2022 State Department list of Major Non-NATO Allies "
                                 "(designated later)"),
    "not_nato_in_2022": ("none", "Not a NATO member in 2022: invited in June 2022, joined later"),
}
FORMER_RIO = {"MEX": "withdrew: notice in September 2002, effective September 2004",
              "BOL": "denounced in 2012", "ECU": "denounced in 2012", "NIC": "denounced in 2012",
              "CUB": "excluded in 1962"}
# Major Non-NATO Allies designated during 2022: the date the layer starts counting them.
DESIGNATED_IN_2022 = {"QAT": ("2022-03", "designated 2022 (March)"),
                      "COL": ("2022-05-24", "designated 2022 (24 May)")}
URL = re.compile(r"https?://[^\s;,)]+")


def alliance_rows(members: dict[str, str]) -> list[dict[str, str]]:
    rows, reference = [], read("us_alliances_2022.csv")
    # Ecuador's and Nicaragua's notes cite "the same AP report" as Bolivia's.
    ap_2012 = next(URL.findall(r["note"]) for r in reference if r["iso3"] == "BOL")
    for ref in reference:
        value, detail = ALLIANCE_VALUES[ref["value"]]
        iso3, note = ref["iso3"], ""
        source = {"nato": NATO_SOURCE, "mnna": MNNA_SOURCE, "rio_treaty": RIO_SOURCE}.get(ref["value"])
        if ref["value"] in ("nato", "rio_treaty") and ref["note"].startswith(("member since", "party since")):
            detail = f"{detail} since {ref['note'].split(' since ')[1]}"
        if ref["value"] == "bilateral_treaty":
            detail = f"{detail}: {ref['note']}"
        if ref["value"] == "mnna":
            since = re.match(r"designated (\d{4})", ref["note"])
            if "Wikipedia says statute of 1996" in ref["note"]:
                detail = f"{detail} (since 1996 or {since.group(1)}: sources differ)"
            elif since:
                detail = f"{detail} (since {since.group(1)})"
        if ref["value"] == "rio_treaty_former":
            detail = f"{detail}: {FORMER_RIO[iso3]}"
        date = ""
        if iso3 in DESIGNATED_IN_2022 and ref["value"] == "mnna":
            date, said = DESIGNATED_IN_2022[iso3]
            if said not in ref["note"]:
                raise SystemExit(f"{iso3}: the reference no longer says '{said}'")
            source = f"{MNNA_SOURCE}; designation: {' ; '.join(URL.findall(ref['note']))}"
        inferred = "INFERRED" in ref["note"]
        if inferred:
            note = ("Inferred: Uruguay announced its withdrawal in September 2019, but the source lists it "
                    "as a party; read here as still a party in 2022.")
        if source is None:  # the reference's own page, or (for former parties) the pages its note names
            cited = URL.findall(ref["note"]) or (ap_2012 if "same AP report" in ref["note"] else [])
            source = ref["source"] if ref["source"] != "see note" else " ; ".join(cited)
            if ref["value"] == "rio_treaty_former":
                source = f"{source} ; {RIO_SOURCE}"
        rows.append(fact(iso3, ref["country"].replace(" (not UN member)", ""), "us_alliance", value, date,
                         detail, readable(source), note, inferred))
    return rows + unnamed_rows(rows, members, "us_alliance", "none", "No US alliance recorded for 2022",
                               ALLIANCES_CHECKED)


# --- Population --------------------------------------------------------------------------------
def population_rows(members: dict[str, str]) -> list[dict[str, str]]:
    rows = [{"iso3": r["iso3"], "country": r["country"], "population": r["value"], "year": r["date"],
             "source": "World Bank, World Development Indicators, SP.POP.TOTL (2022), as packaged in "
                       "github.com/datasets/population"}
            for r in read("population_2022.csv") if r["iso3"] in members]
    if {r["iso3"] for r in rows} != set(members):
        raise SystemExit(f"population: missing {sorted(set(members) - {r['iso3'] for r in rows})}")
    return rows


# --- Common ------------------------------------------------------------------------------------
def unnamed_rows(rows: list[dict[str, str]], members: dict[str, str], indicator: str, value: str,
                 detail: str, checked: str) -> list[dict[str, str]]:
    """An explicit row for every member the reference does not name, citing the lists checked."""
    named = {r["iso3"] for r in rows}
    return [fact(iso3, name, indicator, value, "", detail, checked, "", False)
            for iso3, name in members.items() if iso3 not in named]



def fact(iso3: str, country: str, indicator: str, value: str, date: str, detail: str, source: str,
         note: str, inferred: bool | str) -> dict[str, str]:
    if value not in INDICATOR_BY_COLUMN[indicator].values:
        raise SystemExit(f"{iso3} {indicator}: '{value}' is not in the layer's vocabulary")
    row = {"iso3": iso3, "country": country, "indicator": indicator, "value": value, "date": date,
           "detail": detail, "source": source, "note": note,
           "certainty": inferred if isinstance(inferred, str) else "inferred" if inferred else "sourced"}
    if row["certainty"] == "inferred" and not note.startswith("Inferred"):
        raise SystemExit(f"{iso3} {indicator}: an inferred fact must say so in its note")
    for column in ("detail", "source", "note"):
        if working_note(row[column]):
            raise SystemExit(f"{iso3} {indicator}: a working note in {column}: {row[column]!r}")
    if not re.fullmatch(r"(2021|2022)(-\d\d(-\d\d)?)?|", date):
        raise SystemExit(f"{iso3} {indicator}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return row



def build() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The rows of data/indicators.csv and data/population.csv, every member covered."""
    members = un_members()
    rows = better_sourced(sanctions_rows(members) + unfriendly_rows(members) + alliance_rows(members))
    for indicator in INDICATOR_BY_COLUMN:
        covered = {r["iso3"] for r in rows if r["indicator"] == indicator}
        if not set(members) <= covered:
            raise SystemExit(f"{indicator}: no row for {sorted(set(members) - covered)}")
        values = [r["value"] for r in rows if r["indicator"] == indicator and r["iso3"] in members]
        print(indicator, {v: values.count(v) for v in dict.fromkeys(values)}, "rows for UN members")
    return rows, population_rows(members)


def main() -> None:
    facts, population = build()
    write(INDICATORS, facts)
    write(POPULATION, population)


if __name__ == "__main__":
    main()

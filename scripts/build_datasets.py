"""Rebuild the shipped example datasets, data/datasets/*.csv, from the reference facts.

Each file is a dataset as a user would upload it (geo.intake.datasets reads them the same way, by the
same reader): `iso3, country, year, value, unit, source, note, unverified`, plus the columns that
say what the dataset is (`title`, `coverage`, `about`), the same on every row. Coverage is
regional or partial: a country with no row is *not covered*, never zero.

- arms_from_russia.csv: SIPRI, share of each member's arms imports (in TIV) that came from Russia,
  2017-2021 and 2018-2022 (two releases; each row names its own). A member whose imports from all
  suppliers were zero in a window (Brunei and Liberia in 2017-2021) had no arms imports, so it is
  left out (not covered) rather than given a share of nothing.
- wheat/petroleum/gas_from_russia_ukraine_africa.csv: the ONE Campaign's shares of import value
  from Russia and Ukraine together (the source does not split them), 2018-2020 pooled.
- gas_from_russia_europe.csv: Eurostat, share of natural-gas imports from Russia in 2020. Austria's
  0% is marked unverified (the extract reports large total imports and none from Russia).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference import ROOT, read, write  # noqa: E402

OUT = ROOT / "data" / "datasets"
COLUMNS = ["iso3", "country", "year", "value", "unit", "source", "note", "unverified", "title",
           "coverage", "about"]
TIV = ("SIPRI's trend-indicator value (TIV) measures the military capability transferred, not a "
       "price; the share is TIV from Russia over TIV from all suppliers in the same window.")
ONE = ("ONE Campaign, Data Dive: Ukraine (April 2022), computed from CEPII BACI trade data (HS17, "
       "V202201, built on UN Comtrade); read at ")
ONE_ABOUT = ("Share of the country's {what} import value in 2018-2020 (pooled) that came from Russia "
             "and Ukraine together: the source does not split the two.")


def _shares(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def arms() -> list[dict[str, str]]:
    rows = []
    for row in read("arms_imports_from_russia_sipri.csv"):
        if float(row["all_suppliers_tiv_m"] or 0) == 0:
            continue
        rows.append({
            "iso3": row["iso3"], "country": row["country"], "year": row["period"],
            "value": row["share_from_russia_pct"], "unit": "%",
            "source": f"SIPRI Arms Transfers Database ({row['release']}); read at {row['source']}",
            "note": (f"From Russia {row['from_russia_tiv_m']} of {row['all_suppliers_tiv_m']} TIV "
                     f"(millions) from all suppliers, {row['period']}."),
            "unverified": "",
            "title": "Arms imports from Russia (share of all arms imports)",
            "coverage": ("UN members with any recorded arms imports in the window (157 in 2017-2021, "
                         "162 in 2018-2022); a member not covered had none recorded."),
            "about": TIV + " The two windows come from two SIPRI releases; the later one includes "
                     "SIPRI's revisions of past years.",
        })
    return rows


def africa(name: str, what: str) -> list[dict[str, str]]:
    rows = read(f"{name}_imports_from_russia_ukraine_africa_2018_2020.csv")
    return [{
        "iso3": row["iso3"], "country": row["country"], "year": row["year"],
        "value": _shares(float(row["value"])), "unit": "%", "source": ONE + row["source"],
        "note": row["note"], "unverified": "",
        "title": f"{what.capitalize()} imports from Russia and Ukraine together (Africa)",
        "coverage": f"{len(rows)} African UN members; the rest of the world is not covered.",
        "about": ONE_ABOUT.format(what=what),
    } for row in rows]


def europe_gas() -> list[dict[str, str]]:
    rows = read("gas_imports_from_russia_europe_2020.csv")
    return [{
        "iso3": row["iso3"], "country": row["country"], "year": row["year"],
        "value": _shares(float(row["value"])), "unit": "%",
        "source": "Eurostat, NRG_TI_GAS (extracted 2022-04-05); read at " + row["source"],
        "note": row["note"].replace("show as unverified, not as 0%", "shown as unverified, not as 0%"),
        "unverified": "yes" if "DOUBTFUL" in row["note"] else "",
        "title": "Natural-gas imports from Russia (Europe)",
        "coverage": (f"{len(rows)} European countries (incl. Türkiye, Ukraine, Moldova and Georgia); "
                     "the United Kingdom has no 2020 value; the rest of the world is not covered."),
        "about": "Share of the country's natural-gas imports (energy terms, TJ GCV) that came from "
                 "Russia in 2020. Austria's 0% is doubtful (see its note) and is shown as unverified.",
    } for row in rows]


DATASETS = {
    "arms_from_russia.csv": arms,
    "wheat_from_russia_ukraine_africa.csv": lambda: africa("wheat", "wheat"),
    "petroleum_from_russia_ukraine_africa.csv": lambda: africa("petroleum", "petroleum"),
    "gas_from_russia_ukraine_africa.csv": lambda: africa("gas", "gas"),
    "gas_from_russia_europe.csv": europe_gas,
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in DATASETS.items():
        rows = build()
        write(OUT / name, rows, COLUMNS)
        print(f"{OUT / name}: {len(rows)} rows")


if __name__ == "__main__":
    main()

"""Who moved: how each member's votes went from the first resolution on Ukraine to the latest.

The rule, stated once (and on the Sources page): each vote is scored from Ukraine's side to
Russia's, in favour +1, abstaining or absent 0, against -1. A member that voted in favour every
time is *steady with Ukraine*; against every time, *steady with Russia*; never in favour and never
against, *never took a side*. Otherwise its latest vote on the war itself (the annexations,
ES-11/4, or the peace, ES-11/6, February 2023: geo.vocab.WAR_RESOLUTIONS, each demanding that
Russia withdraw) is compared with its first (ES-11/1, the invasion, March 2022), like with like: a
higher score is *moved away from Russia*, a lower one *moved towards Russia*, the same one *same at
the end, mixed between* (the votes on other questions, such as the Human Rights Council or
reparations, differed). On the time slider, only the votes held by the day shown count.
"""
from __future__ import annotations

from collections.abc import Mapping

from geo.vocab import RESOLUTIONS, WAR_RESOLUTIONS

RULE = (
    "Each vote is scored from Ukraine's side to Russia's: in favour +1, abstaining or absent 0, against "
    "-1. A member that voted in favour of every resolution is **in favour every time**; against every "
    "time, **against every time**; never in favour and never against, **never took a side**. Otherwise "
    "its latest vote on the war itself (the annexations, ES-11/4, or the peace a year on, ES-11/6: like "
    "the invasion resolution ES-11/1, each demands that Russia withdraw) is compared with its vote on "
    "the invasion (ES-11/1): a higher score is **moved away from Russia**, a lower one **moved towards "
    "Russia**, the same one **same at the end, mixed between** (it voted differently on another "
    "question, such as the Human Rights Council or reparations). Absent counts as abstaining: the "
    "record does not say why a member stayed away. On the time slider only the votes held by then count.")
SCORE = {"yes": 1, "abstain": 0, "absent": 0, "no": -1}


def movement(votes: Mapping[str, str]) -> str:
    """The MOVEMENT class of a member's votes (resolution -> vote, in date order); '' with none."""
    cast = [votes[r.code] for r in RESOLUTIONS if votes.get(r.code)]
    if not cast:
        return ""
    if all(v == "yes" for v in cast):
        return "steady_ukraine"
    if all(v == "no" for v in cast):
        return "steady_russia"
    if all(SCORE[v] == 0 for v in cast):
        return "never_sided"
    war = [votes[code] for code in WAR_RESOLUTIONS if votes.get(code)]
    first, last = SCORE[war[0]], SCORE[war[-1]]
    return "towards_ukraine" if last > first else "towards_russia" if last < first else "unchanged"


def sequence(votes: Mapping[str, str]) -> str:
    """'yes, yes, abstain, yes, abstain, yes': the member's votes in date order, as the table shows them."""
    return ", ".join(votes[r.code] for r in RESOLUTIONS if votes.get(r.code))

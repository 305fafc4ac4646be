"""Remove the host records an old release derived from its own rule.

Until 2026-11-27, data/countries.csv held sixteen records ("Hosted Lavrov in Algiers ...") whose
stance an earlier version of the rule had worked out from the visits and the vote. The rule now
decides those countries itself (geo/rule/classify.py), but a store seeded before then still has the
records, and a record wins over the rule. This migration ends them as a new version, so the history
keeps them and a rollback can bring them back. It touches only those sixteen rows exactly as the
seed wrote them: a record a person uploaded, or a seed record a person changed, stays as it is.

Revision ID: 0002_host_records
Revises: 0001_baseline
Create Date: 2026-12-03
"""
from datetime import datetime, timezone
import hashlib

from alembic import op
import sqlalchemy as sa

revision = "0002_host_records"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None

# (iso3, as_of, sha256 of the evidence) of each record, from data/countries.csv at commit 1c87d5e.
HOST_RECORDS = {
    ("DZA", "2022-05-10", "e59403606033d344f01b942ded7ebee83ccd3b3dd7ad29a166d016eedbe03d12"),
    ("BHR", "2022-05-31", "970dc663a60843d3957effbbfefcf649fca0f944585503be8dfbd1dfde2642c2"),
    ("SAU", "2022-06-01", "f108d021cd06372fddc77dce071a87c4de18c6054231d5fd4e6f1603e6ddf936"),
    ("TJK", "2022-06-28", "c67813281eb574873383a1eb16d41d507b0632e110d5e23e2997567d0cdddc7f"),
    ("TKM", "2022-06-29", "efc0a0949c96837ed6bd3e6f6e0bb70cd74f4696dc8c5924a5445c7427490f83"),
    ("MNG", "2022-07-05", "f8d0afc0424250b60d1361694a26a60cb1ce0d0f35529c1a2d8426ade29e7be5"),
    ("VNM", "2022-07-06", "86189fa1af71057a439b643695b81484ee83c58662ca68f446675d8ce5c19ce6"),
    ("COG", "2022-07-25", "2c0841991a4df68493f9060b206e92c1a8ed9615719387fb20b5f23a691ede73"),
    ("ETH", "2022-07-27", "15f85a43b10411a1b72dbfb4d72e88b87e7d1ddc026ce1344066bff24975d959"),
    ("UZB", "2022-09-16", "5ede3775b944266cefc2e49876d259fdaae45a5b7bad74a3b0934948ae92458e"),
    ("MMR", "2022-08-03", "c740a46d56cd7474f81e579d5d8eaa47296ea587425ec62270babf8c9abd1747"),
    ("KHM", "2022-11-13", "76b9d9c504075663034f1f5982ff799fa4b05771d27fed024e6542ecea9012a5"),
    ("KAZ", "2022-10-14", "00c3b736d75bbe1876df1e0fbfcee7d5e71a8d0bb144fdbf814a8c29b524ce31"),
    ("ARM", "2022-11-23", "fb04730aa38d011faef4707e9918fa084d5650b51abfe2f68a240b117bc419c5"),
    ("KGZ", "2022-12-09", "62fc9c29aa05df65f517af06dce18bb9d4be619d323cac6dc34ba1b2c37a2b2b"),
    ("BLR", "2022-12-19", "4a6a8f33ccebf891ea8146612bc572df51aaf6a08d36c517d8584473107656e2"),
}
NOTE = ("Upgrade: removed the host records an earlier release derived from its rule "
        "({countries}); the atlas's rule now decides these countries.")

versions = sa.table("atlas_versions", *(sa.column(c) for c in (
    "number", "created_at", "author", "action", "note", "restores", "records", "added", "changed",
    "removed")))
records = sa.table("atlas_records", sa.column("id"), sa.column("iso3"), sa.column("as_of"),
                   sa.column("evidence"), sa.column("valid_from"), sa.column("valid_to"))
head = sa.table("atlas_head", sa.column("id"), sa.column("version"))


def upgrade() -> None:
    bind = op.get_bind()
    # The writers' lock, as every apply takes it: no upload interleaves with this version.
    bind.execute(sa.update(head).where(head.c.id == 1).values(version=head.c.version))
    number = bind.execute(sa.select(head.c.version).where(head.c.id == 1)).scalar_one()
    seeds = set(bind.execute(sa.select(versions.c.number).where(versions.c.action == "seed")).scalars())
    current = bind.execute(sa.select(records.c.id, records.c.iso3, records.c.as_of, records.c.evidence,
                                     records.c.valid_from).where(records.c.valid_to.is_(None))).all()
    ended = [row for row in current if row.valid_from in seeds and
             (row.iso3, row.as_of, hashlib.sha256(row.evidence.encode()).hexdigest()) in HOST_RECORDS]
    if not ended:
        return
    number += 1
    countries = ", ".join(sorted({row.iso3 for row in ended}))
    bind.execute(sa.insert(versions).values(
        number=number, created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        author="atlas", action="upgrade", note=NOTE.format(countries=countries), restores=None,
        records=len(current) - len(ended), added=0, changed=0, removed=len(ended)))
    bind.execute(sa.update(records).where(records.c.id.in_([row.id for row in ended]))
                 .values(valid_to=number))
    bind.execute(sa.update(head).where(head.c.id == 1).values(version=number))


def downgrade() -> None:
    raise NotImplementedError("Roll back to the version before the upgrade instead: its records "
                              "are all still in the store.")

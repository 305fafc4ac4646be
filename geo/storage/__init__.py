"""What is kept: the versioned store of records and datasets (SQLite or PostgreSQL), its Alembic
migrations, what an upload would change, and the editor token that guards writing."""

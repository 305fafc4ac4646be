"""What comes in: reading files and CSVs, matching country names and codes, reading dates, checking
records, datasets and their numbers, and where a fact's source may come from."""

"""The recommendations tracker: what the inspectorate recommended to each force (and the causes
of concern it raised), the force's responses and the later inspections' findings on each.

records (the shapes and their file), extract (records from a report's structure), responses
and findings (the passages that answer a record), track (all of it at ingest), select (the
records a user asks for)."""

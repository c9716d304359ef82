"""The recommendations tracker: what the inspectorate recommended to each force (and the causes
of concern it raised), the force's responses and the later inspections' findings on each.

records (the shapes and their file), sources (who speaks in a document), extract (records from
a report's structure), responses and findings (the passages that may answer a record), track
(the linking, at ingest), select (the records a user asks for), chat (answers from them) and
measure (the figures against a generated library's truth)."""

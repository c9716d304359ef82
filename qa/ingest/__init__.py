"""Ingest: corpus files read (PDF, Word, text, Markdown, HTML), cleaned, given metadata and cut
into chunks, then embedded and published as a new index generation (build)."""

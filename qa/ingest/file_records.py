"""What an index remembers of how it was made and of each file it read, and whether the corpus
has changed since.

Owns the version of the reading rules (PIPELINE), each file's record (size, mtime, content hash,
its catalog row's digest), the failed files remembered so an unchanged one is not read again, and
the staleness check the app and `ensure_index` run before serving. Reading and writing are
build's.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Protocol

from qa.config import Settings
from qa.index import store
from qa.index.embedding import Embedder
from qa.ingest.files import discover
from qa.ingest.metadata import Catalog
from qa.ingest.readers import file_sha256
from qa.recommend import records as tracker_records
from qa.types import Document


class FailureLog(Protocol):
    """What failed_before writes to: the ingest's report (build.IngestReport)."""
    skipped: list[tuple[str, str]]
    failed: dict[str, dict]
    restat: bool


# Version of the rules that turn files into indexed text (reading, cleaning, chunking, keyword
# fields, what is embedded). An index made under other rules has its files read again at the next
# ingest. 19: a "Recommendations" heading at the level of the one a cause of concern sits under (a
# web page's sections) is no part of the box; 18: a web page's numbered list items keep their
# numbers, an article's own <header> (headline, byline, date) is kept, and a <div> or <section>
# ends a line; 17: a site menu's "Latest news" above a page's article is no list of other stories
# ending it; 16: forces' common acronyms (WYP, SYP, NYP, NWP, SWP, D&C, A&S) name them; 15: the
# forces of the Isle of Man, Jersey and Guernsey are forces; 14: a line saying the document was
# published beats a date alone, dates are real days, a page's markup date is its head's and a day;
# 13: a PDF's author that is a login ("k.hartigan") is no organisation; 12: a document's date is
# the one its cover or head gives (before a web page's date line is cleaned away; or its markup's),
# not its file's creation date or a date given in passing; 11: a title read from the text skips the
# publisher's name and joins the lines a cover wraps it onto; 10: a sentence broken by a page break
# is one sentence; 9: a table whose last column rises is not a contents page; 8: a "Label: value"
# line of a PDF is not joined to the sentence after it; 7: Markdown's rules linear (bold around
# italics, *** a rule), limits of characters, pages and chunks; 6: chunks embedded under their
# title and section, the document type in the keyword text; 5: sentence vectors from their chunk's
# pass (late); 4: structure (headings, items, tables, footnotes, contents left out), page labels,
# chunk sections and forces, .docx; 3: question words are no longer left out of the keyword index.
PIPELINE = 19


def relative(path: Path, roots: list[Path]) -> tuple[Path, str]:
    """The root a file lies under and its path from there (the name alone when under none)."""
    for root in roots:
        if root.is_dir():
            try:
                return root, path.relative_to(root).as_posix()
            except ValueError:
                continue
    return path.parent, path.name


def limits_record(settings: Settings) -> dict:
    """The settings that decide whether a file is refused: a file that failed under others is
    tried again."""
    return {**settings.limits.as_dict(), "max_file_mb": settings.max_file_mb,
            "follow_links": settings.follow_links}


def catalog_row(catalog: Catalog, rel: str) -> str:
    """A digest of the catalog's metadata for `rel` (the same for no row as for an empty
    one), kept per file in the manifest: a file whose row changed is read again."""
    meta = catalog.get(rel)
    return hashlib.sha256("\x1f".join(getattr(meta, f) for f in
                                      ("title", "organisation", "force", "doc_type",
                                       "published", "source")).encode()).hexdigest()[:16]


def catalog_signature(roots: list[Path]) -> str:
    """A digest of every root's catalog.csv, as read."""
    digest = hashlib.sha256()
    for root in roots:
        path = root / "catalog.csv"
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def remembered_failures(old, settings: Settings) -> dict[str, dict]:
    """The failed files of the old index, if it read files by the same rules and limits."""
    if old is None or old.manifest.get("pipeline") != PIPELINE \
            or old.manifest.get("limits") != limits_record(settings):
        return {}
    failed = old.manifest.get("failed")
    return failed if isinstance(failed, dict) else {}


def failed_before(path: Path, rel: str, record: dict | None, report: FailureLog) -> bool:
    """True (and the file reported skipped again) when it failed before and has not changed
    since: the same size and mtime, or the same content (then its new stat is recorded)."""
    if not isinstance(record, dict):
        return False
    same = same_stat(path, record)
    if not same and record.get("sha256"):
        same = file_sha256(path) == record["sha256"]
        report.restat = report.restat or same
    if not same:
        return False
    why = f"{record.get('reason', 'could not be read')} (unchanged since; not read again)"
    report.skipped.append((str(path), why))
    report.failed[rel] = dict(record, **stat_record(path))
    return True


def stat_record(path: Path) -> dict:
    """The file's size and mtime as a manifest records them ({} when it cannot be read)."""
    try:
        st = path.stat()
    except OSError:
        return {}
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def same_stat(path: Path, recorded: dict | None) -> bool:
    """The file has the size and mtime recorded."""
    if not recorded:
        return False
    try:
        st = path.stat()
    except OSError:
        return False
    return st.st_size == recorded.get("size") and st.st_mtime_ns == recorded.get("mtime_ns")


def file_record(roots: list[Path], doc: Document, catalogs: dict[Path, Catalog]) -> dict:
    """What the manifest keeps of an indexed file: its content hash, id, stat and catalog row."""
    record = {"sha256": doc.fingerprint, "doc_id": doc.doc_id}
    for root in roots:
        path = root / doc.file
        if path.exists():
            st = path.stat()
            record.update(size=st.st_size, mtime_ns=st.st_mtime_ns,
                          catalog_row=catalog_row(catalogs.get(root, Catalog()), doc.file))
            break
    return record


def made_alike(manifest: dict, settings: Settings, backend: str) -> bool:
    """The index was made by today's rules from these settings: chunk size, reading rules,
    embedding backend, tracker records and file limits."""
    return manifest.get("chunk_chars") == settings.chunk_chars \
        and manifest.get("pipeline") == PIPELINE and manifest.get("backend") == backend \
        and manifest.get("tracker") == tracker_records.VERSION \
        and manifest.get("limits") == limits_record(settings)


def is_stale(settings: Settings) -> bool:
    """True if there is no usable index or a corpus file was added, changed or removed."""
    manifest = store.read_manifest(settings.index)
    if manifest is None or store.incompatibility(manifest, Embedder.name, Embedder.dimension) \
            or not made_alike(manifest, settings, settings.embed_backend):
        return True
    roots = [Path(r) for r in manifest.get("roots", [])] or [settings.corpus]
    files, _ = discover(roots, settings.follow_links)
    recorded = manifest.get("files", {})
    # A file that failed and has not changed since is not read again; a changed one is.
    failed = manifest.get("failed") if isinstance(manifest.get("failed"), dict) else {}
    rels = set()
    for path in files:
        _root, rel = relative(path, roots)
        rels.add(rel)
        if not same_stat(path, recorded.get(rel) or failed.get(rel)):
            return True
    return manifest.get("catalog") != catalog_signature(roots) or bool(set(recorded) - rels)

"""Changing the library from the web app: correcting a document's metadata (written to its
folder's catalog.csv, then re-indexed and served at once) and deleting a document (its file,
its catalog row and its chunks), each by an administrator only and each in the audit log.

Owns the form's validation (an ISO date, known forces or none, a web link or plain text as
source), the role check made on the server for every change whatever the page showed (a
refused attempt is audited), the ingest lock held around each change to the corpus so that
two administrators, or an edit and an upload, never lose a write, and taking a change back
when the re-index fails (the file and its catalog row return; the message names no server
path). The catalog's layout is qa.ingest.catalog_file's; the Gradio form is library_tab's.
"""
from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from qa.errors import QAError, printable
from qa.forces import FORCE_SEPARATOR, NO_FORCE, canonical_force, forces_of
from qa.ingest.build import corpus_change_lock, ingest
from qa.ingest.catalog_file import CatalogEditError, CatalogFile, replace_file
from qa.outputs.spreadsheet import cell
from qa.types import Document
from qa.web.db.audit import Actor

NO_FORCE_CHOICE = "None: a thematic report or compendium of many forces"
MAX_CHARS = {"title": 500, "organisation": 200, "doc_type": 100, "source": 2000}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_BAD_SCHEME = re.compile(r"^\s*(javascript|data|vbscript|file)\s*:", re.I)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str


@dataclass(frozen=True)
class Correction:
    """What an administrator says a document is; '' leaves a field to the document."""

    title: str = ""
    organisation: str = ""
    force: str = ""  # canonical names joined by "; ", or "none"
    doc_type: str = ""
    published: str = ""  # 2023, 2023-09 or 2023-09-04
    source: str = ""

    def cells(self) -> dict[str, str]:
        """The catalog's cells, each guarded against running as a spreadsheet formula."""
        return {f: cell(v) if v else "" for f, v in asdict(self).items()}


def form_values(doc: Document) -> dict:
    """The form's fields for a document as it is indexed now."""
    m = doc.meta
    return {"title": m.title, "organisation": m.organisation, "doc_type": m.doc_type,
            "published": m.published, "source": m.source,
            "forces": list(forces_of(m.force)) or [NO_FORCE_CHOICE]}


def validate(title: str, organisation: str, forces: list[str] | None, doc_type: str,
             published: str, source: str) -> tuple[Correction | None, str]:
    """The correction the form asks for, or None and what is wrong with it."""
    text = {k: " ".join(_CONTROL.sub(" ", str(v or "")).split()) for k, v in
            (("title", title), ("organisation", organisation), ("doc_type", doc_type),
             ("source", source))}
    for key, limit in MAX_CHARS.items():
        if len(text[key]) > limit:
            return None, f"The {key.replace('_', ' ')} is over {limit} characters."
    if _BAD_SCHEME.match(text["source"]) or (
            "://" in text["source"] and not re.match(r"https?://\S+$", text["source"], re.I)):
        return None, ("The source must be a web link (http:// or https://) or plain text, "
                      "such as 'Kent Police press office'.")
    force, problem = _force_value(list(forces or []))
    if problem:
        return None, problem
    date = (published or "").strip()
    if date and not iso_date(date):
        return None, (f"'{printable(date)[:40]}' is not a date: write it as 2023, 2023-09 or "
                      "2023-09-04, or leave it empty to take the date from the document.")
    return Correction(text["title"], text["organisation"], force, text["doc_type"], date,
                      text["source"]), ""


def _force_value(chosen: list[str]) -> tuple[str, str]:
    if not chosen or chosen == [NO_FORCE_CHOICE]:
        return NO_FORCE, ""
    if NO_FORCE_CHOICE in chosen:
        return "", "Choose the document's forces, or 'None', not both."
    names = []
    for name in chosen:
        known = canonical_force(name)
        if known is None:
            return "", f"'{printable(name)[:60]}' is not a UK police force."
        names.append(known)
    return FORCE_SEPARATOR.join(dict.fromkeys(names)), ""


def iso_date(value: str) -> bool:
    """True for a real date written 2023, 2023-09 or 2023-09-04 (years 1900-2100)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m or not 1900 <= int(m.group(1)) <= 2100:
        return False
    try:
        dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return False
    return True


class LibraryEditor:
    """Edits and deletions over one corpus, index and engine. `may_change(user)` is the role
    rule (qa.web.admin.is_admin); `audit` records every attempt."""

    def __init__(self, settings, engine, audit, may_change: Callable[[str | None], bool],
                 embedder=None):
        self.settings, self.engine, self.audit = settings, engine, audit
        self.may_change = may_change
        self.embedder = embedder  # None: each ingest loads its own (the engine's is busy)

    def refused(self, actor: Actor, action: str, doc_id: str) -> Outcome | None:
        if self.may_change(actor.user):
            return None
        self._record(actor, action, allowed=False, doc_id=doc_id)
        return Outcome(False, "Only administrators can change the library.")

    def _record(self, actor: Actor, action: str, **detail) -> None:
        if self.audit is not None:
            self.audit.record(actor, action, None, **detail)

    def document(self, doc_id: str) -> Document | None:
        return next((d for d in self.engine.documents() if d.doc_id == doc_id), None)

    def _folder(self, doc: Document) -> Path | None:
        """The corpus folder holding the document's file (the ingest's catalog is there)."""
        roots = [Path(self.settings.corpus),
                 *map(Path, self.engine.current().index.manifest.get("roots", []))]
        for root in roots:
            if _inside(root, doc.file) is not None:
                return root
        return None

    def edit(self, actor: Actor, doc_id: str, correction: Correction,
             progress=None) -> Outcome:
        """Write the correction to the catalog, re-index, serve it; audited."""
        refused = self.refused(actor, "library edit", doc_id)
        if refused:
            return refused
        doc = self.document(doc_id)
        folder = self._folder(doc) if doc else None
        if doc is None or folder is None:
            return Outcome(False, "That document is no longer in the library.")
        catalog = folder / "catalog.csv"
        try:
            with corpus_change_lock(self.settings):
                before = CatalogFile.read(catalog)
                old_rows = before.rows_for(doc.file)
                replace_file(catalog, before.with_row(doc.file, correction.cells()).data())
        except CatalogEditError as exc:
            self._record(actor, "library edit", file=doc.file, failed=str(exc))
            return Outcome(False, f"Nothing was changed: {exc}.")
        problem = self._reindex(progress)
        if problem:
            self._put_back(catalog, doc.file, old_rows)
            self._record(actor, "library edit", file=doc.file, failed=problem)
            return Outcome(False, f"Nothing was changed: the index could not be updated "
                                  f"({problem}).")
        after = self.document(doc_id)
        self._record(actor, "library edit", file=doc.file, old=asdict(doc.meta),
                     new=asdict(correction), now=asdict(after.meta) if after else None)
        return Outcome(True, f"Saved {after.meta.title if after else doc.file}: re-indexed, "
                             "and questions find it by its new details now.")

    def delete(self, actor: Actor, doc_id: str, progress=None) -> Outcome:
        """Take the file out of the corpus folder and its row out of the catalog, re-index;
        on any failure everything is put back. Audited."""
        refused = self.refused(actor, "library delete", doc_id)
        if refused:
            return refused
        doc = self.document(doc_id)
        if doc is None:
            return Outcome(False, "That document is no longer in the library.")
        corpus = Path(self.settings.corpus)
        path = _inside(corpus, doc.file)
        if path is None:
            self._record(actor, "library delete", file=doc.file, failed="not in the corpus")
            return Outcome(False, f"{doc.file} is not in the corpus folder, so it is not "
                                  "deleted from here.")
        catalog = corpus / "catalog.csv"
        try:
            put_aside, old_rows = self._take_out(path, catalog, doc.file)
        except CatalogEditError as exc:
            self._record(actor, "library delete", file=doc.file, failed=str(exc))
            return Outcome(False, f"Nothing was deleted: {exc}.")
        problem = self._reindex(progress)
        if problem:
            put_aside.rename(path)
            self._put_back(catalog, doc.file, old_rows)
            self._record(actor, "library delete", file=doc.file, failed=problem)
            return Outcome(False, f"Nothing was deleted: the index could not be updated "
                                  f"({problem}).")
        put_aside.unlink(missing_ok=True)
        self._record(actor, "library delete", file=doc.file, old=asdict(doc.meta))
        return Outcome(True, f"Deleted {doc.meta.title or doc.file} ({doc.file}): it is gone "
                             "from the corpus folder, the catalog and the index.")

    def _take_out(self, path: Path, catalog: Path, rel: str) -> tuple[Path, tuple]:
        """Under the lock: the file renamed to a dot-name the ingest never reads, and its
        catalog rows removed; (where the file is now, the rows removed). Nothing changed if
        either step fails."""
        put_aside = path.with_name(f".qa-deleting-{uuid.uuid4().hex[:8]}-{path.name}")
        with corpus_change_lock(self.settings):
            before = CatalogFile.read(catalog) if catalog.exists() else None
            old_rows = before.rows_for(rel) if before else ()
            try:
                path.rename(put_aside)
            except OSError as exc:
                raise CatalogEditError(f"{rel} could not be removed from the corpus folder "
                                       f"({exc.strerror or exc})") from exc
            if old_rows:
                try:
                    replace_file(catalog, before.without(rel).data())
                except CatalogEditError:
                    put_aside.rename(path)
                    raise
        return put_aside, old_rows

    def _put_back(self, catalog: Path, rel: str, rows: tuple) -> None:
        """The document's catalog rows as they were (others' changes meanwhile are kept)."""
        try:
            with corpus_change_lock(self.settings):
                current = CatalogFile.read(catalog)
                if current.rows_for(rel) != rows:
                    replace_file(catalog, current.restored(rel, rows).data())
        except CatalogEditError:
            pass  # the change stays in the catalog; the next ingest applies it

    def _reindex(self, progress) -> str:
        """The incremental ingest and the engine switched to its index; '' or why not."""
        try:
            ingest(self.settings, paths=[Path(self.settings.corpus)], embedder=self.embedder,
                   progress=progress)
        except QAError as exc:
            return self._without_paths(str(exc))
        self.engine.refresh()
        return ""

    def _without_paths(self, text: str) -> str:
        for folder, name in ((self.settings.corpus, "the corpus folder"),
                             (self.settings.index, "the index folder")):
            for form in {str(Path(folder).resolve()), str(folder)}:
                text = text.replace(form, name)
        return text


def _inside(root: Path, rel: str) -> Path | None:
    """root/rel when it is a file inside root once resolved (no '..', no link out)."""
    try:
        base = root.resolve()
        path = (base / rel).resolve()
    except OSError:
        return None
    return path if path.is_relative_to(base) and path != base and path.is_file() else None


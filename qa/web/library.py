"""The library: counting what is indexed, and adding uploaded documents to the corpus.

Owns upload safety (a safe base name that never comes from the client's path, the allowed
types, the size limit, refusing by content a file that is not what its name says, never
overwriting), copying accepted files into the corpus, the incremental ingest that follows,
taking the files back out when they could not be saved or indexed (a full disk: the reason
names the folder and the space), and waiting until the shared engine serves the new index.
Reading documents is the loaders', indexing the ingest's.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from qa.config import Limits
from qa.errors import DocumentError, QAError
from qa.ingest.build import ingest
from qa.ingest.files import load_document
from qa.ingest.metadata import Catalog

UPLOAD_TYPES = (".pdf", ".docx", ".txt", ".md", ".html", ".htm")
_RESERVED = {"catalog.csv", "readme.md"}  # names the corpus scan treats specially


@dataclass
class UploadReport:
    added: list[tuple[str, str]] = field(default_factory=list)  # (client name, saved name)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (client name, reason)
    message: str = ""


def safe_name(client_name: str) -> str:
    """A plain ASCII base name with its extension: no folders, no dots in front, no spaces."""
    base = re.split(r"[\\/]", client_name or "")[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")[:80] or "document"
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:8]
    name = f"{stem}.{ext}" if ext else stem
    return f"upload-{name}" if name.lower() in _RESERVED else name


def unique_path(folder: Path, name: str) -> Path:
    """folder/name, or folder/name-2.ext, -3... : an existing file is never overwritten."""
    stem, ext = (name.rsplit(".", 1) + [""])[:2]
    suffix = f".{ext}" if ext else ""
    n = 1
    while True:
        candidate = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            candidate.open("xb").close()  # claim the name atomically
            return candidate
        except FileExistsError:
            n += 1


def check_upload(path: Path, name: str, max_bytes: int, limits: Limits | None = None) -> str:
    """Why the uploaded file cannot go into the library, or '' when it can."""
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_TYPES:
        return (f"{suffix or 'files without an extension'} is not accepted; upload "
                f"{', '.join(UPLOAD_TYPES)} files")
    try:
        size = path.stat().st_size
    except OSError:
        return "the upload did not arrive; try again"
    if size > max_bytes:
        return f"{size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit"
    problem = content_problem(path, suffix)
    if problem:
        return problem
    try:  # read it now, by content: a .pdf without a %PDF header is refused here
        load_document(path, name, Catalog(), max_bytes, limits)
    except DocumentError as exc:
        return exc.problem
    return ""


def content_problem(path: Path, suffix: str) -> str:
    """Why the file's bytes are not what its name says ('' when they are): a .pdf starts with
    %PDF, a .docx is a zip archive holding word/document.xml."""
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError:
        return "the upload did not arrive; try again"
    if suffix == ".pdf" and b"%PDF" not in head:
        return "not a PDF (no %PDF header)"
    if suffix == ".docx":
        from qa.ingest.docx import is_docx
        if not is_docx(path.read_bytes()):
            return ("not a Word document (.docx is a zip holding word/document.xml; save an "
                    "old .doc file as .docx)")
    return ""


def save_uploads(uploads: list[str], corpus: Path, max_bytes: int, report: UploadReport,
                 known: dict[str, str] | None = None,
                 limits: Limits | None = None) -> list[Path]:
    """Copy the acceptable uploads into the corpus under safe, new names. `known` maps the
    sha256 of each file already in the library to its name: a copy of one is not added. A
    copy that cannot be made (a full disk) leaves nothing behind and is refused with why."""
    corpus.mkdir(parents=True, exist_ok=True)
    known = dict(known or {})
    saved = []
    for upload in uploads:
        path = Path(upload)
        client = re.split(r"[\\/]", str(upload))[-1]
        name = safe_name(client)
        problem = check_upload(path, name, max_bytes, limits)
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if not problem else ""
        if digest in known:
            problem = f"the same file is already in the library as {known[digest]}"
        if problem:
            report.refused.append((client, problem))
            continue
        target, problem = _copy_in(path, corpus, name)
        if problem:
            report.refused.append((client, problem))
            continue
        report.added.append((client, target.name))
        known[digest] = target.name
        saved.append(target)
    return saved


def _copy_in(path: Path, corpus: Path, name: str) -> tuple[Path, str]:
    """The upload copied into the corpus under a new name, or why it could not be (nothing of
    it is left in the corpus then)."""
    target = None
    try:
        target = unique_path(corpus, name)
        shutil.copyfile(path, target)
        return target, ""
    except OSError as exc:
        if target is not None:
            target.unlink(missing_ok=True)
        return corpus, f"could not be saved in {corpus} ({exc.strerror or exc}; " \
                       f"{_free(corpus)} free there, {_size(path)} needed)"


def _free(folder: Path) -> str:
    try:
        return f"{shutil.disk_usage(folder).free / 1e6:.1f} MB"
    except OSError:
        return "unknown space"


def _size(path: Path) -> str:
    try:
        return f"{path.stat().st_size / 1e6:.1f} MB"
    except OSError:
        return "its size"


def add_documents(settings, engine, uploads: list[str],
                  progress: Callable[[str, int, int], None] | None = None,
                  embedder=None) -> UploadReport:
    """Save, index and serve the uploads; unreadable ones are reported by name. By default
    the ingest loads its own model: the engine's tokenizer must not serve two threads."""
    report = UploadReport()
    known = {d.fingerprint: d.file for d in engine.documents() if d.fingerprint}
    saved = save_uploads(list(uploads or []), Path(settings.corpus),
                         int(settings.max_file_mb * 1e6), report, known, settings.limits)
    if not saved:
        report.message = "Nothing was added."
        return report
    try:
        result = ingest(settings, paths=[Path(settings.corpus)], embedder=embedder,
                        progress=progress)
    except QAError as exc:  # nothing was indexed: take the files back out of the corpus
        for target in saved:
            target.unlink(missing_ok=True)
        report.refused += [(client, "the index could not be updated (above)")
                           for client, _ in report.added]
        report.added, report.message = [], f"Nothing was added: {exc}"
        return report
    skipped = {Path(p).resolve(): why for p, why in result.skipped}
    for target in saved:
        why = skipped.get(target.resolve())
        if why is not None:  # passed the check but the ingest could not use it
            target.unlink(missing_ok=True)
            report.added = [a for a in report.added if a[1] != target.name]
            report.refused.append((target.name, why))
    engine.refresh()
    report.message = added_message(len(report.added))
    return report


def added_message(n: int) -> str:
    """'Added 1 document; it can be searched now.', 'Added 3 documents; they ...'."""
    if n == 0:
        return "Nothing was added."
    if n == 1:
        return "Added 1 document; it can be searched now."
    return f"Added {n} documents; they can be searched now."


def chunk_counts(engine) -> dict[str, int]:
    """Chunks per document id in the live index."""
    by_file = engine.chunk_counts()
    return {d.doc_id: by_file.get(d.file, 0) for d in engine.documents()}

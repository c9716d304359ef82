"""Read .txt, .md, .html/.htm, .pdf and .docx files into Documents with pages, metadata and
structure.

Owns: finding files under the given paths, decoding, extracting text (pypdf for PDFs, one Page
per PDF page; python-docx for Word), and refusing unreadable files with a DocumentError that
names the file and the problem. Web pages and Markdown as text (with what their markup says of
each line) are markup's, cleaning is cleaning's, metadata merging metadata's, headings and the
rest structure's.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from qa.config import Limits
from qa.errors import DocumentError
from qa.ingest.cleaning import clean_text
from qa.ingest.dates import cover_date
from qa.ingest.markup import Hints, html_to_text, markdown_to_text
from qa.ingest.metadata import Catalog, document_metadata, split_front_matter
from qa.ingest.structure import find_blocks
from qa.types import Block, Document, Metadata, Page

MARKUP_SHARE = 2  # an HTML page is refused unparsed over this many times the character limit
SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"}
# ...those of web pages and texts: their text flows, with no page or box drawn around it
FLOWING = tuple(sorted(SUFFIXES - {".pdf", ".docx"}))


def discover(paths: list[Path], follow_links: bool = False) -> tuple[list[Path],
                                                                    list[tuple[str, str]]]:
    """Files to load under `paths` (recursively, no symlink loops), and (path, reason) skipped:
    among them folders that cannot be read, and links to files outside every folder of `paths`
    unless `follow_links` (a link in the corpus must not bring /etc/passwd into answers)."""
    found: list[Path] = []
    skipped: list[tuple[str, str]] = []
    folders = [root.resolve() for root in paths if root.is_dir()]
    for root in paths:
        if root.is_file():
            found.append(root)  # named by the user: read wherever it is
            continue
        if not root.is_dir():
            skipped.append((display_path(root), "no such file or folder"))
            continue
        # followlinks=False: a symbolic-link loop can never make the walk go round forever.
        for folder, dirs, files in os.walk(root, followlinks=False,
                                           onerror=lambda exc: skipped.append(_unreadable(exc))):
            _prune_dirs(Path(folder), dirs, skipped)
            for name in sorted(files):
                path = Path(folder) / name
                if name.startswith(".") or name == "catalog.csv" or name.lower() == "readme.md":
                    continue
                problem = _name_problem(path) or \
                    ("" if follow_links else _outside_link(path, folders))
                if problem:
                    skipped.append((display_path(path), problem))
                elif path.suffix.lower() in SUFFIXES:
                    found.append(path)
                else:
                    skipped.append((display_path(path),
                                    f"unsupported file type {path.suffix or '(none)'}"))
    return found, skipped


def _unreadable(exc: OSError) -> tuple[str, str]:
    where = display_path(Path(exc.filename)) if exc.filename else "a folder"
    return where, (f"cannot read the folder ({exc.strerror or exc}): the files in it are not "
                   f"indexed; give the indexing user read access to it")


def _outside_link(path: Path, folders: list[Path]) -> str:
    """Why a symbolic link is not followed ('' for a file, or a link that stays inside)."""
    if not path.is_symlink():
        return ""
    target = Path(os.path.realpath(path))  # never raises: a loop is reported when read
    if any(target.is_relative_to(folder) for folder in folders):
        return ""
    return ("symbolic link to a file outside the corpus folders, not followed (copy the file "
            "in, or set QA_FOLLOW_LINKS=1 to follow such links)")


def _prune_dirs(folder: Path, dirs: list[str], skipped: list[tuple[str, str]]) -> None:
    """Walk hidden folders never, and linked folders never (reported: a link can loop)."""
    keep = []
    for name in sorted(dirs):
        if name.startswith("."):
            continue
        if (folder / name).is_symlink():
            skipped.append((display_path(folder / name), "symbolic link to a folder, not "
                            "followed (links can loop): pass the folder itself to ingest"))
            continue
        keep.append(name)
    dirs[:] = keep


def _name_problem(path: Path) -> str:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not valid UTF-8: rename the file"
    return ""


def display_path(path: Path) -> str:
    """The path as printable text, even when its name has bytes that are not UTF-8."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def doc_id_for(rel: str) -> str:
    """A stable id from the file's path within the corpus."""
    return hashlib.sha1(rel.encode("utf-8")).hexdigest()[:16]


def load_document(path: Path, rel: str, catalog: Catalog, max_bytes: int,
                  limits: Limits | None = None) -> Document:
    """Load one file; raise DocumentError naming the file and the problem (among them a
    document whose text, pages or chunks are over `limits`: the defaults when None)."""
    limits = limits or Limits()
    try:
        if path.is_symlink() and not path.exists():
            raise DocumentError(rel, "broken or looping symbolic link")
        size = path.stat().st_size
        if size == 0:
            raise DocumentError(rel, "empty file (0 bytes)")
        if size > max_bytes:
            raise DocumentError(rel, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g}"
                                     f" MB limit (raise QA_MAX_FILE_MB to index it)")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(rel, f"cannot read file ({exc.strerror or exc})") from exc
    fingerprint = hashlib.sha256(data).hexdigest()
    text, pages, own_meta, front, marks = _read(data, rel, path.suffix.lower(), limits)
    check_chars(len(text), limits, rel)
    if not text.strip():
        raise DocumentError(rel, "no text left after removing page furniture")
    meta = document_metadata(rel, text, catalog.get(rel), front, own_meta)
    blocks = find_blocks(text, pages, marks, styled=any(m.kind in ("heading", "title")
                                                        for m in marks), title=meta.title)
    return Document(doc_id_for(rel), rel, text, pages, meta, fingerprint, blocks)


def check_chars(chars: int, limits: Limits, rel: str, what: str = "its text") -> None:
    """DocumentError when a document's text is over the limit of characters."""
    if chars > limits.chars:
        raise DocumentError(rel, f"{what} is {chars:,} characters, over the limit of "
                                 f"{limits.chars:,} characters a document (raise QA_MAX_CHARS to "
                                 f"index it)")


def _check_raw(chars: int, suffix: str, limits: Limits, rel: str) -> None:
    """Refuse, before cleaning or parsing, a text file already over the limit, and an HTML
    page over MARKUP_SHARE times it (a page's markup is not its text, but parsing it costs
    memory in proportion to it)."""
    if suffix not in {".html", ".htm"}:
        check_chars(chars, limits, rel)
    elif chars > MARKUP_SHARE * limits.chars:
        raise DocumentError(rel, f"the page is {chars:,} characters of HTML, over "
                                 f"{MARKUP_SHARE} times the limit of {limits.chars:,} "
                                 f"characters of text a document (raise QA_MAX_CHARS to index "
                                 f"it)")


def _read(data: bytes, rel: str, suffix: str, limits: Limits):
    """(text, pages, the file's own metadata, front matter, marks of lines) of one file."""
    if suffix == ".pdf":
        from qa.ingest.pdf import read_pdf
        text, pages, pdf_meta, marks = read_pdf(data, rel, limits)
        return text, pages, pdf_meta, {}, marks
    if suffix == ".docx":
        from qa.ingest.docx import read_docx
        raw, hints, docx_meta = read_docx(data, rel)
        text = clean_text(raw, web=False)
        return text, (Page(1, 0, len(text), "1"),), docx_meta, {}, marks_of(text, hints)
    raw = decode_text(data, rel)
    _check_raw(len(raw), suffix, limits, rel)
    try:
        front, raw = split_front_matter(raw)
    except ValueError as exc:  # YAML builds dates and numbers, and can refuse to
        raise DocumentError(rel, f"front matter cannot be read ({exc}): correct or remove "
                                 f"it") from exc
    hints: Hints = {}
    marked = ""
    if suffix in {".html", ".htm"}:
        raw, html_title, hints, marked = html_to_text(raw)
        if html_title and "title" not in front:
            front["title"] = html_title
    elif suffix in {".md", ".markdown"}:
        raw, hints = markdown_to_text(raw)
    # a date line ("21 January 2023" under a page's headline or a text's title) is furniture
    # the cleaning drops, so the date is read first (a web page's by html_to_text)
    dated = marked if suffix in {".html", ".htm"} else cover_date(raw)
    if dated and not {"published", "date"} & set(front):
        front["published"] = dated
    text = clean_text(raw)
    return text, (Page(1, 0, len(text), "1"),), Metadata(), front, marks_of(text, hints)


def marks_of(text: str, hints: Hints) -> list[Block]:
    """A Block for each line of `text` whose words the markup marked."""
    marks: list[Block] = []
    if not hints:
        return marks
    at = 0
    for line in text.split("\n"):
        hit = hints.get(" ".join(line.split()))
        if hit:
            marks.append(Block(at, at + len(line), hit[0], hit[1]))
        at += len(line) + 1
    return marks


def decode_text(data: bytes, rel: str) -> str:
    """UTF-8 (with or without BOM), else the detected legacy encoding (cp1252, Latin-1...)."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(rel, "binary content, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _legacy_decode(data, rel)
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(10, len(text[:20000]) // 50):
        raise DocumentError(rel, "binary content, not text")
    return text


def _legacy_decode(data: bytes, rel: str) -> str:
    """Text that is not UTF-8. Short texts read equally cleanly in several single-byte
    encodings (Latin-1 "à £" is cp1250 "ŕ Ł"); ties go to cp1252, the usual legacy encoding of
    British documents and a superset of Latin-1's printable characters."""
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None:
        ours = from_bytes(data, cp_isolation=["cp1252"]).best()
        if ours is not None and (best is None or ours.chaos <= best.chaos):
            return western
    if best is None:
        raise DocumentError(rel, "binary content, not text")
    return str(best)

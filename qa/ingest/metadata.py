"""Document metadata: catalog.csv, then front matter, then the file's own metadata (PDF info,
Word properties), then inference.

Owns: reading the catalog and YAML front matter, inferring force, document type, publication
date, organisation and title from the text, distrusting what a file's own metadata says falsely
(a placeholder date such as 1 January 2000, a date other than the one its cover says it was
published, a title such as "Microsoft Word - final.docx", an author such as "Admin"),
and merging them strongest first. A document that names many forces without one standing out
(a thematic report) has no single force; a catalog's force cell may say so ('none') or name
several ('Kent Police; Essex Police'). Force names and their short forms are left to forces,
the forms dates are written in to dates, writing the catalog to catalog_file.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import fields, replace
from pathlib import Path

from qa.forces import FORCE_SEPARATOR, find_forces, forces_of
from qa.ingest.dates import (MON, PLACEHOLDER_DATES, PUBLISHED, cover_date, cover_month,
                              normalise_date, text_date)
from qa.types import Metadata

FIELD_ALIASES = {"organization": "organisation", "publisher": "organisation",
                  "author": "organisation", "type": "doc_type", "document_type": "doc_type",
                  "date": "published", "url": "source", "link": "source"}
# Titles and authors authoring tools fill in by themselves: a file name, not what it is.
_TOOL_TITLE = re.compile(r"^(microsoft (word|powerpoint|excel)\s*-|untitled\b|document\s*\d*$)|"
                         r"\.(docx?|pdf|odt|rtf|pptx?|xlsx?)$", re.I)
# A cover's line naming the publisher, above the title: not the title.
_PUBLISHER = re.compile(r"^((his|her) majesty(['’]?s)? inspectorate of constabulary\b.*|"
                        r"hm inspectorate of constabulary\b.*)$", re.I)
# A title line that runs on: it ends on a word that cannot end a title ("... protection in").
_RUNS_ON = re.compile(r"(\b(of|in|on|for|to|and|the|a|an|at|by|with|into|from)|[&:–-])$", re.I)
_WRAPPED_WORDS = 10  # a title's wrapped line is short; a longer one is the text beneath it
# A line that is a date alone ("11 July 2022"), under a cover's title: no title.
_DATE_LINE = re.compile(rf"^(\w+day,? )?(\d{{1,2}}(st|nd|rd|th)? )?{MON},? \d{{4}}$", re.I)
# A line under a headline that is no part of it: a byline, a date stamp, a link, a share button.
_NOT_WRAPPED = re.compile(r"^(by|updated|posted|published|last|share|read|follow|click|see|"
                          r"photo|image)\b|www\.|https?:|@|/|\.(uk|com|org|net)\b", re.I)
_TOOL_AUTHOR = re.compile(r"^(admin(istrator)?|user|owner|author|unknown|default|windows user)$|"
                          # ...or the login of whoever saved the file ("k.hartigan", "jsmith01",
                          # "DOMAIN\\jsmith"): lower case, no space, a dot, digit or backslash
                          r"^(?=[^\s]*[.\d_\\])(?-i:[a-z0-9._\\-]+)$|^[A-Z0-9-]+\\\S+$|"
                          r"^[^\s@]+@[^\s@]+$", re.I)  # ...or an e-mail address
_FORCE_HEAD = 3  # lines at the top (title, cover) where a report names its force


class Catalog:
    """Rows of corpus/catalog.csv keyed by the file's path relative to the corpus (or its name),
    and what could not be used of it (`problems`, one line each): a bad catalog costs its bad
    rows, or its metadata, never the documents."""

    def __init__(self, rows: dict[str, Metadata] | None = None,
                 problems: list[str] | None = None):
        self.rows = rows or {}
        self.problems = problems or []

    @classmethod
    def read(cls, path: Path) -> "Catalog":
        """The usable rows of the catalog at `path` (none if it is missing); never raises."""
        if not path.is_file():
            return cls()
        try:
            data = path.read_bytes()
        except OSError as exc:
            return cls(problems=[f"cannot read the catalog ({exc.strerror or exc}): documents "
                                 f"are indexed without it"])
        if b"\x00" in data:
            return cls(problems=["binary content, not a CSV file: documents are indexed "
                                 "without it"])
        text, problems = _decode_catalog(data)
        rows = _catalog_rows(csv.reader(io.StringIO(text, newline="")), problems)
        return cls(rows, problems)

    def get(self, rel: str) -> Metadata:
        return self.rows.get(rel) or self.rows.get(Path(rel).name) or Metadata()


_CATALOG_FIELD_CHARS = 10_000  # longer than any title or URL: a row with more is left out
_CATALOG_PROBLEMS = 10  # row problems listed one by one; more are counted


def _decode_catalog(data: bytes) -> tuple[str, list[str]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace"), [
            "not UTF-8: read as Windows-1252 (save it as UTF-8 to be sure of accents)"]


def _catalog_rows(reader, problems: list[str]) -> dict[str, Metadata]:
    """Metadata by file of each usable row; each unusable row, or the missing `file` column,
    is added to `problems`."""
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problems.append(f"its header cannot be read ({exc}): documents are indexed without it")
        return {}
    names = [h.strip().lower() for h in header or []]
    if "file" not in names:
        problems.append("no 'file' column (the first line must name the columns: "
                        "file,title,organisation,force,doc_type,published,source): documents "
                        "are indexed without it")
        return {}
    rows: dict[str, Metadata] = {}
    bad = 0
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            bad = _row_problem(problems, bad, f"row at line {line}: {exc}")
            continue
        longest = max((len(v) for v in values), default=0)
        if longest > _CATALOG_FIELD_CHARS:
            bad = _row_problem(problems, bad, f"row at line {line}: a field of {longest:,} "
                                              f"characters, over {_CATALOG_FIELD_CHARS:,}")
            continue
        row = dict(zip(names, map(_unguarded, values)))
        if (row.get("file") or "").strip():
            rows[row["file"].strip()] = _meta_from(row)
    if bad > _CATALOG_PROBLEMS:
        problems.append(f"{bad - _CATALOG_PROBLEMS} more rows left out")
    return rows


def _unguarded(value: str) -> str:
    """A cell as it was before the formula guard the app writes the catalog with (one leading
    apostrophe; qa.outputs.spreadsheet's rule, which this layer may not import)."""
    return value[1:] if value.startswith("'") else value


def _row_problem(problems: list[str], bad: int, problem: str) -> int:
    if bad < _CATALOG_PROBLEMS:
        problems.append(f"{problem}: row left out")
    return bad + 1


def _meta_from(values: dict) -> Metadata:
    clean = {}
    for key, value in values.items():
        if key is None or value is None:
            continue
        name = FIELD_ALIASES.get(key.strip().lower(), key.strip().lower())
        if name in {f.name for f in fields(Metadata)} and name not in clean:
            clean[name] = str(value).strip()
    return Metadata(**clean)


def split_front_matter(text: str) -> tuple[dict, str]:
    """YAML front matter between leading '---' lines, and the text after it."""
    match = re.match(r"\A\ufeff?---[ \t]*\n(.*?)\n(---|\.\.\.)[ \t]*(\n|\Z)", text, re.S)
    if not match:
        return {}, text
    import yaml
    try:
        data = yaml.safe_load(match.group(1))
    except ValueError:  # an impossible date such as 2024-13-45: read every value as text
        data = yaml.load(match.group(1), Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    return {str(k): v for k, v in data.items()}, text[match.end():]


def document_metadata(rel: str, text: str, catalog: Metadata, front: dict,
                      embedded: Metadata) -> Metadata:
    """Merge the sources, strongest first, filling each field from the first that has it."""
    merged = Metadata()
    for source in (catalog, _meta_from(front), trusted(embedded, text),
                   infer_metadata(text, rel)):
        merged = replace(merged, **{f.name: getattr(source, f.name) for f in fields(Metadata)
                                    if not getattr(merged, f.name) and getattr(source, f.name)})
    if merged.force:  # 'none' (a thematic report): no force, and none inferred
        merged = replace(merged, force=FORCE_SEPARATOR.join(forces_of(merged.force)))
    if merged.published:
        merged = replace(merged, published=normalise_date(merged.published))
    return merged


def infer_metadata(text: str, rel: str) -> Metadata:
    """What the text itself says: title, force, document type, date, organisation."""
    force = main_force(text)
    doc_type = infer_doc_type(text)
    organisation = ""
    if doc_type in {"inspectorate press release", "inspection report", "post-inspection review",
                    "re-inspection report"}:
        organisation = "HMICFRS"
    elif doc_type == "force response":
        organisation = force
    return Metadata(title=infer_title(text, rel), organisation=organisation, force=force,
                    doc_type=doc_type, published=text_date(text))


def trusted(embedded: Metadata, text: str) -> Metadata:
    """The file's own metadata without what it says falsely: a title or author an authoring
    tool filled in ("Microsoft Word - final.docx", "Admin"), a placeholder date, a date other
    than the one its cover or head gives ("Published 14 December 2023"), or one later than the
    month its cover gives (each replaced by the cover's). A date the text gives in passing
    ("our original report was published on 2 November 2019") is another document's: a file's
    creation date is nearer its own."""
    if _TOOL_TITLE.search(embedded.title.strip()):
        embedded = replace(embedded, title="")
    if _TOOL_AUTHOR.match(embedded.organisation.strip()):
        embedded = replace(embedded, organisation="")
    date = normalise_date(embedded.published) if embedded.published else ""
    if not date:
        return embedded
    if date in PLACEHOLDER_DATES:
        return replace(embedded, published="")
    cover = cover_date(text)
    if cover and cover != date:  # the file was made on one day, published on the one it says
        return replace(embedded, published=cover)
    month = cover_month(text)  # a cover saying only "September 2023"
    if month and date[:len(month)] > month:
        return replace(embedded, published=month)
    return embedded


def main_force(text: str) -> str:
    """The force a document is about, '' if none or many: the only force it names; else the
    force named in most paragraphs, if it is the only one named in the first lines and in more
    paragraphs than any other and a quarter of all, or else in at least half of them and twice
    as many as the next. A thematic report naming many forces has none."""
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for paragraph in text.split("\n"):
        for name in find_forces(paragraph):  # one scan of each paragraph, not one per force
            counts[name] += 1
            first.setdefault(name, len(first))
    if len(counts) <= 1:
        return next(iter(counts), "")
    total = sum(counts.values())
    ranked = sorted(counts, key=lambda n: (-counts[n], first[n]))
    top, second = ranked[0], ranked[1]
    head = find_forces("\n".join(text[:2000].split("\n")[:_FORCE_HEAD])[:400])
    if head == [top] and counts[top] > counts[second] and counts[top] * 4 >= total:
        return top
    if counts[top] * 2 >= total and counts[top] >= 2 * counts[second]:
        return top
    return ""


def infer_doc_type(text: str) -> str:
    head = text[:3000].lower()
    if re.search(r"post[- ]inspection review", head):
        return "post-inspection review"
    if re.search(r"\bpress office\b|\bnotes to editors\b|\bthe inspectorate (has )?said\b", head):
        return "inspectorate press release"
    if re.search(r"\b(we|our)\b.*\b(inspection|hmicfrs|inspectorate)\b", head) and \
            re.search(r"\b(we accept|our response|in response|we have|we are|we will)\b", head):
        return "force response"
    if re.search(r"\b(this|the) (report|inspection) (sets out|examines|found)\b|"
                 r"\bareas? for improvement\b.*\brecommendations?\b", head):
        return "inspection report"
    if re.search(r"\b(inspectors|inspectorate|hmicfrs) (said|say|says|found)\b", head):
        return "news article"
    return ""


def infer_title(text: str, rel: str) -> str:
    """The first heading-like line (short, no full stop) that is not the publisher's name (a
    report's cover reads "His Majesty's Inspectorate of ..." above its title), with the lines a
    cover wraps it onto ("A re-inspection of child protection in" / "Kent Police"); else the
    file name."""
    lines = [line.strip() for line in text.split("\n")[:10]]
    for i, line in enumerate(lines[:8]):
        words = line.split()
        if 3 <= len(words) <= 20 and not line.endswith((".", ";")) and not line[:1].islower() \
                and not _PUBLISHER.match(line) and not PUBLISHED.match(line) \
                and not _DATE_LINE.match(line):
            for n, more in enumerate(lines[i + 1:i + 3]):
                if line.endswith(":"):  # "...inspection:" / "Essex Police", not a list beneath
                    wrapped = more[:1].isupper() or n > 0
                else:
                    wrapped = _RUNS_ON.search(line) or more[:1].islower()
                if not wrapped or not 1 <= len(more.split()) <= _WRAPPED_WORDS \
                        or more.endswith(".") or _NOT_WRAPPED.search(more) \
                        or PUBLISHED.match(more):
                    break
                if re.search(r"[a-z]-$", line) and more[:1].islower():  # "Po-" / "lice"
                    line = f"{line[:-1]}{more}"
                else:
                    line = f"{line} {more}"
            if not line.endswith(":"):
                return line
    return Path(rel).stem.replace("_", " ").replace("-", " ")

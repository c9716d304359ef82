"""Issue #6, bad documents: every bad file is reported by name and the problem, and the rest
of the corpus is indexed."""

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, make_pdf

from qa.ask.engine import Engine
from qa.cli import main
from qa.config import load_settings
from qa.errors import DocumentError
from qa.ingest.files import discover, load_document
from qa.ingest.metadata import Catalog

GOOD_FACT = "Kent Police opened a stalking clinic in Maidstone staffed by eleven advocates."


def load(path: Path, max_bytes: int = 10**8):
    return load_document(path, path.name, Catalog(), max_bytes)


def problem(path: Path, max_bytes: int = 10**8) -> str:
    """The reason `path` is refused; the error names the file."""
    with pytest.raises(DocumentError) as err:
        load(path, max_bytes)
    assert err.value.file == path.name and str(err.value).startswith(f"{path.name}: ")
    return err.value.problem


def encrypt(src: Path, dest: Path, user_password: str, algorithm: str = "RC4-128") -> Path:
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter(clone_from=PdfReader(src))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    with dest.open("wb") as fh:
        writer.write(fh)
    return dest


def scanned_pdf(path: Path) -> Path:
    """A page as a scanner makes it: a picture of the page and drawn shapes, no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw
    picture = Image.new("L", (400, 560), 245)
    draw = ImageDraw.Draw(picture)
    for y in range(40, 520, 18):  # lines of "print"
        draw.rectangle((30, y, 30 + (y * 37) % 330, y + 8), fill=40)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=190)
    pdf.set_fill_color(120)
    pdf.rect(20, 270, 60, 10, style="F")
    pdf.output(str(path))
    return path


def damaged_pdfs(good: bytes) -> dict[str, bytes]:
    """The same real PDF cut short, with its cross-reference table lost, and with its page
    streams garbled in place."""
    def garble(m):
        return m.group(1) + bytes((b * 7 + 3) % 256 for b in m.group(2)) + m.group(3)
    return {"truncated.pdf": good[: len(good) // 2],
            "lost-xref.pdf": good[:good.rfind(b"xref")] + b"garbage" * 20,
            "garbled.pdf": re.sub(rb"(stream\r?\n)(.*?)(\r?\nendstream)", garble, good,
                                  flags=re.S),
            "not-a-pdf.pdf": b"<html><body>a web page saved as .pdf</body></html>"}


def test_pdf_problems_are_named_and_told_apart(tmp_path):
    good = make_pdf(tmp_path / "good.pdf", [GOOD_FACT, "A second page about training."])
    opened = load(encrypt(good, tmp_path / "open.pdf", ""))  # empty user password: read it
    assert GOOD_FACT in opened.text and [p.number for p in opened.pages] == [1, 2]
    assert "needs a password" in problem(encrypt(good, tmp_path / "locked.pdf", "secret"))
    assert "no extractable text" in problem(scanned_pdf(tmp_path / "scan.pdf"))
    for name, data in damaged_pdfs(good.read_bytes()).items():
        (tmp_path / name).write_bytes(data)
        why = problem(tmp_path / name)
        assert "corrupt" in why or "not a PDF" in why, (name, why)
        assert "no extractable text" not in why, name  # a damaged file is not called a scan


def test_aes_pdf_without_its_library_says_what_to_install(tmp_path, monkeypatch):
    """pypdf needs `cryptography` for AES, the cipher of most permission-protected PDFs; the
    library's absence is simulated (pypdf raises exactly this) so the message is checked even
    where it is installed."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError
    path = encrypt(make_pdf(tmp_path / "g.pdf", [GOOD_FACT]), tmp_path / "aes.pdf", "")

    def decrypt(self, password):
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(PdfReader, "decrypt", decrypt)
    assert "pip install cryptography" in problem(path)


def test_aes_pdf_with_empty_password_is_read(tmp_path):
    pytest.importorskip("cryptography")
    good = make_pdf(tmp_path / "g.pdf", [GOOD_FACT])
    assert GOOD_FACT in load(encrypt(good, tmp_path / "aes.pdf", "", "AES-256")).text


def test_empty_binary_oversized_and_broken_text_files(tmp_path):
    (tmp_path / "zero.txt").write_bytes(b"")
    assert "empty file" in problem(tmp_path / "zero.txt")
    rng = random.Random(6)
    (tmp_path / "junk.txt").write_bytes(rng.randbytes(5000))
    (tmp_path / "junk-no-nul.txt").write_bytes(bytes(rng.randrange(1, 256) for _ in range(5000)))
    assert "binary" in problem(tmp_path / "junk.txt")
    assert "binary" in problem(tmp_path / "junk-no-nul.txt")
    big = tmp_path / "big.txt"
    big.write_text((GOOD_FACT + "\n") * 2000)
    why = problem(big, max_bytes=100_000)
    assert "over the 0.1 MB limit" in why and "QA_MAX_FILE_MB" in why
    assert GOOD_FACT in load(big).text  # the limit is a setting, not a property of the file
    # An impossible date in front matter costs the date, not the document or its other fields.
    (tmp_path / "front.md").write_text("---\ntitle: Kent note\npublished: 2024-13-45\n---\n"
                                       "Kent Police text.\n")
    front = load(tmp_path / "front.md")
    assert front.text == "Kent Police text." and front.meta.title == "Kent note"
    assert front.meta.published == ""


@pytest.mark.parametrize("encoding, text", [
    ("cp1252", "The force\u2019s \u00a3200 r\u00e9sum\u00e9 \u2013 \u201cgood\u201d work by "
               "officers in Kent\u2026"),
    ("latin-1", "Durham Constabulary: r\u00e9sum\u00e9 \u00e0 la carte, \u00a3300 for "
                "na\u00efve officers at 10\u00b0C."),
    ("utf-16", "Wiltshire Police \u2013 \u00a3150 for training \u2014 r\u00e9sum\u00e9."),
    ("utf-8-sig", "Gloucestershire Constabulary \u2018inadequate\u2019 \u2013 \u00a32m plan."),
])
def test_text_in_other_encodings_is_read_exactly(tmp_path, encoding, text):
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    assert load(path).text == text


def test_html_keeps_the_content_without_scripts_styles_or_navigation(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("""<!DOCTYPE html><html><head><title>Kent inspection</title>
<style>.x { color: red }</style><script>var secret = "tracking-code";</script></head><body>
<!-- editor's note: draft --><div role="navigation"><a href="/">Home</a> <a>News</a></div>
<nav><ul><li>Menu item</li></ul></nav><header>Site header</header>
<div class="cookies" role="dialog">We use cookies. Accept all cookies</div>
<main><h1>Kent Police inspection</h1><p>Inspectors found Kent Police had improved.</p>
<script>document.write("injected text")</script><noscript>Enable JavaScript</noscript>
<p onclick="alert('x')">The force <b>accepted</b> all <i>six</i> recommendations.</p>
<![CDATA[ hidden cdata ]]><span aria-hidden="true">icon-glyph</span>
<section><p hidden>A collapsed finding stays searchable.</p></section></main>
<footer>Copyright Kent Police</footer></body></html>""")
    doc = load(page)
    assert doc.text.splitlines() == [
        "Kent Police inspection", "Inspectors found Kent Police had improved.",
        "The force accepted all six recommendations.", "A collapsed finding stays searchable."]
    assert doc.meta.title == "Kent inspection"


ODD_NAMES = ["report with spaces.txt", "résumé – Wiltshire’s review.md", "北京 警察.txt",
             "emoji 🚓 report.txt", "odd #%&'()[];,=+@!$.txt", "-leading-dash.txt",
             "UPPER CASE.TXT", "deep/er/and/deeper/nested file.html"]


def write_odd_tree(root: Path) -> str:
    """Files with odd names in nested folders, a folder link looping back to the top, a link
    to nothing, a link to itself, and a name that is not UTF-8; returns that name's display."""
    for i, name in enumerate(ODD_NAMES):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"Kent Police document number {i} about stalking work.\n")
    (root / "deep" / "loop").symlink_to(root)
    (root / "deep" / "er" / "dangling.txt").symlink_to(root / "missing.txt")
    (root / "self.txt").symlink_to(root / "self.txt")
    (root / os.fsdecode(b"latin \xe9 name.txt")).write_text("Kent Police, Latin-1 file name.")
    return "latin \\xe9 name.txt"


def test_odd_names_nested_folders_and_links(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    bad_name = write_odd_tree(root)
    files, skipped = discover([root])  # returns: the loop is never walked
    rels = {f.relative_to(root).as_posix(): f for f in files}
    assert set(rels) == set(ODD_NAMES) | {"self.txt", "deep/er/dangling.txt"}
    for i, name in enumerate(ODD_NAMES):
        doc = load_document(rels[name], name, Catalog(), 10**8)
        assert doc.file == name and f"number {i} " in doc.text
    for name in ("self.txt", "deep/er/dangling.txt"):
        with pytest.raises(DocumentError, match="symbolic link"):
            load_document(rels[name], name, Catalog(), 10**8)
    reasons = {Path(p).name: why for p, why in skipped}
    assert "symbolic link to a folder" in reasons["loop"]
    assert "not valid UTF-8" in reasons[bad_name]
    json.dumps(skipped, ensure_ascii=False).encode("utf-8")  # printable and storable


PAGES = 3000
_PAGE_PROBE = """
import json, resource, sys
from pathlib import Path
from qa.ingest.files import load_document
from qa.ingest.metadata import Catalog
import pypdf, charset_normalizer, bs4  # noqa: F401, loaded before the baseline
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
doc = load_document(Path(sys.argv[1]), "big.pdf", Catalog(), 10**9)
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
right = all(doc.text[p.start:p.end].startswith(f"Page {p.number} line 0")
            for p in doc.pages)
print(json.dumps({"pages": [p.number for p in doc.pages], "right": right,
                  "text_mb": len(doc.text) / 1e6, "grown_mb": grown}))
"""


@pytest.mark.slow
def test_pdf_of_thousands_of_pages_is_read_page_by_page(tmp_path):
    from fpdf import FPDF
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for n in range(1, PAGES + 1):
        pdf.add_page()
        for line in range(6):
            pdf.text(15, 20 + 7 * line, f"Page {n} line {line}: inspectors found that the force "
                                        f"had improved its work.")
    pdf.output(str(tmp_path / "big.pdf"))
    # A fresh interpreter, so its peak memory is the extraction's and nothing else's.
    run = subprocess.run([sys.executable, "-c", _PAGE_PROBE, str(tmp_path / "big.pdf")],
                         capture_output=True, text=True, cwd=ROOT, timeout=300,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["pages"] == list(range(1, PAGES + 1)) and result["right"]
    # About 20 MB here for 1.6 MB of text; pypdf's cache unemptied would hold every page.
    assert result["grown_mb"] < 80, result


# ---------------------------------------------------------------- a whole corpus of them

def write_mixed_corpus(root: Path) -> tuple[dict[str, str], list[str]]:
    """Every kind of bad file (display name -> words of its reason) beside good files."""
    root.mkdir()
    (root / "good.txt").write_text(GOOD_FACT + "\n")
    pdf = make_pdf(root.parent / "src.pdf", [GOOD_FACT.replace("Kent", "Durham")])
    for name, data in damaged_pdfs(pdf.read_bytes()).items():
        (root / name).write_bytes(data)
    encrypt(pdf, root / "locked.pdf", "secret")
    encrypt(pdf, root / "open-encrypted.pdf", "")
    scanned_pdf(root / "scan.pdf")
    (root / "zero.txt").write_bytes(b"")
    (root / "junk.txt").write_bytes(random.Random(1).randbytes(3000))
    (root / "huge.txt").write_text("Kent Police training. " * 5000)  # 110 kB, over 0.05 MB
    (root / "cp1252.txt").write_bytes("Durham\u2019s \u00a3300 caf\u00e9 plan.".encode("cp1252"))
    (root / "page.html").write_text("<nav>Home</nav><main><p>Durham Constabulary page.</p>"
                                    "<script>alert(1)</script></main>")
    (root / "bad-front.md").write_text("---\npublished: 2024-13-45\n---\nKent Police text.\n")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    bad_name = write_odd_tree(root / "odd")
    bad = {"truncated.pdf": "corrupt", "lost-xref.pdf": "corrupt", "garbled.pdf": "corrupt",
           "not-a-pdf.pdf": "not a PDF", "locked.pdf": "needs a password",
           "scan.pdf": "no extractable text", "zero.txt": "empty file", "junk.txt": "binary",
           "huge.txt": "over the 0.05 MB limit",
           "image.png": "unsupported file type", "loop": "symbolic link to a folder",
           "self.txt": "symbolic link", "dangling.txt": "symbolic link",
           bad_name: "not valid UTF-8"}
    good = ["good.txt", "open-encrypted.pdf", "cp1252.txt", "page.html", "bad-front.md"] + \
        [f"odd/{n}" for n in ODD_NAMES]
    return bad, good


@pytest.mark.slow
def test_ingest_of_a_mixed_corpus_lists_every_skip_and_indexes_the_rest(tmp_path, capsys,
                                                                         monkeypatch, embedder):
    bad, good = write_mixed_corpus(tmp_path / "corpus")
    monkeypatch.setenv("QA_MAX_FILE_MB", "0.05")
    code = main(["ingest", str(tmp_path / "corpus"), "--index", str(tmp_path / "index")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"{len(good)} added" in out and f"{len(bad)} skipped" in out
    skipped = dict(re.findall(r"^  skipped  (.+?): (.+)$", out, re.M))
    assert {Path(p).name for p in skipped} == set(bad)
    for path, why in skipped.items():
        assert bad[Path(path).name] in why, (path, why)
    engine = Engine.open(load_settings(index=tmp_path / "index"), embedder)
    assert sorted(d.file for d in engine.documents()) == sorted(good)
    top = engine.search("Which clinic in Maidstone is staffed by eleven advocates?", k=1)[0]
    assert top.doc.file == "good.txt"


def test_ingest_fails_only_when_nothing_could_be_indexed(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "zero.txt").write_bytes(b"")
    for folder in ("empty", "bad"):
        code = main(["ingest", str(tmp_path / folder), "--index", str(tmp_path / f"i-{folder}")])
        err = capsys.readouterr().err
        assert code == 1 and "nothing could be indexed" in err and "Traceback" not in err


# ---------------------------------------------------------------- never lose the index

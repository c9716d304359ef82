"""Evaluating on a generated library (`python -m bench.library --out DIR`), for `qa eval`.

Owns: the engine over a library's index (built first when missing or stale), fitting the decline
model on its development half and the sets given, the hybrid table of several sets each answered
by its own engine, and the recommendations tracker's figures against the library's truth. The
metrics are evaluate's; the fit is calibrate's; the command line is cli's.
"""
from __future__ import annotations

import sys
from pathlib import Path

from qa import evaluate
from qa.config import load_settings


def _indexed(folder: Path, index: Path | None = None, embedder=None):
    """The settings of a library whose corpus is indexed into `index` (FOLDER/index by
    default), the index built first if it is missing or stale."""
    from qa.ingest.build import ensure_index
    from qa.outputs.progress import StageBars
    lib = load_settings(corpus=folder / "corpus", index=index or folder / "index")
    with StageBars() as bars:
        report = ensure_index(lib, embedder=embedder, progress=bars)
    if report is not None:
        print(report.summary(), file=sys.stderr)
    return lib


def library_engine(engine, folder: Path):
    """An engine over the library in FOLDER, with `engine`'s model and rules."""
    from qa.ask.engine import Engine
    return Engine.open(_indexed(folder, embedder=engine.embedder), engine.embedder,
                       engine.rules)


def calibrate(engine, library, folder: Path, files: list[Path]) -> None:
    """Fit the decline model on the library's development half and the sets given, and
    answer with it from now on."""
    from qa.ask import decline
    from qa.calibrate import calibrate as fit
    fitted = fit([(library, folder / "questions" / "dev.jsonl"),
                  *[(engine, path) for path in files]])
    engine.decline_model = library.decline_model = decline.load_model()
    print(f"calibrated on {fitted['questions']} questions: weights {fitted['weights']}, "
          f"bias {fitted['bias']}, threshold {fitted['threshold']}", file=sys.stderr)


def score_sets(sets: dict, failures: bool) -> str:
    """Hybrid scores, a row per set ({name: (engine, path)}), each answered by its own
    engine; with `failures`, the questions missed go to stderr (not the check half's: it is
    scored, not read)."""
    rows = []
    for name, (eng, path) in sets.items():
        results, outcomes = evaluate.evaluate(eng, evaluate.load_items(path), ("hybrid",))
        rows.append(evaluate.Scores(name, results[0].values))
        if failures and name != "library check":
            print(f"{name}:\n" + "\n".join("  " + f for f in evaluate.failures(
                outcomes["hybrid"])), file=sys.stderr)
    return evaluate.table(rows, first="set (hybrid)")


def recommendations(folder: Path, index: Path | None, failures: bool) -> str:
    """The tracker's figures on the library in FOLDER (its index at `index`, by default
    FOLDER/index), and how the questions chat answers from the tracker fare."""
    from qa.index.embedding import Embedder
    from qa.index.store import load_index
    from qa.recommend.measure import measure
    from qa.recommend.track import SpanVectors, track
    lib = _indexed(folder, index)
    loaded = load_index(lib.index, Embedder.name, Embedder.dimension, mmap=True)
    # Linked again from the index's documents and vectors, so the figures are this program's
    # even when the index was built by an earlier one (it is what ingest stores).
    found = track(loaded.documents, SpanVectors(loaded.chunks, loaded.sentences,
                                                loaded.sentence_vectors))
    figures = measure(found, loaded.documents, folder / "truth" / "recommendations.jsonl")
    if failures:
        print("\n".join(figures.misses), file=sys.stderr)
    return figures.table() + "\n" + _tracker_questions(lib, folder / "questions")


def _tracker_questions(lib, folder: Path) -> str:
    """How the library's questions that chat answers from the tracker fare (answer accuracy as
    `eval` scores it)."""
    from qa.ask.engine import Engine
    from qa.recommend.chat import may_ask
    engine = Engine.open(lib)
    taken = right = 0
    for half in ("dev", "check"):
        path = folder / f"{half}.jsonl"
        for item in evaluate.load_items(path) if path.is_file() else []:
            if not may_ask(item.question):
                continue
            answer = engine.ask(item.question)
            if "recommendations tracker" in answer.notice:
                taken += 1
                right += evaluate.is_correct(item, answer)
    return f"questions answered from the tracker: {taken}, answered correctly: {right}"

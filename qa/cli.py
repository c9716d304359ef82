"""The command line: `python -m qa ingest | ask | batch | eval | serve | bench`.

Each command parses its flags, calls the library and prints; QAErrors become one line on stderr
and a non-zero exit. Progress bars go to stderr so stdout stays clean for --json and pipes, and
a reader that stops reading (`| head`) ends the command quietly.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from qa.config import load_settings
from qa.errors import QAError, QuestionError, printable
from qa.types import Filters

_BROKEN_PIPE = 141  # what a shell reports for a command ended by SIGPIPE, as `yes | head` is


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "bench":
        return _bench(argv[1:])
    args = _parser().parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows up here, not in the interpreter's last flush
        return code
    except QAError as exc:
        print(f"error: {printable(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _reader_gone()


def _reader_gone() -> int:
    """The reader of stdout stopped (`qa ask ... | head`): nothing more can be said to it, and
    what is still buffered must not fail again at exit, so stdout now goes nowhere."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return _BROKEN_PIPE


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} passages: ask for at least 1")
    return value


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m qa", description="Cited answers from police "
                                "inspection material, offline.")
    sub = p.add_subparsers(dest="command", required=True)
    ing = sub.add_parser("ingest", help="index documents (incremental)")
    ing.add_argument("paths", nargs="*", type=Path, help="files or folders (default: corpus/)")
    ing.add_argument("--rebuild", action="store_true", help="re-read and re-embed every file, "
                     "ignoring the old index; without PATHs the folders ingested before are "
                     "rebuilt, with PATHs only those")
    ing.set_defaults(func=cmd_ingest)
    ask = sub.add_parser("ask", help="answer one question with citations")
    ask.add_argument("question", help="the question, in quotes")
    ask.add_argument("-k", type=_positive, default=None,
                     help="passages to retrieve, at least 1 (default 6)")
    ask.add_argument("--json", action="store_true", help="print the answer record as JSON")
    _filter_flags(ask)
    ask.set_defaults(func=cmd_ask)
    bat = sub.add_parser("batch", help="answer a file of questions")
    bat.add_argument("file", type=Path, help=".txt (a question a line), .csv or .jsonl")
    bat.add_argument("-o", "--out", type=Path, default=None,
                     help="answers file: .jsonl, .csv or .md (default: FILE.answers.jsonl)")
    _filter_flags(bat)
    bat.set_defaults(func=cmd_batch)
    ev = sub.add_parser("eval", help="measure retrieval and answer quality")
    ev.add_argument("files", nargs="*", type=Path, default=[Path("eval/questions.jsonl")],
                    help="question sets (default eval/questions.jsonl)")
    ev.add_argument("--json", type=Path, default=None, help="write scores as JSON here")
    ev.add_argument("--markdown", type=Path, default=None,
                    help="write the table as Markdown here (e.g. docs/evaluation.md)")
    ev.add_argument("--failures", action="store_true", help="list the questions missed")
    ev.add_argument("--library", type=Path, default=None, help="also a generated library "
                    "(python -m bench.library --out DIR): index DIR/corpus into DIR/index if "
                    "needed and score DIR/questions/dev.jsonl and check.jsonl beside the sets")
    ev.add_argument("--library-set", dest="library_sets", type=Path, action="append",
                    default=[], metavar="FILE", help="with --library: also score this question "
                    "set against the library (repeatable), e.g. a set written by hand on it")
    ev.add_argument("--calibrate", action="store_true", help="with --library: first fit the "
                    "decline model (qa/ask/calibration.json) on the library's development half "
                    "and the sets given (the sample's tuning sets), then score them all")
    ev.add_argument("--ablate", action="store_true", help="switch each answering rule off in "
                    "turn and print what it costs on each set (hybrid mode)")
    ev.add_argument("--judge", default="holdout4,holdout5", help="with --ablate: the sets, by "
                    "file name without .jsonl, that decide whether a rule stays (those used to "
                    "choose no rule)")
    ev.add_argument("--recommendations", action="store_true", help="with --library: score the "
                    "recommendations tracker against DIR/truth/recommendations.jsonl "
                    "(extraction, links to responses and findings, status); --index names "
                    "where DIR's index is (default DIR/index)")
    ev.set_defaults(func=cmd_eval)
    rec = sub.add_parser("recommendations", help="what the inspectorate recommended to each "
                         "force, the force's response and the later finding")
    rec.add_argument("--force", default="", help="only this force (any common name)")
    rec.add_argument("--since", default="", help="reports published on or after, e.g. 2022")
    rec.add_argument("--status", default="", help="achieved, partially achieved, not achieved "
                     "or 'no finding'")
    rec.add_argument("--area", default="", help="only this area, e.g. 'Initial contact'")
    rec.add_argument("-o", "--out", type=Path, default=None, help="write .csv, .jsonl, .md or "
                     ".docx instead of printing a table")
    rec.set_defaults(func=cmd_recommendations)
    srv = sub.add_parser("serve", help="start the web app")
    srv.set_defaults(func=cmd_serve)
    sub.add_parser("bench", help="run the speed and scale benchmarks (see --help)")
    for cmd in (ing, ask, bat, ev, srv, rec):
        cmd.add_argument("--index", type=Path, default=None,
                         help="index folder (default: index/, or QA_INDEX)")
    return p


def _filter_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--force", action="append", default=[], help="only documents about this "
                   "force (any common name: 'Wilts', 'the Met'); repeatable")
    p.add_argument("--type", action="append", default=[], dest="doc_type",
                   help="only this document type, e.g. 'force response'; repeatable")
    p.add_argument("--org", action="append", default=[], help="only this publisher; repeatable")
    p.add_argument("--since", default="", help="published on or after, e.g. 2023 or 2023-06-01")
    p.add_argument("--until", default="", help="published on or before")


def _filters(args) -> Filters:
    from qa.forces import canonical_force
    from qa.web.filters import DATE_HELP, is_date
    forces = []
    for name in args.force:
        canon = canonical_force(name)
        if canon is None:
            raise QuestionError(f"--force {name!r} is not a UK police force name I know")
        forces.append(canon)
    since, until = args.since.strip(), args.until.strip()
    for flag, value in (("--since", since), ("--until", until)):
        if value and not is_date(value):
            raise QuestionError(f"{flag} {value!r} is not a date. {DATE_HELP}")
    if since and until and since > until[:len(since)]:
        raise QuestionError(f"--since {since} is after --until {until}")
    return Filters(tuple(forces), tuple(args.org), tuple(args.doc_type), since, until)


def _engine(args):
    from qa.ask.engine import Engine
    return Engine.open(load_settings(index=args.index))


def _bench(argv: list[str]) -> int:
    """The benchmarks live beside the package (bench/), not in it: run them as their own
    program from the checkout this package belongs to."""
    import subprocess
    root = Path(__file__).resolve().parents[1]
    if not (root / "bench" / "run.py").is_file():
        print("error: the benchmarks (bench/) are not in this checkout", file=sys.stderr)
        return 2
    return subprocess.call([sys.executable, "-m", "bench", *argv], cwd=root)


def cmd_ingest(args) -> int:
    from qa.ingest.build import ingest
    from qa.outputs.progress import StageBars
    settings = load_settings(index=args.index)
    with StageBars() as bars:
        report = ingest(settings, args.paths or None, rebuild=args.rebuild, progress=bars)
    print(report.summary())
    if report.indexed:
        return 0
    print("error: nothing could be indexed: add .pdf, .txt, .md or .html files with text "
          "(each skipped file is listed above with its reason)", file=sys.stderr)
    return 1


def cmd_ask(args) -> int:
    from dataclasses import replace

    from qa.outputs.limits import cut_question
    from qa.outputs.render import answer_text
    filters = _filters(args)
    engine = _engine(args)
    question, cut = cut_question(args.question, engine.settings.max_question_chars)
    if cut:
        print(f"note: {cut}", file=sys.stderr)
    answer = engine.ask(question, filters=filters, k=args.k)
    if args.json:
        if cut:
            answer = replace(answer, notice=f"{cut} {answer.notice}".strip())
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(answer_text(answer))
    return 0


def cmd_batch(args) -> int:
    from qa.outputs.batch import run_batch
    from qa.outputs.limits import cut_note
    from qa.outputs.progress import bar
    out = args.out or args.file.with_suffix(".answers.jsonl")
    engine = _engine(args)
    with bar("answering", "questions") as tick:
        report = run_batch(engine, args.file, out, progress=tick, filters=_filters(args),
                           max_question_chars=engine.settings.max_question_chars)
    shown = printable(out)
    failed = f", {report.failed} not answered for an error" if report.failed else ""
    print(f"{report.total} questions: {report.answered} answered now, {report.resumed} already "
          f"in {shown}, {report.declined} declined{failed} -> {shown}")
    if report.cut:
        cut = cut_note(report.cut, engine.settings.max_question_chars)
        print(f"note: {printable(cut)}", file=sys.stderr)
    return 0


def cmd_recommendations(args) -> int:
    from qa.outputs import tracker
    from qa.recommend import select
    settings = load_settings(index=args.index)
    want = select.wanted(args.force, args.since, args.status, args.area)
    found = select.select(select.load(settings.index), want)
    if args.out:
        tracker.write(found, args.out)
        print(f"{len(found)} records -> {args.out}")
    else:
        print(tracker.table(found))
    return 0


def cmd_eval(args) -> int:
    from qa import evaluate, library_eval
    if args.recommendations:
        if args.library is None:
            raise QAError("--recommendations needs --library DIR (a generated library with "
                          "truth/recommendations.jsonl)")
        print(library_eval.recommendations(args.library, args.index, args.failures))
        return 0
    if args.library_sets and not args.library:
        raise QAError("--library-set scores a set against a generated library: give the "
                      "library with --library DIR")
    engine = _engine(args)
    sets = {path.stem: (engine, path) for path in args.files}
    if args.library:
        library = library_eval.library_engine(engine, args.library)
        sets |= {f"library {half}": (library, args.library / "questions" / f"{half}.jsonl")
                 for half in ("dev", "check")}
        sets |= {f"library {path.stem}": (library, path) for path in args.library_sets}
    if args.ablate:
        from qa import ablation
        judges = [j.strip() for j in args.judge.split(",") if j.strip()]
        print(ablation.run(sets, judges,
                           progress=lambda rule: print(f"  {rule}", file=sys.stderr)))
        return 0
    if args.library:
        if args.calibrate:
            library_eval.calibrate(engine, library, args.library, args.files)
        print(library_eval.score_sets(sets, args.failures))
        return 0
    for path in args.files:
        items = evaluate.load_items(path)
        results, outcomes = evaluate.evaluate(engine, items)
        table = evaluate.table(results)
        if len(args.files) > 1:
            print(f"\n{path} ({len(items)} questions)")
        print(table)
        if args.failures:
            for line in evaluate.failures(outcomes["hybrid"]):
                print("  " + line)
        if args.json:  # NaN (nothing to measure) is written as null
            args.json.write_text(json.dumps({r.mode: {k: None if v != v else v for k, v in
                                                      r.values.items()} for r in results},
                                            indent=1))
        if args.markdown:
            evaluate.write_markdown(args.markdown, table, path, len(items))
    return 0


def cmd_serve(args) -> int:
    from qa.web.app import main as serve
    return serve(index=args.index) or 0

"""Command line: `python -m goftar analyze FILE [--json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from goftar.lexicon import LexiconError
from goftar.reading import InputError, read_text_file

BCRYPT_MAX_BYTES = 72


def _summary(article) -> str:
    lines = []
    if article.sources:
        lines.append("sources: " + " ← ".join(article.sources))
    lines.append(f"sentences: {len(article.sentences)}  statements: {len(article.statements)}")
    for entity in article.speakers:
        count = sum(1 for s in article.statements if s.speaker_id == entity.id)
        roles = f" — {'، '.join(entity.roles)}" if entity.roles else ""
        lines.append(f"- {entity.name} ({entity.type}){roles}: {count} statements")
    for statement in article.statements:
        topics = ", ".join(statement.topics) or "-"
        verbs = "، ".join(v.text for v in statement.verbs) or statement.kind
        lines.append(f"  [{statement.sentence}] {statement.speaker} | {verbs} | {topics}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m goftar", description="Who said what about which issue.")
    commands = parser.add_subparsers(dest="command", required=True)
    analyze_cmd = commands.add_parser("analyze", help="analyse one article file")
    analyze_cmd.add_argument("file", type=Path)
    analyze_cmd.add_argument("--json", action="store_true", help="print one JSON object (schema in README)")
    analyze_cmd.add_argument("--title")
    ingest_cmd = commands.add_parser("ingest", help="import files, folders or archives into the corpus")
    ingest_cmd.add_argument("paths", nargs="+", type=Path)
    ingest_cmd.add_argument("--json", action="store_true", help="print one JSON report instead of a summary")
    ingest_cmd.add_argument("--workers", type=int, default=None, help="analysis processes (default: CPU count)")
    ingest_cmd.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786",
                            help="analyse on this Dask cluster (default: $GOFTAR_DASK_SCHEDULER, else local processes)")
    corpus_cmd = commands.add_parser("corpus", help="counts of the configured corpus")
    corpus_cmd.add_argument("--json", action="store_true")
    reanalyze_cmd = commands.add_parser("reanalyze", help="re-run the engine over the whole corpus (keeps analysts' work)")
    reanalyze_cmd.add_argument("--workers", type=int, default=None, help="analysis processes (default: CPU count)")
    reanalyze_cmd.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786",
                               help="analyse on this Dask cluster (default: $GOFTAR_DASK_SCHEDULER)")
    reanalyze_cmd.add_argument("--restart", action="store_true",
                               help="start over even if a stopped run can be resumed")
    reanalyze_cmd.add_argument("--stale", action="store_true",
                               help="only the articles a lexicon, engine or taught change made stale (what the app "
                                    "does in the background)")
    export_cmd = commands.add_parser("export", help="export statements with engine and analyst values")
    export_cmd.add_argument("--format", choices=["csv", "jsonl", "xlsx"], default="csv")
    export_cmd.add_argument("--out", type=Path, default=None, help="file to write (default: standard output)")
    export_cmd.add_argument("--summary", action="store_true", help="export the per-speaker per-topic summary")
    evaluate_cmd = commands.add_parser("evaluate", help="score the engine against a gold file of annotated statements")
    evaluate_cmd.add_argument("--gold", type=Path, required=True, help="gold JSON (the development set's format)")
    evaluate_cmd.add_argument("--texts", type=Path, required=True, help="folder of the gold articles' text files")
    evaluate_cmd.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    evaluate_cmd.add_argument("--errors", action="store_true", help="also list every missed, spurious or misattributed statement")
    evaluate_cmd.add_argument("--no-gazetteer", action="store_true", help="forget the known-people list (generality check)")
    commands.add_parser("hash-password", help="bcrypt hash of a password read from standard input (for GOFTAR_AUTH)")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except LexiconError as error:  # an analyst's edited lexicon folder (GOFTAR_LEXICON_DIR)
        print(f"goftar: {error} — fix the lexicon file; nothing was analysed or stored", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    """Carry out the parsed command."""
    if args.command == "hash-password":
        import bcrypt

        password = sys.stdin.readline().rstrip("\n")
        if not password:
            print("goftar: no password on standard input", file=sys.stderr)
            return 2
        if len(password.encode("utf-8")) > BCRYPT_MAX_BYTES:  # bcrypt refuses them (older versions cut them silently)
            print(f"goftar: گذرواژه بیش از {BCRYPT_MAX_BYTES} بایت است — the password is "
                  f"{len(password.encode('utf-8'))} bytes in UTF-8, over bcrypt's limit of {BCRYPT_MAX_BYTES}; "
                  "choose a shorter one (a Persian letter takes 2 bytes)", file=sys.stderr)
            return 2
        print(bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode())
        return 0
    if args.command == "evaluate":
        return _evaluate_command(args)
    if args.command in ("ingest", "corpus", "reanalyze", "export"):
        return _corpus_command(args)

    if args.command == "analyze":
        try:
            text = read_text_file(args.file)
        except InputError as error:
            print(f"goftar: {error}", file=sys.stderr)
            return 2
        from goftar.engine import analyze

        article = analyze(text, title=args.title)
        if args.json:
            json.dump(article.to_dict(), sys.stdout, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            print(_summary(article))
    return 0


def _evaluate_command(args) -> int:
    from goftar.engine import Engine
    from goftar.evaluate import evaluate, format_report, load_gold

    try:
        gold = load_gold(args.gold)
    except (OSError, ValueError) as error:
        print(f"goftar: {error}", file=sys.stderr)
        return 2
    engine = Engine(use_gazetteer=not args.no_gazetteer)
    try:
        evaluation = evaluate(gold, args.texts, engine.analyze)
    except OSError as error:
        print(f"goftar: {error}", file=sys.stderr)
        return 2
    if args.json:
        payload = evaluation.summary()
        if args.errors:
            payload["errors"] = evaluation.errors
        print(json.dumps(payload, ensure_ascii=False))
    else:
        if args.errors:
            for error in evaluation.errors:
                print(" | ".join(f"{k}: {v}" for k, v in error.items()))
        print(format_report(evaluation))
    return 0


def _corpus_command(args) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from goftar.store import Store, database_url

    try:
        store = Store()
    except (SQLAlchemyError, OSError) as error:
        print(f"goftar: cannot open the database {database_url()} ({type(error).__name__})", file=sys.stderr)
        return 2
    if args.command == "corpus":
        counts = store.counts()
        print(json.dumps(counts) if args.json else "  ".join(f"{k}: {v}" for k, v in counts.items()))
        return 0
    if args.command == "reanalyze":
        return _reanalyze(store, args)
    if args.command == "export":
        from goftar.export import csv_bytes, frame_bytes, statement_frame, summary_rows, to_bytes

        if args.summary:
            rows = summary_rows(store)
            data, count = to_bytes(rows, args.format), len(rows)
        elif args.format == "csv":
            data = csv_bytes(store)
            count = data.count(b"\n") - 1  # a statement is one sentence: one line
        else:
            frame = statement_frame(store)
            data, count = frame_bytes(frame, args.format), len(frame)
        if args.out:
            args.out.write_bytes(data)
            print(f"wrote {count} rows to {args.out}", file=sys.stderr)
        elif args.format == "xlsx":
            print("goftar: xlsx needs --out FILE", file=sys.stderr)
            return 2
        else:
            sys.stdout.buffer.write(data)
        return 0
    from goftar.pipeline import ingest_paths, make_executor

    executor = make_executor(args.workers, args.scheduler) if args.scheduler else None
    report = ingest_paths(args.paths, store, workers=args.workers, show_progress=not args.json, executor=executor)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(f"imported {report.imported}, duplicates {report.duplicates}, rejected {len(report.rejected)}"
              + (f", warnings {len(report.warnings)}" if report.warnings else ""))
        for rejection in report.rejected:
            print(f"  rejected {rejection.source}: {rejection.reason}")
        for warning in report.warnings:  # imported, but worth a look (mixed encodings, a date that was dropped)
            print(f"  warning {warning.source}: {warning.reason}")
    return 1 if report.rejected else 0


def _reanalyze(store, args) -> int:
    from tqdm import tqdm

    from goftar.pipeline import make_executor, reanalyze_corpus, reanalyze_stale_articles
    from goftar.store.analysis import sync_staleness

    if args.stale:
        sync_staleness(store)  # mark what changed since the analyses were made
    with tqdm(unit="article", file=sys.stderr) as bar:
        def advance(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        executor = make_executor(args.workers, args.scheduler) if args.scheduler else None
        if args.stale:
            outcome = reanalyze_stale_articles(store, workers=args.workers, executor=executor, progress=advance)
        else:
            outcome = reanalyze_corpus(store, workers=args.workers, executor=executor, progress=advance,
                                       restart=args.restart)
    if not args.stale:
        sync_staleness(store, record_only=True)  # the app's background re-analysis has nothing left to do
    resumed = " (resumed a stopped run)" if outcome.resumed else ""
    print(f"re-analysed {outcome.articles} articles{resumed}; analysts' decisions kept; "
          f"{outcome.stale_reviews} reviews flagged as changed")
    for article_id, reason in outcome.failed:
        print(f"  article {article_id} kept its previous analysis: {reason}")
    return 1 if outcome.failed else 0

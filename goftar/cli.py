"""Command line: `python -m goftar analyze FILE [--json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from goftar.reading import InputError, read_text_file


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
    args = parser.parse_args(argv)

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

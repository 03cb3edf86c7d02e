"""``make check``: run every content check and print readable tables.

Exit status 1 when there is an error; warnings are printed and do not fail.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from typing import Dict, List, Optional, Sequence

from rich.console import Console
from rich.table import Table

from bot import clock
from bot.check.content import check_content
from bot.check.findings import Finding, Severity, errors
from bot.check.keywords import check_keywords
from bot.check.training import MIN_EXAMPLES, check_training, counts, domain_intents, read_examples
from bot.check.translations import LanguageStatus, check_translations
from bot.config import PROJECT_ROOT
from bot.languages import SUPPORTED_LANGUAGES

DOMAIN = PROJECT_ROOT / "domain"
DATA = PROJECT_ROOT / "data" / "nlu"
LOCALES = PROJECT_ROOT / "locales"


def run_checks() -> tuple:
    statuses, translation_findings = check_translations(LOCALES)
    intents = domain_intents(DOMAIN)
    findings: List[Finding] = [
        *check_content(clock.now()),
        *translation_findings,
        *check_training(DATA, intents, list(SUPPORTED_LANGUAGES)),
        *check_keywords(DOMAIN, DATA),
    ]
    return findings, statuses, intents


def translations_table(statuses: List[LanguageStatus]) -> Table:
    table = Table(title="Translations (responses, content texts and web-page labels)")
    for column in ("language", "texts", "translated", "stale (to review)", "missing"):
        table.add_column(column, justify="right" if column != "language" else "left")
    for status in statuses:
        table.add_row(status.language, str(status.texts), str(status.translated),
                      _mark(len(status.stale)), _mark(len(status.missing)))
    return table


def training_table(intents: List[str]) -> Table:
    per_intent = counts(read_examples(DATA))
    table = Table(title=f"Training examples per intent and language (fewer than {MIN_EXAMPLES} in red)")
    table.add_column("intent")
    for language in SUPPORTED_LANGUAGES:
        table.add_column(language, justify="right")
    for intent in intents:
        cells = [per_intent.get((intent, language), 0) for language in SUPPORTED_LANGUAGES]
        table.add_row(intent, *[f"[red]{n}[/red]" if n < MIN_EXAMPLES else str(n) for n in cells])
    return table


def findings_table(findings: List[Finding], shown_per_area: int) -> Table:
    table = Table(title="Findings", show_lines=False)
    for column in ("", "check", "where", "what"):
        table.add_column(column, overflow="fold")
    shown: Dict[tuple, int] = defaultdict(int)
    hidden: Counter = Counter()
    for finding in sorted(findings, key=lambda f: (f.severity is not Severity.ERROR, f.area)):
        key = (finding.severity, finding.area)
        if finding.severity is Severity.WARNING and shown[key] >= shown_per_area:
            hidden[finding.area] += 1
            continue
        shown[key] += 1
        mark = "[bold red]error[/bold red]" if finding.severity is Severity.ERROR else "[yellow]warning[/yellow]"
        table.add_row(mark, finding.area, finding.where, finding.problem)
    for area, count in hidden.items():
        table.add_row("[yellow]warning[/yellow]", area, "…", f"and {count} more (make check ARGS=--all shows them)")
    return table


def _mark(count: int) -> str:
    return f"[yellow]{count}[/yellow]" if count else "0"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Check content, translations and training examples.")
    parser.add_argument("--all", action="store_true", help="show every warning, not the first ones per check")
    args = parser.parse_args(argv)
    console = Console(width=160)
    findings, statuses, intents = run_checks()
    console.print(translations_table(statuses))
    console.print(training_table(intents))
    if findings:
        console.print(findings_table(findings, 10**9 if args.all else 8))
    failed = errors(findings)
    warnings = len(findings) - len(failed)
    if failed:
        console.print(f"[bold red]{len(failed)} error(s)[/bold red] and {warnings} warning(s): fix the errors.")
        return 1
    console.print(f"[green]No errors.[/green] {warnings} warning(s).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

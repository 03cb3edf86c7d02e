"""One finding of the content check: how bad, where, and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import List


class Severity(str, Enum):
    ERROR = "error"
    """Must be fixed before publishing: ``make check`` fails."""
    WARNING = "warning"
    """Should be looked at; does not stop a publish."""


@dataclass(frozen=True)
class Finding:
    severity: Severity
    area: str
    """Which check: content, phone, events, translations, training, keywords."""
    where: str
    """File, entry and field, or language and intent."""
    problem: str


def errors(findings: List[Finding]) -> List[Finding]:
    return [finding for finding in findings if finding.severity is Severity.ERROR]

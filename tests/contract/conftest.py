"""Session report of the contract tests, and a session that fails on any non-conforming request.

The validating transports raise ``ContractViolation`` in the test that sent the
request; the ledger also keeps it, so a violation that some code swallowed
still fails the run (``pytest_sessionfinish``). The counts are printed at the
end of every run that includes ``tests/contract``.
"""

from __future__ import annotations

import os

import pytest

from tests.contract.report import TALLY
from tests.contract.validator import LEDGER, summary

# Hypothesis (via hypothesis-jsonschema) must not be imported while conftests load; see tests/contract/strategies.py.
PROFILE = os.environ.get("STREAM_CHAT_HYPOTHESIS_PROFILE", "ci")
SHAPES = 7  # len(tests.contract.strategies.RESPONSE_SHAPES), checked in test_responses.py


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = summary()
    if TALLY.endpoints_called:
        lines.append(
            f"generated endpoints called with schema-built requests: {len(TALLY.endpoints_called)} operations, "
            f"{sum(TALLY.endpoints_called.values())} requests"
        )
    if TALLY.round_trips:
        schemas = {schema for schema, _ in TALLY.round_trips}
        lines.append(
            f"response models round-tripped: {len(schemas)} schemas x {SHAPES} shapes, "
            f"{sum(TALLY.round_trips.values())} instances"
        )
    terminalreporter.write_sep("-", f"contract tests (hypothesis profile: {PROFILE})")
    for line in lines:
        terminalreporter.write_line(line)
    from tests.contract.differences import DIFFERENCES  # noqa: PLC0415 - plain data, but only needed here

    if terminalreporter.verbosity > 0:  # meaningful in a full run (tests/wire and tests/test_*.py send the layer's)
        for difference in DIFFERENCES:
            if difference not in LEDGER.used:
                terminalreporter.write_line(
                    f"not exercised: {difference.operation} {difference.where} ({difference.kind})"
                )
    for violation in LEDGER.violations[:20]:
        terminalreporter.write_line("NON-CONFORMING " + violation)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if LEDGER.violations and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

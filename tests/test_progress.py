"""Long builds keep talking: every phase is named, counted and never silent for long."""

import time

import pytest

from index import progress


def test_a_phase_reports_its_count_share_and_estimate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "INTERVAL", 0.0)
    lines: list[str] = []
    with progress.phase("index: passages", 4, lines.append) as phase:
        phase.advance()
        phase.advance()
    assert lines[0].startswith("index: passages: 1/4 (25 %), about ")
    assert lines[1].startswith("index: passages: 2/4 (50 %), about ")
    assert lines[-1].startswith("index: passages: done, 2 in ")


def test_a_long_step_still_gets_a_line_before_the_heartbeat_runs_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "HEARTBEAT", 0.2)
    lines: list[str] = []
    with progress.phase("impacts", 0, lines.append):
        time.sleep(1.5)  # one step that never calls advance(), like a long commit
    assert any(line.endswith("(still working)") for line in lines[:-1])


def test_a_phase_that_counts_nothing_ends_without_a_count() -> None:
    lines: list[str] = []
    with progress.phase("general resources", 0, lines.append):
        pass
    assert lines[-1].startswith("general resources: done in ")

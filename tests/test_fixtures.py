"""The test suite's own helpers: what they report when something is missing."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SHARED_EUTILS, shared_eutils_missing


def test_the_shared_data_skip_names_the_folder_it_reads(tmp_path: Path) -> None:
    absent = tmp_path / "shared" / "data" / "eutils"
    reason = shared_eutils_missing(absent)
    assert reason is not None and str(absent) in reason
    assert SHARED_EUTILS.parts[-3:] == ("shared", "data", "eutils")
    assert shared_eutils_missing(tmp_path) is None  # present: nothing to skip

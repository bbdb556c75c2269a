"""Normalisation for matching: same meaning, same offsets."""

from __future__ import annotations

from msglint.text.normalize import normalize, to_original
from tests.conftest import lint_mapping


def test_hard_wrap_joined_without_moving_offsets():
    text = "Your last\nchance to save.\nShop now"
    norm, offsets = normalize(text)
    assert norm == "Your last chance to save.\nShop now"  # a capitalised next line stays apart
    assert offsets is None and len(norm) == len(text)


def test_non_breaking_hyphen_folds_to_ascii():
    text = "You\u2019re pre\u2011approved"
    norm, offsets = normalize(text)
    assert norm == "You're pre-approved"
    start = norm.index("pre-approved")
    assert to_original(offsets, start, start + len("pre-approved")) == (7, 19)


def test_phrase_split_by_a_hard_wrap_is_flagged_at_its_true_position():
    result = lint_mapping({"body": "Hi Sam, this is your last\nchance to get 20% off."}, select=["MSG201"])
    (finding,) = result.findings
    assert finding.text == "last\nchance" and (finding.line, finding.column) == (1, 22)


def test_hyphenated_spelling_of_a_phrase_is_matched():
    result = lint_mapping({"subject": "Nicely-done! 20% off everything"}, select=["MSG101"])
    assert [f.text for f in result.findings] == ["Nicely-done"]

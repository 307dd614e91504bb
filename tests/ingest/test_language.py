"""Language detection on the short texts users feed (ACLED-style notes, one-line reports)."""

import pytest

from warlog.ingest.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 9 October 2019, unidentified gunmen shot and killed a civilian man near Mayadin.", "en"),
        ("Militants attacked a checkpoint in Tikrit.", "en"),
        ("Des drones ont frappé la ville de Raqqa mardi, tuant deux civils.", "fr"),
        ("قصفت طائرات مسيرة مدينة الرقة", "ar"),
        ("1234 5678", None),
    ],
)
def test_short_texts(text, expected):
    assert detect_language(text) == expected

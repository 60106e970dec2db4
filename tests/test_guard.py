import pytest

from coach import guard
from coach.errors import InputError


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("", "ingen tekst"),
        ("   \n\t ", "ingen tekst"),
        (None, "ingen tekst"),
        ("a", "for kort"),
        ("😀😀🎉👍", "ingen ord"),
        ("12 34 56", "ingen ord"),
        ("x" * 200_001, "alt for lang"),
        ("æ" * 25_000, "for lang"),
        ("\x00\x01\x02\x03" * 50 + "hej", "binære"),
    ],
)
def test_bad_input_gets_a_danish_message(text, phrase):
    with pytest.raises(InputError) as err:
        guard.check(text)
    assert phrase in str(err.value)


def test_clean_keeps_the_words_and_drops_invisible_and_control_characters():
    raw = "Jeg\u200b reducerede\u202e ventetiden\x00 fra 14 til 9 dage."
    assert guard.check(raw) == "Jeg reducerede ventetiden fra 14 til 9 dage."


def test_nfd_is_normalised_and_lone_surrogates_do_not_crash():
    nfd = "Jeg arbejdede på plejecenteret i \u0061\u030a år".replace("\u0061\u030a", "a\u030a")
    assert "å" in guard.check(nfd)
    assert guard.check("Mine noter \ud800 om året")  # a lone surrogate from an API call


def test_decode_rejects_binary_and_reads_windows_1252():
    with pytest.raises(InputError, match="binære"):
        guard.decode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 500)
    assert guard.decode("Jeg lærte meget".encode("cp1252")) == "Jeg lærte meget"
    assert guard.decode("\ufeffHej".encode("utf-8")) == "Hej"

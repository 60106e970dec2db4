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


def test_too_long_text_is_refused_with_the_numbers_and_nothing_is_cut():
    with pytest.raises(InputError) as err:
        guard.check(("Jeg lærte meget i år. " * 2_300)[:50_000], max_chars=12_000)
    message = str(err.value)
    assert "Teksten er for lang: 50.000 tegn" in message and "højst 12.000" in message
    far = guard.text_problem("x" * 1_000_000, 12_000)
    assert "alt for lang" in str(far) and "1.000.000 tegn" in str(far)
    assert guard.text_problem("Jeg lærte meget.", 12_000) is None and guard.text_problem("", 10) is None


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_binary_pasted_as_text_is_refused(codec):
    data = bytes(range(256)) * 12 + b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    text = data.decode(codec, errors="replace")
    with pytest.raises(InputError, match="binære"):
        guard.check(text)
    assert "binære" in str(guard.text_problem("ÿØÿà\x00\x10JFIF\x00\x01" * 40, 20_000))


def test_mojibake_is_refused_with_an_example_of_the_fix():
    garbled = "Jeg har lÃ¦rt meget i Ã¥r og fÃ¥et ny viden om kundeservice."
    with pytest.raises(InputError) as err:
        guard.check(garbled)
    assert "«Ã¦»" in str(err.value) and "«æ»" in str(err.value)
    assert "gået i stykker" in str(guard.text_problem("Det gik godt â€“ og så â€œfintâ€."))


@pytest.mark.parametrize("text", [
    "Jeg lærte meget i år – fx «Excel» og 50 % hurtigere sagsbehandling. ½ time hver dag. São Paulo-kunden.",
    "Ærlig talt: Øresund, Åbenrå og æøå ÆØÅ – “citat” og ‘enkelt’ … § 3, stk. 2.",
    "Tabeller\tmed\ttab\r\nog Windows-linjeskift\r\n😀 emoji er fint.",
])
def test_ordinary_danish_text_is_never_called_binary_or_garbled(text):
    assert guard.text_problem(text) is None
    assert guard.check(text)

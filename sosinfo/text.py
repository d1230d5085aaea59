"""French text helpers shared by every layer: folding for comparisons, close-name suggestions."""

from __future__ import annotations

import functools
import re
import unicodedata

_SPECIAL = str.maketrans({"’": "'", "‘": "'", "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


_COMBINING = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"  # compiled on first use


def fold(text: str) -> str:
    """Lower case, no accents, typographic apostrophes made plain: « Salariés » -> « salaries »."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return re.sub(_COMBINING, "", decomposed).casefold()


def suggest(word: str, candidates: list[str]) -> str | None:
    """The closest candidate to ``word``, compared without case and accents, if any is close."""
    import difflib

    folded = {fold(candidate): candidate for candidate in candidates}
    match = difflib.get_close_matches(fold(word), list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None


def printable(text: str, limit: int = 60) -> str:
    """User input made safe to echo: control and format characters replaced, length bounded."""
    cleaned = "".join(c if c.isprintable() and unicodedata.category(c) != "Cf" else "?" for c in text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


TRANSLITERATION = "sosinfo-ascii"
_STAND_INS = {
    "€": "EUR",
    "$": "$",
    "«": '"',
    "»": '"',
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "—": "-",
    "–": "-",
    "…": "...",
    "•": "*",
    "→": "->",
    "⚠": "!",
    "█": "#",
    "▌": "|",
    "✔": "OK",
    "✘": "X",
    "·": "-",
    "œ": "oe",
    "Œ": "OE",
    "æ": "ae",
    "Æ": "AE",
    "ß": "ss",
    "\u202f": " ",
    "\xa0": " ",
    "°": "o",
    "×": "x",
    "−": "-",
}


def _transliterate(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    replaced = []
    for character in error.object[error.start : error.end]:
        stand_in = _STAND_INS.get(character)
        if stand_in is None:
            decomposed = unicodedata.normalize("NFKD", character)
            stand_in = "".join(c for c in decomposed if not unicodedata.combining(c) and ord(c) < 128) or "?"
        replaced.append(stand_in)
    return "".join(replaced), error.end


def register_transliteration() -> str:
    """Register (once) the error handler that writes « é » as « e » and « € » as « EUR »."""
    import codecs

    try:
        codecs.lookup_error(TRANSLITERATION)
    except LookupError:
        codecs.register_error(TRANSLITERATION, _transliterate)
    return TRANSLITERATION


# --- text from the knowledge base, made safe and typeset for display ----------------------------------

NNBSP = "\u202f"  # espace fine insécable: before « ; : ? ! », inside « », in numbers and before units
UNSAFE = re.compile(  # control, bidi and interlinear characters: never written as they are
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]"
)
_UNITS = r"(?:k|M|Md|G)?[€$%]|ans?\b|mois\b|pays\b|M\b|Md\b|millions?\b|milliards?\b"
_TYPOGRAPHY_RULES = [
    (r"(?<=\S)[ \u00a0]+(?=[;:?!»](?:\s|$|[.,)»\u00a0\u202f]))", NNBSP),  # « Salariés : » « oui ! »
    (r"(?<=«)[ \u00a0]+", NNBSP),
    (r"(?<=\d)[ \u00a0](?=\d{3}(?!\d))", NNBSP),  # 15 000
    (rf"(?<=\d)[ \u00a0](?={_UNITS})", NNBSP),  # 800 M€, 40 ans, 3 %
    (r"(?<=\bn°)[ \u00a0](?=\d)", NNBSP),
]


@functools.cache
def _typography() -> list[tuple[re.Pattern[str], str]]:
    """The rules, compiled when first text is typeset: a cached answer never needs them."""
    return [(re.compile(pattern), replacement) for pattern, replacement in _TYPOGRAPHY_RULES]


def safe(text: str) -> str:
    """Data made inert for any output: escape sequences, bidi overrides, NUL and C0/C1 controls
    (except newline and tab) replaced by « � ». The renderers' second wall, whatever the loader let in."""
    return UNSAFE.sub("\ufffd", text) if not text.isascii() or not text.isprintable() else text


_STYLE = "\x1b\\[[0-9;]{0,40}m"  # SGR: the only sequence a rendering writes (Rich's colours and styles)


def inert(output: str) -> str:
    """An answer as written to the terminal: the renderer's own styles (SGR sequences) kept, every
    other escape sequence, control or bidi character replaced by « � ». The filter of every answer
    written, fresh or read back from the cache, whatever the file it was read from holds."""
    if UNSAFE.search(output) is None:
        return output
    return re.sub(f"({_STYLE})|{UNSAFE.pattern}", lambda found: found.group(1) or "\ufffd", output)


def typeset(text: str) -> str:
    """French typography: thin non-breaking spaces before « ; : ? ! », inside « », in numbers and units."""
    for pattern, replacement in _typography():
        text = pattern.sub(replacement, text)
    return text


def typeset_spans(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """:func:`typeset` for a text with spans into it (highlighted words): the spans moved to match."""
    for pattern, replacement in _typography():
        pieces: list[str] = []
        moved: list[int] = []  # moved[i]: where the character i of ``text`` now starts
        last = length = 0
        for match in pattern.finditer(text):
            kept = text[last : match.start()]
            moved += range(length, length + len(kept))
            length += len(kept)
            moved += [length] * (match.end() - match.start())
            pieces += [kept, replacement]
            length += len(replacement)
            last = match.end()
        moved += range(length, length + len(text) - last + 1)
        pieces.append(text[last:])
        text = "".join(pieces)
        spans = [(moved[start], moved[end]) for start, end in spans]
    return text, spans


def display(text: str) -> str:
    """Any text shown to a person: safe, then typeset."""
    return typeset(safe(text))

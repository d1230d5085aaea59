"""French text helpers shared by every layer: folding for comparisons, close-name suggestions."""

from __future__ import annotations

import functools
import itertools
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


def is_number(text: str) -> bool:
    """Whether a person wrote a whole number: ASCII digits only, spaces around allowed.

    The one rule for numbers typed on the command line or set in the environment (``COLUMNS``):
    « ² », « ① » or « ١٢ » are digits to :meth:`str.isdigit` (and some to :func:`int`), not here.
    """
    text = text.strip()
    return text.isascii() and text.isdigit()


def whole_number(text: str, max_digits: int) -> int | None:
    """The number written in ``text`` by the rule of :func:`is_number`, if it has at most
    ``max_digits`` digits (leading zeros aside); None otherwise. :func:`int` is never asked for
    thousands of digits (past 4 300, Python refuses them with an error of its own)."""
    if not is_number(text):
        return None
    significant = text.strip().lstrip("0") or "0"
    return int(significant) if len(significant) <= max_digits else None


def printable(text: str, limit: int = 60) -> str:
    """User input made safe to echo: control and format characters replaced by « ? », any space by a
    plain one (a no-break space is no threat: it must not read « ? »), length bounded."""
    if text.isascii() and text.isprintable():
        cleaned = text
    else:
        cleaned = "".join(
            c if c.isprintable() else " " if unicodedata.category(c) == "Zs" else "?"  # controls, format (bidi): « ? »
            for c in text
        )
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
    (r"(?<=\S)[ \u00a0]+(?=[;:?!](?:\s|$|[.,)»\u00a0\u202f]))", NNBSP),  # « Salariés : » « oui ! »
    (r"(?<=\S)[ \u00a0]+(?=»)", NNBSP),  # a closing quote never opens a line
    (r"(?<=«)[ \u00a0]+", NNBSP),
    (r"(?<=\d)[ \u00a0](?=\d{3}(?!\d))", NNBSP),  # 15 000
    (rf"(?<=\d)[ \u00a0](?={_UNITS})", NNBSP),  # 800 M€, 40 ans, 3 %
    (r"(?<=\bn°)[ \u00a0](?=\d)", NNBSP),
    # a number stays with what it counts (« 4 DROM-COM », « 23 organisations ») and a label with its
    # number (« Question 4 », « en 2016 », « 130 « institutions » »): a space a line break may not take
    (r"(?<=\d) (?=[^\W\d_]|«)", "\u00a0"),
    (r"(?<=[^\W\d_]) (?=\d)", "\u00a0"),
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
    """An answer as written to the terminal: the renderer's own styles (SGR sequences) and line ends
    (CSV's « \\r\\n ») kept, every other escape sequence, control or bidi character replaced by « � »
    (a lone « \\r » would let a line overwrite another). The filter of every answer written, fresh or
    read back from the cache, whatever the file it was read from holds."""
    if UNSAFE.search(output) is None:
        return output
    return re.sub(f"({_STYLE}|\r\n)|{UNSAFE.pattern}", lambda found: found.group(1) or "\ufffd", output)


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
    """Any text shown to a person: safe, then French quotes and typography, except inside a command
    (« sosinfo recherche "budget" » is copied into a shell: its quotes and spaces stay as they are)."""
    text = safe(text)
    if "sosinfo" not in text:
        return typeset(french_quotes(text))
    pieces, last = [], 0
    for command in command_pattern().finditer(text):
        pieces += [typeset(french_quotes(text[last : command.start()])), command.group()]
        last = command.end()
    return "".join([*pieces, typeset(french_quotes(text[last:]))])


_STRAIGHT_QUOTES = r'(?<![\w"])"(?=\S)([^"\n]*?\S)"(?![\w"])'


def french_quotes(text: str) -> str:
    """« patrimoine immobilier » for "patrimoine immobilier" (text without a command: see :func:`display`)."""
    return re.sub(_STRAIGHT_QUOTES, r"« \1 »", text) if '"' in text else text


# --- a command written in a sentence, and plain text wrapped for a terminal --------------------------

# the command names, so that « sosinfo ne les invente pas » is not taken for a command (a test
# checks this list against the command line's own)
COMMAND_NAMES = (
    "faq",
    "chiffres",
    "gouvernance",
    "valeurs",
    "temoignages",
    "fondateur",
    "chronologie",
    "secteurs",
    "plaidoyers",
    "contact",
    "approche",
    "sources",
    "export",
    "verifier",
    "explorer",
    "schema",
    "recherche",
    "aide",
    "help",
)
_OPTION = r"--?[\w-]+(?:=[\w.-]+)?"
_WORD = r"[\w./-]*\w"


@functools.cache
def command_pattern() -> re.Pattern[str]:
    """« sosinfo faq 7 », « sosinfo -f json recherche "budget" -t faq »: the program, its options, a
    command name and what follows it that looks like arguments (compiled on first use)."""
    names = "|".join(COMMAND_NAMES)
    options = rf"(?: {_OPTION}(?: (?!(?:{names})\b){_WORD})?)*"
    arguments = rf"(?: (?:{_OPTION}|(?!sosinfo\b){_WORD})){{0,4}}"
    quoted = rf"(?: \"[^\"\n]*\"(?: {_OPTION}(?: {_WORD})?)*)?"
    return re.compile(rf"\bsosinfo{options}(?: (?:{names})\b{arguments}{quoted})?")


COMMAND_SPACE = "\ue002"  # private use: a space a wrapped line never breaks at, written as a space


def glue_commands(text: str, longest: int | None = None) -> str:
    """Each command written in ``text`` made one unbreakable word (:data:`COMMAND_SPACE` between its words).

    With ``longest``, a longer command stays breakable before its options: a word wider than the line
    would be cut inside (« --indicat / eur »), which is worse; an option keeps its value.
    """
    if "sosinfo" not in text:
        return text

    def glued(found: re.Match[str]) -> str:
        command = found.group()
        if longest is None or len(command) <= longest:
            return command.replace(" ", COMMAND_SPACE)
        # too long for one line: it breaks before an option, never between an option and its value
        words = command.split(" ")
        return words[0] + "".join(
            (COMMAND_SPACE if previous == "sosinfo" or _option_and_value(previous, word) else " ") + word
            for previous, word in itertools.pairwise(words)
        )

    return command_pattern().sub(glued, text)


def lower_first(text: str) -> str:
    """« Indicateur inconnu » -> « indicateur inconnu », to follow a colon; « SOS », « Jean-Marc », « A » stay."""
    if text[:2] in ("Y ", "À ") or re.match(r"(?:[CDJLMNST]|Qu)['’]\w", text):  # « Y siègent… », « L'encadré… »
        return text[0].lower() + text[1:]
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        word = re.match(r"[^\W\d_]+(?:-[^\W\d_]+)*", text)
        if word is not None and "-" not in word.group() and word.group()[1:].islower():
            return text[0].lower() + text[1:]
    return text


_OPTION_NAME = r"--?[a-z][\w-]*"  # a letter first: « -5 » is a number (compiled on first use)


def _option_and_value(previous: str, word: str) -> bool:
    """« --indicateur salaries », « --format json »: an option and the value that follows it, one rule for
    the commands written in answers and for the options named in messages."""
    return re.fullmatch(_OPTION_NAME, previous) is not None and not word.startswith("-")


def glue_options(text: str) -> str:
    """An option kept with the word before it and with its value (« sources --conflits », « --format json »):
    a wrapped line never starts with an option, nor splits one from its value."""
    words = text.split(" ")
    glued = [words[0]]
    for previous, word in itertools.pairwise(words):
        is_option = re.fullmatch(_OPTION_NAME, word.rstrip(",.;)")) is not None
        follows_word = previous[-1:].isalnum() or previous[-1:] == ")"
        glued.append((COMMAND_SPACE if (is_option and follows_word) or _option_and_value(previous, word) else " ") + word)
    return "".join(glued)


CODE_INDENT = "    "  # a line of a message indented so is code (a line added to a shell's start-up file)


def wrap(text: str, width: int) -> str:
    """Plain text (a message) wrapped at ``width``, at word boundaries only: never inside a word, between
    a number and its unit, inside « a quotation » or a command; no line starts with « : », « ; » or « » ».
    A line indented by :data:`CODE_INDENT` is code, never wrapped."""
    import textwrap

    lines = []
    for paragraph in text.split("\n"):
        if paragraph.startswith(CODE_INDENT):  # a line to copy into a shell or a file: as it is
            lines.append(paragraph)
            continue
        # textwrap breaks at ASCII spaces only: no-break spaces and command spaces hold meanwhile
        glued = typeset(glue_options(glue_commands(paragraph)))
        wrapped = textwrap.wrap(glued, width, break_long_words=False, break_on_hyphens=False) or [""]
        lines += [line.replace(COMMAND_SPACE, " ").replace(NNBSP, " ").replace("\xa0", " ") for line in wrapped]
    return "\n".join(lines)

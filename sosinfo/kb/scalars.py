"""What a YAML scalar means: the YAML 1.2 core schema, bounded numbers, no control characters.

PyYAML resolves plain scalars by YAML 1.1, where ``1:30`` is the number 90 and ``010`` is 8;
here they are typed by the YAML 1.2 core schema instead (``1:30`` and ``yes`` stay texts) and
``010`` is refused as ambiguous. Numbers are finite and at most :data:`MAX_NUMBER` in absolute
value. Texts never hold characters that drive a terminal or reorder what it shows, and a
quoted text never writes a visible character as an escape (``\\u00e8`` for « è »): an escape
hides the word from whoever reads the file, and from any tool that compares it with the sources.

Imported only when a YAML file is read: its patterns are compiled then, not at every start.
"""

from __future__ import annotations

import math
import re

from sosinfo.errors import Problem

MAX_NUMBER = 10**15  # money in euros and head counts stay far below; beyond, a float loses units

_PREFIX = "tag:yaml.org,2002:"
STR = _PREFIX + "str"
INT = _PREFIX + "int"
FLOAT = _PREFIX + "float"
BOOL = _PREFIX + "bool"
NULL = _PREFIX + "null"
TIMESTAMP = _PREFIX + "timestamp"

# the YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_DECIMAL = re.compile(r"[-+]?[0-9]+")
_OCTAL = re.compile(r"0o[0-7]+")
_HEXADECIMAL = re.compile(r"0x[0-9a-fA-F]+")
_REAL = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INFINITE = re.compile(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")
_MAYBE_TYPED = frozenset("0123456789+-.~nNtTfF")  # a plain scalar starting otherwise is a text

# refused in every text: C0 controls but tab and line feed, DEL, C1 controls (ESC and CSI start
# terminal escapes, OSC sets titles and links), bidirectional embeddings, overrides and isolates
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# the same in the file itself, where CR is a line break
_FORBIDDEN_RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_STAND_IN = "\ufffd"
# in a double-quoted scalar: a numeric escape, or any other escaped character (consumed, so that
# « \\u00e8 », an escaped backslash then the text « u00e8 », is not read as an escape)
_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|.)", re.DOTALL)


class ScalarError(ValueError):
    """A scalar that cannot be accepted; the message says why, in French.

    ``kept`` is the text to read on with when the scalar is a text with a refused character: the
    base is refused all the same, but its keys and references are still checked.
    """

    def __init__(self, message: str, kept: str | None = None) -> None:
        super().__init__(message)
        self.kept = kept


def forbidden_message(character: str) -> str:
    """« caractère interdit U+001B (échappement de terminal) »."""
    code = ord(character)
    if code == 0:
        kind = "caractère nul"
    elif code == 0x1B:
        kind = "échappement de terminal"
    elif code in (0x9B, 0x9D):
        kind = "commande de terminal"
    elif 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        kind = "contrôle de direction du texte"
    else:
        kind = "caractère de contrôle"
    return f"caractère interdit U+{code:04X} ({kind})"


def check_text(text: str) -> None:
    """:class:`ScalarError` if ``text`` holds a refused character."""
    if text.isprintable():
        return
    found = FORBIDDEN.search(text)
    if found is not None:
        raise ScalarError(forbidden_message(found.group()), kept=text)


def visible_escapes(written: str) -> list[str]:
    """A problem for each numeric escape of a visible character in ``written``, a double-quoted scalar as written.

    An escape may write what cannot be seen (a no-break space, U+202F); a letter or a sign must be
    written as itself. Control characters are refused once decoded, whatever their form.
    """
    found = []
    for match in _ESCAPE.finditer(written):
        digits = match.group(1) or match.group(2) or match.group(3)
        if digits is None:
            continue
        code = int(digits, 16)
        if code <= 0x10FFFF and chr(code).isprintable():
            found.append(
                f"échappement « {match.group()} » d'un caractère visible (« {chr(code)} ») : "
                "écrivez le caractère lui-même (un échappement cache le texte à la relecture)"
            )
    return found


def refuse_raw_controls(text: str, name: str, problems: list[Problem]) -> str:
    """Report each line of the file that holds a refused character; parse on with a harmless stand-in.

    libyaml would stop at the first raw control character with an English message and no line,
    and lets bidirectional overrides through.
    """
    if _FORBIDDEN_RAW.search(text) is None:
        return text
    line, counted, last_line = 1, 0, 0
    for match in _FORBIDDEN_RAW.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if line != last_line:  # one problem per line is enough to find them all
            problems.append(Problem(name, line, forbidden_message(match.group())))
            last_line = line
    return _FORBIDDEN_RAW.sub(_STAND_IN, text)


def _shown(value: str) -> str:
    """A scalar quoted as French quotes it: « 010 » (not Python's ``'010'``)."""
    if not value:
        return "vide"
    return f"« {value if len(value) <= 30 else value[:29] + '…'} »"


def _number(value: str) -> int | float | None:
    """The number ``value`` writes by the core schema, None if it writes none."""
    if _DECIMAL.fullmatch(value):
        if _LEADING_ZERO.fullmatch(value):
            raise ScalarError(
                f"nombre ambigu {_shown(value)} (zéro initial : octal en YAML 1.1, décimal en YAML 1.2) ; "
                "écrivez-le sans zéro initial, ou entre guillemets pour un texte"
            )
        return _bounded(value, int, 10)
    if _OCTAL.fullmatch(value):
        return _bounded(value[2:], int, 8)
    if _HEXADECIMAL.fullmatch(value):
        return _bounded(value[2:], int, 16)
    if _REAL.fullmatch(value):
        return _bounded(value, float, 10)
    if _INFINITE.fullmatch(value):
        raise ScalarError(f"nombre non fini {_shown(value)} refusé (un nombre doit être fini)")
    return None


def _bounded(digits: str, kind: type[int] | type[float], base: int) -> int | float:
    too_big = f"nombre hors limites {_shown(digits)} (au plus 10^15 en valeur absolue)"
    if len(digits) > 40 and kind is int:  # never ask int() for thousands of digits
        raise ScalarError(too_big)
    number = int(digits, base) if kind is int else float(digits)
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        raise ScalarError(too_big)
    return number


def resolve(value: str, tag: str | None, plain: bool) -> str | int | float | bool | None:
    """The value of a scalar: ``tag`` is its explicit tag (None or "!" if none), ``plain`` says it was unquoted.

    :class:`ScalarError` names what is wrong with it.
    """
    if tag is None and plain:
        if value and value[0] not in _MAYBE_TYPED:
            check_text(value)
            return value
        if value.isdigit() and value.isascii() and len(value) <= 15 and (value[0] != "0" or len(value) == 1):
            return int(value)  # the most common number, decided without a pattern
        if value in _NULLS:
            return None
        if value in _BOOLS:
            return _BOOLS[value]
        number = _number(value)
        if number is not None:
            return number
        check_text(value)
        return value
    if tag is None or tag in ("!", STR, TIMESTAMP):  # quoted, non-specific, or a date kept as written
        check_text(value)
        return value
    if tag == NULL:
        if value in _NULLS:
            return None
    elif tag == BOOL:
        if value in _BOOLS:
            return _BOOLS[value]
    elif tag in (INT, FLOAT):
        number = _number(value)
        if number is not None and (tag == FLOAT or isinstance(number, int)):
            return float(number) if tag == FLOAT else number
    else:
        raise ScalarError(f"étiquette YAML non autorisée : {tag}")
    return _illegible(value, tag)


def _illegible(value: str, tag: str) -> str:
    raise ScalarError(f"valeur illisible pour l'étiquette !!{tag.removeprefix(_PREFIX)} : {_shown(value)}")

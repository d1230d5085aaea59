"""Figures written the French way: « 1,367 Md€ », « 800 M€ », « 15 000 », « 0,4 % », « 40 ans ».

A number and its unit, and the groups of a number, are joined by a thin non-breaking space
(U+202F): a line never starts with « M€ » or « 000 ». Outputs that cannot take it get a space.
"""

from __future__ import annotations

# the base writes units as words (« euros », « établissements »); scripts read identifiers: a currency
# as its ISO 4217 code, « % » as « pourcent », any other unit without accents (« etablissements »)
CURRENCIES = {"euros": "EUR", "dollars US": "USD"}
_SYMBOLS = {"EUR": "€", "USD": "$"}
_CURRENCY = {word: _SYMBOLS[code] for word, code in CURRENCIES.items()} | _SYMBOLS
PERCENT = ("%", "pourcent")
# how close a figure is to its value: the identifier (``model.Approximation``) -> its French words
APPROXIMATIONS = {"environ": "environ", "plus-de": "plus de", "pres-de": "près de"}
NNBSP = "\u202f"
MINUS = "\u2212"  # « −5 M€ »: the minus sign, as the sources and the FAQ answers write it, never a hyphen
SHOWN_UNITS = frozenset({"ans", "mois"})  # units a bare number would not make obvious


def _decimal(number: float, digits: int) -> str:
    text = f"{number:.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",").replace("-", MINUS)


def grouped(number: int) -> str:
    """15000 -> « 15 000 » (with a thin non-breaking space)."""
    sign = MINUS if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", NNBSP)


def unit_identifier(unit: str) -> str:
    """« euros » -> « EUR », « % » -> « pourcent », « établissements » -> « etablissements »."""
    from sosinfo.text import fold

    if unit in CURRENCIES:
        return CURRENCIES[unit]
    return "pourcent" if unit in PERCENT else fold(unit).replace(" ", "-")


def currency(unit: str) -> str | None:
    """The ISO 4217 code of a money unit (« EUR »), None for anything else."""
    return CURRENCIES.get(unit) or (unit if unit in _SYMBOLS else None)


def format_value(value: int | float, unit: str, qualifier: str | None = None, with_unit: bool = False) -> str:
    """A figure as a reader expects it, with its qualifier (« plus de », « environ »).

    ``unit`` and ``qualifier`` are read as the base writes them or as their identifiers (« EUR »,
    « pres-de »), so a figure read back from its JSON record is written the same way.

    Money, percentages and durations always carry their unit; other units (« personnes ») only
    when ``with_unit`` (a chart, where no column says what is counted).
    """
    text = _format(value, unit)
    if (with_unit or unit in SHOWN_UNITS) and unit not in _CURRENCY and unit not in PERCENT and unit:
        text = f"{text}{NNBSP}{unit}"
    qualifier = APPROXIMATIONS.get(qualifier or "", qualifier)
    if qualifier:
        elided = qualifier.endswith("de") and text[:1] in "aeiouyh"
        text = f"{qualifier[:-1]}'{text}" if elided else f"{qualifier} {text}"
    return text


def _format(value: int | float, unit: str) -> str:
    symbol = _CURRENCY.get(unit)
    if symbol is not None:
        magnitude = abs(value)
        sign = MINUS if value < 0 else ""
        if magnitude >= 1_000_000_000:
            return f"{sign}{_decimal(magnitude / 1e9, 3)}{NNBSP}Md{symbol}"  # 1,367 Md€: the sources give three decimals
        if magnitude >= 1_000_000:
            return f"{sign}{_decimal(magnitude / 1e6, 2)}{NNBSP}M{symbol}"
        return f"{sign}{grouped(int(magnitude))}{NNBSP}{symbol}"
    if unit in PERCENT:
        return f"{_decimal(float(value), 2)}{NNBSP}%"
    if isinstance(value, float) and not value.is_integer():
        return _decimal(value, 2)
    number = int(value)
    if abs(number) >= 1_000_000 and number % 1_000_000 == 0:
        millions = abs(number) // 1_000_000
        return f"{millions}{NNBSP}million{'s' if millions > 1 else ''}"
    return grouped(number)


def year_label(year: int | None, precision: str) -> str:
    """« 2016 », « 2008 (déduite) » or « non daté »."""
    if year is None:
        return "non daté"
    return f"{year} (déduite)" if precision == "deduite" else str(year)


def rank_label(rank: int) -> str:
    """« 1er », « 2e », « 5e »."""
    return "1er" if rank == 1 else f"{rank}e"


def bar(value: float, largest: float, width: int) -> str:
    """A horizontal bar of ``width`` cells at most, proportional to ``value`` (0 or less: none)."""
    if largest <= 0 or value <= 0:
        return ""
    cells = max(1, round(width * value / largest))
    return "█" * cells


def axis_bars(values: list[float], width: int) -> list[str]:
    """Bars around a vertical axis « │ »: negative values to its left, positive to its right.

    Every returned string has the same length, so the axis lines up. Without a negative value
    the axis is at the left edge.
    """
    lowest = min([0.0, *values])
    highest = max([0.0, *values])
    span = highest - lowest
    if span <= 0:
        return ["│" + " " * (width - 1) for _ in values]
    left = round((width - 1) * -lowest / span) if lowest < 0 else 0
    right = width - 1 - left
    out = []
    for value in values:
        if value < 0:
            cells = max(1, round(left * -value / -lowest))
            out.append(" " * (left - cells) + "█" * cells + "│" + " " * right)
        else:
            cells = max(1, round(right * value / highest)) if value > 0 and highest > 0 else 0
            out.append(" " * left + "│" + "█" * cells + " " * (right - cells))
    return out

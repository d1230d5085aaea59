"""Figures written the French way: « 1,37 Md€ », « 800 M€ », « 15 000 », « 0,4 % »."""

from __future__ import annotations

_CURRENCY = {"euros": "€", "dollars US": "$"}


def _decimal(number: float, digits: int) -> str:
    text = f"{number:.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def grouped(number: int) -> str:
    """15000 -> « 15 000 » (a plain space, which every terminal and encoding can show)."""
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", " ")


def format_value(value: int | float, unit: str, qualifier: str | None = None) -> str:
    """A figure as a reader expects it, with its qualifier (« plus de », « environ »)."""
    text = _format(value, unit)
    if qualifier:
        elided = qualifier.endswith("de") and text[:1] in "aeiouyh"
        text = f"{qualifier[:-1]}'{text}" if elided else f"{qualifier} {text}"
    return text


def _format(value: int | float, unit: str) -> str:
    symbol = _CURRENCY.get(unit)
    if symbol is not None:
        magnitude = abs(value)
        sign = "-" if value < 0 else ""
        if magnitude >= 1_000_000_000:
            return f"{sign}{_decimal(magnitude / 1e9, 2)} Md{symbol}"
        if magnitude >= 1_000_000:
            return f"{sign}{_decimal(magnitude / 1e6, 2)} M{symbol}"
        return f"{sign}{grouped(int(magnitude))} {symbol}"
    if unit == "%":
        return f"{_decimal(float(value), 2)} %"
    if isinstance(value, float) and not value.is_integer():
        return _decimal(value, 2)
    number = int(value)
    if abs(number) >= 1_000_000 and number % 1_000_000 == 0:
        millions = abs(number) // 1_000_000
        return f"{millions} million{'s' if millions > 1 else ''}"
    return grouped(number)


def year_label(year: int | None, precision: str) -> str:
    """« 2016 », « 2008 (déduite) » or « non daté »."""
    if year is None:
        return "non daté"
    return f"{year} (déduite)" if precision == "deduite" else str(year)


def bar(value: float, largest: float, width: int) -> str:
    """A horizontal bar of ``width`` cells at most, proportional to ``value``."""
    if largest <= 0 or value <= 0:
        return ""
    cells = max(1, round(width * value / largest))
    return "█" * cells

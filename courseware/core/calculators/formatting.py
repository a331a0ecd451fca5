"""Numbers written the way the course writes them: 2,000 customers, $18, 80.0%, −$6.

The worked steps and the person-readable output share these, so a learner sees the same figures in
the app, on the command line and in the course text.
"""

from __future__ import annotations

MINUS = "−"


def _signed(text: str, negative: bool) -> str:
    return f"{MINUS}{text}" if negative else text


def fmt_number(value: float, places: int = 2) -> str:
    """At most ``places`` decimals, trailing zeros dropped, thousands separated: 2,000 or 1.5."""
    rounded = round(value, places)
    text = f"{abs(rounded):,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _signed(text, rounded < 0)


def fmt_money(value: float) -> str:
    """Whole dollars when the amount is whole, else cents: $18, $1.50, −$6."""
    rounded = round(value, 2)
    amount = abs(rounded)
    text = f"${amount:,.0f}" if amount == int(amount) else f"${amount:,.2f}"
    return _signed(text, rounded < 0)


def fmt_percent(fraction: float, places: int = 1, *, sign: bool = False) -> str:
    """A fraction shown as a percentage with one decimal: 0.8 → 80.0%; ``sign`` adds a + when positive."""
    rounded = round(fraction * 100, places)
    text = f"{abs(rounded):,.{places}f}%"
    if rounded < 0:
        return f"{MINUS}{text}"
    return f"+{text}" if sign and rounded > 0 else text


def fmt_value(kind: str, value: float) -> str:
    """Show ``value`` as its kind (``count``, ``money``, ``rate``, ``change``, ``months``, ...)."""
    if kind == "money":
        return fmt_money(value)
    if kind == "rate":
        return fmt_percent(value)
    if kind == "change":
        return fmt_percent(value, sign=True)
    if kind == "months":
        return f"{fmt_number(value)} month{'' if value == 1 else 's'}"
    if kind == "years":
        return f"{fmt_number(value)} year{'' if value == 1 else 's'}"
    if kind == "score":
        return fmt_number(value, 1)
    return fmt_number(value)

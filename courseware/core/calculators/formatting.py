"""Numbers written the way the course writes them (2,000 customers, $18, 80.0%, −$6), rounded one way.

Every figure a calculator prints goes through here, so there is one rounding rule (half away from
zero, on the exact value) and a result always reads the same as the last figure of its step. Operands
of a step are printed exactly (``exact_*``): a step recomputed from what it shows gives what it shows.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from courseware.core.text import printable

MINUS = "−"
Number = Fraction | Decimal | float | int
EXACT_PLACES = 6
"""An operand with at most this many decimals is printed in full; others as a quotient in brackets."""


def quoted(value: object, limit: int = 30) -> str:
    """Any value as one short line for an error message: control characters shown, long text cut."""
    text = printable(str(value)).replace("\n", "\\n").replace("\t", "\\t")
    return text if len(text) <= limit else f"{text[:limit - 1]}…"


def exact(value: Number) -> Fraction:
    """``value`` as an exact fraction; a float is taken as the decimal it prints as (0.1 is 1/10)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def rounded(value: Number, places: int) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals: 21.25 → 21.3, −0.5 → −1."""
    scaled = abs(exact(value)) * 10**places
    whole = int(scaled + Fraction(1, 2))
    result = Decimal(whole).scaleb(-places)
    return -result if value < 0 and whole else result


def _grouped(amount: Decimal, places: int, *, trim: bool) -> str:
    text = f"{abs(amount):,.{places}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _signed(text: str, negative: bool) -> str:
    return f"{MINUS}{text}" if negative else text


def fmt_number(value: Number, places: int = 2) -> str:
    """At most ``places`` decimals, trailing zeros dropped, thousands separated: 2,000 or 1.5."""
    amount = rounded(value, places)
    return _signed(_grouped(amount, places, trim=True), amount < 0)


def fmt_money(value: Number) -> str:
    """Whole dollars when the rounded amount is whole, else cents: $18, $1.50, −$6."""
    amount = rounded(value, 2)
    places = 0 if amount == amount.to_integral_value() else 2
    return _signed("$" + _grouped(amount, places, trim=False), amount < 0)


def fmt_percent(fraction: Number, places: int = 1, *, sign: bool = False) -> str:
    """A fraction shown as a percentage with ``places`` decimals: 0.8 → 80.0%; ``sign`` adds + above 0."""
    amount = rounded(exact(fraction) * 100, places)
    text = _grouped(amount, places, trim=False) + "%"
    if amount < 0:
        return f"{MINUS}{text}"
    return f"+{text}" if sign and amount > 0 else text


def plural(count: Number, word: str, words: str | None = None) -> str:
    """``1 month``, ``2 months``, ``1.5 months``: the word agrees with the number as printed."""
    shown = fmt_number(count)
    return f"{shown} {word if shown == '1' else (words or word + 's')}"


def fmt_value(kind: str, value: Number) -> str:
    """Show ``value`` as its kind (``count``, ``money``, ``rate``, ``change``, ``months``, ...)."""
    if kind == "money":
        return fmt_money(value)
    if kind == "rate":
        return fmt_percent(value)
    if kind == "change":
        return fmt_percent(value, sign=True)
    if kind == "months":
        return plural(value, "month")
    if kind == "years":
        return plural(value, "year")
    if kind == "score":
        return fmt_number(value, 1)
    if kind == "ratio":
        return f"{fmt_number(value)}x"
    return fmt_number(value)


def _terminating(value: Fraction) -> tuple[Decimal, int] | None:
    """``value`` as a Decimal and its number of decimals, when it has at most ``EXACT_PLACES``."""
    for places in range(EXACT_PLACES + 1):
        scaled = value * 10**places
        if scaled.denominator == 1:
            return Decimal(scaled.numerator).scaleb(-places), places
    return None


def terminates(value: Number) -> bool:
    """Whether ``value`` can be printed in full (at most ``EXACT_PLACES`` decimals)."""
    return _terminating(exact(value)) is not None


def _quotient(value: Fraction, numerator: str) -> str:
    return f"({numerator} ÷ {exact_number(value.denominator)})"


def exact_number(value: Number) -> str:
    """An operand printed in full: 2,000, 1.5, 0.083 (or ``(7 ÷ 12)`` when it does not terminate)."""
    fraction = exact(value)
    found = _terminating(fraction)
    if found is None:
        return _quotient(fraction, exact_number(fraction.numerator))
    decimal, places = found
    return _signed(_grouped(decimal, places, trim=False), decimal < 0)


def exact_money(value: Number) -> str:
    """An amount printed in full: $18, $29.70, $0.125 (cents always shown when there are any)."""
    fraction = exact(value)
    found = _terminating(fraction)
    if found is None:
        return _quotient(fraction, exact_money(fraction.numerator))
    decimal, places = found
    shown = 0 if places == 0 else max(2, places)
    return _signed("$" + _grouped(decimal, shown, trim=False), decimal < 0)


def exact_percent(fraction: Number) -> str:
    """A rate printed in full as a percentage: 0.02 → 2%, 0.025 → 2.5%, 1/3 → (1 ÷ 3)."""
    value = exact(fraction)
    if _terminating(value * 100) is None:
        return _quotient(value, exact_number(value.numerator))
    return exact_number(value * 100) + "%"

"""The one strict reader of typed numbers and units, shared by the command line, the app and quiz files.

A tool that teaches arithmetic must never guess: ``4²`` is not 42, ``4 5`` is not 45, ``18 months`` is
not 18 years and ``0.02`` for a percentage is probably a fraction typed by mistake. Every reader here
either returns the exact value the person meant, as a ``Decimal`` so that cents compare exactly, or
raises a ``QuantityError`` whose one line names the value and says what was expected.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from courseware.core.errors import AnswerFormatError
from courseware.core.text import printable

LARGEST = Decimal(10) ** 15
"""No value may reach this: far above any real figure, small enough that every sum stays exact."""

_SHOWN = 40
"""How much of a refused value an error message quotes: a pasted page must still give one line."""


class QuantityError(AnswerFormatError):
    """A value that cannot be read as the quantity asked for; the message names it and what was expected.

    ``value`` is the text as typed and ``reason`` what is wrong with it, so that a caller can put the
    option's name in front (``--lost: '4 5' has a space inside the number``).
    """

    exit_code = 2

    def __init__(self, value: str, reason: str) -> None:
        self.value = value
        self.reason = reason
        super().__init__(f"'{_quoted(value)}' {reason}")


def _quoted(value: str) -> str:
    shown = printable(value).replace("\n", "\\n").replace("\t", "\\t")
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"


@dataclass(frozen=True)
class Unit:
    """A unit's dimension and the factor that turns one of it into the dimension's base unit."""

    dimension: str
    factor: Decimal


_DAYS_PER_YEAR = Decimal("365.25")
_TIME = {
    ("day", "days", "d"): Decimal(1),
    ("week", "weeks", "wk", "wks", "w"): Decimal(7),
    ("month", "months", "mo", "mos", "mth", "mths"): _DAYS_PER_YEAR / 12,
    ("year", "years", "yr", "yrs", "y"): _DAYS_PER_YEAR,
}
_SINGLE = {
    "USD": ("$", "usd", "us$", "dollar", "dollars"),
    "EUR": ("€", "eur", "euro", "euros"),
    "GBP": ("£", "gbp", "pound", "pounds"),
    "percent": ("%", "percent", "pct"),
    "ratio": ("x", "×", "times", ":1"),
    "points": ("point", "points", "pt", "pts"),
    "customers": ("customer", "customers"),
    "accounts": ("account", "accounts"),
    "logos": ("logo", "logos"),
    "users": ("user", "users"),
    "people": ("person", "people"),
    "responses": ("response", "responses"),
    "promoters": ("promoter", "promoters"),
    "detractors": ("detractor", "detractors"),
    "passives": ("passive", "passives"),
}


def _table() -> dict[str, Unit]:
    table = {alias: Unit("time", factor) for aliases, factor in _TIME.items() for alias in aliases}
    for dimension, aliases in _SINGLE.items():
        table.update({alias: Unit(dimension, Decimal(1)) for alias in aliases})
    return table


UNITS: dict[str, Unit] = _table()
"""Every unit name and alias (lower case) -> its dimension and factor to the base unit (days for time).

Currencies are separate dimensions (no exchange rates); a year is 365.25 days and a month a twelfth
of it, so that ``18 months`` is exactly 1.5 years.
"""

_CURRENCIES = frozenset({"USD", "EUR", "GBP"})
_TIME_UNITS = ("days", "weeks", "months", "years")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ₀₁₂₃₄₅₆₇₈₉"
_ALLOWED_OTHER = frozenset("€£×−")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "−": "-"})

_FORM = re.compile(r"""
    (?P<sign>[-+]?)\s*
    (?P<prefix>[^\d\s.,+-]*?)\s*
    (?P<innersign>[-+]?)
    (?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)
    (?P<suffix>:1|[^\d]*?)
""", re.VERBOSE)
_SPACE_INSIDE = re.compile(r"[\d.,]\s+[\d.,]")
_DOUBLED = re.compile(r"[-+]\s*[-+]|([%$€£])\s*\1")


@dataclass(frozen=True)
class _Parts:
    """A typed value split into its number and the words or signs before and after it."""

    number: Decimal
    prefix: str
    suffix: str


def _split(text: str) -> _Parts:
    """The number and its surrounding words, or a ``QuantityError`` saying exactly what is wrong."""
    if not isinstance(text, str):
        raise QuantityError(str(text), "is not text")
    cleaned = text.translate(_SPACES).strip()
    if not cleaned:
        raise QuantityError(text, "is empty: type a number")
    for char in cleaned:
        if char in _SUPERSCRIPTS:
            raise QuantityError(text, "has a superscript or subscript: write the number in plain digits")
        if char == "_":
            raise QuantityError(text, "has an underscore: write the number without it (1000 or 1,000)")
        if not char.isascii() and char not in _ALLOWED_OTHER:
            if unicodedata.category(char).startswith("N"):
                raise QuantityError(text, "has a digit that is not 0-9: write it in plain digits")
            raise QuantityError(text, f"has a character ('{_quoted(char)}') a number cannot hold")
    if _SPACE_INSIDE.search(cleaned):
        raise QuantityError(text, "has a space inside the number")
    if _DOUBLED.search(cleaned):
        raise QuantityError(text, "has a doubled sign")
    match = _FORM.fullmatch(cleaned)
    if match is None or (match["sign"] and match["innersign"]):
        if re.search(r"\d,|,\d", cleaned):
            raise QuantityError(text, "has separators out of place: write 1,200 or 1200")
        raise QuantityError(text, "is not a number")
    digits = match["number"].replace(",", "")
    number = Decimal(digits)
    if abs(number) >= LARGEST:
        raise QuantityError(text, f"is too large (it must be below {LARGEST:,})")
    if "-" in (match["sign"], match["innersign"]):
        number = -number
    return _Parts(number + 0, match["prefix"].strip().lower(), match["suffix"].strip())


def _unit_of(word: str) -> Unit | None:
    return UNITS.get(word.lower())


def read_count(text: str) -> int:
    """A whole, non-negative number of things: no ``%``, currency, unit or fraction."""
    parts = _split(text)
    if parts.prefix or parts.suffix:
        raise QuantityError(text, "is not a count: type a whole number without a sign or unit")
    if parts.number < 0:
        raise QuantityError(text, "is negative: a count is 0 or more")
    if parts.number != parts.number.to_integral_value():
        raise QuantityError(text, "is not a whole number: a count has no fraction")
    return int(parts.number)


_SCALES = {"k": Decimal(1000), "K": Decimal(1000), "M": Decimal(1_000_000)}


def read_money(text: str) -> Decimal:
    """An amount of money: one optional currency sign or word, separators in their places, ``k``/``M``."""
    return _money(text)[0]


def _money(text: str) -> tuple[Decimal, str | None]:
    """The amount and the currency it was typed in (None when bare)."""
    parts = _split(text)
    suffix = parts.suffix
    scale = Decimal(1)
    if suffix[:1] in _SCALES and (len(suffix) == 1 or not suffix[1].isalpha()):
        scale, suffix = _SCALES[suffix[0]], suffix[1:].strip()
    currencies = []
    for word in (parts.prefix, suffix):
        if word:
            unit = _unit_of(word)
            if unit is None or unit.dimension not in _CURRENCIES:
                raise QuantityError(text, "is not an amount of money: type a number with at most one "
                                          "currency sign ($1,200, 85k, $1.2M)")
            currencies.append(unit.dimension)
    if len(currencies) > 1:
        raise QuantityError(text, "has more than one currency sign")
    amount = parts.number * scale
    if abs(amount) >= LARGEST:
        raise QuantityError(text, f"is too large (it must be below {LARGEST:,})")
    return amount, currencies[0] if currencies else None


def read_percent(text: str, *, allow_fraction_below_one: bool = False) -> Decimal:
    """A percentage typed as ``4`` or ``4%`` -> ``Decimal("4")``.

    A bare value strictly between 0 and 1 is refused unless ``allow_fraction_below_one``: people who
    type 0.02 for a 2% rate mean the fraction, and reading it as 0.02% would be a silent wrong answer.
    """
    parts = _split(text)
    if parts.prefix or (parts.suffix and _dimension(parts.suffix) != "percent"):
        raise QuantityError(text, "is not a percentage: type it as 4 or 4%")
    bare = not parts.suffix
    if bare and not allow_fraction_below_one and 0 < abs(parts.number) < 1:
        shown = _quoted(text.strip())
        raise QuantityError(text, f"is below 1: {shown} would be {shown}%: write "
                                  f"{_plain(parts.number * 100)} or {_plain(parts.number * 100)}%")
    return parts.number


def _plain(value: Decimal) -> str:
    """A Decimal as people write it: no exponent, no trailing zeros."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _dimension(word: str) -> str | None:
    unit = _unit_of(word)
    return unit.dimension if unit else None


def _time_unit(unit: str) -> Unit:
    found = _unit_of(unit)
    if found is None or found.dimension != "time":
        raise ValueError(f"{unit!r} is not a unit of time ({', '.join(_TIME_UNITS)})")
    return found


def read_duration(text: str, unit: str) -> Decimal:
    """A length of time in ``unit`` (days, weeks, months or years); ``18 months`` for years is 1.5."""
    target = _time_unit(unit)
    parts = _split(text)
    if parts.prefix:
        raise QuantityError(text, f"is not a duration: type a number of {unit}, or one with its unit "
                                  "(18 months, 2 years)")
    source = _unit_of(parts.suffix) if parts.suffix else target
    if source is None or source.dimension != "time":
        raise QuantityError(text, f"is not a duration: type a number of {unit}, or one with its unit "
                                  "(18 months, 2 years)")
    if parts.number < 0:
        raise QuantityError(text, "is negative: a duration is 0 or more")
    return _convert(parts.number, source, target)


def _convert(value: Decimal, source: Unit, target: Unit) -> Decimal:
    if source.factor == target.factor:
        return value
    converted = value * source.factor / target.factor
    return converted.to_integral_value() if converted == converted.to_integral_value() else converted.normalize()


def read_answer(text: str, unit: str | None) -> Decimal:
    """A typed answer to a numeric question whose expected unit is ``unit`` (a question's ``unit:``).

    A unit of the same dimension is converted (``1.5 years`` is 18 for months); a unit of another
    dimension is refused naming the expected one. Money accepts its currency, ``k`` and ``M``; ``%``
    accepts ``80%`` and ``80``; ratios accept ``3x``, ``3 times`` and ``3:1``.
    """
    expected = _unit_of(unit) if unit else None
    if expected is not None and expected.dimension in _CURRENCIES:
        amount, currency = _money(text)
        if currency not in (None, expected.dimension):
            raise QuantityError(text, _expected(unit))
        return amount
    parts = _split(text)
    words = [word for word in (parts.prefix, parts.suffix) if word]
    if not words:
        return parts.number
    if len(words) > 1 or parts.prefix:
        raise QuantityError(text, _expected(unit))
    word = words[0]
    if expected is None:
        if unit and word.lower() == unit.lower():
            return parts.number
        raise QuantityError(text, _expected(unit))
    found = _unit_of(word)
    if found is None or found.dimension != expected.dimension:
        raise QuantityError(text, _expected(unit))
    return _convert(parts.number, found, expected)


def _expected(unit: str | None) -> str:
    return f"is not in {unit}: type a number of {unit}" if unit else "is not a plain number: type it without a unit"

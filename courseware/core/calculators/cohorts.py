"""Cohort retention: from a list of customers and the months they started and ended, the retention table.

A cohort is the customers who started in one month. Month k of a cohort is the share of them still a
customer k months after they started, counted only once that month has been seen (up to ``as_of``,
by default the latest month in the file). The average curve weights each cohort by its size.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from courseware.core.calculators.base import Calculation, Calculator, Kind, Option, ResultSpec
from courseware.core.calculators.formatting import fmt_percent, plural, quoted

FILE = Option("file", Kind.FILE, "customers file",
              "a CSV file with columns customer,start,end (months as YYYY-MM; empty end = still a customer)")
AS_OF = Option("as_of", Kind.MONTH, "as of", "the last month seen, YYYY-MM (default: the latest month in the file)")
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
CURVE_MONTHS = (1, 3, 6, 12)
MAX_ROWS = 1_000_000


@dataclass(frozen=True)
class Customer:
    """One row of the file: who, the month they started and the last month they were a customer."""

    name: str
    start: int
    end: int | None


def month_number(text: object, option: Option, where: str = "") -> int:
    """``2026-03`` as a count of months since year 0, so that months subtract."""
    match = _MONTH.fullmatch(str(text).strip())
    if match is None:
        raise option.error(f"{where}'{quoted(text, 20)}' is not a month written YYYY-MM")
    return int(match[1]) * 12 + int(match[2]) - 1


def month_name(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def read_customers(path: object) -> list[Customer]:
    """The rows of a customers CSV, each problem reported with its file and line."""
    if not isinstance(path, str | Path):
        raise FILE.error(f"'{quoted(path)}' is not a file name")
    file = Path(path)
    try:
        with file.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except OSError as error:
        raise FILE.error(f"cannot read {file}: {error.strerror or error}") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise FILE.error(f"{file} is not a readable CSV file ({error})") from None
    if not rows:
        raise FILE.error(f"{file} is empty: it needs a header customer,start,end and one row per customer")
    header = [cell.strip().lower() for cell in rows[0]]
    if header[:3] != ["customer", "start", "end"]:
        found = quoted(",".join(rows[0]), 60)
        raise FILE.error(f"{file} line 1: the columns must be customer,start,end (found {found})")
    return parse_rows([(file.name, number, row) for number, row in enumerate(rows[1:], start=2) if any(row)])


def parse_rows(rows: Sequence[tuple[str, int, Sequence[str]]]) -> list[Customer]:
    """Rows (file, line, cells) as customers; a bad month, a repeated customer or an end before its start
    is refused naming the line."""
    if len(rows) > MAX_ROWS:
        raise FILE.error(f"has more than {MAX_ROWS:,} customers")
    customers: list[Customer] = []
    seen: dict[str, int] = {}
    for name, line, cells in rows:
        where = f"{name} line {line}: "
        if len(cells) < 2 or len(cells) > 3:
            raise FILE.error(f"{where}expected customer,start,end, found {len(cells)} columns")
        customer = cells[0].strip()
        if not customer:
            raise FILE.error(f"{where}the customer is empty")
        if customer in seen:
            raise FILE.error(f"{where}customer '{quoted(customer)}' is already on line {seen[customer]}")
        seen[customer] = line
        start = month_number(cells[1], FILE, where + "start ")
        end_text = cells[2].strip() if len(cells) == 3 else ""
        end = month_number(end_text, FILE, where + "end ") if end_text else None
        if end is not None and end < start:
            raise FILE.error(f"{where}end {month_name(end)} is before start {month_name(start)}")
        customers.append(Customer(customer, start, end))
    if not customers:
        raise FILE.error("has no customers: add one row per customer under the header")
    return customers


def cohort_retention(file: object, as_of: object = None) -> Calculation:
    """The retention of each monthly cohort at each month since it started, and the weighted average."""
    customers = (parse_rows([("rows", index + 1, row) for index, row in enumerate(file)])
                 if isinstance(file, list) else read_customers(file))
    latest = max(max(c.start, c.end or c.start) for c in customers)
    last = latest if as_of is None else month_number(as_of, AS_OF)
    if as_of is not None and last < min(c.start for c in customers):
        raise AS_OF.error(f"{month_name(last)} is before the first customer started")
    cohorts: dict[int, list[Customer]] = {}
    for customer in customers:
        if customer.start <= last:
            cohorts.setdefault(customer.start, []).append(customer)
    table: dict[str, list[Fraction]] = {}
    kept_at: dict[int, list[tuple[int, int]]] = {}
    for start, members in sorted(cohorts.items()):
        row = []
        for month in range(last - start + 1):
            kept = sum(1 for c in members if c.end is None or c.end >= start + month)
            row.append(Fraction(kept, len(members)))
            kept_at.setdefault(month, []).append((kept, len(members)))
        table[month_name(start)] = row
    curve = [Fraction(sum(k for k, _ in pairs), sum(n for _, n in pairs)) for _, pairs in sorted(kept_at.items())]
    steps = [f"{plural(sum(len(m) for m in cohorts.values()), 'customer')} in {plural(len(cohorts), 'cohort')}, "
             f"seen up to {month_name(last)}"]
    for month, pairs in sorted(kept_at.items()):
        if month == 0:
            continue
        kept_sum = _sum(str(k) for k, _ in pairs)
        size_sum = _sum(str(n) for _, n in pairs)
        steps.append(f"Average month {month} = still customers ÷ cohort sizes = {kept_sum} ÷ {size_sum} = "
                     f"{fmt_percent(curve[month])}")
    results = {"customers": Fraction(sum(len(m) for m in cohorts.values())), "cohorts": Fraction(len(cohorts))}
    results.update({f"month_{month}": curve[month] for month in CURVE_MONTHS if month < len(curve)})
    inputs: dict[str, object] = {"file": str(file) if not isinstance(file, list) else "rows",
                                 "as_of": month_name(last)}
    tables = {"retention": {name: [float(value) for value in row] for name, row in table.items()},
              "average": [float(value) for value in curve]}
    return Calculation("cohort-retention", inputs, results, steps, tables=tables, table=_render(table, curve))


def _sum(terms: Iterable[str]) -> str:
    """``(2 + 3)``, or ``2`` alone: a sum in brackets only when it has more than one term."""
    listed = list(terms)
    return listed[0] if len(listed) == 1 else f"({' + '.join(listed)})"


def _render(table: dict[str, list[Fraction]], curve: list[Fraction]) -> list[str]:
    """The table as people read it: a row per cohort, a column per month, the average last."""
    width = len(curve)
    header = ["cohort  "] + [f"{'M' + str(month):>7}" for month in range(width)]
    lines = [" ".join(header)]
    for name, row in table.items():
        cells = [f"{fmt_percent(value):>7}" for value in row] + [" " * 7] * (width - len(row))
        lines.append(" ".join([f"{name:<8}", *cells]).rstrip())
    lines.append(" ".join(["average ", *(f"{fmt_percent(value):>7}" for value in curve)]))
    return lines


CALCULATORS = (
    Calculator("cohort-retention", "Cohort retention", "Retention by monthly cohort and month, from a CSV file.",
               cohort_retention, (FILE, AS_OF),
               (ResultSpec("month_1", "average retention after 1 month", Kind.RATE),
                ResultSpec("month_3", "average retention after 3 months", Kind.RATE),
                ResultSpec("month_6", "average retention after 6 months", Kind.RATE),
                ResultSpec("month_12", "average retention after 12 months", Kind.RATE),
                ResultSpec("customers", "customers", Kind.COUNT),
                ResultSpec("cohorts", "cohorts", Kind.COUNT)),
               (("file",),)),
)

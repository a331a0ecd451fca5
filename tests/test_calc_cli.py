"""``courseware calc``: every calculator from the command line, for people and as JSON, and its errors."""

from __future__ import annotations

import json

import pytest

from courseware.cli import main

CASES = [
    ("retention", ["--start", "100", "--end", "110", "--new", "30"], "retention_rate", 0.8, "80.0%"),
    ("churn", ["--start", "100", "--lost", "20"], "churn_rate", 0.2, "20.0%"),
    ("annual-churn", ["--monthly-churn-rate", "2%"], "annual_churn_rate", 0.2152832763, "21.5%"),
    ("revenue-retention", ["--start-mrr", "$100,000", "--expansion", "20000", "--contraction", "5000",
                           "--churned", "10000"], "nrr", 1.05, "105.0%"),
    ("renewal", ["--due", "1", "--renewed", "1", "--previous-value", "2,000", "--renewed-value", "2,500"],
     "renewal_level_change", 0.25, "+25.0%"),
    ("mrr-arr", ["--arr", "120000"], "mrr", 10_000, "$10,000"),
    ("clv", ["--arpa", "500", "--churn-rate", "2", "--gross-margin", "80%"], "clv", 20_000, "$20,000"),
    ("cac-payback", ["--cac", "18", "--monthly-profit", "1", "--months-retained", "12"], "profit_at_months",
     -6, "−$6"),
    ("breakeven", ["--one-off-price", "500", "--annual-fee", "100"], "years", 5, "5 years"),
    ("nps", ["--promoters", "110", "--passives", "50", "--detractors", "40"], "nps", 35, "35"),
    ("csat", ["--satisfied", "200", "--responses", "250"], "csat", 0.8, "80.0%"),
]


@pytest.mark.parametrize(("name", "options", "key", "value", "shown"), CASES)
def test_every_calculator_plain_and_json(capsys: pytest.CaptureFixture[str], name: str, options: list[str],
                                         key: str, value: float, shown: str) -> None:
    assert main(["calc", name, *options]) == 0
    text = capsys.readouterr().out
    assert "Results:" in text and shown in text.split("Results:")[1]
    assert main(["calc", name, *options, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["calculator"] == name
    assert document["results"][key] == pytest.approx(value)
    assert set(document) == {"calculator", "inputs", "results", "steps"} and document["steps"]


def test_rates_are_fractions_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", "clv", "--arpa", "500", "--churn-rate", "4%", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["inputs"] == {"arpa": 500, "churn_rate": 0.04}


def test_the_110_percent_example_prints_its_steps(capsys: pytest.CaptureFixture[str]) -> None:
    main(["calc", "retention", "--start", "100", "--end", "110", "--new", "30"])
    out = capsys.readouterr().out
    assert "Customers kept = end − new = 110 − 30 = 80" in out
    assert "Churn = 100% − retention = 100% − 80% = 20.0%" in out


def test_without_a_name_lists_the_calculators(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc"]) == 0
    out = capsys.readouterr().out
    assert "revenue-retention" in out and "cac-payback" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["calc", "retentoin"], "unknown calculator 'retentoin' (did you mean 'retention'?)"),
    (["calc", "churn", "--start", "10", "--lost", "12"], "--lost: 12 lost is more than the 10 customers"),
    (["calc", "churn", "--start", "0", "--lost", "0"], "--start: must be more than 0"),
    (["calc", "churn", "--start", "-3", "--lost", "0"], "--start: '-3' is negative"),
    (["calc", "churn", "--start", "ten", "--lost", "0"], "--start: 'ten' is not a number"),
    (["calc", "churn", "--start", "nan", "--lost", "0"], "--start: 'nan' is not a number"),
    (["calc", "clv", "--arpa", "5", "--churn-rate", "0"], "--churn-rate: must be more than 0%"),
    (["calc", "churn", "--start", "10", "--lots", "3"], "unrecognized arguments: --lots 3"),
    (["calc", "churn", "--start"], "argument --start: expected one argument"),
    (["calc", "churn", "--start", "10"], "--lost: is required"),
])
def test_impossible_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str],
                                                 message: str) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("courseware: error: ") and message in lines[0]

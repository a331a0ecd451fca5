"""Every example of issue 15 on the command line: the right figure, or one clean line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from courseware.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["calc", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def as_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, _ = run(capsys, *argv, "--json")
    assert code == 0
    document: dict[str, Any] = json.loads(out)
    return document


@pytest.mark.parametrize(("argv", "step", "result"), [
    (["retention", "--start", "80", "--end", "63"], "Churn = 100% − retention = 100% − 78.75% = 21.3%",
     "churn rate:     21.3%"),
    (["renewal", "--due", "80", "--renewed", "63"], "Churn = 100% − renewal rate = 100% − 78.75% = 21.3%",
     "churn rate:   21.3%"),
    (["churn", "--start", "80", "--lost", "49"], "Retention = 100% − churn = 100% − 61.25% = 38.8%",
     "retention rate: 38.8%"),
    (["clv", "--arpa", "500", "--churn-rate", "3"], "CLV = revenue per month ÷ churn rate = $500 ÷ 3% = $16,666.67",
     "CLV: $16,666.67"),
    (["clv", "--annual-revenue", "2400", "--lifetime-years", "18 months"], "$2,400 × 1.5 = $3,600", "CLV: $3,600"),
    (["cac-payback", "--cac", "100", "--monthly-profit", "10", "--months-retained", "2 years"],
     "Profit earned in 24 months = 24 × $10 = $240", "net result: $140"),
    (["revenue-retention", "--start-mrr", "29.70", "--expansion", "0", "--contraction", "9.90", "--churned", "19.80"],
     "GRR = (start − contraction − churned) ÷ start = ($29.70 − $9.90 − $19.80) ÷ $29.70 = 0.0%", "GRR:        0.0%"),
    (["clv", "--arpa", "100", "--churn-rate", "100"], "1 ÷ 100% = 1 month", "CLV: $100"),
    (["nps", "--scores", "10,8,0,0"], "1 promoter (9–10), 1 passive (7–8), 2 detractors (0–6)", "NPS:        −25"),
])
def test_steps_and_results_agree(capsys: pytest.CaptureFixture[str], argv: list[str], step: str,
                                 result: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 0 and err == ""
    steps, results = out.split("Results:")
    assert f"{step}\n" in steps
    assert f"  {result}\n" in results + "\n"


def test_cents_compare_exactly_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    document = as_json(capsys, "revenue-retention", "--start-mrr", "29.70", "--expansion", "0", "--contraction",
                       "9.90", "--churned", "19.80")
    assert document["results"] == {"nrr": 0.0, "grr": 0.0, "end_mrr": 0.0}
    assert as_json(capsys, "retention", "--start", "80", "--end", "63")["results"]["churn_rate"] == 0.2125


@pytest.mark.parametrize(("argv", "message"), [
    (["churn", "--start", "50", "--lost", "4 5"], "--lost: '4 5' has a space inside the number"),
    (["churn", "--start", "50", "--lost", "4²"], "--lost: '4²' has a superscript"),
    (["churn", "--start", "50", "--lost", "1_0"], "--lost: '1_0' has an underscore"),
    (["clv", "--arpa", "5", "--churn-rate", "4x"], "--churn-rate: '4x' is not a percentage"),
    (["clv", "--arpa", "5", "--churn-rate", "50%%"], "--churn-rate: '50%%' has a doubled sign"),
    (["churn", "--start", "100%", "--lost", "3"], "--start: '100%' is not a count"),
    (["clv", "--arpa", "5", "--churn-rate", "€4"], "--churn-rate: '€4' is not a percentage"),
    (["clv", "--arpa", "5", "--churn-rate", "0.02"],
     "--churn-rate: '0.02' is below 1: 0.02 would be 0.02%: write 2 or 2%"),
    (["churn", "--start", "10", "--start", "20", "--lost", "1"], "--start: given twice ('10' and '20')"),
    (["nps", "--promoters", "2.5", "--passives", "1", "--detractors", "1"], "--promoters: '2.5' is not a whole number"),
    (["churn", "--start", "50", "--lost=--5"], "--lost: '--5' has a doubled sign"),
    (["mrr-arr", "--arr", "$$5"], "--arr: '$$5' has a doubled sign"),
    (["mrr-arr", "--arr", "$5 USD"], "--arr: '$5 USD' has more than one currency sign"),
    (["mrr-arr", "--arr", "1,20"], "--arr: '1,20' has separators out of place"),
    (["clv", "--annual-revenue", "2400", "--lifetime-years", "$3"], "--lifetime-years: '$3' is not a duration"),
    (["health-score", "--signal", "usage=180:40"], "--signal: usage: 180 is outside 0 to 100"),
    (["health-score", "--signal", "usage"], "--signal: 'usage' is not NAME=VALUE:WEIGHT"),
    (["ltv-cac", "--ltv", "3000", "--cac", "0"], "--cac: must be more than 0"),
    (["quick-ratio", "--new", "1", "--expansion", "1", "--contraction", "0", "--churned", "0"],
     "--churned: contraction and churned are both $0"),
    (["cohort-retention", "/nonexistent/customers.csv"], "file: cannot read /nonexistent/customers.csv"),
])
def test_what_no_reader_would_accept_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str],
                                                            message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("courseware: error: ") and message in lines[0], lines


def test_a_thousands_separator_and_scale_are_read(capsys: pytest.CaptureFixture[str]) -> None:
    assert as_json(capsys, "mrr-arr", "--arr", "$1.2M")["results"]["mrr"] == 100_000
    assert as_json(capsys, "mrr-arr", "--mrr", "85k")["results"]["arr"] == 1_020_000


@pytest.mark.parametrize(("argv", "results"), [
    (["quick-ratio", "--new", "5000", "--expansion", "2000", "--contraction", "1000", "--churned", "1000"],
     {"quick_ratio": 3.5}),
    (["ltv-cac", "--ltv", "3000", "--cac", "1000"], {"ltv_cac": 3.0}),
    (["mrr-movements", "--start-mrr", "100000", "--new", "5000", "--expansion", "2000", "--contraction", "1000",
      "--churned", "3000", "--reactivation", "500"], {"end_mrr": 103_500, "net_new_mrr": 3_500}),
    (["revenue-churn", "--start-mrr", "100000", "--contraction", "2000", "--churned", "3000"],
     {"revenue_churn_rate": 0.05}),
    (["revenue-churn", "--start-mrr", "100000", "--contraction", "2000", "--churned", "3000", "--start-customers",
      "200", "--lost-customers", "4"], {"revenue_churn_rate": 0.05, "logo_churn_rate": 0.02}),
    (["clv", "--arpa", "500", "--churn-rate", "3", "--max-years", "5"], {"clv": pytest.approx(13_986.5555, abs=1e-3)}),
    (["clv", "--arpa", "500", "--churn-rate", "3", "--discount-rate", "10"],
     {"clv": pytest.approx(500 * (1 + 0.1 / 12) / (0.1 / 12 + 0.03))}),
    (["clv", "--annual-revenue", "2400", "--lifetime-years", "3", "--discount-rate", "10"],
     {"clv": pytest.approx(2400 + 2400 / 1.1 + 2400 / 1.21)}),
    (["cac-payback", "--cac", "1000", "--monthly-revenue", "100", "--gross-margin", "80"], {"payback_months": 12.5}),
    (["health-score", "--signal", "usage=80:40", "--signal", "support=60:30", "--signal", "nps=70:30"],
     {"score": 71.0, "band": "green"}),
    (["health-score", "--signal", "usage=30:1", "--signal", "support=50:1"], {"score": 40.0, "band": "yellow"}),
])
def test_the_new_calculators_give_their_result_keys(capsys: pytest.CaptureFixture[str], argv: list[str],
                                                    results: dict[str, Any]) -> None:
    assert as_json(capsys, *argv)["results"] == results


def test_monthly_churn_is_the_inverse_of_annual_churn(capsys: pytest.CaptureFixture[str]) -> None:
    monthly = as_json(capsys, "monthly-churn", "--annual-churn", "40%")["results"]["monthly_churn_rate"]
    assert monthly == pytest.approx(1 - 0.6 ** (1 / 12))
    annual = as_json(capsys, "annual-churn", "--monthly-churn-rate", f"{monthly * 100:.12f}")["results"]
    assert annual["annual_churn_rate"] == pytest.approx(0.4)


def test_ltv_cac_names_the_rule_of_thumb(capsys: pytest.CaptureFixture[str]) -> None:
    assert "below the usual 3:1 rule of thumb" in run(capsys, "ltv-cac", "--ltv", "2000", "--cac", "1000")[1]


def test_cohort_retention_as_a_table_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text("customer,start,end\na,2026-01,\nb,2026-01,2026-02\nc,2026-01,2026-01\nd,2026-02,\n",
                    encoding="utf-8")
    code, out, _ = run(capsys, "cohort-retention", str(path))
    assert code == 0 and "seen up to 2026-02" in out
    assert "  2026-01   100.0%   66.7%\n" in out and "  2026-02   100.0%\n" in out
    code, out, _ = run(capsys, "cohort-retention", str(path), "--as-of", "2026-03")
    assert "  2026-01   100.0%   66.7%   33.3%\n" in out and "  2026-02   100.0%  100.0%\n" in out
    assert "  average   100.0%   75.0%   33.3%\n" in out
    document = as_json(capsys, "cohort-retention", str(path), "--as-of", "2026-03")
    assert document["results"]["retention"] == {"2026-01": [1.0, 2 / 3, 1 / 3], "2026-02": [1.0, 1.0]}
    assert document["results"]["average"] == [1.0, 0.75, 1 / 3]
    bad = tmp_path / "bad.csv"
    bad.write_text("customer,start,end\na,2026-13,\n", encoding="utf-8")
    code, out, err = run(capsys, "cohort-retention", str(bad))
    assert code == 2 and "bad.csv line 2: start '2026-13' is not a month written YYYY-MM" in err

"""Customer success calculators: pure functions with worked steps, shared by the CLI, the app and quizzes.

Rates are fractions here (0.8 is 80%); people type them as percentages, which ``parse_input`` converts.
"""

from courseware.core.calculators.base import (
    Calculation,
    Calculator,
    CalculatorInputError,
    Kind,
    Option,
    ResultSpec,
)
from courseware.core.calculators.registry import CALCULATORS, TOPICS, get_calculator, parse_input

__all__ = ["CALCULATORS", "TOPICS", "Calculation", "Calculator", "CalculatorInputError", "Kind", "Option",
           "ResultSpec", "get_calculator", "parse_input"]

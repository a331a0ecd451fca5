"""Practice mode: calculator scenarios from the course and a seeded random, checked with named mistakes."""

from courseware.core.practice.checker import Verdict, check_answer, record_practice, start_practice
from courseware.core.practice.mistakes import ALL_MISTAKES, Mistake
from courseware.core.practice.scenarios import COURSE_EXAMPLES, PracticeDeck, Scenario

__all__ = ["ALL_MISTAKES", "COURSE_EXAMPLES", "Mistake", "PracticeDeck", "Scenario", "Verdict",
           "check_answer", "record_practice", "start_practice"]

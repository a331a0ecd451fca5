"""GIFT files read as quiz questions.

Mapping choices (each loss is reported as a warning on the question's line): one fully right choice is
a single-choice question, several right choices or positive weights a multiple-choice one (partial
credit becomes all-or-nothing); a numerical range ``#low..high`` is its midpoint with half its width as
tolerance; essays, descriptions and categories are not questions a quiz can grade and are skipped;
``[html]`` text is converted to Markdown (``html_text.py``). Writing back is in ``gift_writer.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from courseware.core.interop.findings import Finding, ImportResult, Severity, build_question, slugify, unique_id
from courseware.core.interop.gift_syntax import GiftQuestion, GiftSyntaxError, blocks, parse_block
from courseware.core.interop.html_text import html_to_markdown


def read_gift(text: str, path: Path | str) -> ImportResult:
    """Every question of a GIFT file the quiz format can hold, and a finding for everything else."""
    result = ImportResult()
    taken: set[str] = set()
    number = 0
    for block, meta in blocks(text):
        try:
            gift = parse_block(block, meta)
        except GiftSyntaxError as error:
            number += 1
            result.findings.append(Finding(path, error.line, "error", error.message))
            continue
        if gift.kind == "category":
            result.findings.append(Finding(path, gift.line, "warning", f"category '{gift.title}' is not kept "
                                           "(a quiz file holds one quiz; its last part is the title hint)"))
            result.title_hint = result.title_hint or (gift.title or "").rstrip("/").rsplit("/", 1)[-1] or None
            continue
        number += 1

        def note(message: str, severity: Severity = "warning", line: int = gift.line) -> None:
            result.findings.append(Finding(path, line, severity, message))

        data = _question_data(gift, note)
        if data is None:
            continue
        wanted = slugify(gift.title, f"q{number}") if gift.title else f"q{number}"
        data = {"id": unique_id(wanted, taken), **data}
        question, problems = build_question(data)
        for problem in problems:
            note(problem, "error")
        if question is not None:
            result.questions.append(question)
    return result


def _question_data(gift: GiftQuestion, note: Callable[..., None]) -> dict[str, Any] | None:
    """The quiz-format fields for one GIFT question, or None when it is skipped (and noted)."""
    if gift.kind in ("description", "essay"):
        what = "a description (text without answers)" if gift.kind == "description" else "an essay question"
        note(f"{what} is skipped: a quiz holds only questions it can grade")
        return None
    if "html" in gift.formats:
        gift = _from_html(gift)
    if "markdown" in gift.formats:
        note("[markdown] marker dropped: quiz text is Markdown already")
    if gift.tags:
        note(f"tags {', '.join(gift.tags)} are not kept (quiz questions have one topic, not tags)")
    if gift.moodle_id:
        note(f"Moodle id {gift.moodle_id} is not kept (the question id comes from the title)")
    data: dict[str, Any] = {"prompt": gift.stem}
    if gift.general_feedback:
        data["explanation"] = gift.general_feedback
    mapped = _MAPPERS[gift.kind](gift, data, note)
    return data if mapped else None


def _from_html(gift: GiftQuestion) -> GiftQuestion:
    """The question with its ``[html]`` texts as Markdown (answers share the question's format)."""
    def md(text: str | None) -> str | None:
        return html_to_markdown(text) if text else text

    return replace(
        gift, stem=md(gift.stem) or "", general_feedback=md(gift.general_feedback),
        answers=[replace(answer, text=md(answer.text) or "", feedback=md(answer.feedback))
                 for answer in gift.answers],
        numbers=[replace(number, feedback=md(number.feedback)) for number in gift.numbers],
        pairs=[(md(left) or "", md(right) or "") for left, right in gift.pairs],
        tf_feedback=[md(feedback) for feedback in gift.tf_feedback])


def _true_false(gift: GiftQuestion, data: dict[str, Any], note: Callable[..., None]) -> bool:
    data.update(type="true_false", answer=gift.truth)
    wrong, right = (gift.tf_feedback + [None, None])[:2]
    if wrong:
        data["feedback"] = wrong
    if right:
        note(f"feedback for a right answer ('{right[:40]}') is not kept: the quiz format has feedback for "
             "wrong answers and an explanation for both")
    return True


def _choices(gift: GiftQuestion, data: dict[str, Any], note: Callable[..., None]) -> bool:
    """One ``=`` answer makes a single-choice question; several, or weighted ``~`` answers alone, a multiple one."""
    credits = [answer.credit for answer in gift.answers]
    full = [answer.right and answer.credit >= 100 for answer in gift.answers]
    positive = [credit > 0 for credit in credits]
    partial = [answer.text for answer in gift.answers if 0 < answer.credit < 100]
    if not any(positive):
        note("no right answer: mark one with '=' (or give positive weights like ~%50%)", "error")
        return False
    if sum(full) == 1:
        kind, right = "single", full
        if partial or any(not is_full and credit >= 100 for is_full, credit in zip(full, credits, strict=True)):
            others = [a.text for a, is_full in zip(gift.answers, full, strict=True) if a.credit > 0 and not is_full]
            note(f"partial credit for {', '.join(repr(text) for text in others)} is not kept: "
                 "only the fully right choice counts")
    else:
        kind, right = "multiple", positive
        if partial or any(credit < 0 for credit in credits):
            note("answer weights are not kept: the learner must pick exactly the right choices (all or nothing)")
        elif sum(full) > 1:
            note("several choices are fully right: Moodle accepts any one of them, the quiz asks for all of them")
    if any(credit < 0 for credit in credits) and kind == "single":
        note("negative weights are not kept: a wrong choice simply earns nothing")
    choices = []
    for answer, is_right in zip(gift.answers, right, strict=True):
        choice: dict[str, Any] = {"text": answer.text}
        if is_right:
            choice["correct"] = True
        if answer.feedback:
            choice["feedback"] = answer.feedback
        choices.append(choice)
    data.update(type=kind, choices=choices)
    return True


def _short(gift: GiftQuestion, data: dict[str, Any], note: Callable[..., None]) -> bool:
    accepted = [answer.text for answer in gift.answers if answer.credit >= 100]
    partial = [f"{answer.text} ({answer.credit:g}%)" for answer in gift.answers if answer.credit < 100]
    if partial:
        note(f"answers with less than full credit are not kept: {', '.join(partial)}")
    if any(answer.feedback for answer in gift.answers):
        note("per-answer feedback of a short-answer question is not kept (use the explanation)")
    if not accepted:
        note("no fully right answer: give one with '=' and no weight (or %100%)", "error")
        return False
    data.update(type="short", answers=accepted)
    return True


def _numerical(gift: GiftQuestion, data: dict[str, Any], note: Callable[..., None]) -> bool:
    right = [number for number in gift.numbers if number.right and number.credit >= 100]
    if not right:
        note("no fully right number: give one with '=' and no weight (or %100%)", "error")
        return False
    chosen = right[0]
    others = [number.text or "*" for number in gift.numbers if number is not chosen]
    if others:
        note(f"only the answer {chosen.text} is kept; other answers and partial credit are not: {', '.join(others)}")
    if chosen.feedback:
        note(f"feedback for the answer {chosen.text} is not kept (use the explanation)")
    if chosen.low is not None and chosen.high is not None:
        value, tolerance = (chosen.low + chosen.high) / 2, (chosen.high - chosen.low) / 2
    else:
        value, tolerance = chosen.value or 0.0, chosen.tolerance
    data.update(type="numeric", answer=tidy(value))
    if tolerance:
        data["tolerance"] = tidy(tolerance)
    return True


def _matching(gift: GiftQuestion, data: dict[str, Any], note: Callable[..., None]) -> bool:
    pairs: dict[str, str] = {}
    for left, right in gift.pairs:
        if not left:
            note(f"the extra answer '{right}' (a distractor with no item) is not kept")
        elif left in pairs:
            note(f"the item '{left}' is matched twice", "error")
            return False
        else:
            pairs[left] = right
    data.update(type="matching", pairs=pairs)
    return True


_MAPPERS: dict[str, Callable[[GiftQuestion, dict[str, Any], Callable[..., None]], bool]] = {
    "tf": _true_false, "mc": _choices, "short": _short, "numerical": _numerical, "matching": _matching,
}


def tidy(number: float) -> float | int:
    """A number without float noise (3.1415, not 3.1414999999999997), as an int when it is whole."""
    value = float(f"{number:.12g}")
    return int(value) if value.is_integer() else value

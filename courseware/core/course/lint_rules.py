"""The item-writing rules of ``courseware lint``, each a known way a question stops measuring knowledge.

The thresholds come from item-writing guidance: with four choices a key is the longest by chance about a
quarter of the time, and a test-wise candidate who always picks the longest choice, the choice in one
position, "false" or the statement without "always" should gain nothing from doing so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import combinations

from courseware.core.course.lint_items import ExamFile, Finding, Item, QuizFile, items_of
from courseware.core.model import Choice, Matching, MultipleChoice, Ordering, ShortAnswer, SingleChoice, TrueFalse
from courseware.core.text import normalise_text

LONGEST_SHARE = 0.35  # of a quiz's single-choice items whose key is the longest choice
LONGEST_RATIO = 1.5  # key length against the mean distractor length, for one item
POSITION_SHARE = 0.5  # of a quiz's single-choice items with the key at one position
TRUE_SHARE = (0.35, 0.65)  # accepted share of true statements among a quiz's true/false items
KEYED_SHARE = 0.6  # of a multiple-response item's options
NEAR_DUPLICATE = 0.8  # share of content words two stems have in common
MIN_ITEMS = 4  # a quiz-level share needs at least this many items to mean anything

ABSOLUTE = re.compile(r"\b(always|never|all|only)\b", re.IGNORECASE)
ALL_OF_THE_ABOVE = re.compile(r"\b(all|none|both|neither) of the (above|previous|others)\b", re.IGNORECASE)
DANGLING = re.compile(r"\b(above(?! all\b)(?!\s*[\d$€£])|previous(ly)?|preceding|that example|this example|"
                      r"the example above|the last question|the same example)\b", re.IGNORECASE)
STOPWORDS = frozenset(
    "a an the of to in on for and or is are was were be it its this that these those what which who how why when "
    "does do did by with from as at than then their his her your you they we our has have had can could would "
    "should will not no yes".split())
FILLER = STOPWORDS | frozenset("correct right wrong incorrect answer true false indeed exactly yes so".split())


def check(quizzes: Sequence[QuizFile], exams: Sequence[ExamFile]) -> Iterator[Finding]:
    for file in quizzes:
        items = list(items_of(file))
        yield from key_longest(file, items)
        yield from key_position(file, items)
        yield from tf_balance(file, items)
        for item in items:
            yield from absolute_words(item)
            yield from multiple_keyed(item)
            yield from feedback_restates(item)
            if file.shuffled:
                yield from all_of_the_above(item)
                yield from dangling_reference(item)
        yield from giveaways(items)
        yield from near_duplicates(items)
    for exam in exams:
        pool = exam.items()
        yield from giveaways(pool, across_quizzes_only=True)
        yield from near_duplicates(pool, across_quizzes_only=True)
        yield from blueprint_gap(exam)


def _singles(items: Sequence[Item]) -> list[tuple[Item, SingleChoice]]:
    return [(item, item.question) for item in items if isinstance(item.question, SingleChoice)]


def _key_and_distractors(choices: Sequence[Choice]) -> tuple[int, Choice, list[Choice]]:
    index = next(i for i, choice in enumerate(choices) if choice.correct)
    return index, choices[index], [choice for choice in choices if not choice.correct]


def _length(text: str) -> int:
    return len(" ".join(text.split()))


def key_longest(file: QuizFile, items: Sequence[Item]) -> Iterator[Finding]:
    """A key that is the longest choice, in too many items of a quiz or by far in one item."""
    singles = _singles(items)
    longest = 0
    for item, question in singles:
        index, key, distractors = _key_and_distractors(question.choices)
        if all(_length(key.text) > _length(other.text) for other in distractors):
            longest += 1
        mean = sum(_length(other.text) for other in distractors) / len(distractors)
        if _length(key.text) >= LONGEST_RATIO * mean:
            yield item.at("key-longest", ["choices", index, "text"],
                          f"the key is {_length(key.text) / mean:.1f}× as long as the average distractor; "
                          "make the distractors as full and precise as the key")
    if len(singles) >= MIN_ITEMS and longest / len(singles) > LONGEST_SHARE:
        yield file.at("key-longest", ["questions"],
                      f"the key is the longest choice in {longest} of {len(singles)} single-choice items "
                      f"({longest / len(singles):.0%}, more than {LONGEST_SHARE:.0%}): a learner who picks the "
                      "longest choice is rewarded")


def key_position(file: QuizFile, items: Sequence[Item]) -> Iterator[Finding]:
    """The key written at the same position in most items: visible unshuffled (--no-shuffle) and in exports."""
    positions = Counter(_key_and_distractors(question.choices)[0] for _, question in _singles(items))
    total = sum(positions.values())
    if total >= MIN_ITEMS:
        position, count = positions.most_common(1)[0]
        if count / total > POSITION_SHARE:
            yield file.at("key-position", ["questions"],
                          f"the key is choice {chr(ord('A') + position)} in {count} of {total} single-choice items; "
                          "learners who see choices unshuffled or exported can guess it, so vary its position")


def tf_balance(file: QuizFile, items: Sequence[Item]) -> Iterator[Finding]:
    """A quiz whose true/false items are mostly true or mostly false, so "always false" pays."""
    answers = [item.question.answer for item in items if isinstance(item.question, TrueFalse)]
    if len(answers) >= MIN_ITEMS:
        share = sum(answers) / len(answers)
        low, high = TRUE_SHARE
        if not low <= share <= high:
            yield file.at("tf-balance", ["questions"],
                          f"{sum(answers)} of {len(answers)} true/false items are true ({share:.0%}); "
                          f"keep it between {low:.0%} and {high:.0%}")


def absolute_words(item: Item) -> Iterator[Finding]:
    """'Always', 'never', 'all' or 'only' in a true/false statement: test-wise learners answer false."""
    if isinstance(item.question, TrueFalse):
        match = ABSOLUTE.search(item.question.prompt)
        if match:
            yield item.at("absolute-words", ["prompt"],
                          f"the statement says '{match.group(0)}'; absolute statements are nearly always false, "
                          "so state the claim without it or ask another way")


def multiple_keyed(item: Item) -> Iterator[Finding]:
    """A multiple-response item where ticking everything, or all but one, is nearly right."""
    if isinstance(item.question, MultipleChoice):
        choices = item.question.choices
        keyed = sum(choice.correct for choice in choices)
        wrong = len(choices) - keyed
        if keyed / len(choices) > KEYED_SHARE or wrong <= 1:
            yield item.at("multiple-keyed", ["choices"],
                          f"{keyed} of {len(choices)} options are keyed and {wrong} wrong; "
                          f"key at most {KEYED_SHARE:.0%} and give at least two wrong options")


def all_of_the_above(item: Item) -> Iterator[Finding]:
    """'All/none of the above' in a shuffled item: 'above' is wherever the shuffle puts it."""
    question = item.question
    if isinstance(question, SingleChoice | MultipleChoice):
        for index, choice in enumerate(question.choices):
            match = ALL_OF_THE_ABOVE.search(choice.text)
            if match:
                yield item.at("all-of-the-above", ["choices", index, "text"],
                              f"'{match.group(0)}' in a shuffled item; name the options it means, or drop it")


def dangling_reference(item: Item) -> Iterator[Finding]:
    """A stem pointing at something shown before it, which a shuffle or an exam draw may not show."""
    if item.question.case is not None:
        return  # the case text is shown above each of its questions
    match = DANGLING.search(item.question.prompt)
    if match:
        yield item.at("dangling-reference", ["prompt"],
                      f"the stem refers to '{match.group(0)}', which a shuffled quiz or an exam draw may not "
                      "show; give the figures in the stem or make it part of a case")


def answers(item: Item) -> list[tuple[str, str]]:
    """The phrases that answer an item, as written and normalised: what must not be printed where it can be read."""
    question = item.question
    if isinstance(question, ShortAnswer):
        return [(answer, normalise_text(answer)) for answer in question.answers if len(normalise_text(answer)) >= 3]
    keys: list[str] = []
    if isinstance(question, SingleChoice):
        keys = [choice.text for choice in question.choices if choice.correct]
    elif isinstance(question, MultipleChoice):
        keys = [choice.text for choice in question.choices if choice.correct and len(choice.text.split()) >= 3]
    return [(key, normalise_text(key)) for key in keys
            if len(normalise_text(key).split()) >= 2 and len(normalise_text(key)) >= 8]


def statements(item: Item) -> str:
    """What an item asserts as fact: its stem, and the pairs or steps it shows as true.

    Normalised and padded so that a phrase is found only as whole words.
    """
    question = item.question
    texts = [question.prompt]
    if isinstance(question, Matching):
        texts += [*question.pairs, *question.pairs.values()]
    elif isinstance(question, Ordering):
        texts += list(question.items)
    return f" {' | '.join(normalise_text(text) for text in texts)} "


def options(item: Item) -> str:
    """The choices an item offers, normalised and padded like ``statements``."""
    question = item.question
    texts = [choice.text for choice in question.choices] if isinstance(question, SingleChoice | MultipleChoice) else []
    return f" {' | '.join(normalise_text(text) for text in texts)} "


def giveaways(items: Sequence[Item], *, across_quizzes_only: bool = False) -> Iterator[Finding]:
    """An item whose answer is printed in another item that can appear beside it.

    Any item's answer counts when another item states it (in its stem, pairs or steps). A typed answer also
    counts when it is offered as a choice elsewhere, since recognising it there is all the recall it needs;
    a choice key merely offered again as another item's distractor gives nothing away.
    """
    said = {item.key: statements(item) for item in items}
    offered = {item.key: options(item) for item in items}
    for item in items:
        typed = isinstance(item.question, ShortAnswer)
        for written, phrase in answers(item):
            for other in items:
                if other is item or (across_quizzes_only and _same_quiz_or_cluster(item, other)):
                    continue
                if f" {phrase} " in said[other.key] or (typed and f" {phrase} " in offered[other.key]):
                    fix = "reword one of them" if item.file is other.file else "reword one or put both in one cluster"
                    yield item.at("giveaway", ["prompt"],
                                  f"its answer '{written}' is printed in {other.key}, which can appear with it; {fix}")
                    break


def _same_quiz_or_cluster(item: Item, other: Item) -> bool:
    cluster = item.question.cluster
    return item.file is other.file or (cluster is not None and cluster == other.question.cluster)


def _content_words(text: str) -> frozenset[str]:
    return frozenset(word for word in normalise_text(text).split() if word not in STOPWORDS)


def near_duplicates(items: Sequence[Item], *, across_quizzes_only: bool = False) -> Iterator[Finding]:
    """Two stems asking the same thing: one answers the other, and the bank is smaller than it looks."""
    words = {item.key: _content_words(item.question.prompt) for item in items}
    for first, second in combinations(items, 2):
        if across_quizzes_only and _same_quiz_or_cluster(first, second):
            continue
        a, b = words[first.key], words[second.key]
        if len(a) >= 4 and len(b) >= 4 and len(a & b) / len(a | b) >= NEAR_DUPLICATE:
            yield second.at("near-duplicate", ["prompt"],
                            f"its stem says nearly the same as {first.key} ({len(a & b) / len(a | b):.0%} of the "
                            "words); retire or rewrite one"
                            f"{'' if first.file is second.file else ', or make them variants in one cluster'}")


def feedback_restates(item: Item) -> Iterator[Finding]:
    """Feedback or an explanation that only repeats the answer, so a wrong learner learns nothing."""
    question = item.question
    key_words: set[str] = set()
    if isinstance(question, SingleChoice | MultipleChoice):
        key_words = {word for choice in question.choices if choice.correct for word in _content_words(choice.text)}
    elif isinstance(question, ShortAnswer):
        key_words = {word for answer in question.answers for word in _content_words(answer)}
    places: list[tuple[list[str | int], str]] = []
    if question.explanation:
        places.append((["explanation"], question.explanation))
    if isinstance(question, TrueFalse) and question.feedback:
        places.append((["feedback"], question.feedback))
    if isinstance(question, SingleChoice | MultipleChoice):
        places += [(["choices", index, "feedback"], choice.feedback)
                   for index, choice in enumerate(question.choices) if choice.feedback]
    for where, text in places:
        left = [word for word in normalise_text(text).split() if word not in FILLER and word not in key_words]
        if len(left) < 2:
            yield item.at("feedback-restates", where,
                          f"the {where[0] if where[0] != 'choices' else 'feedback'} only repeats the answer; "
                          "say why it is right, or why the choice is wrong")


def blueprint_gap(exam: ExamFile) -> Iterator[Finding]:
    """A required topic some form can miss: no rule is forced to draw one of its items.

    A rule is forced when it draws more items than its pool holds of other topics (the pigeonhole), so
    every form gets at least one item of the topic whatever the shuffle does.
    """
    for index, objective in enumerate(exam.exam.objectives):
        if not objective.required:
            continue
        forced = any(rule.count > sum(exam.topics.get(item.key) != objective.topic for item in pool)
                     for rule, pool in zip(exam.exam.draw, exam.pools, strict=True))
        if not forced:
            yield exam.at("blueprint-gap", ["objectives", index, "topic"],
                          f"required topic '{objective.topic}' can be missing from a form: no draw rule is sure to "
                          f"pick one of its items; add a rule such as {{topic: {objective.topic}, count: 1}}")

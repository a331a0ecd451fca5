"""Whether an exam blueprint can be drawn, and one draw of it, decided by the same exact check.

A rule-by-rule greedy draw fails on overlapping rules (a topic rule can take the only question a quiz
rule needs), so a draw is a bipartite matching instead: every question a rule wants is a *slot*, and each
slot is matched to a *cluster* (a question on its own, or every variant sharing a ``cluster``), so a form
never holds a question twice nor two items of one cluster. Augmenting paths (Kuhn's algorithm, most
constrained rule first) find a matching filling every slot whenever one exists; when none does, the slots
the last search could reach are a set of rules that need more questions than can serve them (Hall's
condition), which is what the error names.

A case's questions come all together or not at all: they are matched first as clusters that must be
covered (an augmenting path from a free slot never uncovers a covered cluster), and the cases to include
are searched over, so "possible" means possible with some choice of cases.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from courseware.core.course.course import Course, QuestionRef
from courseware.core.errors import CoursewareError
from courseware.core.model import DrawRule, Exam

MAX_CASE_SETS = 4096


class Undrawable(CoursewareError):
    """No form satisfies every rule of the blueprint at once."""


def rule_pools(course: Course, exam: Exam) -> list[list[QuestionRef]]:
    """For each draw rule, the questions it may draw from, in course order."""
    refs = course.questions()
    pools: list[list[QuestionRef]] = []
    for rule in exam.draw:
        if rule.topic is not None:
            pools.append([ref for ref in refs if ref.topic == rule.topic])
        elif rule.quiz is not None:
            pools.append([ref for ref in refs if ref.quiz.id == rule.quiz])
        elif rule.module is not None:
            pools.append([ref for ref in refs if ref.quiz.module == rule.module])
        else:
            pools.append([])
    return pools


def cluster_of(ref: QuestionRef) -> str:
    """The token two questions share when a form may hold only one of them (clusters span the course)."""
    cluster = ref.question.cluster
    return f"cluster:{cluster}" if cluster is not None else f"question:{ref.key}"


def case_of(ref: QuestionRef) -> str | None:
    case = ref.question.case
    return f"{ref.quiz.id}/{case}" if case is not None else None


def describe_rule(rule: DrawRule) -> str:
    kind, name = next((kind, name) for kind, name in
                      (("topic", rule.topic), ("quiz", rule.quiz), ("module", rule.module), ("pool", "?"))
                      if name is not None)
    return f"{kind} '{name}'"


@dataclass
class _Graph:
    """Slots, clusters and the matching between them for one choice of included cases."""

    slot_rules: list[int]
    rule_clusters: list[list[str]]
    cluster_rules: dict[str, set[int]]
    members: dict[tuple[int, str], list[QuestionRef]]
    slot_of: dict[str, int] = field(default_factory=dict)
    cluster_of_slot: dict[int, str] = field(default_factory=dict)

    def _from_slot(self, slot: int, seen: set[str], reached: set[int]) -> bool:
        reached.add(slot)
        clusters = self.rule_clusters[self.slot_rules[slot]]
        for cluster in clusters:  # a free cluster first: the common case needs no search
            if cluster not in self.slot_of and cluster not in seen:
                seen.add(cluster)
                self._pair(slot, cluster)
                return True
        for cluster in clusters:
            if cluster not in seen:
                seen.add(cluster)
                if self._from_slot(self.slot_of[cluster], seen, reached):
                    self._pair(slot, cluster)
                    return True
        return False

    def _from_cluster(self, cluster: str, seen: set[int]) -> bool:
        slots = [slot for slot, rule in enumerate(self.slot_rules) if rule in self.cluster_rules.get(cluster, ())]
        for slot in slots:
            if slot not in seen and slot not in self.cluster_of_slot:
                seen.add(slot)
                self._pair(slot, cluster)
                return True
        for slot in slots:
            if slot not in seen:
                seen.add(slot)
                if self._from_cluster(self.cluster_of_slot[slot], seen):
                    self._pair(slot, cluster)
                    return True
        return False

    def _pair(self, slot: int, cluster: str) -> None:
        self.slot_of[cluster] = slot
        self.cluster_of_slot[slot] = cluster

    def fill(self, forced: Sequence[str]) -> set[int] | None:
        """Match every forced cluster and then every slot; ``None`` when done, else the rules that fell short."""
        for cluster in forced:
            if not self._from_cluster(cluster, set()):
                return set(self.cluster_rules.get(cluster, ()))
        order = sorted(range(len(self.slot_rules)), key=lambda slot: len(self.rule_clusters[self.slot_rules[slot]]))
        for slot in order:
            reached: set[int] = set()
            if slot not in self.cluster_of_slot and not self._from_slot(slot, set(), reached):
                return {self.slot_rules[index] for index in reached}
        return None


@dataclass
class _Blueprint:
    exam: Exam
    pools: list[list[QuestionRef]]
    cases: dict[str, list[QuestionRef]]

    @classmethod
    def of(cls, course: Course, exam: Exam) -> _Blueprint:
        pools = rule_pools(course, exam)
        wanted = {ref.key for pool in pools for ref in pool}
        cases: dict[str, list[QuestionRef]] = {}
        for ref in course.questions():
            case = case_of(ref)
            if case is not None:
                cases.setdefault(case, []).append(ref)
        # A case with a question no rule may draw can never be drawn whole.
        drawable = {name: refs for name, refs in cases.items() if all(ref.key in wanted for ref in refs)}
        return cls(exam, pools, drawable)

    def graph(self, included: set[str], rng: random.Random | None) -> tuple[_Graph, list[str]] | None:
        """The matching problem with ``included`` cases in (their questions forced) and the others out."""
        chosen_case_keys: dict[str, str] = {}
        for name in included:
            for ref in self.cases[name]:
                if cluster_of(ref) in chosen_case_keys:
                    return None  # two questions of the chosen cases share a cluster
                chosen_case_keys[cluster_of(ref)] = ref.key
        rule_clusters: list[list[str]] = []
        cluster_rules: dict[str, set[int]] = {}
        members: dict[tuple[int, str], list[QuestionRef]] = {}
        for index, pool in enumerate(self.pools):
            clusters: dict[str, None] = {}
            for ref in pool:
                token = cluster_of(ref)
                case = case_of(ref)
                fixed = chosen_case_keys.get(token)
                if (case is not None and case not in included) or (fixed is not None and fixed != ref.key):
                    continue
                clusters[token] = None
                members.setdefault((index, token), []).append(ref)
                cluster_rules.setdefault(token, set()).add(index)
            ordered = list(clusters)
            if rng is not None:
                rng.shuffle(ordered)
            rule_clusters.append(ordered)
        slots = [index for index, rule in enumerate(self.exam.draw) for _ in range(rule.count)]
        return _Graph(slots, rule_clusters, cluster_rules, members), sorted(chosen_case_keys)

    def attempt(self, included: set[str], rng: random.Random | None) -> tuple[_Graph | None, set[int]]:
        built = self.graph(included, rng)
        if built is None:
            return None, set()
        graph, forced = built
        short = graph.fill(forced)
        return (graph, set()) if short is None else (None, short)

    def case_sets(self, decided: set[str], undecided: list[str]) -> Iterator[set[str]]:
        """``decided`` with every subset of ``undecided``, smallest first, at most ``MAX_CASE_SETS``."""
        produced = 0
        for size in range(len(undecided) + 1):
            for extra in combinations(undecided, size):
                if produced >= MAX_CASE_SETS:
                    return
                produced += 1
                yield decided | set(extra)

    def feasible(self, decided: set[str], undecided: list[str]) -> bool:
        return any(self.attempt(cases, None)[0] is not None for cases in self.case_sets(decided, undecided))


def _short_message(exam: Exam, rules: set[int], pools: list[list[QuestionRef]], has_cases: bool) -> str:
    ordered = sorted(rules)
    named = [f"{index + 1} ({describe_rule(exam.draw[index])}, {exam.draw[index].count})" for index in ordered]
    need = sum(exam.draw[index].count for index in ordered)
    serving = {cluster_of(ref) for index in ordered for ref in pools[index]
               if not has_cases or ref.question.case is None}
    if len(named) == 1:
        head = f"rule {named[0]} needs {need} questions"
    else:
        together = "both" if len(named) == 2 else "all"
        head = f"rules {', '.join(named[:-1])} and {named[-1]} {together} need questions from the same pool, " \
               f"{need} in all"
    tail = " (at most one per cluster" + (", a case's questions only all together)" if has_cases else ")")
    return f"exam '{exam.id}' cannot be drawn: {head}, and only {len(serving)} distinct questions can serve " \
           f"{'it' if len(named) == 1 else 'them'}{tail}"


def check(course: Course, exam: Exam) -> str | None:
    """Why the blueprint cannot be drawn for any seed, or ``None`` when every seed draws a form."""
    blueprint = _Blueprint.of(course, exam)
    graph, short = blueprint.attempt(set(), None)
    if graph is not None or blueprint.feasible(set(), sorted(blueprint.cases)):
        return None
    return _short_message(exam, short or set(range(len(exam.draw))), blueprint.pools, bool(blueprint.cases))


def draw(course: Course, exam: Exam, rng: random.Random) -> list[QuestionRef]:
    """One form satisfying every rule at once, in rule order; ``Undrawable`` when no form exists.

    Cases are taken in a random order, each in or out at random when both leave the form drawable, so
    the forms a blueprint can produce are all reachable.
    """
    blueprint = _Blueprint.of(course, exam)
    included: set[str] = set()
    undecided = sorted(blueprint.cases)
    rng.shuffle(undecided)
    while undecided:
        name = undecided.pop()
        want = rng.random() < 0.5
        first, second = (included | {name}, included) if want else (included, included | {name})
        included = first if blueprint.feasible(first, undecided) else second
    graph, _ = blueprint.attempt(included, rng)
    if graph is None:
        raise Undrawable((check(course, exam) or f"exam '{exam.id}' cannot be drawn") + " (run courseware validate)")
    drawn: list[QuestionRef] = []
    for slot in range(len(graph.slot_rules)):
        members = graph.members[(graph.slot_rules[slot], graph.cluster_of_slot[slot])]
        drawn.append(members[0] if len(members) == 1 else rng.choice(members))
    return drawn

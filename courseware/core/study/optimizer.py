"""Personal scheduling: FSRS parameters fitted to the learner's own reviews (Anki's "Optimize").

The fitting is fsrs's own optimizer, which needs torch: it is the ``courseware[optimizer]`` extra, so a
default install stays light. Until there are :data:`MIN_REVIEWS` scheduled reviews the default parameters
are kept (fewer reviews would fit noise). The fit's log loss on the learner's reviews, before (with the
parameters in use) and after, is stored with the parameters so the learner can see what changed.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import datetime

from courseware.core.errors import CoursewareError
from courseware.core.store import FittedParameters, Store

#: Scheduled reviews needed before fitting is offered.
MIN_REVIEWS = 400
EXTRA = "pip install 'courseware[optimizer]'"


class OptimizerError(CoursewareError):
    """Fitting is not possible yet (too few reviews) or not installed."""


@dataclass(frozen=True)
class Readiness:
    reviews: int
    #: Why fitting cannot run now, in a sentence for the learner; None when it can.
    blocker: str | None


def missing_optimizer() -> str | None:
    """What is missing for fsrs's optimizer (torch, pandas, tqdm), or None when it can run."""
    missing = [name for name in ("torch", "pandas", "tqdm") if importlib.util.find_spec(name) is None]
    return ", ".join(missing) or None


def readiness(store: Store) -> Readiness:
    reviews = store.aggregates.scheduled_review_count()
    if reviews < MIN_REVIEWS:
        return Readiness(reviews, f"Optimizing needs at least {MIN_REVIEWS} reviews of your own; you have "
                                  f"{reviews}. Until then the default FSRS parameters are used.")
    missing = missing_optimizer()
    if missing:
        return Readiness(reviews, f"Optimizing needs the optimizer extra ({missing} missing): {EXTRA}")
    return Readiness(reviews, None)


def optimize(store: Store, now: datetime) -> FittedParameters:
    """Fit FSRS to the learner's scheduled reviews, store the parameters and return them with both losses."""
    ready = readiness(store)
    if ready.blocker:
        raise OptimizerError(ready.blocker)
    from fsrs import Optimizer, Rating, ReviewLog
    from fsrs.scheduler import DEFAULT_PARAMETERS

    ids: dict[str, int] = {}
    logs = [ReviewLog(ids.setdefault(key, len(ids)), Rating(rating), reviewed_at, duration)
            for key, rating, reviewed_at, duration in store.reviews.scheduled_history()]
    optimizer = Optimizer(logs)
    current = store.fsrs.latest()
    before_parameters = list(current.parameters) if current else list(DEFAULT_PARAMETERS)
    fitted = optimizer.compute_optimal_parameters()
    # fsrs exposes the loss only through this method; it is the loss the fit itself minimises.
    result = FittedParameters(now, tuple(float(value) for value in fitted), len(logs),
                              optimizer._compute_batch_loss(parameters=before_parameters),
                              optimizer._compute_batch_loss(parameters=list(fitted)))
    store.fsrs.save(result)
    return result


def describe(fitted: FittedParameters) -> str:
    change = fitted.loss_after - fitted.loss_before
    return (f"FSRS fitted to {fitted.reviews} reviews: log loss {fitted.loss_before:.4f} before, "
            f"{fitted.loss_after:.4f} after ({change:+.4f}). New intervals use these parameters.")

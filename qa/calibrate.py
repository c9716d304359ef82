"""Calibrating declines: a logistic model of evidence strength fitted on a development set.

Owns running a question set with every answer kept (no model and no weak-evidence bar, so
nothing is declined by strength), the features decline.evidence gives each answer, which of them
the model weighs (MODEL_FEATURES), the fit (logistic regression, L2, plain gradient descent: a
few features need nothing more), the threshold (the highest that keeps false declines within
the allowed share on the development set), and writing qa/ask/calibration.json with where it
came from. Checking it on another set is evaluate's job.
"""
from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from qa import evaluate
from qa.ask.decline import CALIBRATION, _model
from qa.ask.engine import Engine

MAX_FALSE_DECLINES = 0.03
# The features the model weighs: how close the best sentence is in meaning and in terms, whether
# the kinds of answer asked for are given and whether the years asked about are mentioned (the
# typed checks become inputs, not gates). The passage's cosine, the share of known words and the
# named-officer check were left out: fitted with them, the model declined fewer out-of-scope
# questions on the generated check halves and more answerable ones on the sample's held-out sets,
# and the officer check's weight came out negative (docs/evaluation.md, "Session 7").
MODEL_FEATURES = ("similarity", "coverage", "kinds", "years")


def samples(engine: Engine, items: list[evaluate.EvalItem]) -> tuple[np.ndarray, np.ndarray]:
    """Features of every answer given without declining by strength, and whether its question
    is answerable from the documents."""
    open_engine = engine.with_rules(replace(engine.rules, weak_evidence=False))
    xs, ys = [], []
    for o in evaluate.run(open_engine, items, "hybrid"):
        if not o.answer.evidence:
            continue  # declined before any evidence was weighed (no passage, unknown force)
        xs.append([o.answer.evidence[f] for f in MODEL_FEATURES])
        ys.append(float(o.item.answerable))
    return np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.001, steps: int = 20000,
        rate: float = 1.0) -> tuple[np.ndarray, float]:
    """Logistic regression weights and bias on the features as given. Fitted on standardised
    features with both classes weighted alike (unanswerable questions are few), then turned
    back into weights of the raw features."""
    mean, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / sd
    share = float(y.mean()) if len(y) else 0.5
    weight = np.where(y > 0, 0.5 / max(share, 1e-9), 0.5 / max(1 - share, 1e-9))
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        g = weight * (1.0 / (1.0 + np.exp(-(z @ w + b))) - y)
        w -= rate * (z.T @ g / len(y) + l2 * w)
        b -= rate * float(g.mean())
    return w / sd, b - float((w / sd) @ mean)


def threshold(strengths: np.ndarray, answerable: np.ndarray,
              max_false: float = MAX_FALSE_DECLINES) -> float:
    """The highest strength below which at most `max_false` of the answerable questions fall."""
    good = np.sort(strengths[answerable])
    if not len(good):
        return 0.5
    allowed = int(np.floor(max_false * len(good)))
    return float(good[allowed]) - 1e-6 if allowed < len(good) else float(good[-1])


def calibrate(sets: list[tuple[Engine, Path]], out: Path = CALIBRATION) -> dict:
    """Fit on the question sets (each answered by its engine: its own library), write `out`,
    and return what was written."""
    parts = [samples(engine, evaluate.load_items(path)) for engine, path in sets]
    x = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    w, b = fit(x, y)
    strengths = 1.0 / (1.0 + np.exp(-(x @ w + b)))
    data = {"weights": {f: round(float(v), 4) for f, v in zip(MODEL_FEATURES, w)},
            "bias": round(b, 4), "threshold": round(threshold(strengths, y > 0), 4),
            "fitted_on": [str(path) for _, path in sets], "questions": len(y),
            "answerable": int(y.sum()),
            "max_false_declines": MAX_FALSE_DECLINES, "date": time.strftime("%Y-%m-%d"),
            "command": "python -m qa eval --library DIR --calibrate [SETS...]: the library's "
                       "development half and the sets given"}
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    _model.cache_clear()
    return data

"""The decline model: fitting, its threshold, and declining by strength."""
import json

import numpy as np
import pytest

from qa.ask import decline
from qa.calibrate import fit, threshold


def test_fit_separates_what_the_features_separate():
    rng = np.random.default_rng(3)
    good = rng.normal([0.7, 0.5], 0.05, size=(200, 2))
    bad = rng.normal([0.3, 0.1], 0.05, size=(20, 2))  # few, as unanswerable questions are
    x = np.vstack([good, bad])
    y = np.r_[np.ones(200), np.zeros(20)]
    w, b = fit(x, y)
    p = 1 / (1 + np.exp(-(x @ w + b)))
    assert p[:200].min() > p[200:].max()  # every answerable one scores above every other
    assert (w > 0).all()


def test_threshold_keeps_false_declines_within_the_share_allowed():
    strengths = np.linspace(0.01, 1.0, 100)
    answerable = np.ones(100, dtype=bool)
    t = threshold(strengths, answerable, max_false=0.03)
    assert np.mean(strengths < t) == pytest.approx(0.03)


def test_with_a_calibration_file_the_fitted_strength_decides(tmp_path, monkeypatch):
    """The same evidence is answered with no model (the fixed thresholds pass it) and declined
    by the model read from a calibration file that finds it weak; the answer carries its
    strength and the features weighed."""
    from handmade import document, passage

    from qa.ask.compose import build_answer
    from qa.ask.understand import understand
    desk = document("The stalking desk opened last year and reviews every report.")
    question = understand("When did the stalking desk open?")
    monkeypatch.setattr(decline, "CALIBRATION", tmp_path / "calibration.json")
    decline._model.cache_clear()
    assert decline.load_model() is None
    assert not build_answer(question, [passage(desk, default=0.6)], {}, 1).refused
    (tmp_path / "calibration.json").write_text(json.dumps(
        {"weights": {"similarity": 10.0}, "bias": -9.0, "threshold": 0.5}))
    decline._model.cache_clear()  # read once per process, as the engine does
    model = decline.load_model()
    weak = build_answer(question, [passage(desk, default=0.6)], {}, 1, model=model)
    strong = build_answer(question, [passage(desk, default=0.99)], {}, 1, model=model)
    assert weak.refused and weak.strength < 0.5 and weak.evidence["similarity"] == 0.6
    assert not strong.refused and strong.strength > 0.5
    decline._model.cache_clear()


def test_the_shipped_calibration_weighs_known_features_and_says_where_it_came_from():
    """The model the app answers with (qa/ask/calibration.json): its features are evidence
    features, every weight says "more is stronger", and it records what it was fitted on."""
    from qa.calibrate import MODEL_FEATURES
    decline._model.cache_clear()
    model = decline.load_model()
    assert model is not None and 0 < model.threshold < 1
    assert set(model.weights) == set(MODEL_FEATURES) <= set(decline.FEATURES)
    assert all(w > 0 for w in model.weights.values())
    data = json.loads(decline.CALIBRATION.read_text(encoding="utf-8"))
    assert data["fitted_on"] and data["command"].startswith("python -m qa eval")
    nothing = dict.fromkeys(decline.FEATURES, 0.0)
    everything = dict.fromkeys(decline.FEATURES, 1.0)
    assert model.strength(nothing) < model.threshold < model.strength(everything)


def test_keyword_only_search_is_judged_by_thresholds_not_the_cosine_model(engine):
    """The model weighs cosines; a bm25-mode answer has none, so the fixed thresholds decide
    (else nearly every keyword-only answer would look weak and be declined)."""
    q = "What did Wiltshire change on domestic abuse training?"
    hybrid, keywords = engine.ask(q), engine.ask(q, mode="bm25")
    assert hybrid.strength is not None and not hybrid.refused
    assert keywords.strength is None and not keywords.refused and keywords.citations

"""The fast paths give the answers of the slow ones: the approximate FAISS index finds what
exact search finds, and the ONNX Runtime embeddings (float32 and int8) agree with PyTorch's.
Timings are not tested here; they live in `python -m qa bench` (docs/performance.md)."""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import faiss
import numpy as np
import pytest

from bench import synth
from bench.embed import corpus_chunks
from bench.probe import exact_top_k
from qa.config import load_settings
from qa.errors import QAError
from qa.index import vector_search
from qa.index.embedding import Embedder

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "eval" / "questions.jsonl"


def _questions() -> list[str]:
    return [json.loads(line)["question"] for line in QUESTIONS.read_text("utf-8").splitlines()
            if line.strip()]


@pytest.fixture(scope="module")
def torch_embedder() -> Embedder:
    return Embedder("torch")


@pytest.fixture(scope="module")
def chunks() -> list[str]:
    return corpus_chunks(load_settings(environ={}, corpus=ROOT / "corpus"))


@pytest.mark.slow
def test_approximate_index_recall_at_10_against_exact_on_real_vectors(tmp_path, torch_embedder):
    """60k chunk vectors (each the mean of real sentences' vectors plus noise) and the
    evaluation questions' real vectors: the IVF index finds >= 97% of the exact top 10,
    and still does after a save and load."""
    pool = synth.load_pool(ROOT / "corpus", torch_embedder, tmp_path / "pool")
    rng = np.random.default_rng(1)
    picks = rng.integers(0, len(pool.templates), (60_000, 4))
    vectors = synth.chunk_vectors(pool, picks, rng.integers(3, 5, 60_000), rng)
    queries = torch_embedder.encode(_questions())
    index = vector_search.build_faiss(vectors, exact_limit=50_000)
    assert vector_search.index_kind(index) == "ivf"
    faiss.write_index(index, str(tmp_path / "faiss.index"))
    loaded = faiss.read_index(str(tmp_path / "faiss.index"))
    assert loaded.nprobe == index.nprobe >= vector_search.IVF_MIN_PROBES
    exact = exact_top_k(vectors, queries, 10)
    _scores, approx = loaded.search(queries, 10)
    recall = np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approx, exact)])
    assert recall >= 0.97, recall


def test_small_libraries_stay_exact():
    vectors = synth.perturbed(np.eye(8, dtype=np.float32), 100)
    index = vector_search.build_faiss(vectors, exact_limit=100)
    assert vector_search.index_kind(index) == "flat"
    _scores, ids = index.search(vectors[:5], 1)
    assert ids[:, 0].tolist() == [0, 1, 2, 3, 4]


@pytest.mark.slow
@pytest.mark.parametrize("backend, mean_at_least, min_at_least",
                         [("onnx", 0.9999, 0.9999), ("onnx-int8", 0.985, 0.97)])
def test_onnx_embeddings_agree_with_torch(chunks, torch_embedder, backend, mean_at_least,
                                          min_at_least):
    """The sample corpus's chunks, plus one text past the 256-token limit (tokenizer.json
    itself says 128, the model 256): cosine to the PyTorch vectors. int8 measured 0.993."""
    texts = chunks + [" ".join(chunks)[:4000]]
    reference = torch_embedder.encode(texts)
    vectors = Embedder(backend).encode(texts)
    cos = (reference * vectors).sum(axis=1)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert cos.mean() >= mean_at_least and cos.min() >= min_at_least, (cos.mean(), cos.min())


@pytest.mark.slow
def test_int8_index_finds_the_evaluation_passages_as_well_as_torch(tmp_path, sample_settings,
                                                                  embedder):
    """hit@5 over the evaluation set with an index built and queried with onnx-int8 is at
    most 0.01 below the PyTorch one."""
    from qa.ask.engine import Engine
    from qa.evaluate import evaluate, load_items
    from qa.ingest.build import ingest

    items = load_items(QUESTIONS)
    hits = {}
    for backend in ("torch", "onnx-int8"):
        settings = replace(sample_settings, index=tmp_path / backend, embed_backend=backend)
        ingest(settings, embedder=Embedder(backend))
        results, _ = evaluate(Engine.open(settings, Embedder(backend)), items, modes=("hybrid",))
        hits[backend] = results[0].values["hit@5"]
    assert hits["onnx-int8"] >= hits["torch"] - 0.01, hits


@pytest.mark.slow
def test_two_processes_exporting_at_once_share_one_export(tmp_path):
    """The export is made once under a file lock; a second process waits and reuses it."""
    code = ("import sys; from pathlib import Path; from qa.index.embedding import model_path; "
            "from qa.index.onnx import ensure_exported; "
            "print(ensure_exported(Path(model_path()), Path(sys.argv[1])))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True) for _ in range(2)]
    folders = {p.communicate(timeout=300)[0].strip() for p in procs}
    assert all(p.returncode == 0 for p in procs)
    assert len(folders) == 1
    folder = Path(folders.pop())
    assert sorted(f.name for f in folder.iterdir()) == ["model-int8.onnx", "model.onnx"]
    assert not list(tmp_path.glob(".tmp-*"))


def test_unknown_backend_is_refused_with_the_choices():
    with pytest.raises(QAError, match="onnx-int8"):
        Embedder("onnx-int4")

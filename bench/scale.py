"""Scale: build a synthetic library of each size with the real builders, then probe it from a
fresh process (load time, query latency, memory, approximate-search recall).

Owns: where the benchmark's indexes live (reused between runs when nothing that shapes them
changed), timing their build, and running probe in a subprocess per size so one size's memory
never counts against another's. The libraries themselves come from synth.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import synth
from qa.config import Settings
from qa.index import store, vector_search


def parse_size(text: str) -> int:
    """'10k' -> 10000, '1M' -> 1000000, '2500' -> 2500."""
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def ensure_library(pool: synth.Pool, n: int, folder: Path, settings: Settings, embedder,
                   rebuild: bool = False) -> dict:
    """The synthetic index of n chunks under folder, built unless an identical one is there;
    returns its build record (seconds per step, index type, disk size)."""
    want = {"chunks": n, "exact_limit": settings.exact_search_limit, "noise": synth.NOISE,
            "format": store.FORMAT_VERSION, "backend": embedder.backend,
            "pool": len(pool.templates), "recipe": synth.RECIPE, "faiss": _faiss_recipe()}
    record_path = folder / "bench-build.json"
    if not rebuild and record_path.is_file() and store.current_generation(folder):
        record = json.loads(record_path.read_text(encoding="utf-8"))
        if record.get("params") == want:
            record["reused"] = True
            return record
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    lib = synth.make_library(pool, n)
    record = {"params": want, "generate_s": time.perf_counter() - started}
    record.update(synth.write_library(lib, folder, settings.exact_search_limit, embedder,
                                      settings.chunk_chars))
    del lib
    gen = store.current_generation(folder)
    record["disk_mb"] = sum(p.stat().st_size for p in gen.rglob("*") if p.is_file()) / 2**20
    record_path.write_text(json.dumps(record, indent=1), encoding="utf-8")
    record["reused"] = False
    return record


def _faiss_recipe() -> str:
    """A digest of how store builds FAISS indexes: a change there rebuilds the bench's."""
    import hashlib
    import inspect
    source = "".join(inspect.getsource(f) for f in (vector_search.build_faiss,
                                                      vector_search.ivf_lists,
                                                      vector_search.ivf_probes))
    constants = (vector_search.IVF_MIN_PROBES, vector_search.IVF_PROBE_SHARE,
                 vector_search.IVF_TRAIN_PER_LIST)
    return hashlib.sha1(f"{source}{constants}".encode()).hexdigest()[:12]


def probe_in_subprocess(folder: Path, backend: str, questions: Path, rounds: int) -> dict:
    """Run bench.probe on folder in a fresh interpreter and return its JSON."""
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-m", "bench.probe", "--index", str(folder),
           "--backend", backend, "--questions", str(questions), "--rounds", str(rounds)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"probe of {folder} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(settings: Settings, embedder, sizes: list[int], work: Path, questions: Path,
        rounds: int, rebuild: bool = False, log=print) -> list[dict]:
    """Build (or reuse) and probe each size; one result row per size."""
    pool = synth.load_pool(Path(settings.corpus), embedder, work / "pool")
    rows = []
    for n in sizes:
        folder = work / f"index-{label(n)}"
        log(f"scale {label(n)}: building (or reusing) {folder}")
        build = ensure_library(pool, n, folder, settings, embedder, rebuild)
        log(f"scale {label(n)}: probing in a fresh process")
        row = {"size": n, "label": label(n), "build": build}
        row.update(probe_in_subprocess(folder, embedder.backend, questions, rounds))
        rows.append(row)
    return rows

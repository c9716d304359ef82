"""The index: the generation folder on disk (store, files), the embedders (PyTorch and ONNX) and
the keyword side (what a term is, BM25)."""

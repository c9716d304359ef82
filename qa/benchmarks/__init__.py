"""The measurements behind `python -m qa bench` (entry point and table: qa.bench).

One module per measurement: pdfs (extraction speed), embed (PyTorch against ONNX Runtime),
synth (libraries of any size made from the sample corpus's real sentences and vectors),
scale (index build, load, query latency, memory and approximate-search recall per size, each
size probed in a fresh process by probe), coldstart (the web app, from launch to first answer).
"""

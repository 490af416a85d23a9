#!/usr/bin/env python3
"""Makes the ONNX models shopbench-detect's tests and benchmark run.

shopbench ships no damage model. These graphs only stand in for one, so that the whole
path (manifest, letterbox, tract, output decoding, NMS, class mapping, box -> photo
fractions) is checked against outputs known in advance:

    python3 crates/detect/tools/make_models.py tests DIR
        tiny-v8.onnx      YOLOv8 detect layout, output [1, 4+6, 8]
        tiny-v5.onnx      YOLOv5 detect layout, output [1, 8, 5+6]
        tiny-v8seg.onnx   YOLOv8-seg layout, outputs [1, 4+6+32, 8] and protos [1, 32, 8, 8]
        coco-v8.onnx      a stock 80-class YOLOv8 output shape [1, 84, 8] (the wrong model)
      Each takes a 1x3x32x32 image. Every output value is a constant (below), except one:
      candidate 7's first class score is the mean of the input's first (red) channel, so the
      letterbox padding and the normalisation reach the output and are checked through the
      model. The files are a few KB and committed under crates/detect/tests/models/.

    python3 crates/detect/tools/make_models.py yolov8n FILE
        A graph of YOLOv8n's architecture (backbone, neck, decoupled head with DFL, box
        decoding) for the six CarDD classes at 640x640, ~3.0 M parameters of random weights.
        It detects nothing useful; it costs what a real YOLOv8n costs. The benchmark makes it
        under target/ (12 MB: never committed).

Needs the `onnx` and `numpy` packages from PyPI:
    python3 -m venv /tmp/onnx-venv && /tmp/onnx-venv/bin/pip install onnx numpy
Regenerate the test models (then commit them):
    /tmp/onnx-venv/bin/python crates/detect/tools/make_models.py tests crates/detect/tests/models
"""

import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

CLASSES = ["dent", "scratch", "crack", "glass shatter", "lamp broken", "tire flat"]
NC = len(CLASSES)
SIDE = 32  # the tiny models' input side
OPSET = 17

# The tiny models' candidates: (cx, cy, w, h) in input pixels and per-class scores.
# The tests in crates/detect/tests/models.rs restate what each one must become.
CANDIDATES = [
    ((8, 8, 8, 8), {"dent": 0.90}),  # 0: kept
    ((9, 8, 8, 8), {"dent": 0.80}),  # 1: IoU 0.78 with 0, same class: suppressed
    ((9, 8, 8, 8), {"scratch": 0.70}),  # 2: same box as 1, other class: kept
    ((24, 24, 6, 4), {"lamp broken": 0.60}),  # 3: kept
    ((24, 24, 6, 4), {"dent": 0.20}),  # 4: below the 0.25 threshold
    ((16, 28, 8, 6), {"tire flat": 0.95}),  # 5: mapped to null: reported, not proposed
    ((16, 16, 4, 4), {c: 0.10 for c in CLASSES}),  # 6: below the threshold
    ((16, 4, 10, 6), {}),  # 7: dent score = mean of input channel 0
]
N = len(CANDIDATES)
INPUT_DEPENDENT = 7


def names_metadata(model, classes):
    """Ultralytics writes the class names as a Python dict literal in `names`."""
    names = "{" + ", ".join(f"{i}: '{n}'" for i, n in enumerate(classes)) + "}"
    for k, v in [("names", names), ("imgsz", f"[{SIDE}, {SIDE}]"), ("task", "detect"),
                 ("description", "shopbench test stand-in, not a damage model")]:
        p = model.metadata_props.add()
        p.key, p.value = k, v


def tiny_model(layout, out_shape, values, routed, extra_outputs=(), metadata=True):
    """input -> GlobalAveragePool -> [1,3] @ W + B -> reshape(out_shape).

    `values[i]` is the constant at flat position i of the output (B); W adds the mean of
    input channel 0 at flat position `routed` (None: the output is constant).
    """
    size = int(np.prod(out_shape))
    b = np.zeros((1, size), np.float32)
    for i, v in values.items():
        b[0, i] = v
    w = np.zeros((3, size), np.float32)
    if routed is not None:
        w[0, routed] = 1.0
    inits = [
        numpy_helper.from_array(w, "W"),
        numpy_helper.from_array(b, "B"),
        numpy_helper.from_array(np.array([1, 3], np.int64), "shape13"),
        numpy_helper.from_array(np.array(out_shape, np.int64), "out_shape"),
    ]
    nodes = [
        helper.make_node("GlobalAveragePool", ["images"], ["gap"]),
        helper.make_node("Reshape", ["gap", "shape13"], ["means"]),
        helper.make_node("MatMul", ["means", "W"], ["routed"]),
        helper.make_node("Add", ["routed", "B"], ["flat"]),
        helper.make_node("Reshape", ["flat", "out_shape"], ["output0"]),
    ]
    outputs = [helper.make_tensor_value_info("output0", TensorProto.FLOAT, out_shape)]
    for name, arr in extra_outputs:
        inits.append(numpy_helper.from_array(arr, name + "_value"))
        nodes.append(helper.make_node("Identity", [name + "_value"], [name]))
        outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, list(arr.shape)))
    graph = helper.make_graph(
        nodes,
        f"shopbench-test-{layout}",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, SIDE, SIDE])],
        outputs,
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="shopbench make_models.py")
    model.ir_version = 8
    if metadata:
        names_metadata(model, CLASSES)
    onnx.checker.check_model(model)
    return model


def v8_values():
    """Constants of a YOLOv8 [1, attributes, N] output (attribute-major: a * N + c)."""
    vals = {}
    for c, ((cx, cy, w, h), scores) in enumerate(CANDIDATES):
        for a, v in enumerate((cx, cy, w, h)):
            vals[a * N + c] = v
        for name, s in scores.items():
            vals[(4 + CLASSES.index(name)) * N + c] = s
    return vals


def write_tests(out_dir):
    import os

    os.makedirs(out_dir, exist_ok=True)

    # YOLOv8: attribute-major [1, 4 + nc, N]; candidate 7's dent score is the mean.
    routed = 4 * N + INPUT_DEPENDENT
    v8 = tiny_model("yolov8", [1, 4 + NC, N], v8_values(), routed)
    onnx.save(v8, os.path.join(out_dir, "tiny-v8.onnx"))

    # YOLOv5: candidate-major [1, N, 5 + nc], score = objectness x class probability. The
    # products equal the YOLOv8 scores, so both models must give the same proposals:
    # objectness 0.5 with doubled class probabilities where the score is at most 0.5
    # (candidates 4 and 6: read without the product they would pass the threshold),
    # objectness 1 elsewhere; candidate 7: objectness = the mean, dent probability 1.
    attrs = 5 + NC
    vals = {}
    for c, ((cx, cy, w, h), scores) in enumerate(CANDIDATES):
        for a, v in enumerate((cx, cy, w, h)):
            vals[c * attrs + a] = v
        obj = 0.5 if scores and max(scores.values()) <= 0.5 else 1.0
        vals[c * attrs + 4] = 0.0 if c == INPUT_DEPENDENT else obj
        for name, s in scores.items():
            vals[c * attrs + 5 + CLASSES.index(name)] = s / obj
    vals[INPUT_DEPENDENT * attrs + 5] = 1.0
    v5 = tiny_model("yolov5", [1, N, attrs], vals, INPUT_DEPENDENT * attrs + 4)
    onnx.save(v5, os.path.join(out_dir, "tiny-v5.onnx"))

    # YOLOv8-seg: 32 mask coefficients after the class scores, and a prototype output.
    vals = v8_values()
    for k in range(32):
        for c in range(N):
            vals[(4 + NC + k) * N + c] = 0.01 * (k + 1)
    protos = np.full((1, 32, 8, 8), 0.5, np.float32)
    seg = tiny_model("yolov8-seg", [1, 4 + NC + 32, N], vals, routed,
                     extra_outputs=[("output1", protos)])
    onnx.save(seg, os.path.join(out_dir, "tiny-v8seg.onnx"))

    # A stock COCO YOLOv8 output shape: 4 + 80 values per candidate.
    coco = tiny_model("yolov8", [1, 84, N], {}, None, metadata=False)
    onnx.save(coco, os.path.join(out_dir, "coco-v8.onnx"))


# ---------------------------------------------------------------- YOLOv8n, random weights


class Graph:
    """Just enough of a graph builder for YOLOv8n (Conv+BN fused, as exported)."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.nodes, self.inits, self.n = [], [], 0
        self.params = 0

    def name(self, p):
        self.n += 1
        return f"{p}{self.n}"

    def const(self, arr, p="c"):
        n = self.name(p)
        self.inits.append(numpy_helper.from_array(arr, n))
        return n

    def op(self, kind, inputs, **attrs):
        out = self.name(kind.lower())
        self.nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    def conv(self, x, c1, c2, k=1, s=1, act=True, bias=None):
        """Conv2d (BN folded into weight and bias) + SiLU, as Ultralytics exports it."""
        w = self.rng.normal(0, 1 / np.sqrt(c1 * k * k), (c2, c1, k, k)).astype(np.float32)
        b = np.zeros(c2, np.float32) if bias is None else np.full(c2, bias, np.float32)
        self.params += w.size + b.size
        y = self.op("Conv", [x, self.const(w, "w"), self.const(b, "b")],
                    kernel_shape=[k, k], strides=[s, s], pads=[k // 2] * 4)
        if not act:
            return y
        return self.op("Mul", [y, self.op("Sigmoid", [y])])

    def c2f(self, x, c1, c2, n, shortcut):
        c = c2 // 2
        y = self.conv(x, c1, 2 * c, 1)
        a, b = self.name("split_a"), self.name("split_b")
        self.nodes.append(helper.make_node("Split", [y, self.const(np.array([c, c], np.int64))],
                                           [a, b], axis=1))
        parts = [a, b]
        for _ in range(n):
            z = self.conv(self.conv(parts[-1], c, c, 3), c, c, 3)
            parts.append(self.op("Add", [parts[-1], z]) if shortcut else z)
        return self.conv(self.op("Concat", parts, axis=1), (2 + n) * c, c2, 1)

    def sppf(self, x, c1, c2):
        c = c1 // 2
        y = [self.conv(x, c1, c, 1)]
        for _ in range(3):
            y.append(self.op("MaxPool", [y[-1]], kernel_shape=[5, 5], strides=[1, 1],
                             pads=[2, 2, 2, 2]))
        return self.conv(self.op("Concat", y, axis=1), 4 * c, c2, 1)

    def up(self, x):
        scales = self.const(np.array([1, 1, 2, 2], np.float32), "scales")
        return self.op("Resize", [x, "", scales], mode="nearest")


def yolov8n(nc=NC, side=640, seed=0):
    g = Graph(seed)
    x = "images"
    x = g.conv(x, 3, 16, 3, 2)
    x = g.conv(x, 16, 32, 3, 2)
    x = g.c2f(x, 32, 32, 1, True)
    x = g.conv(x, 32, 64, 3, 2)
    p3 = g.c2f(x, 64, 64, 2, True)
    x = g.conv(p3, 64, 128, 3, 2)
    p4 = g.c2f(x, 128, 128, 2, True)
    x = g.conv(p4, 128, 256, 3, 2)
    x = g.c2f(x, 256, 256, 1, True)
    p5 = g.sppf(x, 256, 256)
    h12 = g.c2f(g.op("Concat", [g.up(p5), p4], axis=1), 384, 128, 1, False)
    o3 = g.c2f(g.op("Concat", [g.up(h12), p3], axis=1), 192, 64, 1, False)
    h18 = g.c2f(g.op("Concat", [g.conv(o3, 64, 64, 3, 2), h12], axis=1), 192, 128, 1, False)
    o5 = g.c2f(g.op("Concat", [g.conv(h18, 128, 128, 3, 2), p5], axis=1), 384, 256, 1, False)

    reg_max = 16
    c2, c3 = max(16, 64 // 4, reg_max * 4), max(64, min(nc, 100))
    boxes, scores, anchors, strides = [], [], [], []
    for feat, ch, stride in [(o3, 64, 8), (h18, 128, 16), (o5, 256, 32)]:
        box = g.conv(g.conv(g.conv(feat, ch, c2, 3), c2, c2, 3), c2, 4 * reg_max, 1, act=False,
                     bias=1.0)
        prior = float(np.log(5 / nc / (640 / stride) ** 2))  # Ultralytics' class bias init
        cls = g.conv(g.conv(g.conv(feat, ch, c3, 3), c3, c3, 3), c3, nc, 1, act=False, bias=prior)
        side_n = side // stride
        boxes.append(g.op("Reshape", [box, g.const(np.array([1, 4 * reg_max, -1], np.int64))]))
        scores.append(g.op("Reshape", [cls, g.const(np.array([1, nc, -1], np.int64))]))
        ys, xs = np.meshgrid(np.arange(side_n) + 0.5, np.arange(side_n) + 0.5, indexing="ij")
        anchors.append(np.stack([xs.ravel(), ys.ravel()]))
        strides.append(np.full(side_n * side_n, stride, np.float32))
    a = sum(s.size for s in strides)
    box = g.op("Concat", boxes, axis=2)
    cls = g.op("Concat", scores, axis=2)
    # DFL: softmax over 16 bins, expectation by a 1x1 conv with weights 0..15.
    box = g.op("Reshape", [box, g.const(np.array([1, 4, reg_max, a], np.int64))])
    box = g.op("Transpose", [box], perm=[0, 2, 1, 3])
    box = g.op("Softmax", [box], axis=1)
    dfl = np.arange(reg_max, dtype=np.float32).reshape(1, reg_max, 1, 1)
    box = g.op("Conv", [box, g.const(dfl, "dfl")], kernel_shape=[1, 1])
    dist = g.op("Reshape", [box, g.const(np.array([1, 4, a], np.int64))])
    lt, rb = g.name("lt"), g.name("rb")
    g.nodes.append(helper.make_node("Split", [dist, g.const(np.array([2, 2], np.int64))],
                                    [lt, rb], axis=1))
    anc = g.const(np.concatenate(anchors, axis=1)[None].astype(np.float32), "anchors")
    x1y1 = g.op("Sub", [anc, lt])
    x2y2 = g.op("Add", [anc, rb])
    half = g.const(np.array(0.5, np.float32))
    cxy = g.op("Mul", [g.op("Add", [x1y1, x2y2]), half])
    wh = g.op("Sub", [x2y2, x1y1])
    stride_c = g.const(np.concatenate(strides)[None, None], "strides")
    dbox = g.op("Mul", [g.op("Concat", [cxy, wh], axis=1), stride_c])
    g.nodes.append(helper.make_node("Concat", [dbox, g.op("Sigmoid", [cls])], ["output0"], axis=1))
    graph = helper.make_graph(
        g.nodes,
        "yolov8n-random",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, side, side])],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, 4 + nc, a])],
        g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="shopbench make_models.py")
    model.ir_version = 8
    names = "{" + ", ".join(f"{i}: '{n}'" for i, n in enumerate(CLASSES[:nc])) + "}"
    for k, v in [("names", names), ("imgsz", f"[{side}, {side}]"), ("task", "detect"),
                 ("description", f"YOLOv8n architecture, random weights ({g.params} parameters)")]:
        p = model.metadata_props.add()
        p.key, p.value = k, v
    onnx.checker.check_model(model)
    return model, g.params


def main(argv):
    if len(argv) == 3 and argv[1] == "tests":
        write_tests(argv[2])
    elif len(argv) == 3 and argv[1] == "yolov8n":
        model, params = yolov8n()
        onnx.save(model, argv[2])
        print(f"{argv[2]}: YOLOv8n architecture, {params} parameters, random weights")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)

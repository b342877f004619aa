"""int8 export of the encoder: weights per output channel; activations per tensor (shipped)
or, as an option, per row.

``onnxruntime.quantization.quantize_dynamic`` quantises each matmul's input activations with
one scale for the whole tensor (``DynamicQuantizeLinear``), computed when the model runs. In a
batch, that scale comes from every row at once, so a statement's logits move with whatever
is read beside it (VAST dev: 44 of 2,062 labels changed with the batching): the encoder reads
stance rows of such a model one per pass. :func:`per_row_activations` gives every row (every
token's vector) its own symmetric scale instead: ``scale = max |x| / 127`` over the row,
``q = round(x / scale) + 128`` as uint8 with a zero point of 128, and the weights as uint8
too (:func:`_unsigned_weights`: exact integer products on every CPU). A row's output is then
its own whatever else is in the batch (to float rounding, ~1e-6), and closer to the fp32
model (VAST dev rows: mean |logit change| from fp32 0.035, against 0.12 per tensor).
Not the default: the extra element-wise operations make sentence embeddings 1.2-1.4x slower
(key point analysis of 10,000 statements would go over its minute; docs/research.md, Speed).

Needs the ``onnx`` package (the ``train-stance`` extra); inference does not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..atomic import save_atomic

_QMAX = 127.0
_PREFIX = "per_row_"


def quantize(fp32: Path, int8: Path, *, per_channel: bool = True, per_row: bool = False) -> None:
    """Dynamic int8 quantisation of the weights (per output channel by default); with
    ``per_row``, activation scales per row (:func:`per_row_activations`)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=per_channel)
    if per_row:
        requantize(int8)


def requantize(path: Path) -> bool:
    """Rewrite an int8 model file in place to per-row activation scales; False when it has
    no per-tensor scales left (already rewritten). The file is replaced whole or not at all.
    Then set ``"activation_scales": "per-row"`` in the folder's encoder.json (the encoder
    batches stance rows only then) and fit its calibration again (``train calibrate``)."""
    import onnx

    model = onnx.load(str(path))
    if not any(n.op_type == "DynamicQuantizeLinear" for n in model.graph.node):
        return False
    model = per_row_activations(model)
    save_atomic(path, lambda tmp: onnx.save(model, str(tmp)))
    return True


def per_row_activations(model: Any) -> Any:
    """Replace every ``DynamicQuantizeLinear`` (one scale per tensor) by per-row scales
    over the last axis, and rescale each ``MatMulInteger`` result by them. Returns the model
    (changed in place)."""
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    graph = model.graph
    graph.initializer.extend(
        [
            numpy_helper.from_array(np.array(1e-12, dtype=np.float32), _PREFIX + "eps"),
            numpy_helper.from_array(np.array(_QMAX, dtype=np.float32), _PREFIX + "qmax"),
            numpy_helper.from_array(np.array(128.0, dtype=np.float32), _PREFIX + "offset"),
        ]
    )
    nodes = []
    for node in graph.node:
        if node.op_type != "DynamicQuantizeLinear":
            nodes.append(node)
            continue
        x, (q, scale, zero_point) = node.input[0], node.output
        p = f"{node.name or node.output[0]}/{_PREFIX}"
        nodes += [
            helper.make_node("Abs", [x], [p + "abs"]),
            helper.make_node("ReduceMax", [p + "abs"], [p + "max"], axes=[-1], keepdims=1),
            helper.make_node("Max", [p + "max", _PREFIX + "eps"], [p + "top"]),
            helper.make_node("Div", [p + "top", _PREFIX + "qmax"], [scale]),
            helper.make_node("Div", [_PREFIX + "qmax", p + "top"], [p + "inverse"]),
            helper.make_node("Mul", [x, p + "inverse"], [p + "scaled"]),
            # |x / scale| <= 127: + 128 lies in 1..255, no clipping needed
            helper.make_node("Round", [p + "scaled"], [p + "rounded"]),
            helper.make_node("Add", [p + "rounded", _PREFIX + "offset"], [p + "shifted"]),
            helper.make_node("Cast", [p + "shifted"], [q], to=TensorProto.UINT8),
        ]
        # the zero point is a constant now: 128 for every row
        graph.initializer.append(numpy_helper.from_array(np.array(128, np.uint8), zero_point))
    del graph.node[:]
    graph.node.extend(nodes)
    _split_scales(graph)
    _unsigned_weights(graph)
    del graph.value_info[:]  # the scales were scalars; shapes are inferred again at load
    return model


def _split_scales(graph: Any) -> None:
    """``MatMulInteger -> Cast -> Mul(x_scale * w_scale)`` becomes ``Cast -> Mul(w_scale) ->
    Mul(x_scale)``: onnxruntime fuses the first form into ``MatMulIntegerToFloat``, which
    takes the activation scale as one number (it would read the per-row scales wrongly)."""
    from onnx import helper

    constants = {i.name for i in graph.initializer}
    nodes = list(graph.node)  # held, so that id() names each node for the whole pass
    producer = {out: n for n in nodes for out in n.output}
    users: dict[str, list[Any]] = {}
    for n in nodes:
        for name in n.input:
            users.setdefault(name, []).append(n)
    replace: dict[int, list[Any]] = {}
    for n in nodes:
        if n.op_type != "MatMulInteger":
            continue
        (cast,) = users[n.output[0]]
        (mul,) = users[cast.output[0]]
        scales = producer[next(i for i in mul.input if i != cast.output[0])]
        w_scale = next(i for i in scales.input if i in constants)
        x_scale = next(i for i in scales.input if i not in constants)
        if [id(u) for u in users[scales.output[0]]] == [id(mul)]:
            replace[id(scales)] = []  # x_scale * w_scale: no longer read
        mid = mul.output[0] + "/weight_scaled"
        replace[id(mul)] = [
            helper.make_node("Mul", [cast.output[0], w_scale], [mid], name=mul.name + "/w"),
            helper.make_node("Mul", [mid, x_scale], [mul.output[0]], name=mul.name + "/x"),
        ]
    kept = [m for n in nodes for m in replace.get(id(n), [n])]
    del graph.node[:]
    graph.node.extend(kept)


def _unsigned_weights(graph: Any) -> None:
    """int8 weights (zero point z) -> uint8 weights + 128 (zero point z + 128): the same
    numbers. onnxruntime's uint8 x int8 kernel on x86 CPUs without VNNI (AVX2) adds pairs of
    products in 16 bits and saturates (255 x 127 x 2 > 32,767), so its results depend on the
    CPU; the uint8 x uint8 kernel is exact everywhere, ~10-20 % slower."""
    import numpy as np
    from onnx import numpy_helper

    constants = {i.name: i for i in graph.initializer}
    done: set[str] = set()
    for n in graph.node:
        if n.op_type != "MatMulInteger" or len(n.input) < 4:
            continue
        for name in (n.input[1], n.input[3]):
            tensor = constants.get(name)
            if tensor is None or name in done:
                continue
            values = numpy_helper.to_array(tensor)
            if values.dtype == np.int8:
                shifted = (values.astype(np.int16) + 128).astype(np.uint8)
                tensor.CopyFrom(numpy_helper.from_array(shifted, name))
            done.add(name)

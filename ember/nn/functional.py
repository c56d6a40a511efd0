"""Functional forms of the neural-network operations (``torch.nn.functional``); for now :func:`pad`."""
import numpy as np

from ..autograd.graph import Node, record, wants_grad
from ..creation import _scalar_as
from ..ops.common import _check_input, _type_name, not_implemented
from ..ops.shape import _copy_with_strides, _owning, clone, narrow
from ..tensor import _wrap

_MODES = ("constant", "reflect", "replicate", "circular")
_KERNELS = {"reflect": "reflection_pad", "replicate": "replication_pad"}


def _pad_arg(pad):
    """The padding sizes as a tuple of ints, with PyTorch's argument errors."""
    if not isinstance(pad, (tuple, list)):
        raise TypeError(f"pad(): argument 'pad' (position 2) must be tuple of ints, not {_type_name(pad)}")
    sizes = []
    for i, p in enumerate(pad):
        if type(p) is bool or not hasattr(p, "__index__"):
            raise TypeError(f"pad(): argument 'pad' (position 2) must be tuple of ints, but found element of type "
                            f"{_type_name(p)} at pos {i}")
        sizes.append(p.__index__())
    return tuple(sizes)


def pad(input, pad, mode="constant", value=None):
    """Pad the last ``len(pad) // 2`` dims of ``input``: ``pad`` lists (left, right) sizes, last dim first.

    Modes: ``constant`` (filled with ``value``, default 0), ``reflect`` (mirrored without repeating the edge),
    ``replicate`` (the edge repeated) and ``circular`` (wrapped around). Negative sizes crop.
    """
    _check_input(input, "pad")
    pads = _pad_arg(pad)
    if mode not in _MODES:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if value is not None:
        number = value if isinstance(value, (int, float)) and type(value) is not complex else None
        if number is None:
            raise TypeError(f"pad(): argument 'value' (position 4) must be float, not {_type_name(value)}")
        value = float(number)
    ndim = input._data.ndim
    if len(pads) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pads) > 2 * ndim:
        raise RuntimeError(f"Padding length should be less than or equal to two times the input dimension but got "
                           f"padding length {len(pads)} and input of dimension {ndim}")
    if mode == "constant":
        r = _constant(input, pads, 0.0 if value is None else value)
        if wants_grad(input):
            return record(ConstantPadNdBackward0(pads), r, (input,))
        return r
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    k = len(pads) // 2
    if k not in (1, 2, 3) or ndim not in (k + 1, k + 2):
        raise NotImplementedError(
            f"Padding size {len(pads)} is not supported for {ndim}D input tensor.\n"
            "Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
    if mode == "circular":
        r, maps = _circular(input, pads)
        node_class = CopySlices
    else:
        r, maps = _edge(input, pads, mode)
        node_class = _EDGE_NODES[mode, k]
    if wants_grad(input):
        return record(node_class(maps, input._data.shape), r, (input,))
    return r


class ConstantPadNdBackward0(Node):
    """Padding's gradient: the padded places cut off again (negative sizes padded back with zeros)."""

    def __init__(self, pads):
        super().__init__()
        self.pads = pads

    def backward(self, grad):
        return pad(grad, [-p for p in self.pads]),


class _GatherBackward(Node):
    """The gradient of padding by index maps ``(dim, source index of each output place, input size)``: each
    padded element's gradient is added back onto its source."""
    twice = None  # the node class recording this backward's own backward

    def __init__(self, maps, shape):
        super().__init__()
        self.maps, self.shape = maps, shape

    def backward(self, grad):
        if self.maps is None:  # an output with nothing of the input in it
            return _wrap(np.zeros(self.shape, grad._data.dtype), grad._dtype),
        array = grad._data
        for d, j, n in reversed(self.maps):
            moved = np.moveaxis(array, d, 0)
            summed = np.zeros((n,) + moved.shape[1:], array.dtype)
            np.add.at(summed, j, moved)
            array = np.moveaxis(summed, 0, d)
        r = _wrap(np.ascontiguousarray(array), grad._dtype)
        if wants_grad(grad):
            return record(self.twice(self.maps, self.shape, type(self)), r, (grad,)),
        return r,


class _ScatterBackward(Node):
    """The backward of a padding's backward: the same padding, applied to the gradient."""

    def __init__(self, maps, shape, once):
        super().__init__()
        self.maps, self.shape, self.once = maps, shape, once

    def backward(self, grad):
        array = grad._data
        for d, j, n in self.maps:
            array = np.take(array, j, axis=d)
        r = _wrap(np.ascontiguousarray(array), grad._dtype)
        if wants_grad(grad):
            return record(self.once(self.maps, self.shape), r, (grad,)),
        return r,


def _gather_node(name):
    twice = type(name.replace("Backward0", "BackwardBackward0"), (_ScatterBackward,), {})
    return type(name, (_GatherBackward,), {"twice": twice})


_EDGE_NODES = {(mode, k): _gather_node(f"{kind}Pad{k}DBackward0")
               for mode, kind in (("reflect", "Reflection"), ("replicate", "Replication")) for k in (1, 2, 3)}


class CopySlices(_GatherBackward):
    """Circular padding's grad_fn: PyTorch builds that padding from slice assignments."""
    twice = type("SliceBackwardBackward0", (_ScatterBackward,), {})

    def name(self):
        return "torch::autograd::CopySlices"


def _pairs(pads, ndim):
    """(dim, left, right) for each padded dim, the last dim first."""
    return [(ndim - 1 - i, pads[2 * i], pads[2 * i + 1]) for i in range(len(pads) // 2)]


def _constant(input, pads, value):
    """Constant padding: negative sizes narrow the input, then the rest is filled with ``value``."""
    ndim = input._data.ndim
    cropped = input
    for d, left, right in reversed(_pairs(pads, ndim)):  # PyTorch narrows the outer dims first
        if left < 0:
            cropped = narrow(cropped, d, -left, cropped._data.shape[d] + left)
        if right < 0:
            cropped = narrow(cropped, d, 0, cropped._data.shape[d] + right)
    if all(p <= 0 for p in pads):
        return clone(cropped)
    shape = list(input._data.shape)
    where = [slice(None)] * ndim
    for d, left, right in _pairs(pads, ndim):
        size = shape[d] + left + right
        if size < 0:
            raise RuntimeError(f"The input size {shape[d]}, plus negative padding {left} and {right} resulted in a "
                               f"negative output size, which is invalid. Check dimension {d} of your input.")
        where[d] = slice(max(left, 0), size - max(right, 0))
        shape[d] = size
    dtype = input._dtype
    out = np.empty(shape, dtype._np)
    out.fill(_scalar_as(value, dtype))
    out[tuple(where)] = cropped._data
    return _laid_out(out, input)


def _laid_out(array, input):
    """``array`` as a new tensor, channels-last when ``input`` suggests it (PyTorch's ``suggest_memory_format``)."""
    data = input._data
    if data.ndim in (4, 5) and _strides_like_channels_last(data.shape, input._strides()):
        shape = array.shape
        strides, step = [0] * len(shape), 1
        for d in [1] + list(range(len(shape) - 1, 1, -1)) + [0]:
            strides[d] = step
            step *= max(shape[d], 1)
        return _owning(_copy_with_strides(array, strides), input._dtype)
    return _wrap(array, input._dtype)


def _strides_like_channels_last(shape, strides):
    """PyTorch's test for strides that read as channels-last (ambiguous cases count as row-major)."""
    if strides[1] == 0:
        return False
    low = 0
    for d in [1] + list(range(len(shape) - 1, 1, -1)) + [0]:
        if shape[d] == 0 or strides[d] < low or d == 0 and low == strides[1]:
            return False
        low = strides[d] * (shape[d] if shape[d] > 1 else 1)
    return True


def _check_nonempty(input, k):
    """Reflect and replicate need every dim but a batch dim to be non-empty."""
    shape = input._data.shape
    dims = shape[1:] if len(shape) == k + 2 else shape
    if 0 in dims:
        raise RuntimeError(f"Expected {k + 1}D or {k + 2}D (batch mode) tensor with possibly 0 batch size and other "
                           f"non-zero dimensions for input, but got: {list(shape)}")



def _edge(input, pads, mode):
    """Reflect or replicate padding, by gathering each padded dim through an index map."""
    k = len(pads) // 2
    _check_nonempty(input, k)
    shape = input._data.shape
    ndim = len(shape)
    pairs = _pairs(pads, ndim)
    if mode == "reflect":
        for i, (d, left, right) in enumerate(pairs):
            if not (left < shape[d] and right < shape[d]):
                raise RuntimeError(f"Argument #{4 + 2 * i}: Padding size should be less than the corresponding input "
                                   f"dimension, but got: padding ({left}, {right}) at dimension {d} of input "
                                   f"{list(shape)}")
    sizes = [shape[d] + left + right for d, left, right in pairs]
    if k == 1 and sizes[0] < 1:
        raise RuntimeError(f"input (W: {shape[-1]}) is too small. Calculated output W: {sizes[0]}")
    if min(sizes) < 0:  # the 2-d and 3-d kernels only fail when allocating the output
        if mode == "reflect" and k == 2:
            raise RuntimeError("numel: integer multiplication overflow")
        out_shape = list(shape[:ndim - k]) + sizes[::-1]
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(sizes)}: {out_shape}")
    dtype = input._dtype
    if dtype._kind == 0:
        raise not_implemented(f"{_KERNELS[mode]}{k}d", dtype)
    array = input._data
    maps = []
    for (d, left, right), size in zip(pairs, sizes):
        n = shape[d]
        j = np.arange(size) - left
        if mode == "reflect":
            j = np.abs(j)
            j = np.where(j >= n, 2 * (n - 1) - j, j)
        else:
            j = np.clip(j, 0, n - 1)
        array = np.take(array, j, axis=d)
        maps.append((d, j, n))
    return _laid_out(array, input), maps


def _circular(input, pads):
    """Circular padding: negative sizes crop, then each padded dim wraps around the cropped values."""
    shape = input._data.shape
    array = input._data
    out_shape = list(shape)
    pairs = _pairs(pads, len(shape))
    for d, left, right in reversed(pairs):
        n = shape[d]
        size = n + left + right
        if not (left <= n and right <= n):
            raise RuntimeError("Padding value causes wrapping around more than once.")
        if size < 0:
            raise RuntimeError("Negative padding value is resulting in an empty dimension")
        out_shape[d] = size
    maps = []
    for d, left, right in pairs:
        start, stop = max(-left, 0), shape[d] - max(-right, 0)
        kept = stop - start
        if not kept:  # nothing left to wrap: PyTorch leaves such an output uninitialised
            array = np.zeros(array.shape[:d] + (out_shape[d],) + array.shape[d + 1:], array.dtype)
            maps = None  # no output element comes from the input
            continue
        j = start + (np.arange(out_shape[d]) - max(left, 0)) % kept
        array = np.take(array, j, axis=d)
        if maps is not None:
            maps.append((d, j, shape[d]))
    return _wrap(np.ascontiguousarray(array), input._dtype), maps

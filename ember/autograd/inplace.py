"""In-place operations on tensors that are part of a graph.

``x.op_(y)`` is run as the out-of-place ``op`` on a copy of ``x`` that carries ``x``'s history; the result is
written into ``x`` and its node becomes ``x``'s new ``grad_fn``. When ``x`` is a view, its base gets a
``CopySlices`` node instead (the gradient of the base passes through the op on the viewed region only) and
the view an ``AsStridedBackward0`` pointing at it, as in PyTorch.
"""
import numpy as np

from . import grad_mode
from .graph import Node, edge, record

LEAF = "a leaf Variable that requires grad is being used in an in-place operation."
VIEW_OF_LEAF = "a view of a leaf Variable that requires grad is being used in an in-place operation."


def check_inplace(t):
    """Refuse to modify a leaf that requires grad (or a view of one) while grad mode is on."""
    if not grad_mode._state.enabled:
        return
    base = t._base
    if base is None:
        if t._requires_grad and t._grad_fn is None:
            raise RuntimeError(LEAF)
    elif base._requires_grad and base._grad_fn is None:
        raise RuntimeError(VIEW_OF_LEAF)


def rebase(self, compute):
    """Apply ``compute(old) -> new tensor`` to ``self`` in place, recording history: the op of an in-place method."""
    from ..ops.common import inplace
    from ..tensor import _wrap
    check_inplace(self)
    old = _wrap(np.array(self._data), self._dtype)  # the values before, with self's history
    old._requires_grad, old._grad_fn = self._requires_grad, self._grad_fn
    old._output_nr = self._output_nr
    new = compute(old)
    inplace(self, new._data, new._dtype)
    node = new._grad_fn
    if node is None:
        return self
    if node._outputs_saved:  # the saved result is self now: later in-place changes to it must be caught
        from ..tensor import _alias
        saved, versions = list(node._saved), list(node._versions)
        for i in node._outputs_saved:
            saved[i], versions[i] = _alias(self, self.untyped_storage()), (self._version, versions[i][1])
        node._saved, node._versions = tuple(saved), tuple(versions)
    if self._base is not None:
        _copy_slices(self._base, self, node)
    else:
        self._grad_fn, self._requires_grad = node, True
        self.__dict__.pop("_output_nr", None)
    return self


def _geometry(t):
    return t._data.shape, t._strides(), t.storage_offset()


def _extent(shape, strides, offset=0):
    """How many elements of memory a tensor of this geometry spans from ``offset`` on."""
    return offset + 1 + sum((n - 1) * s for n, s in zip(shape, strides)) if all(shape) else offset


def _laid_out(grad, base_geometry, view_geometry):
    """``grad`` (shaped like the base) copied into memory laid out like the base, and the view's region of it."""
    shape, strides, offset = base_geometry
    vshape, vstrides, voffset = view_geometry
    data = grad._data
    buffer = np.zeros(max(_extent(shape, strides), _extent(vshape, vstrides, voffset - offset), 1), data.dtype)
    item = data.itemsize
    whole = np.lib.stride_tricks.as_strided(buffer, shape, [s * item for s in strides])
    whole[...] = data
    part = np.lib.stride_tricks.as_strided(buffer[voffset - offset:], vshape, [s * item for s in vstrides])
    return whole, part


class CopySlices(Node):
    """The base's grad_fn after an in-place op on one of its views: ``fn`` acts on the viewed region."""

    def __init__(self, base, view, fn):
        super().__init__()
        self.base_geometry, self.view_geometry, self.fn = _geometry(base), _geometry(view), fn

    def name(self):
        return "torch::autograd::CopySlices"

    def backward(self, grad):
        from ..tensor import _wrap
        from .engine import _validate
        whole, part = _laid_out(grad, self.base_geometry, self.view_geometry)
        with grad_mode.no_grad():
            grads = self.fn.backward(_wrap(np.array(part), grad._dtype))
        if type(grads) is not tuple:
            grads = (grads,)
        first = grads[0]
        part[...] = 0 if first is None else _validate(self.fn, 0, first)._data
        rest = tuple(None if g is None else _validate(self.fn, i, g) for i, g in enumerate(grads) if i)
        return (_wrap(np.array(whole), grad._dtype),) + rest


class AsStridedBackward0(Node):
    """A view's grad_fn after an in-place op on it: its gradient lands in the viewed region of the base."""

    def __init__(self, base, view):
        super().__init__()
        self.base_geometry, self.view_geometry = _geometry(base), _geometry(view)

    def backward(self, grad):
        from ..tensor import _wrap
        shape = self.base_geometry[0]
        zero = _wrap(np.zeros(shape, grad._data.dtype), grad._dtype)
        whole, part = _laid_out(zero, self.base_geometry, self.view_geometry)
        part[...] += grad._data
        return _wrap(np.array(whole), grad._dtype),


def _copy_slices(base, view, fn):
    """Give ``base`` a CopySlices node around ``fn`` and ``view`` an AsStridedBackward0 into it."""
    node = CopySlices(base, view, fn)
    node.next_functions = (edge(base),) + fn.next_functions[1:]
    node._input_meta = ((base._data.shape, base._dtype),) + fn._input_meta[1:]
    base._grad_fn, base._requires_grad = node, True
    base.__dict__.pop("_output_nr", None)
    record(AsStridedBackward0(base, view), view, (base,))

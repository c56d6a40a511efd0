"""Products beyond matmul: cross, outer/ger, inner, kron, tensordot, einsum and cdist."""
import functools

import numpy as np

from .. import dtypes as _dt
from ..autograd.graph import Node, no_out, record, wants_grad
from ..tensor import Tensor, _view, _wrap, _wrap_dim
from .common import _CPP_TYPES, _type_name, broadcast_error, not_implemented, result, type_name
from .linalg import _tensors
from .shape import _warn_once

_REDUCED = (_dt.float16, _dt.bfloat16)
_BLAS_DTYPES = (_dt.float32, _dt.float64, _dt.complex64, _dt.complex128)


# ---------------------------------------------------------------------------------------------
# cross


def linalg_cross(input, other, *, dim=-1, out=None):
    """The cross product of 3-vectors along ``dim`` (torch.linalg.cross; the other dims broadcast)."""
    _tensors("linalg_cross", ("input", input), ("other", other))
    a, b = input._data, other._data
    if a.ndim != b.ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    if not a.ndim:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    d = _wrap_dim(dim, a.ndim)
    if a.shape[d] != 3 or b.shape[d] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got {a.shape[d]} and "
                           f"{b.shape[d]}")
    try:
        shape = np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise broadcast_error(a.shape, b.shape) from None
    dtype = input._dtype
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"Expected out tensor to have dtype {_CPP_TYPES[dtype]}, but got "
                           f"{_CPP_TYPES[out._dtype]} instead")
    if dtype is _dt.bool:
        raise not_implemented("cross", dtype)
    if other._dtype is not dtype:
        raise RuntimeError(f"expected scalar type {type_name(dtype)} but found {type_name(other._dtype)}")
    x, y = np.moveaxis(a, d, 0), np.moveaxis(b, d, 0)
    # each product and difference rounded to the dtype, as PyTorch's scalar kernel computes them
    r = np.stack([x[1] * y[2] - x[2] * y[1], x[2] * y[0] - x[0] * y[2], x[0] * y[1] - x[1] * y[0]], d)
    if wants_grad(input, other):
        no_out("linalg_cross", out)
        node = LinalgCrossBackward0(d)
        node.save(input if other._requires_grad else None, other if input._requires_grad else None)
        return record(node, result(_dense(np.broadcast_to(r, shape)), dtype), (input, other))
    return result(_dense(np.broadcast_to(r, shape)), dtype, out)


class LinalgCrossBackward0(Node):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def backward(self, grad):
        from .shape import _conj
        x, y = self.saved_tensors
        return (linalg_cross(_conj(y), grad, dim=self.dim) if self.needs(0) else None,
                linalg_cross(grad, _conj(x), dim=self.dim) if self.needs(1) else None)


def _dense(array):
    """``array`` in C order with PyTorch's contiguous strides (NumPy leaves size-1 dims' strides arbitrary)."""
    dense = np.empty(array.shape, array.dtype)
    np.copyto(dense, array)
    return dense


def cross(input, other, dim=None, *, out=None):
    """The cross product along ``dim``; without one, along the first dim of ``input`` of size 3 (deprecated)."""
    _tensors("cross", ("input", input), ("other", other))
    if dim is None:
        _warn_once("Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim "
                   "explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree with "
                   "that of linalg.cross in a future release.", stacklevel=3)
        sizes = input._data.shape
        if 3 not in sizes:
            raise RuntimeError("no dimension of size 3 in input")
        dim = sizes.index(3)
    return linalg_cross(input, other, dim=dim, out=out)


# ---------------------------------------------------------------------------------------------
# outer, inner, kron: composites of broadcasting mul (so they promote dtypes) or of tensordot


def outer(input, vec2, *, out=None):
    """The outer product of two vectors, with type promotion."""
    _tensors("outer", ("input", input), ("vec2", vec2))
    for name, x in (("self", input), ("vec2", vec2)):
        if x._data.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {x._data.ndim}-D")
    from .pointwise import mul
    from .shape import reshape
    return mul(reshape(input, (-1, 1)), vec2, out=out)


def ger(input, vec2, *, out=None):
    """Old name of :func:`outer`."""
    _tensors("ger", ("input", input), ("vec2", vec2))
    return outer(input, vec2, out=out)


def inner(input, other, *, out=None):
    """Sum of products over the last dims of both tensors (a plain product when either is 0-d)."""
    _tensors("inner", ("input", input), ("other", other))
    a, b = input._data, other._data
    if a.ndim == 0 or b.ndim == 0:
        from .pointwise import mul
        return mul(input, other, out=out)
    if a.shape[-1] != b.shape[-1]:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but got shapes "
                           f"{list(a.shape)} and {list(b.shape)}")
    return _tensordot(input, other, [-1], [-1], out)


def kron(input, other, *, out=None):
    """The Kronecker product: every element of ``input`` times a block shaped like ``other``."""
    _tensors("kron", ("input", input), ("other", other))
    from .pointwise import mul
    from .shape import reshape, view
    a, b = input._data.shape, other._data.shape
    n = max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + a, (1,) * (n - len(b)) + b
    # interleave: input's dims at even places, other's at odd ones, so the product's pairs flatten into blocks
    left = reshape(input, [s for d in a for s in (d, 1)])
    right = reshape(other, [s for d in b for s in (1, d)])
    shape = [x * y for x, y in zip(a, b)]
    if wants_grad(input, other):  # PyTorch's chain: unsafe views of both, their product, an unsafe view of it
        no_out("mul", out)  # PyTorch's composite refuses in its mul
        left = _unsafe_view(input, [s for d in a for s in (d, 1)])
        right = _unsafe_view(other, [s for d in b for s in (1, d)])
        return _unsafe_view(mul(left, right), shape)
    if out is not None:
        product = mul(left, right)
        return result(product._data.reshape(shape), product._dtype, out)
    return view(mul(left, right), shape)  # PyTorch views the product, so an odd layout refuses as it does


def _unsafe_view(t, shape):
    """``t`` reshaped, recorded as PyTorch's _unsafe_view (UnsafeViewBackward0) when its layout allows a view."""
    from .shape import UnsafeViewBackward0, _view_as_shape, reshape
    shape = tuple(shape)
    viewed = _view_as_shape(t, shape)
    if viewed is None:
        return reshape(t, shape)
    if not t._requires_grad:
        return viewed
    return record(UnsafeViewBackward0(t._data.shape), viewed, (t,))


# ---------------------------------------------------------------------------------------------
# tensordot


def tensordot(a, b, dims=2, out=None):
    """Sum of products over the paired dims ``dims`` of ``a`` and ``b`` (an int n pairs a's last n with b's first n)."""
    if not isinstance(dims, (tuple, list, Tensor, int)):
        raise RuntimeError(f"tensordot expects dims to be int or tuple[list[int], list[int]] or list[list[int]] "
                           f"containing two lists, but got dims={dims}")
    dims_a, dims_b = [], []
    if isinstance(dims, (tuple, list)):
        dims_a, dims_b = dims
    if isinstance(dims, Tensor):
        if dims._data.size > 1:
            dims_a, dims_b = dims._data[0].tolist(), dims._data[1].tolist()
        else:
            n = int(dims._data.item())
            if n < 0:
                raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
            dims_a, dims_b = list(range(-n, 0)), list(range(n))
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > min(a._data.ndim, b._data.ndim):
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        dims_a, dims_b = list(range(-dims, 0)), list(range(dims))
    for position, name, d in ((3, "dims_self", dims_a), (4, "dims_other", dims_b)):
        if not isinstance(d, (list, tuple)):
            raise TypeError(f"tensordot(): argument '{name}' (position {position}) must be tuple of ints, not "
                            f"{_type_name(d)}")
    _tensors("tensordot", ("input", a), ("other", b))
    return _tensordot(a, b, list(dims_a), list(dims_b), out)


def _tensordot(input, other, dims_a, dims_b, out):
    """tensordot with the dim lists parsed: contracted dims to the back of a / front of b, then one matrix product."""
    from .common import dims_of
    if len(dims_a) != len(dims_b):
        raise RuntimeError("both dimension lists should have same length")
    dtype = input._dtype
    if other._dtype is not dtype:
        raise RuntimeError("both inputs should have same dtype")
    x, y = input._data, other._data
    recording = out is None and wants_grad(input, other)
    size = 1
    for da, db in zip(dims_a, dims_b):
        sa, sb = x.shape[_wrap_dim(da, x.ndim)], y.shape[_wrap_dim(db, y.ndim)]
        if sb == 1:  # a broadcast dim sums out at once
            if recording:
                input = _sum_kept(input, _wrap_dim(da, x.ndim))
            x = _sum_keep(x, _wrap_dim(da, x.ndim), dtype)
        elif sa == 1:
            if recording:
                other = _sum_kept(other, _wrap_dim(db, y.ndim))
            y = _sum_keep(y, _wrap_dim(db, y.ndim), dtype)
        elif sa != sb:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {sa} in dim {da} and second "
                               f"has size {sb} in dim {db}")
        else:
            size *= sa
    ca, cb = dims_of(dims_a, x.ndim), dims_of(dims_b, y.ndim)
    free_a = [d for d in range(x.ndim) if d not in ca]
    free_b = [d for d in range(y.ndim) if d not in cb]
    shape = [x.shape[d] for d in free_a] + [y.shape[d] for d in free_b]
    m = int(np.prod([x.shape[d] for d in free_a]))
    n = int(np.prod([y.shape[d] for d in free_b]))
    if recording:  # PyTorch's composite: permute, reshape to matrices, mm, reshape
        from .linalg import dot, mm
        from .pointwise import mul
        from .reduction import sum
        from .shape import permute, reshape, squeeze
        left, right = permute(input, free_a + list(ca)), permute(other, list(cb) + free_b)
        if m == n == 1:  # a full contraction: dot of the flattened operands when contiguous, else mul and sum
            if left._data.flags.c_contiguous and right._data.flags.c_contiguous:
                flat = [x if x._data.ndim == 1 else reshape(x, (-1,)) for x in (left, right)]
                return reshape(dot(*flat), shape)
            return reshape(sum(mul(squeeze(left), squeeze(right))), shape)
        left = reshape(left, (m, size))
        right = reshape(right, (size, n))
        return reshape(mm(left, right), shape)
    left = x.transpose(free_a + list(ca))
    right = y.transpose(list(cb) + free_b)
    if m == n == 1:  # a full contraction: a dot product of contiguous operands, else mul and sum
        if not (left.flags.c_contiguous and right.flags.c_contiguous):
            product = _sum_of_products(left.reshape(-1), right.reshape(-1), dtype)
            return _tensordot_result(product.reshape(shape), dtype, out)
        if dtype is _dt.bool:
            raise not_implemented("dot", dtype)
    left, right = left.reshape(m, size), right.reshape(size, n)
    if dtype is _dt.bool and m and n and size:
        raise not_implemented("addmm_impl_cpu_", dtype)
    if dtype in _REDUCED:
        left, right = left.astype(np.float32), right.astype(np.float32)
    return _tensordot_result(np.matmul(left, right).reshape(shape), dtype, out)


def _tensordot_result(array, dtype, out):
    if out is not None and out._dtype is not dtype:
        raise RuntimeError(f"tensordot: Expected the output tensor to have dtype {type_name(dtype)}, but got an "
                           f"output tensor with dtype {type_name(out._dtype)}")
    return result(array, dtype, out)


def _sum_of_products(x, y, dtype):
    """``(x * y).sum()`` in ``dtype``: products rounded to it, then summed (float16/bfloat16 in float32)."""
    if dtype is _dt.bool:
        return np.asarray(np.logical_and(x, y).any())
    product = x * y
    if dtype in _REDUCED:
        return np.asarray(product.astype(np.float32).sum())
    return np.asarray(product.sum(dtype=product.dtype))


def _sum_kept(t, d):
    from .reduction import sum
    return sum(t, d, True)


def _sum_keep(x, d, dtype):
    """Sum over one dim, kept, in the tensor's own dtype (float16/bfloat16 accumulate in float32)."""
    if dtype in _REDUCED:
        return x.astype(np.float32).sum(d, keepdims=True).astype(x.dtype)
    return x.sum(d, keepdims=True, dtype=x.dtype)


# ---------------------------------------------------------------------------------------------
# einsum: operands aligned to one dim order (output labels, then contracted ones) and contracted left to right,
# each pair by one batched matrix product, as PyTorch does (so results share its layouts)

_ELLIPSIS = 52


def einsum(*args):
    """Einstein summation: ``einsum('ij,jk->ik', a, b)``, operands as a list, or the sublist format."""
    if len(args) < 2:
        raise ValueError("einsum(): must specify the equation string and at least one operand, or at least one "
                         "operand and its subscripts list")
    if isinstance(args[0], Tensor):
        equation = ",".join("".join(_sublist_label(s) for s in labels) for labels in args[1::2])
        if len(args) % 2:
            equation += "->" + "".join(_sublist_label(s) for s in args[-1])
            operands = args[:-1:2]
        else:
            operands = args[::2]
    else:
        equation, operands = args[0], args[1:]
    if not isinstance(equation, str):
        raise TypeError(f"einsum(): argument 'equation' (position 1) must be str, not {_type_name(equation)}")
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        return einsum(equation, *operands[0])
    for i, op in enumerate(operands):
        if not isinstance(op, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 1, but got {_type_name(op)}")
    return _einsum(equation, list(operands))


def _sublist_label(n):
    if n is Ellipsis:
        return "..."
    if 0 <= n < 26:
        return chr(ord("A") + n)
    if 26 <= n < 52:
        return chr(ord("a") + n - 26)
    raise ValueError("einsum(): subscript in subscript list is not within the valid range [0, 52)")


def _label_index(c):
    """Labels order A-Z before a-z (the order of an implicit output)."""
    return ord(c) - ord("A") if c.isupper() else ord(c) - ord("a") + 26


def _label_char(index):
    return chr(ord("A") + index) if index < 26 else chr(ord("a") + index - 26)


@functools.lru_cache(maxsize=256)
def _plan(equation, ndims):
    """Each operand's labels and where every label sits in the aligned dims (cached: equations repeat)."""
    arrow = equation.find("->")
    labels = _parse_inputs(equation if arrow < 0 else equation[:arrow], len(ndims))
    counts, ell_dims = {}, 0
    for i, (ndim, subs) in enumerate(zip(ndims, labels)):
        named = sum(1 for s in subs if s != _ELLIPSIS)
        has_ellipsis = _ELLIPSIS in subs
        if has_ellipsis:
            ell_dims = max(ell_dims, ndim - named)
        for s in subs:
            if s != _ELLIPSIS:
                counts[s] = counts.get(s, 0) + 1
        if named > ndim if has_ellipsis else named != ndim:
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({named}) "
                               f"{'is more than' if has_ellipsis else 'does not match'} the number of dimensions "
                               f"({ndim}) for operand {i}{'' if has_ellipsis else ' and no ellipsis was given'}")
    position, ell_at, out_dims, total = _output_positions(equation, arrow, counts, ell_dims)
    return labels, position, ell_at, out_dims, total, ell_dims


def _parse_inputs(lhs, count):
    """Each operand's labels (indices, with _ELLIPSIS), with PyTorch's errors for malformed subscripts."""
    labels, ellipsis, i = [[]], False, 0
    while i < len(lhs):
        c = lhs[i]
        if c == " ":
            pass
        elif c == ".":
            if ellipsis:
                raise RuntimeError(f"einsum(): found '.' for operand {len(labels) - 1} for which an ellipsis was "
                                   "already found")
            if not (i + 2 < len(lhs) and lhs[i + 1] == "." and lhs[i + 2] == "."):
                raise RuntimeError(f"einsum(): found '.' for operand {len(labels) - 1} that is not part of any "
                                   "ellipsis")
            i += 2
            labels[-1].append(_ELLIPSIS)
            ellipsis = True
        elif c == ",":
            labels.append([])
            if len(labels) > count:
                raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
            ellipsis = False
        elif c.isascii() and c.isalpha():
            labels[-1].append(_label_index(c))
        else:
            raise RuntimeError(f"einsum(): invalid subscript given at index {i} in the equation string, subscripts "
                               "must be in [a-zA-Z]")
        i += 1
    if len(labels) != count:
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    return labels


def _output_positions(equation, arrow, counts, ell_dims):
    """Where each label (and the ellipsis dims) sits in the aligned order: output first, then contracted dims."""
    position, ell_at, ell_out = {}, 0, False
    if arrow < 0:
        ell_out, n = True, ell_dims  # implicit output: the ellipsis dims, then labels seen once, in label order
        for label in sorted(counts):
            if counts[label] == 1:
                position[label], n = n, n + 1
    else:
        lhs_size, rhs, n, i = arrow, equation[arrow + 2:], 0, 0
        while i < len(rhs):
            c = rhs[i]
            if c == " ":
                pass
            elif c == ".":
                if ell_out:
                    raise RuntimeError("einsum(): found '.' for output but an ellipsis (...) was already found")
                if not (i + 2 < len(rhs) and rhs[i + 1] == "." and rhs[i + 2] == "."):
                    raise RuntimeError("einsum(): found '.' for output that is not part of any ellipsis (...)")
                i += 2
                ell_at, n, ell_out = n, n + ell_dims, True
            elif c.isascii() and c.isalpha():
                label = _label_index(c)
                if not counts.get(label) or label in position:
                    reason = "appears more than once in the output" if label in position else \
                        "does not appear in the equation for any input operand"
                    raise RuntimeError(f"einsum(): output subscript {c} {reason}")
                position[label], n = n, n + 1
            else:
                raise RuntimeError(f"einsum(): invalid subscript given at index {lhs_size + 2 + i} in the equation "
                                   "string, subscripts must be in [a-zA-Z]")
            i += 1
    out_dims = n
    if not ell_out:
        ell_at, n = n, n + ell_dims
    for label in sorted(counts):
        if label not in position:
            position[label], n = n, n + 1
    return position, ell_at, out_dims, n


def _einsum(equation, operands):
    from .shape import diagonal, movedim
    labels, position, ell_at, out_dims, total, ell_dims = _plan(equation, tuple(op._data.ndim for op in operands))

    # align every operand to the ``total`` dims: diagonals for repeated labels, size-1 dims for missing ones
    label_size, ell_size, dim_counts, ops = {}, [1] * ell_dims, [0] * total, []
    recording = wants_grad(*operands)
    for i, (op, subs) in enumerate(zip(operands, labels)):
        perm, dim = [-1] * total, 0
        covered = op._data.ndim - (len(subs) - 1)  # dims under the ellipsis (counted before any diagonal)
        for s in subs:
            if s == _ELLIPSIS:
                for j in range(ell_dims - covered, ell_dims):
                    size = op._data.shape[dim]
                    if size != 1:
                        if ell_size[j] not in (1, size):
                            raise RuntimeError(f"einsum(): dimension {dim} covered by ellipsis in operand {i}has size "
                                               f"{size} which does not broadcast with previously seen ellipsis with "
                                               f"size {ell_size[j]} for the respective dimension")
                        ell_size[j] = size
                        dim_counts[ell_at + j] += 1
                    perm[ell_at + j] = dim
                    dim += 1
            elif perm[position[s]] == -1:
                size = op._data.shape[dim]
                if size != 1:
                    if label_size.get(s, 1) not in (1, size):
                        raise RuntimeError(f"einsum(): subscript {_label_char(s)} has size {size} for operand {i} "
                                           f"which does not broadcast with previously seen size {label_size[s]}")
                    label_size[s] = size
                    dim_counts[position[s]] += 1
                perm[position[s]] = dim
                dim += 1
            else:
                prev = perm[position[s]]
                size, before = op._data.shape[dim], op._data.shape[prev]
                if size != before:
                    raise RuntimeError(f"einsum(): subscript {_label_char(s)} is repeated for operand {i} but the "
                                       f"sizes don't match, {size} != {before}")
                op = movedim(diagonal(op, 0, prev, dim), -1, prev)
        # missing labels become size-1 dims (appended, so of stride 1, as unsqueeze makes them), then all permuted
        if recording:
            ops.append(_aligned(op, perm))
            continue
        shape, strides = op._data.shape, op._strides()
        ops.append(_view(op, [shape[d] if d >= 0 else 1 for d in perm], [strides[d] if d >= 0 else 1 for d in perm],
                         op._offset))
    return _contract(ops, dim_counts, out_dims, total)


def _aligned(op, perm):
    """``op`` with a size-1 dim appended per missing label, then permuted to the aligned order (recorded)."""
    from .shape import permute, unsqueeze
    n = op._data.ndim
    order = []
    for d in perm:
        if d < 0:
            op, d, n = unsqueeze(op, -1), n, n + 1
        order.append(d)
    return permute(op, order)


def _contract(ops, dim_counts, out_dims, total):
    """Contract the aligned operands left to right; dims nobody else needs are summed as early as possible."""
    from .reduction import sum
    from .shape import view
    count = len(ops)
    while len(ops) > 1:
        a, b = ops.pop(0), ops.pop(0)
        sum_dims, a_sum, b_sum = [], [], []
        for d in range(out_dims, total):
            sa, sb = a._data.shape[d] != 1, b._data.shape[d] != 1
            if sa and sb:
                if a._data.shape[d] != b._data.shape[d]:
                    raise RuntimeError("non-broadcast dimensions must match")
                dim_counts[d] -= 1
                if dim_counts[d] == 1:
                    sum_dims.append(d)
                    dim_counts[d] = 0
            elif dim_counts[d] == 1:
                if sa:
                    a_sum.append(d)
                    dim_counts[d] = 0
                elif sb:
                    b_sum.append(d)
                    dim_counts[d] = 0
        if a_sum:
            a = sum(a, a_sum, True)
        if b_sum:
            b = sum(b, b_sum, True)
        ops.insert(0, _sumproduct(a, b, sum_dims))
    result = ops[0]
    if total > out_dims:
        if count > 1:
            return view(result, result._data.shape[:out_dims])
        return sum(result, list(range(out_dims, total)))
    return result


def _sumproduct(left, right, sum_dims):
    """``(left * right).sum(sum_dims, keepdim=True)`` for aligned operands, by one batched matrix product."""
    from .linalg import bmm
    from .pointwise import mul
    from .reduction import sum
    from .shape import permute, reshape, view
    if not sum_dims:
        return mul(left, right)
    both, only_left, only_right = [], [], []
    sizes = {"lro": 1, "lo": 1, "ro": 1, "sum": 1}
    for d in range(left._data.ndim):
        sl, sr = left._data.shape[d] != 1, right._data.shape[d] != 1
        if d in sum_dims:
            if sl and sr:
                if left._data.shape[d] != right._data.shape[d]:
                    raise RuntimeError("non-broadcast dimensions must match")
                sizes["sum"] *= left._data.shape[d]
            elif sl:
                left = sum(left, d, True)
            elif sr:
                right = sum(right, d, True)
        elif sl and sr:
            if left._data.shape[d] != right._data.shape[d]:
                raise RuntimeError("non-broadcast dimensions must match")
            both.append(d)
            sizes["lro"] *= left._data.shape[d]
        elif sl:
            only_left.append(d)
            sizes["lo"] *= left._data.shape[d]
        else:
            only_right.append(d)
            sizes["ro"] *= right._data.shape[d]
    if only_left and only_right and only_right[-1] < only_left[0]:
        # the right operand's dims come first in the output: swapped, the product is already in output order
        left, right, only_left, only_right = right, left, only_right, only_left
        sizes["lo"], sizes["ro"] = sizes["ro"], sizes["lo"]
    out_shape = ([left._data.shape[d] for d in both] + [left._data.shape[d] for d in only_left] +
                 [1] * len(sum_dims) + [right._data.shape[d] for d in only_right])
    order = both + only_left + list(sum_dims) + only_right
    inverse = [0] * len(order)
    for i, d in enumerate(order):
        inverse[d] = i
    right_order = both + list(sum_dims) + only_right + only_left
    left_shape, right_shape = (sizes["lro"], sizes["lo"], sizes["sum"]), (sizes["lro"], sizes["sum"], sizes["ro"])
    if left._dtype is right._dtype and left._dtype in _BLAS_DTYPES and not wants_grad(left, right):
        # the same steps on NumPy arrays: the result is bmm's fresh array, viewed and permuted
        product = np.matmul(left._data.transpose(order).reshape(left_shape),
                            right._data.transpose(right_order).reshape(right_shape))
        return _wrap(product.reshape(out_shape).transpose(inverse), left._dtype)
    left = reshape(permute(left, order), left_shape)
    right = reshape(permute(right, right_order), right_shape)
    return permute(view(bmm(left, right), out_shape), inverse)


# ---------------------------------------------------------------------------------------------
# cdist

_COMPUTE_MODES = {"use_mm_for_euclid_dist_if_necessary": 0, "use_mm_for_euclid_dist": 1,
                  "donot_use_mm_for_euclid_dist": 2}


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """The p-norm distance between each row of ``x1`` and each row of ``x2`` (leading dims are batches)."""
    _tensors("cdist", ("x1", x1), ("x2", x2))
    if compute_mode not in _COMPUTE_MODES:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    mode = _COMPUTE_MODES[compute_mode]
    p = float(p._data.item()) if isinstance(p, Tensor) else float(p)
    a, b = x1._data, x2._data
    for name, x in (("X1", a), ("X2", b)):
        if x.ndim < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: {x.ndim}D")
    for name, t in (("X1", x1), ("X2", x2)):
        if t._dtype._kind != 2:
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: {type_name(t._dtype)}")
    if a.shape[-1] != b.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {a.shape[-1]} X2: {b.shape[-1]}")
    if not p >= 0:
        raise RuntimeError("cdist only supports non-negative p values")
    try:
        batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        raise broadcast_error(a.shape[:-2], b.shape[:-2]) from None
    dtype = x1._dtype
    if dtype in _REDUCED:
        raise not_implemented("cdist", dtype)
    if x2._dtype is not dtype:
        raise RuntimeError(f"expected scalar type {type_name(dtype)} but found {type_name(x2._dtype)}")
    a = np.broadcast_to(a, batch + a.shape[-2:])
    b = np.broadcast_to(b, batch + b.shape[-2:])
    rows1, rows2 = a.shape[-2], b.shape[-2]
    recording = wants_grad(x1, x2)
    if p == 2 and (mode == 1 or mode == 0 and (rows1 > 25 or rows2 > 25)):
        if recording:
            return _euclidean_recorded(x1, x2, batch)
        return result(_euclidean_by_mm(a, b), dtype)
    diff = np.abs(a[..., :, None, :] - b[..., None, :, :])
    if p == 0:
        distance = (diff != 0).sum(-1).astype(dtype._np)
    elif p == 1:
        distance = diff.sum(-1)
    elif p == 2:
        distance = np.sqrt((diff * diff).sum(-1))
    elif p == np.inf:
        distance = diff.max(-1, initial=0)
    else:
        distance = (diff ** np.asarray(p, diff.dtype)).sum(-1) ** np.asarray(1 / p, diff.dtype)
    if recording:
        node = CdistBackward0(p)
        r = result(_dense(distance), dtype)
        node.save(x1, x2, r, outputs=(2,))
        return record(node, r, (x1, x2))
    return result(_dense(distance), dtype)


class CdistBackward0(Node):
    """The p-norm distance's gradient, computed on arrays (PyTorch does not differentiate it twice either)."""

    def __init__(self, p):
        super().__init__()
        self.p = p

    def backward(self, grad):
        x1, x2, r = self.saved_tensors
        a, b, g, dist = x1._data, x2._data, grad._data, r._data
        batch = dist.shape[:-2]
        a, b = np.broadcast_to(a, batch + a.shape[-2:]), np.broadcast_to(b, batch + b.shape[-2:])
        diff = a[..., :, None, :] - b[..., None, :, :]
        g, dist = g[..., None], dist[..., None]
        p = self.p
        with np.errstate(divide="ignore", invalid="ignore"):
            if p == 0:
                each = np.zeros_like(diff)
            elif p == 1:
                each = np.sign(diff) * g
            elif p == np.inf:
                each = np.sign(diff) * (np.abs(diff) == dist) * g
            elif p < 2:
                each = np.sign(diff) * np.abs(diff) ** (p - 1) * g / dist ** (p - 1)
                each = np.where((dist == 0) | ((diff == 0) & (p < 1)), 0, each)
            else:
                each = diff * np.abs(diff) ** (p - 2) * g / dist ** (p - 1)
                each = np.where(dist == 0, 0, each)
        each = each.astype(diff.dtype)
        return (self._graded(_wrap(np.ascontiguousarray(each.sum(-2)), x1._dtype), grad, x1, x2)
                if self.needs(0) else None,
                self._graded(_wrap(np.ascontiguousarray(-each.sum(-3)), x2._dtype), grad, x2, x1)
                if self.needs(1) else None)

    @staticmethod
    def _graded(g, grad, x, y):
        """With create_graph, the gradient records a node that refuses to be differentiated, as in PyTorch."""
        if wants_grad(grad, x, y):
            return record(CdistBackwardBackward0(), g, (grad, x, y))
        return g


class CdistBackwardBackward0(Node):
    def backward(self, grad):
        raise NotImplementedError("the derivative for '_cdist_backward' is not implemented.")


def _euclidean_recorded(x1, x2, batch):
    """PyTorch's matrix-product route to euclidean distances, recorded (EuclideanDistBackward0, then a view)."""
    from .shape import contiguous, expand, view
    shape = batch + (x1._data.shape[-2], x2._data.shape[-2])
    count = int(np.prod(batch))
    if count != 1:  # PyTorch expands, makes contiguous and views each operand as a batch of matrices
        x1 = view(contiguous(expand(x1, batch + x1._data.shape[-2:])), (count,) + x1._data.shape[-2:])
        x2 = view(contiguous(expand(x2, batch + x2._data.shape[-2:])), (count,) + x2._data.shape[-2:])
    node = EuclideanDistBackward0()
    r = result(_euclidean_by_mm(x1._data, x2._data), x1._dtype)
    node.save(x1, x2, r, outputs=(2,))
    return view(record(node, r, (x1, x2)), shape)


class EuclideanDistBackward0(Node):
    def backward(self, grad):
        from .conditional import where
        from .linalg import matmul
        from .pointwise import div, mul, sub
        from .reduction import sum
        from .shape import transpose, unsqueeze
        x1, x2, r = self.saved_tensors
        ratio = where(r == 0, 0, div(grad, r))
        return (sub(mul(x1, sum(ratio, -1, True)), matmul(ratio, x2)) if self.needs(0) else None,
                sub(mul(x2, unsqueeze(sum(ratio, -2), -1)), matmul(transpose(ratio, -2, -1), x1))
                if self.needs(1) else None)


def _euclidean_by_mm(a, b):
    """Euclidean distances as ``sqrt(|a|^2 - 2 a.b + |b|^2)`` from one matrix product (PyTorch's fast path)."""
    a_norm = (a * a).sum(-1, keepdims=True)
    b_norm = (b * b).sum(-1, keepdims=True)
    left = np.concatenate([a * np.asarray(-2, a.dtype), a_norm, np.ones_like(a_norm)], -1)
    right = np.concatenate([b, np.ones_like(b_norm), b_norm], -1)
    return np.sqrt(np.maximum(np.matmul(left, np.swapaxes(right, -1, -2)), 0))

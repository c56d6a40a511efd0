"""Tensor methods and operators: each one a binding of an op function from ``ember.ops``."""
from . import creation, random
from .ops import convert, indexing, linalg, pointwise, reduction, shape, sorting as _sorting, triangular
from .ops import attributes as _attributes, unary as _unary
from .tensor import Tensor

_pw = pointwise


_BINARY = {
    "add": _pw.add, "sub": _pw.sub, "mul": _pw.mul, "div": _pw.div, "true_divide": _pw.true_divide,
    "floor_divide": _pw.floor_divide, "remainder": _pw.remainder, "fmod": _pw.fmod, "pow": _pw.pow,
    "eq": _pw.eq, "ne": _pw.ne, "lt": _pw.lt, "le": _pw.le, "gt": _pw.gt, "ge": _pw.ge,
    "bitwise_and": _pw.bitwise_and, "bitwise_or": _pw.bitwise_or, "bitwise_xor": _pw.bitwise_xor,
    "bitwise_left_shift": _pw.bitwise_left_shift, "bitwise_right_shift": _pw.bitwise_right_shift,
}
for _name, _op in _BINARY.items():
    setattr(Tensor, _name, _op)
    setattr(Tensor, _name + "_", _pw.INPLACE[_name + "_"])

Tensor.subtract, Tensor.subtract_ = Tensor.sub, Tensor.sub_
Tensor.multiply, Tensor.multiply_ = Tensor.mul, Tensor.mul_
Tensor.divide, Tensor.divide_ = Tensor.div, Tensor.div_
Tensor.greater, Tensor.greater_equal, Tensor.less, Tensor.less_equal = _pw.gt, _pw.ge, _pw.lt, _pw.le
Tensor.not_equal, Tensor.not_equal_ = Tensor.ne, Tensor.ne_
Tensor.rsub = _pw.rsub
Tensor.maximum, Tensor.minimum = _pw.maximum, _pw.minimum  # no in-place forms in PyTorch
Tensor.equal = _pw.equal
Tensor.neg, Tensor.negative, Tensor.abs, Tensor.absolute = _pw.neg, _pw.neg, _pw.abs, _pw.abs
Tensor.neg_ = Tensor.negative_ = _pw.INPLACE["neg_"]
Tensor.abs_ = Tensor.absolute_ = _pw.INPLACE["abs_"]
Tensor.positive = _pw.positive
Tensor.bitwise_not, Tensor.bitwise_not_ = _pw.bitwise_not, _pw.INPLACE["bitwise_not_"]

# Python operators (built in ops.pointwise, with the short paths for the common cases)
for _name, _method in _pw.OPERATORS.items():
    setattr(Tensor, _name, _method)
Tensor.__matmul__, Tensor.__rmatmul__ = linalg.__matmul__, linalg.__rmatmul__
Tensor.__array_priority__ = 1000  # NumPy scalars and arrays defer to Tensor's reflected operators
Tensor.__hash__ = object.__hash__  # defining __eq__ would otherwise drop hashing by identity
Tensor.__getitem__, Tensor.__setitem__ = indexing.getitem, indexing.setitem
Tensor.index_put_, Tensor.index_put = indexing.index_put_, indexing.index_put
Tensor.matmul = linalg.matmul

# sorting, selecting, counting
for _name in ("sort", "argsort", "msort", "topk", "kthvalue", "nonzero", "argwhere", "count_nonzero"):
    setattr(Tensor, _name, getattr(_sorting, _name))

# reductions
for _name in ("sum", "mean", "prod", "max", "min", "argmax", "argmin", "amax", "amin", "aminmax", "all", "any",
              "nansum", "nanmean", "std", "var", "logsumexp", "softmax", "log_softmax", "norm"):
    setattr(Tensor, _name, getattr(reduction, _name))

# shape and views
for _name in ("view", "view_as", "reshape", "reshape_as", "contiguous", "clone", "transpose", "swapaxes", "swapdims",
              "t", "permute", "movedim", "moveaxis", "adjoint", "unsqueeze", "squeeze", "flatten", "ravel",
              "unflatten", "expand", "expand_as", "broadcast_to", "narrow", "select", "unbind", "split", "chunk",
              "split_with_sizes", "tensor_split", "hsplit", "vsplit", "dsplit", "diagonal", "unfold", "as_strided",
              "unsqueeze_", "squeeze_", "t_", "transpose_", "swapaxes_", "swapdims_", "as_strided_"):
    setattr(Tensor, _name, getattr(shape, _name))
Tensor.T, Tensor.mT, Tensor.H, Tensor.mH = (property(shape.T), property(shape.mT), property(shape.H),
                                            property(shape.mH))

# conversions
for _name in ("to", "type", "type_as", "cpu", "cuda", "float", "double", "half", "bfloat16", "int", "long", "short",
              "char", "byte", "bool", "cfloat", "cdouble"):
    setattr(Tensor, _name, getattr(convert, _name))
Tensor.copy_, Tensor.fill_, Tensor.zero_ = _pw.copy_, _pw.fill_, _pw.zero_
Tensor.conj = _pw.conj
for _name in ("resolve_conj", "resolve_neg", "is_conj", "is_neg", "is_nonzero", "is_same_size"):
    setattr(Tensor, _name, getattr(_attributes, _name))
Tensor.real, Tensor.imag = property(_pw.real), property(_pw.imag)

# factories on an existing tensor
for _name in ("new_tensor", "new_zeros", "new_ones", "new_empty", "new_full"):
    setattr(Tensor, _name, getattr(creation, _name))

# triangles and diagonals
for _name in ("tril", "triu", "tril_", "triu_", "diag", "diag_embed", "diagflat"):
    setattr(Tensor, _name, getattr(triangular, _name))

# in-place random fills
Tensor.uniform_, Tensor.normal_, Tensor.random_ = random.uniform_, random.normal_, random.random_

# elementwise math (ops/unary.py)
for _name, _fn in {**_unary.FUNCTIONS, **_unary.INPLACE}.items():
    setattr(Tensor, _name, _fn)

# binary elementwise math (ops/binary.py)
from .ops import binary as _binary  # noqa: E402
for _name, _fn in {**_binary.METHODS, **_binary.INPLACE}.items():
    setattr(Tensor, _name, _fn)

# linear algebra (ops/decompositions.py, ops/solvers.py)
from .ops import decompositions as _dec, solvers as _sol  # noqa: E402
Tensor.inverse, Tensor.det, Tensor.logdet, Tensor.slogdet = _sol.inv, _dec.det, _dec.logdet, _dec.slogdet_legacy
Tensor.pinverse, Tensor.matrix_power, Tensor.matrix_exp = _sol.pinverse, _sol.matrix_power, _sol.matrix_exp
Tensor.cholesky, Tensor.svd, Tensor.qr = _dec.cholesky_legacy, _dec.svd_legacy, _dec.qr_legacy
Tensor.lu_solve, Tensor.triangular_solve = _sol.lu_solve_legacy, _sol.triangular_solve
Tensor.cholesky_solve, Tensor.cholesky_inverse = _sol.cholesky_solve, _sol.cholesky_inverse
Tensor.geqrf, Tensor.orgqr, Tensor.ormqr, Tensor.lu = _dec.geqrf, _dec.orgqr, _dec.ormqr, _dec.lu_legacy

# gather/scatter and the index_* family (ops/scatter.py)
from .ops import scatter as _scatter  # noqa: E402
for _name in ("gather", "index_select", "take", "take_along_dim", "masked_select", "scatter", "scatter_",
              "scatter_add", "scatter_add_", "scatter_reduce", "scatter_reduce_", "index_add", "index_add_",
              "index_copy", "index_copy_", "index_fill", "index_fill_", "index_reduce", "index_reduce_",
              "masked_scatter", "masked_scatter_", "put", "put_"):
    setattr(Tensor, _name, getattr(_scatter, _name))

# scans and order statistics (ops/scans.py, ops/statistics.py)
from .ops import scans as _scans, statistics as _statistics  # noqa: E402
for _name in ("cumsum", "cumprod", "cumsum_", "cumprod_", "cummax", "cummin", "logcumsumexp", "diff", "trace"):
    setattr(Tensor, _name, getattr(_scans, _name))
for _name in ("median", "nanmedian", "mode", "quantile", "nanquantile"):
    setattr(Tensor, _name, getattr(_statistics, _name))

# in-place distributions and samplers (sampling.py)
from . import sampling as _sampling  # noqa: E402
for _name in ("exponential_", "geometric_", "log_normal_", "cauchy_", "bernoulli_", "bernoulli", "multinomial"):
    setattr(Tensor, _name, getattr(_sampling, _name))

# clamp, where, masked_fill, logical ops, closeness (ops/conditional.py); angle (ops/complex.py)
from .ops import complex as _complex, conditional as _conditional  # noqa: E402
for _name, _fn in {**_conditional.FUNCTIONS, **_conditional.INPLACE, **_conditional.METHODS}.items():
    setattr(Tensor, _name, _fn)
Tensor.angle = _complex.angle

# matrix products (ops/linalg.py, ops/products.py)
from .ops import products as _products  # noqa: E402
for _name in ("mm", "bmm", "mv", "dot", "vdot", "addmm", "addmm_", "addbmm", "addbmm_", "baddbmm", "baddbmm_", "addmv",
              "addmv_", "addr", "addr_"):
    setattr(Tensor, _name, linalg.as_method(getattr(linalg, _name)))
for _name in ("outer", "ger", "inner", "kron", "cross"):
    setattr(Tensor, _name, linalg.as_method(getattr(_products, _name)))

# rearranging copies, unique elements and histograms (ops/rearrange.py, ops/searching.py)
from .ops import rearrange as _rearrange, searching as _searching  # noqa: E402
for _name in ("fliplr", "flipud", "roll", "rot90", "repeat"):
    setattr(Tensor, _name, getattr(_rearrange, _name))
Tensor.flip, Tensor.tile = _rearrange.flip_method, _rearrange.tile_method
Tensor.repeat_interleave = _rearrange.repeat_interleave_method
for _name in ("unique", "histc", "histogram", "bincount"):
    setattr(Tensor, _name, getattr(_searching, _name))
Tensor.unique_consecutive = _searching.unique_consecutive_method

# autograd entry points (autograd/backward.py)
from .autograd import entry as _backward  # noqa: E402
Tensor.backward, Tensor.register_hook, Tensor.retain_grad = (_backward.tensor_backward, _backward.register_hook,
                                                             _backward.retain_grad)
Tensor.retains_grad = property(_backward.retains_grad)
Tensor.register_post_accumulate_grad_hook = _backward.register_post_accumulate_grad_hook

"""Ember: PyTorch, re-implemented in Python on NumPy. ``import ember as torch``."""
from . import dtypes as _dtypes
from .dtypes import (bfloat16, bool, cdouble, cfloat, complex64, complex128, double, dtype, finfo, float, float16,
                     float32, float64, get_default_dtype, half, iinfo, int, int8, int16, int32, int64, long,
                     promote_types, result_type, set_default_dtype, short, uint8)
from .dtypes import can_cast as _can_cast
from .device import device
from .size import Size
from .storage import UntypedStorage
from .tensor import Tensor
from . import tensor_methods as _tensor_methods
from .creation import (BFloat16Tensor, BoolTensor, ByteTensor, CharTensor, DoubleTensor, FloatTensor, HalfTensor,
                       IntTensor, LongTensor, ShortTensor, as_tensor, asarray, complex, empty, empty_like, eye,
                       from_dlpack, from_numpy, frombuffer, full, full_like, ones, ones_like, polar, scalar_tensor,
                       tensor, tril_indices, triu_indices, zeros, zeros_like)
from .ranges import arange, linspace, logspace
from .ops.joining import (atleast_1d, atleast_2d, atleast_3d, block_diag, cartesian_prod, cat, column_stack, concat,
                          concatenate, dstack, hstack, meshgrid, row_stack, stack, vstack)
from .ops.triangular import diag, diag_embed, diagflat, tril, triu
from .ops.convert import cast as _cast
from .ops.indexing import index_put, index_put_
from .ops.scatter import (gather, index_add, index_copy, index_fill, index_reduce, index_select, masked_scatter,
                          masked_select, put, scatter, scatter_add, scatter_reduce, take, take_along_dim)
from .ops.linalg import matmul
from .ops.linalg import (addbmm, addmm, addmv, addmv_, addr, baddbmm, bmm, chain_matmul, dot, mm, mv,
                         vdot)
from .ops.products import cdist, cross, einsum, ger, inner, kron, outer, tensordot
from . import linalg
from .ops.decompositions import (cholesky_legacy as cholesky, det_legacy as det, geqrf, logdet, lu_legacy as lu,
                                 lu_unpack, orgqr, ormqr, qr_legacy as qr, slogdet_legacy as slogdet,
                                 svd_legacy as svd)
from .ops.solvers import (cholesky_inverse, cholesky_solve, inverse, lu_solve_legacy as lu_solve,
                          matrix_exp_legacy as matrix_exp, matrix_power_legacy as matrix_power, pinverse,
                          triangular_solve)
from .ops.pointwise import (abs, add, bitwise_and, bitwise_left_shift, bitwise_not, bitwise_or,
                            bitwise_right_shift, bitwise_xor, conj, div, eq, equal, floor_divide, fmod, ge, gt, imag,
                            le, lt, maximum, minimum, mul, ne, neg, positive, pow, real, remainder, rsub, sub,
                            true_divide)
from .ops.reduction import amax, amin, argmax, argmin, max, mean, min, prod, sum
from .ops.reduction import aminmax, all, any, nanmean, nansum
from .ops.moments import log_softmax, logsumexp, norm, softmax, std, std_mean, var, var_mean
from .ops.sorting import argsort, argwhere, count_nonzero, kthvalue, msort, nonzero, sort, topk
from .ops.searching import bincount, bucketize, histc, histogram, isin, searchsorted, unique, unique_consecutive
from .ops.rearrange import (broadcast_shapes, broadcast_tensors, combinations, flip, fliplr, flipud, repeat_interleave,
                            roll, rot90, tile, vander)
from .ops.scans import cummax, cummin, cumprod, cumsum, diff, logcumsumexp, trace
from .ops.statistics import median, mode, nanmedian, nanquantile, quantile
from .ops.unary import (acos, acosh, arccos, arccosh, arcsin, arcsinh, arctan, arctanh, asin, asinh, atan,
                        atanh, cos, cosh, digamma, erf, erfc, erfinv, exp, exp2, expm1, i0, lgamma, log, log10,
                        log1p, log2, rsqrt, sigmoid, sin, sinc, sinh, sqrt, tan, tanh)
from .ops.unary import (ceil, deg2rad, fix, floor, frac, isfinite, isinf, isnan, isneginf, isposinf, isreal,
                        logical_not, logit, rad2deg, reciprocal, relu, round, sgn, sign, signbit, square, trunc)
from .ops.binary import (addcdiv, addcmul, arctan2, atan2, copysign, float_power, fmax, fmin, gcd, heaviside, hypot,
                         lcm, ldexp, lerp, logaddexp, logaddexp2, mvlgamma, nextafter, polygamma, xlogy)
from .ops.conditional import (allclose, clamp, clamp_, clamp_max, clamp_max_, clamp_min, clamp_min_, clip, clip_,
                               isclose, logical_and, logical_or, logical_xor, masked_fill, nan_to_num, nan_to_num_,
                               where)
from .ops.complex import angle, view_as_complex, view_as_real
from .ops.shape import (adjoint, as_strided, broadcast_to, chunk, clone, diagonal, dsplit, flatten, hsplit, movedim,
                        narrow, permute, ravel, reshape, select, split, split_with_sizes, squeeze, swapaxes, swapdims,
                        t, tensor_split, transpose, unbind, unflatten, unsqueeze, vsplit)
from .printing import set_printoptions
from .autograd.grad_mode import (enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad,
                                 set_grad_enabled)
from . import autograd, cuda, fft, random, return_types, special
from .autograd.anomaly_mode import is_anomaly_check_nan_enabled, is_anomaly_enabled
from . import nn
from .random import (Generator, default_generator, get_rng_state, initial_seed, manual_seed, rand, rand_like, randint,
                     randint_like, randn, randn_like, randperm, seed, set_rng_state)

from .sampling import bernoulli, multinomial, normal, poisson
from .ops.attributes import (detach, is_conj, is_neg, is_nonzero, is_same_size, is_signed, resolve_conj,
                             resolve_neg)

__version__ = "0.1.0"

subtract, multiply, divide, negative, absolute = sub, mul, div, neg, abs
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne
moveaxis = movedim


class layout:
    """A memory layout; Ember has only ``strided``."""

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return f"torch.{self._name}"


strided = layout("strided")


class memory_format:
    """A memory format tag (accepted for compatibility; Ember keeps PyTorch's default layouts)."""

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return f"torch.{self._name}"


contiguous_format = memory_format("contiguous_format")
preserve_format = memory_format("preserve_format")
channels_last = memory_format("channels_last")


def can_cast(from_, to):
    """Whether PyTorch's casting rules allow ``from_`` to be cast to ``to`` for an op's output."""
    return _can_cast(from_, to)


def is_tensor(obj):
    """Whether ``obj`` is a Tensor."""
    return isinstance(obj, Tensor)


def is_storage(obj):
    return isinstance(obj, UntypedStorage)


def is_floating_point(input):
    return input._dtype.is_floating_point


def is_complex(input):
    return input._dtype.is_complex


def numel(input):
    return input._data.size

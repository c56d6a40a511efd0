"""Random samplers built on the generator: bernoulli, multinomial, poisson, normal's tensor overloads and the
in-place distributions (exponential_, geometric_, log_normal_, cauchy_).

Each draws the generator's numbers in the order and width PyTorch's CPU kernels do (one 53-bit double per
element for the scalar-parameter samplers), so the same seed gives the same samples bit for bit.
"""
import math

import numpy as np

from . import dtypes as _dt
from .random import (_F16, _F32, _F64, _BF16, _FLOATS, _NAMES, _fill_, _fmt, _generator, _libm, _not_implemented,
                     _to_dtype)
from .tensor import Tensor

_P_RANGE = ("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  "
            "If so, please report an enhancement request to PyTorch.)")


def _name(dt, cpp=False):
    return _NAMES.get(dt, (str(dt), str(dt)))[1 if cpp else 0]


def _continuous(self, what, cpp=False):
    """The dtype of ``self`` for a sampler of real values: floating, else PyTorch's error."""
    dt = self._data.dtype
    if dt not in _FLOATS:
        raise RuntimeError(f"{what} distribution is a continuous probability distribution. dtype must be a floating "
                           f"point but you specified {_name(dt, cpp)}")
    return dt


def _cast(values, dt):
    """float64 samples stored as ATen's ``static_cast<scalar_t>(double)`` stores them."""
    if dt.kind in "iub":
        return values.astype(np.int64).astype(dt) if dt.kind != "b" else values != 0
    return _to_dtype(values, dt)


# ---------------------------------------------------------------------------------------------
# in-place distributions with scalar parameters


def exponential_(self, lambd=1.0, *, generator=None):
    """Fill ``self`` with samples of the exponential distribution of rate ``lambd``."""
    g = _generator(generator, "exponential_", "float")
    lambd = float(lambd)
    if not lambd > 0.0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={_fmt(lambd)}")
    dt = _continuous(self, "Exponential")
    return _fill_(self, lambda n, contiguous: _cast(-1.0 / lambd * _libm("log1p", -g._unit_f64(n)), dt))


def geometric_(self, p, *, generator=None):
    """Fill ``self`` with the number of Bernoulli(``p``) trials up to the first success."""
    g = _generator(generator, "geometric_", "float")
    p = float(p)
    if not 0.0 < p < 1.0:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={_fmt(p)}")
    dt = self._data.dtype
    if dt.kind in "bc":
        raise _not_implemented("geometric_cpu", dt)
    return _fill_(self, lambda n, contiguous: _cast(np.ceil(_libm("log", g._unit_f64(n)) / math.log1p(-p)), dt))


def log_normal_(self, mean=1.0, std=2.0, *, generator=None):
    """Fill ``self`` with ``exp`` of normal samples of the given mean and standard deviation."""
    g = _generator(generator, "log_normal_", "float, float")
    mean, std = float(mean), float(std)
    if not std > 0.0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={_fmt(std)}")
    dt = self._data.dtype
    if dt not in _FLOATS:
        raise _not_implemented("log_normal_cpu", dt)
    return _fill_(self, lambda n, contiguous: _cast(np.exp(g._normal_serial(n, mean, std)), dt))


def cauchy_(self, median=0.0, sigma=1.0, *, generator=None):
    """Fill ``self`` with samples of the Cauchy distribution."""
    g = _generator(generator, "cauchy_", "float, float")
    median, sigma = float(median), float(sigma)
    if not sigma > 0.0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={_fmt(sigma)}")
    dt = _continuous(self, "Cauchy", cpp=True)
    return _fill_(self, lambda n, contiguous: _cast(median + sigma * np.tan(math.pi * (g._unit_f64(n) - 0.5)), dt))


# ---------------------------------------------------------------------------------------------
# bernoulli


def bernoulli_(self, p=0.5, *, generator=None):
    """Fill ``self`` with 1 (probability ``p``, a number or a tensor of probabilities) or 0."""
    g = _generator(generator, "bernoulli_", "float")
    dt = self._data.dtype
    if isinstance(p, Tensor):
        if dt.kind == "c":
            raise _not_implemented("bernoulli_tensor_cpu_self_", dt)
        probs = p._data
        if probs.dtype not in _FLOATS:
            raise _not_implemented("bernoulli_tensor_cpu_p_", probs.dtype)
        np.broadcast_shapes(probs.shape, self._data.shape)  # PyTorch expands p to self's shape
        if probs.size and not ((probs >= 0) & (probs <= 1)).all():
            raise RuntimeError(_P_RANGE)
        if probs.dtype == _F64:
            return _fill_(self, lambda n, contiguous, q: _cast(g._unit_f64(n) < q, dt), probs)
        return _fill_(self, lambda n, contiguous, q: _cast(g._unit_f32(n) < q.astype(_F32), dt), probs)
    p = float(p)
    if not 0.0 <= p <= 1.0:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={_fmt(p)}")
    if dt.kind == "c":
        raise _not_implemented("bernoulli_scalar_cpu_", dt)
    return _fill_(self, lambda n, contiguous: _cast(g._unit_f64(n) < p, dt))


def bernoulli(input, p=None, *, generator=None, out=None):
    """Samples of 0 and 1: each element 1 with the probability ``input`` holds there (or with probability ``p``)."""
    from .creation import empty
    target = empty(input.shape, dtype=input._dtype) if out is None else _resized(out, input.shape)
    if p is None:
        dt = input._data.dtype
        if dt not in _FLOATS:
            raise _not_implemented("bernoulli_tensor_cpu_p_", dt)
        p = input
    return bernoulli_(target, p, generator=generator)


def _resized(out, shape):
    from .ops.shape import set_data
    if tuple(out.shape) != tuple(shape):
        set_data(out, np.zeros(shape, out._data.dtype))
    return out


# ---------------------------------------------------------------------------------------------
# multinomial and poisson


def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    """Indices drawn from the categories each row of ``input`` weighs (``replacement`` or not)."""
    from . import dtypes
    from .ops.shape import set_data
    g = _generator(generator, "multinomial", "Tensor, int")
    probs = input._data
    if probs.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if probs.dtype not in _FLOATS:
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: {_name(probs.dtype)}")
    if out is not None and out._dtype is not dtypes.int64:
        raise RuntimeError(f"multinomial expects Long tensor out, got: {_name(out._data.dtype)}")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    categories = probs.shape[-1]
    if not replacement and num_samples > categories:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if categories > 1 << 24:
        raise RuntimeError("number of categories cannot exceed 2^24")
    shape = (num_samples,) if probs.ndim == 1 else (probs.shape[0], num_samples)
    rows = probs.reshape(-1, categories)
    if not math.prod(shape):
        indices = np.empty(shape, np.int64)
    elif not replacement or num_samples == 1:
        indices = _by_exponential_race(g, input, num_samples).reshape(shape)
    else:
        indices = np.concatenate([_with_replacement(g, row, num_samples) for row in rows]).reshape(shape)
    if out is None:
        from .tensor import _wrap
        return _wrap(indices, dtypes.int64)
    set_data(out, indices)
    return out


def _by_exponential_race(g, input, num_samples):
    """PyTorch's sampling without replacement: the top ``num_samples`` of ``p / q`` with ``q`` ~ Exp(1)."""
    from .creation import empty_like
    from .ops.sorting import topk
    probs = input._data
    with np.errstate(invalid="ignore"):
        if not (probs.max() < np.inf and probs.min() >= 0):
            raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if (probs.reshape(-1, probs.shape[-1]).astype(np.float64).sum(axis=-1) == 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    race = input / exponential_(empty_like(input), generator=g)
    return topk(race, num_samples)[1]._data


def _with_replacement(g, row, num_samples):
    """``num_samples`` categories for one row: a binary search of uniform doubles in the normalised cumulative sum."""
    acc = _F32 if row.dtype in (_F16, _BF16) else row.dtype
    for value in row.tolist():
        if not value >= 0:
            raise RuntimeError("invalid multinomial distribution (encountering probability entry < 0)")
        if not math.isfinite(value):
            raise RuntimeError("invalid multinomial distribution (encountering probability entry = infinity or NaN)")
    cumulative = np.cumsum(row.astype(acc), dtype=acc)
    total = cumulative[-1]
    if not total > 0:
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    cumulative /= total
    cumulative[-1] = 1
    return np.searchsorted(cumulative, g._unit_f64(num_samples), side="left").astype(np.int64)


def poisson(input, generator=None):
    """Samples of the Poisson distribution with the rates ``input`` holds."""
    from .tensor import _wrap
    g = _generator(generator, "poisson", "Tensor")
    rates = input._data
    if rates.dtype not in _FLOATS:
        raise _not_implemented("poisson_cpu", rates.dtype)
    samples = np.array([_poisson(g, rate) for rate in rates.astype(_F64).ravel().tolist()], _F64)
    return _wrap(_cast(samples, rates.dtype).reshape(rates.shape), input._dtype)


def _poisson(g, rate):
    """One Poisson sample: multiplication of uniforms below 10, Hörmann's transformed rejection (PTRS) above."""
    if not rate >= 0:
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    if rate == 0:
        return 0
    if rate < 10:
        bound, count, product = math.exp(-rate), 0, 1.0
        while True:
            product *= g._unit_f64(1)[0]
            if product <= bound:
                return count
            count += 1
    root, log_rate = math.sqrt(rate), math.log(rate)
    b = 0.931 + 2.53 * root
    a = -0.059 + 0.02483 * b
    inv_alpha = 1.1239 + 1.1328 / (b - 3.4)
    vr = 0.9277 - 3.6224 / (b - 2)
    while True:
        u, v = g._unit_f64(2).tolist()
        u -= 0.5
        us = 0.5 - abs(u)
        k = math.floor((2 * a / us + b) * u + rate + 0.43)
        if us >= 0.07 and v <= vr:
            return k
        if k < 0 or (us < 0.013 and v > us):
            continue
        if math.log(v) + math.log(inv_alpha) - math.log(a / (us * us) + b) <= -rate + k * log_rate - math.lgamma(k + 1):
            return k


# ---------------------------------------------------------------------------------------------
# normal with tensor parameters


def normal(mean, std=1.0, size=None, *, generator=None, out=None, dtype=None, layout=None, device=None,
           pin_memory=False, requires_grad=False):
    """Normal samples: ``normal(mean, std)`` with either or both a tensor (broadcast), or ``normal(mean, std, size)``."""
    from . import random
    from .ops.common import broadcast_error
    from .ops.shape import set_data
    g = _generator(generator, "normal", type(mean).__name__)
    mean_t, std_t = isinstance(mean, Tensor), isinstance(std, Tensor)
    if not (mean_t or std_t):
        if size is None:
            raise TypeError(f"normal() received an invalid combination of arguments - got "
                            f"({type(mean).__name__}, {type(std).__name__}), but expected one of:")
        from .creation import parse_size
        result = random.normal_(_empty(parse_size((size,), "normal"), dtype, out), mean, std, generator=g)
        return result.requires_grad_(requires_grad) if requires_grad else result
    if std_t and std._data.size and not (std._data >= 0).all():
        raise RuntimeError("normal expects all elements of std >= 0.0")
    if not std_t and not float(std) >= 0.0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {_fmt(float(std))}")
    like = mean if mean_t else std
    shape = like._data.shape
    if mean_t and std_t:
        try:
            shape = np.broadcast_shapes(mean._data.shape, std._data.shape)
        except ValueError:
            raise broadcast_error(mean._data.shape, std._data.shape) from None
    if out is None:
        out = _empty(shape, like._dtype, None)
    elif tuple(out.shape) != tuple(shape):
        set_data(out, np.zeros(shape, out._data.dtype))
    if mean_t and not std_t:
        return random.normal_(out, 0.0, std, generator=g).add_(mean)
    return random.normal_(out, 0.0, 1.0, generator=g).mul_(std).add_(mean)


def _empty(shape, dtype, out):
    from .creation import empty
    if out is not None:
        return _resized(out, tuple(shape))
    return empty(tuple(shape), dtype=dtype)

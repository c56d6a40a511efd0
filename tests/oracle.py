"""The oracle: run the same code on PyTorch and on Ember and compare everything observable.

A test writes its case once, as a function of the library module::

    check(lambda T: T.arange(6).reshape(2, 3).t() + 1)

``check`` calls it with ``T = torch`` and ``T = ember`` and compares the results: type, dtype, shape,
strides, storage offset and values of tensors (recursively through tuples, lists and named tuples),
or, when PyTorch raises, that Ember raises the same exception class (and, with ``match_message``,
the same message).
"""
import math
import warnings

import numpy as np
import torch

import ember

DTYPE_NAMES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64",
               "complex64", "complex128"]
INT_DTYPES = ["uint8", "int8", "int16", "int32", "int64"]
FLOAT_DTYPES = ["float16", "bfloat16", "float32", "float64"]
COMPLEX_DTYPES = ["complex64", "complex128"]


class Raised:
    """What a call raised, kept to compare with the other library's outcome."""

    def __init__(self, exc):
        self.exc = exc

    def __repr__(self):
        return f"Raised({type(self.exc).__name__}: {self.exc})"


def run(fn, lib):
    """``fn(lib)``, or the exception it raised, with warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn(lib)
        except Exception as exc:  # noqa: BLE001 - the exception is the result under test
            return Raised(exc)


def _values(t):
    """A float64/complex128/int64 ndarray of a torch or ember tensor's values, for comparison."""
    if isinstance(t, torch.Tensor):
        t = t.detach()
        if t.dtype is torch.bfloat16 or t.dtype is torch.float16:
            return t.to(torch.float64).numpy()
        return t.resolve_conj().resolve_neg().numpy().copy()
    array = t._data
    if array.dtype.name in ("bfloat16", "float16"):
        return array.astype(np.float64)
    return np.array(array)


def _ulp_close(a, b, ulps, dtype_name):
    with np.errstate(invalid="ignore", over="ignore"):
        return _within_ulps(a, b, ulps, dtype_name)


def _within_ulps(a, b, ulps, dtype_name):
    if a.dtype.kind in "biu":
        return np.array_equal(a, b)
    if a.shape != b.shape:
        return False
    if dtype_name in ("float16", "bfloat16"):
        eps = {"float16": 2.0 ** -10, "bfloat16": 2.0 ** -7}[dtype_name]
        tiny = {"float16": 2.0 ** -24, "bfloat16": 2.0 ** -133}[dtype_name]
    else:
        info = np.finfo(a.dtype)
        eps, tiny = float(info.eps), float(info.smallest_subnormal)
    for x, y in ((a.real, b.real), (a.imag, b.imag)) if a.dtype.kind == "c" else ((a, b),):
        same_nan = np.isnan(x) == np.isnan(y)
        if not same_nan.all():
            return False
        x, y = np.where(np.isnan(x), 0, x), np.where(np.isnan(y), 0, y)
        if not (np.isinf(x) == np.isinf(y)).all() or not (x[np.isinf(x)] == y[np.isinf(y)]).all():
            return False
        finite = ~np.isinf(x)
        tol = ulps * eps * np.maximum(np.abs(x), np.abs(y)) + ulps * tiny
        if not (np.abs(x - y)[finite] <= tol[finite]).all():
            return False
    return True


def dtype_name(d):
    return str(d).split(".")[-1]


def assert_same(e, t, *, ulps=4, strides=True, path="result"):
    """Assert an Ember result matches a PyTorch one, recursively."""
    if isinstance(t, Raised):
        assert isinstance(e, Raised), f"{path}: PyTorch raised {t!r} but Ember returned {e!r}"
        assert type(e.exc) is type(t.exc) or isinstance(e.exc, type(t.exc)), (
            f"{path}: PyTorch raised {t!r} but Ember raised {e!r}")
        return
    if isinstance(e, Raised):
        raise AssertionError(f"{path}: Ember raised {e!r} but PyTorch returned {t!r}") from e.exc
    if isinstance(t, torch.Tensor):
        assert isinstance(e, ember.Tensor), f"{path}: expected a Tensor, got {type(e).__name__}"
        assert dtype_name(e.dtype) == dtype_name(t.dtype), f"{path}: dtype {e.dtype} != {t.dtype}"
        assert tuple(e.shape) == tuple(t.shape), f"{path}: shape {tuple(e.shape)} != {tuple(t.shape)}"
        if strides:
            assert e.stride() == t.stride(), f"{path}: stride {e.stride()} != {t.stride()}"
            assert e.storage_offset() == t.storage_offset(), (
                f"{path}: storage_offset {e.storage_offset()} != {t.storage_offset()}")
        assert e.requires_grad == t.requires_grad, f"{path}: requires_grad {e.requires_grad} != {t.requires_grad}"
        ev, tv = _values(e), _values(t)
        assert _ulp_close(ev, tv, ulps, dtype_name(t.dtype)), f"{path}: values differ\nember: {ev}\ntorch: {tv}"
        return
    if isinstance(t, torch.Size):
        assert isinstance(e, ember.Size) and tuple(e) == tuple(t), f"{path}: {e!r} != {t!r}"
        return
    if isinstance(t, torch.dtype):
        assert isinstance(e, ember.dtype) and repr(e) == repr(t), f"{path}: {e!r} != {t!r}"
        return
    if isinstance(t, torch.device):
        assert repr(e) == repr(t), f"{path}: {e!r} != {t!r}"
        return
    if isinstance(t, (tuple, list)):
        assert isinstance(e, (tuple, list)), f"{path}: expected a sequence, got {type(e).__name__}"
        assert len(e) == len(t), f"{path}: length {len(e)} != {len(t)}"
        if hasattr(t, "_fields") or type(t).__module__ == "torch.return_types":
            assert type(e).__name__ == type(t).__name__, f"{path}: {type(e).__name__} != {type(t).__name__}"
        for i, (x, y) in enumerate(zip(e, t)):
            assert_same(x, y, ulps=ulps, strides=strides, path=f"{path}[{i}]")
        return
    if isinstance(t, float) and math.isnan(t):
        assert isinstance(e, float) and math.isnan(e), f"{path}: {e!r} != nan"
        return
    if isinstance(t, np.ndarray):
        assert isinstance(e, np.ndarray) and e.dtype == t.dtype and np.array_equal(e, t, equal_nan=e.dtype.kind in "fc")
        return
    assert type(e) is type(t), f"{path}: type {type(e).__name__} != {type(t).__name__} ({e!r} vs {t!r})"
    assert e == t, f"{path}: {e!r} != {t!r}"


def check(fn, *, ulps=4, strides=True, match_message=False):
    """Run ``fn`` on both libraries and assert the outcomes match; returns the Ember result."""
    t = run(fn, torch)
    e = run(fn, ember)
    assert_same(e, t, ulps=ulps, strides=strides)
    if match_message and isinstance(t, Raised):
        assert str(e.exc) == str(t.exc), f"message differs:\nember: {e.exc}\ntorch: {t.exc}"
    return e


def sample(shape, dtype_name, seed=0, low=-5, high=5):
    """Deterministic sample data (a NumPy array) for ``dtype_name``, with both signs where the dtype allows."""
    rng = np.random.default_rng(seed)
    if dtype_name == "bool":
        return rng.random(shape) < 0.5
    if dtype_name in INT_DTYPES:
        lo = 0 if dtype_name == "uint8" else low
        return rng.integers(lo, high, size=shape).astype(dtype_name)
    values = rng.uniform(low, high, size=shape)
    if dtype_name in COMPLEX_DTYPES:
        values = values + 1j * rng.uniform(low, high, size=shape)
        return values.astype(dtype_name)
    if dtype_name in ("float16", "bfloat16"):
        return np.round(values, 2)
    return values.astype(dtype_name)


def make(T, data, dtype_name):
    """``T.tensor`` of NumPy sample data in the named dtype (bfloat16/float16 rounded identically in both)."""
    return T.tensor(np.asarray(data).tolist() if np.ndim(data) else np.asarray(data).item(), dtype=getattr(T, dtype_name))


# Layouts a tensor of a given logical shape can arrive in: each builds it from sample data.
def contiguous(T, data, dtype_name):
    return make(T, data, dtype_name)


def transposed(T, data, dtype_name):
    """The same values, non-contiguous: built transposed, then transposed back."""
    if np.ndim(data) < 2:
        return make(T, data, dtype_name)
    return make(T, np.swapaxes(data, -1, -2), dtype_name).transpose(-1, -2)


def strided(T, data, dtype_name):
    """The same values, non-contiguous: every other element of a tensor twice as long in dim 0."""
    if np.ndim(data) < 1:
        return make(T, data, dtype_name)
    doubled = np.repeat(np.asarray(data), 2, axis=0)
    return make(T, doubled, dtype_name)[::2]


LAYOUTS = [contiguous, transposed, strided]
SHAPES = [(), (0,), (5,), (2, 3), (3, 0), (2, 3, 4), (1, 4, 1)]

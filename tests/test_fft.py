"""torch.fft against PyTorch: values, dtypes, shapes, strides and errors over dtypes, shapes, layouts and norms."""
import numpy as np
import pytest
import torch

import ember
from oracle import LAYOUTS, Raised, check, run, sample

DTYPES = ["bool", "int64", "float16", "float32", "float64", "complex64", "complex128"]
SHAPES = [(), (0,), (5,), (2, 3), (3, 0), (2, 3, 4), (1, 4, 1), (4, 1, 3)]
NORMS = [None, "backward", "ortho", "forward", "bad"]


def same(fn, eps=None):
    """Compare ``fn(torch)`` and ``fn(ember)``: exception class and message, or dtype, shape, strides and values.

    FFT values are compared with a tolerance scaled by the largest magnitude, since an element that should be
    zero carries rounding error of the size of the whole signal, not of itself.
    """
    t, e = run(fn, torch), run(fn, ember)
    if isinstance(t, Raised) or isinstance(e, Raised):
        assert isinstance(t, Raised) and isinstance(e, Raised), (t, e)
        assert type(t.exc) is type(e.exc) and str(t.exc) == str(e.exc), (t, e)
        return
    assert str(e.dtype) == str(t.dtype)
    assert tuple(e.shape) == tuple(t.shape)
    assert e.stride() == t.stride(), (e.stride(), t.stride())
    a = t.detach().resolve_conj().numpy() if t.dtype != torch.bfloat16 else t.float().numpy()
    b = np.array(e._data, dtype=a.dtype)
    if a.dtype.kind in "fc":
        eps = eps or (2.0 ** -7 if t.dtype == torch.bfloat16 else np.finfo(a.dtype).eps)
        finite = np.abs(a[np.isfinite(a)])
        scale = max(finite.max(initial=0.0), 1.0)
        size = max(a.size, 2)
        assert np.array_equal(np.isfinite(a), np.isfinite(b)) and np.allclose(a, b, rtol=0, atol=8 * eps * scale * np.log2(size), equal_nan=True), (a, b)
    else:
        assert np.array_equal(a, b)


def data(T, shape, dtype, layout=LAYOUTS[0], seed=0):
    return layout(T, sample(shape, dtype, seed), dtype)


ONE_DIM = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"]


@pytest.mark.parametrize("name", ONE_DIM)
@pytest.mark.parametrize("dtype", DTYPES)
def test_one_dim(name, dtype):
    for i, shape in enumerate(SHAPES):
        for j, dim in enumerate((-1, 0, 2)):
            for k, n in enumerate((None, 3, 8)):
                layout = LAYOUTS[(i + j + k) % len(LAYOUTS)]  # each layout meets every shape, dim and n
                same(lambda T: getattr(T.fft, name)(data(T, shape, dtype, layout), n, dim))


@pytest.mark.parametrize("name", ONE_DIM)
@pytest.mark.parametrize("norm", NORMS)
def test_one_dim_norms(name, norm):
    for dtype in ("float32", "float64", "complex64", "complex128", "int64"):
        for n in (None, 0, -1, 6):
            same(lambda T: getattr(T.fft, name)(data(T, (3, 5), dtype), n, 0, norm))
            same(lambda T: getattr(T.fft, name)(data(T, (3, 5), dtype, LAYOUTS[1]), n=n, norm=norm))


N_DIM = ["fftn", "ifftn", "rfftn", "irfftn", "fft2", "ifft2", "rfft2", "irfft2"]
S_DIM = [(None, None), ((3,), None), (None, (0, -1)), ((2, 6), (-1, 0)), ((-1, 4), None),
         ((2, 3, 4, 5), None), ((4,), (0, 1)), (None, (1, 1)), (None, ()), ((0, 2), None), ((5, 2), (1, 0))]


@pytest.mark.parametrize("name", N_DIM)
@pytest.mark.parametrize("dtype", DTYPES)
def test_n_dim(name, dtype):
    for i, shape in enumerate(SHAPES):
        for j, (s, dim) in enumerate(S_DIM):
            layout = LAYOUTS[(i + j) % len(LAYOUTS)]
            kwargs = {k: v for k, v in (("s", s), ("dim", dim)) if v is not None}
            same(lambda T: getattr(T.fft, name)(data(T, shape, dtype, layout), **kwargs))


@pytest.mark.parametrize("name", N_DIM)
@pytest.mark.parametrize("norm", NORMS)
def test_n_dim_norms(name, norm):
    for dtype in ("float32", "float64", "complex64", "complex128", "bool"):
        for layout in LAYOUTS:
            same(lambda T: getattr(T.fft, name)(data(T, (3, 4, 2), dtype, layout), norm=norm))
            same(lambda T: getattr(T.fft, name)(data(T, (3, 4, 2), dtype, layout), (5, 3), norm=norm))


@pytest.mark.parametrize("name", ONE_DIM + N_DIM)
def test_out(name):
    for dtype in ("float32", "float64", "complex64", "complex128"):
        for target in ("int64", "float32", "float64", "complex64", "complex128"):
            for shape in ((0,), (4, 3), (3,)):
                same(lambda T: getattr(T.fft, name)(data(T, (4, 3), dtype), out=T.zeros(shape, dtype=getattr(T, target))),
                     eps=np.finfo(np.float32).eps)


def test_bad_arguments():
    same(lambda T: T.fft.fft([1.0, 2.0]))
    same(lambda T: T.fft.fft(T.ones(3), 2.5))
    same(lambda T: T.fft.fft(T.ones(3, dtype=T.float16), dim=7))
    same(lambda T: T.fft.fft(T.ones(3), dim=7, n=0))
    same(lambda T: T.fft.fft(T.ones(3), norm="bad", n=0))


@pytest.mark.parametrize("name", ["fftfreq", "rfftfreq"])
def test_freq(name):
    f = lambda T: getattr(T.fft, name)  # noqa: E731
    for n in (0, 1, 2, 5, 8, 17, -1):
        for d in (1.0, 0.5, 3, 0.1, 0.0, -2.0):
            same(lambda T: f(T)(n, d))
            for dtype in ("float16", "bfloat16", "float32", "float64", "int64", "bool", "complex64"):
                same(lambda T: f(T)(n, d, dtype=getattr(T, dtype)))
    same(lambda T: T.tensor(f(T)(5, requires_grad=True).requires_grad))
    for target in ("float32", "float64", "int32"):
        for shape in ((0,), (2,), (3,)):
            same(lambda T: f(T)(5, 0.5, out=T.zeros(shape, dtype=getattr(T, target))))
    same(lambda T: f(T)(2.5))
    check(lambda T: f(T)(6, device="cpu"))


@pytest.mark.parametrize("name", ["fftshift", "ifftshift"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_shift(name, dtype):
    for shape in SHAPES:
        for layout in LAYOUTS:
            for dim in (None, 0, -1, (0, -1), (1,), (), 3):
                check(lambda T: getattr(T.fft, name)(data(T, shape, dtype, layout), dim), match_message=True)

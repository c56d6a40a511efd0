"""Gradients of ember.fft against PyTorch: every transform, with n/s resizing, norms, real and complex inputs."""
import pytest

from oracle import check
from test_fft import same

CASES = {
    "fft": lambda F, x, c: F.fft(x),
    "fft complex ortho n=8": lambda F, x, c: F.fft(c, n=8, norm="ortho"),
    "ifft n=4": lambda F, x, c: F.ifft(c, n=4),
    "ifft of a real input": lambda F, x, c: F.ifft(x, dim=0, norm="forward"),
    "rfft n=7": lambda F, x, c: F.rfft(x, n=7),
    "irfft": lambda F, x, c: F.irfft(c),
    "irfft n=7 forward": lambda F, x, c: F.irfft(c, n=7, norm="forward"),
    "hfft n=5": lambda F, x, c: F.hfft(c, n=5),
    "ihfft": lambda F, x, c: F.ihfft(x, norm="ortho"),
    "fftn s": lambda F, x, c: F.fftn(c, s=(3, 5)),
    "ifft2": lambda F, x, c: F.ifft2(c),
    "rfftn": lambda F, x, c: F.rfftn(x),
    "irfftn s": lambda F, x, c: F.irfftn(c, s=(2, 6)),
    "rfft2 ortho": lambda F, x, c: F.rfft2(x, norm="ortho"),
    "irfft2 odd": lambda F, x, c: F.irfft2(c, s=(2, 5), norm="backward"),
}


def inputs(T, dtype):
    real = {"complex64": T.float32, "complex128": T.float64}.get(dtype, getattr(T, dtype))
    x = T.tensor([[0.5, -1.0, 2.0, 0.25, 1.5, -0.75], [1.0, 0.5, -0.5, 3.0, -2.0, 0.125]], dtype=real)
    c = T.complex(x, x.flip(1) * 0.5)
    return x.requires_grad_(), c.detach().requires_grad_()


def _backward(T, name, dtype):
    """The transform's output and its inputs after a backward pass with a weighted loss."""
    x, c = inputs(T, dtype)
    y = CASES[name](T.fft, x, c)
    weights = T.arange(y.numel(), dtype=x.dtype).reshape(y.shape)
    loss = (y.real * weights).sum() + ((y.imag * weights * 0.5).sum() if y.is_complex() else 0)
    loss.backward()
    return y, x, c


def _grad(T, name, dtype):
    _, x, c = _backward(T, name, dtype)
    return x.grad if x.grad is not None else c.grad


def _names(T, name, dtype):
    y, x, c = _backward(T, name, dtype)
    return type(y.grad_fn).__name__, x.grad is None, c.grad is None


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_gradients(name, dtype):
    # values near zero carry rounding of the size of the whole signal: compared as test_fft compares them
    same(lambda T: _grad(T, name, dtype))
    check(lambda T: _names(T, name, dtype))


@pytest.mark.parametrize("name, complex_input", [("fft", False), ("rfft n=7", False), ("irfft", True),
                                                  ("hfft n=5", True), ("fftn s", True)])
def test_second_derivatives(name, complex_input):
    def fn(T):
        x, c = inputs(T, "float64")
        y = CASES[name](T.fft, x, c)
        loss = (y.abs() * y.abs()).sum()
        leaf = c if complex_input else x
        (g,) = T.autograd.grad(loss, leaf, create_graph=True)
        (h,) = T.autograd.grad((g.abs() * g.abs()).sum() if g.is_complex() else (g * g).sum(), leaf)
        return g, h
    # the layout of a gradient built as a graph follows PyTorch's internal pad/slice nodes, which Ember folds
    # into one node: values, dtypes and shapes are compared
    check(fn, ulps=4096, strides=False)


def test_out_is_refused_when_recording():
    check(lambda T: T.fft.fft(T.ones(4, requires_grad=True), out=T.empty(4, dtype=T.complex64)), match_message=True)

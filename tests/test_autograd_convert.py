"""Dtype conversions (ToCopyBackward0) and complex tensors built from real ones (complex, polar) inside a graph,
against PyTorch."""
import pytest

from oracle import check

CONVERSIONS = {
    "double": lambda T, x: x.double(),
    "half": lambda T, x: x.half(),
    "bfloat16": lambda T, x: x.bfloat16(),
    "to complex": lambda T, x: x.to(T.complex64),
    "to same dtype with copy": lambda T, x: x.to(x.dtype, copy=True),
    "type": lambda T, x: x.type(T.float64),
    "type_as": lambda T, x: x.type_as(T.ones(1, dtype=T.float64)),
    "cdouble": lambda T, x: x.cdouble(),
    "to integers": lambda T, x: x.long(),
    "to same dtype": lambda T, x: x.to(x.dtype),
}


@pytest.mark.parametrize("name", CONVERSIONS)
def test_conversions(name):
    def fn(T):
        x = T.tensor([[1.5, -2.0], [0.25, 3.0]], requires_grad=True)
        y = CONVERSIONS[name](T, x)
        result = [y, y is x, type(y.grad_fn).__name__]
        if y.requires_grad and y is not x:
            (y * 3).backward(T.ones_like(y) * 2)
            result.append(x.grad)
        return result
    check(fn)


def test_complex_to_real_keeps_the_real_part_of_the_gradient():
    def fn(T):
        z = T.tensor([1 + 2j, -1j], requires_grad=True)
        y = z.to(T.float32)
        (y * y).backward(T.ones(2))
        return y, z.grad
    check(fn)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_complex_and_polar(dtype):
    def fn(T):
        a = T.tensor([[1.0, 2.0], [3.0, 0.0]], dtype=getattr(T, dtype), requires_grad=True)
        b = T.tensor([[0.5, -1.0], [2.0, 1.0]], dtype=getattr(T, dtype), requires_grad=True)
        z, w = T.complex(a, b), T.polar(a, b)
        (z * w).abs().sum().backward()
        return z, w, type(z.grad_fn).__name__, type(w.grad_fn).__name__, a.grad, b.grad
    check(fn, ulps=16)


def test_complex_second_derivative_and_out():
    def fn(T):
        a = T.tensor([1.0, -2.0], dtype=T.float64, requires_grad=True)
        b = T.tensor([0.5, 0.25], dtype=T.float64, requires_grad=True)
        (g,) = T.autograd.grad((T.polar(a, b) * T.complex(b, a)).abs().sum(), b, create_graph=True)
        return g, T.autograd.grad(g.sum(), a)
    check(fn, ulps=64)
    check(lambda T: T.complex(T.ones(2, requires_grad=True), T.ones(2), out=T.empty(2, dtype=T.complex64)),
          match_message=True)

"""Dtype conversions inside a graph (ToCopyBackward0) against PyTorch."""
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

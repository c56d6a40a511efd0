"""ember.autograd.functional against PyTorch: jacobian, hessian, vjp, jvp, hvp, vhp — values, structure, errors."""
import pytest

from oracle import check


def x(T):
    return T.tensor([1.0, -2.0, 0.5], dtype=T.float64)


def y(T):
    return T.tensor([[0.5, 1.5], [2.0, -1.0]], dtype=T.float64)


CASES = {
    "jacobian of one input": lambda T, F: F.jacobian(lambda a: a * a * 2 + a.exp(), x(T)),
    "jacobian of two inputs and outputs": lambda T, F: F.jacobian(lambda a, b: (a * b[0, 0], a.sin() + b[1, 1]),
                                                                  (x(T), y(T))),
    "jacobian of a matrix function": lambda T, F: F.jacobian(lambda b: b * b, y(T)),
    "jacobian of an unused input": lambda T, F: F.jacobian(lambda a, b: a * 2, (x(T), y(T))),
    "jacobian strict": lambda T, F: F.jacobian(lambda a: x(T) * 1, x(T), strict=True),
    "jacobian of a constant": lambda T, F: F.jacobian(lambda a: x(T) * 1, x(T)),
    "jacobian of a non-tensor": lambda T, F: F.jacobian(lambda a: 3.0, x(T)),
    "vjp": lambda T, F: F.vjp(lambda a: a * a * a, x(T), T.ones(3, dtype=T.float64)),
    "vjp of tuples": lambda T, F: F.vjp(lambda a, b: (a * 2, b * b), (x(T), y(T)),
                                        (T.ones(3, dtype=T.float64), T.ones(2, 2, dtype=T.float64))),
    "vjp without v": lambda T, F: F.vjp(lambda a: a * 2, x(T)),
    "vjp of a scalar without v": lambda T, F: F.vjp(lambda a: (a * a).sum(), x(T)),
    "jvp": lambda T, F: F.jvp(lambda a: a * a * a, x(T), T.tensor([1.0, 0.0, 2.0], dtype=T.float64)),
    "hessian": lambda T, F: F.hessian(lambda a: (a * a * a).sum(), x(T)),
    "hessian of two inputs": lambda T, F: F.hessian(lambda a, b: (a * a).sum() * (b * b).sum(), (x(T), y(T))),
    "hessian of a vector function": lambda T, F: F.hessian(lambda a: a * a, x(T)),
    "hvp": lambda T, F: F.hvp(lambda a: (a * a * a).sum(), x(T), T.ones(3, dtype=T.float64)),
    "vhp": lambda T, F: F.vhp(lambda a: (a.exp() * a).sum(), x(T), T.tensor([1.0, 2.0, 3.0], dtype=T.float64)),
    "create_graph": lambda T, F: F.vjp(lambda a: a * a, x(T).requires_grad_(), T.ones(3, dtype=T.float64),
                                       create_graph=True)[1].requires_grad,
}


@pytest.mark.parametrize("name", CASES)
def test_functional(name):
    check(lambda T: CASES[name](T, T.autograd.functional), match_message=True)

"""float64 gradcheck (finite differences) over a representative op of every family, on Ember alone and on
PyTorch alike: both must agree that the analytical gradients are right (the oracle compares the outcomes)."""
import pytest

from oracle import check


def a(T, *shape, low=-1.0, high=1.0, seed=0):
    """Deterministic float64 values in [low, high) requiring grad."""
    n = 1
    for s in shape:
        n *= s
    values = [low + (high - low) * ((i * 0.6180339887 + seed * 0.31) % 1.0) for i in range(n)]
    return T.tensor(values, dtype=T.float64).reshape(shape).requires_grad_()


OPS = {
    "add mul div": lambda T: ((lambda x, y: x * y + x / (y + 3)), (a(T, 3), a(T, 3, seed=1))),
    "broadcast sub": lambda T: ((lambda x, y: x - y * 2), (a(T, 2, 1), a(T, 3, seed=1))),
    "pow": lambda T: ((lambda x, y: x.abs().add(0.5) ** y), (a(T, 4), a(T, 4, seed=2))),
    "exp log sin": lambda T: ((lambda x: x.exp() + (x + 2).log() * x.sin()), (a(T, 5),)),
    "tanh sigmoid erf": lambda T: ((lambda x: x.tanh() * x.sigmoid() + x.erf()), (a(T, 5),)),
    "sum mean prod": lambda T: ((lambda x: x.sum(1) * x.mean(0).sum() + x.prod(1)), (a(T, 2, 3),)),
    "max amax": lambda T: ((lambda x: x.max(1).values + x.amax(0).sum()), (a(T, 3, 4),)),
    "std var": lambda T: ((lambda x: x.std(1) + x.var(0).sum()), (a(T, 3, 4),)),
    "softmax log_softmax": lambda T: ((lambda x: x.softmax(1) * x.log_softmax(0)), (a(T, 3, 4),)),
    "logsumexp norm": lambda T: ((lambda x: x.logsumexp(1) + x.norm()), (a(T, 3, 4),)),
    "cumsum cumprod": lambda T: ((lambda x: x.cumsum(0) * x.cumprod(1)), (a(T, 3, 3),)),
    "matmul": lambda T: ((lambda x, y: x @ y), (a(T, 2, 3), a(T, 3, 4, seed=1))),
    "batched matmul": lambda T: ((lambda x, y: x @ y), (a(T, 2, 2, 3), a(T, 3, 2, seed=1))),
    "einsum": lambda T: ((lambda x, y: T.einsum("ij,jk->ik", x, y)), (a(T, 2, 3), a(T, 3, 2, seed=1))),
    "views": lambda T: ((lambda x: x.t().reshape(6)[1:5].unsqueeze(0).expand(2, 4)), (a(T, 2, 3),)),
    "indexing": lambda T: ((lambda x: x[T.tensor([0, 2, 0])] * x[1:, ::2].sum()), (a(T, 3, 4),)),
    "cat stack": lambda T: ((lambda x, y: T.cat([x, y]) * T.stack([x, y]).sum(0).sum()), (a(T, 2), a(T, 2, seed=3))),
    "gather scatter_add": lambda T: ((lambda x: x.gather(1, T.tensor([[0, 0], [1, 0]])).scatter_add(
        1, T.tensor([[1, 1], [0, 1]]), x)), (a(T, 2, 2),)),
    "where clamp": lambda T: ((lambda x: T.where(x > 0, x * 2, x.clamp(-0.5, 0.3))), (a(T, 6),)),
    "sort topk": lambda T: ((lambda x: x.sort(1).values * x.topk(2, 1).values.sum()), (a(T, 2, 4),)),
    "inv det": lambda T: ((lambda m: T.linalg.inv(m + 3 * T.eye(3, dtype=T.float64)) * T.linalg.det(m)),
                          (a(T, 3, 3),)),
    "solve cholesky": lambda T: ((lambda m, b: T.linalg.solve(m @ m.mT + T.eye(2, dtype=T.float64), b)),
                                 (a(T, 2, 2), a(T, 2, 1, seed=1))),
    "fft": lambda T: ((lambda x: T.fft.rfft(x).abs()), (a(T, 6),)),
    "in-place on a view": lambda T: ((lambda x: _inplace(x)), (a(T, 4),)),
    "atan2 hypot lerp": lambda T: ((lambda x, y: T.atan2(x, y + 2) + T.hypot(x, y) + T.lerp(x, y, 0.3)),
                                   (a(T, 4), a(T, 4, seed=5))),
}


def _inplace(x):
    y = x * 1
    y[1:3] *= y[0]
    return y


@pytest.mark.parametrize("name", OPS)
def test_gradcheck(name):
    def fn(T):
        func, inputs = OPS[name](T)
        return T.autograd.gradcheck(func, inputs)
    check(fn)


@pytest.mark.parametrize("name", ["add mul div", "exp log sin", "softmax log_softmax", "matmul", "std var"])
def test_gradgradcheck(name):
    def fn(T):
        func, inputs = OPS[name](T)
        return T.autograd.gradgradcheck(func, inputs)
    check(fn)

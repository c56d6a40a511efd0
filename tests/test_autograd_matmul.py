"""Gradients of the matrix products against PyTorch: values, gradients, the recorded chain of grad_fn names
(PyTorch's matmul is a composite of dot/mv/mm/bmm, views and expands), and second derivatives."""
import numpy as np
import pytest

from oracle import LAYOUTS, check, sample


def exact(shape, dtype, seed):
    """Sample data on a grid of quarters: the products' sums are exact, whatever order a kernel adds them in."""
    return np.round(np.asarray(sample(shape, dtype, seed, -2, 2)) * 4) / 4


def chain(fn):
    """The grad_fn graph below ``fn`` as nested names (``None`` for inputs that need no gradient)."""
    if fn is None:
        return None
    return (fn.name().replace("torch::autograd::", ""), tuple(chain(f) for f, _ in fn.next_functions))


def leaves(T, shapes, dtype, wants, layout=None, seed=0):
    """Tensors of ``shapes`` (``wants[i]``: whether the i-th requires grad), optionally laid out by ``layout``."""
    out = []
    for i, (shape, want) in enumerate(zip(shapes, wants)):
        values = exact(shape, dtype, seed + i)
        t = (layout(T, values, dtype) if layout is not None else T.tensor(values, dtype=getattr(T, dtype)))
        out.append(t.detach().requires_grad_(want))
    return out


def backward_of(T, y, xs):
    """Run backward with a fixed upstream gradient and return what PyTorch would show."""
    g = T.tensor(exact(tuple(y.shape), "float64", 7)).to(y.dtype)
    y.backward(g)
    return y, [x.grad for x in xs], chain(y.grad_fn)


MATMUL_SHAPES = [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)), ((5, 2, 3), (3,)),
                 ((3,), (5, 3, 4)), ((5, 2, 3), (3, 4)), ((2, 3), (5, 3, 4)), ((5, 2, 3), (5, 3, 4)),
                 ((5, 2, 3), (1, 3, 4)), ((1, 2, 3), (5, 3, 4)), ((1, 2, 3), (1, 3, 4)), ((6, 5, 2, 3), (5, 3, 4)),
                 ((4, 1, 2, 3), (5, 3, 4)), ((2, 1, 2, 3), (3,)), ((3,), (2, 1, 3, 4)), ((0, 2, 3), (3, 4)),
                 ((2, 0), (0, 3))]
WANTS = [(True, True), (True, False), (False, True)]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
def test_matmul_shapes(shapes):
    for wants in WANTS:
        def fn(T):
            a, b = leaves(T, shapes, "float64", wants)
            return backward_of(T, a @ b, (a, b))
        check(fn, ulps=16)


@pytest.mark.parametrize("shapes", [((5, 2, 3), (3,)), ((5, 2, 3), (3, 4)), ((2, 3), (5, 3, 4)),
                                    ((3,), (5, 3, 4)), ((5, 2, 3), (5, 3, 4)), ((2, 3), (3, 4))], ids=str)
@pytest.mark.parametrize("dtype", ["float32", "complex128"])
def test_matmul_layouts(shapes, dtype):
    for layout in LAYOUTS:
        for wants in WANTS:
            def fn(T):
                a, b = leaves(T, shapes, dtype, wants, layout)
                return backward_of(T, T.matmul(a, b), (a, b))
            check(fn, ulps=64)


PRODUCTS = {
    "mm": (((2, 3), (3, 4)), lambda T, a, b: T.mm(a, b)),
    "bmm": (((5, 2, 3), (5, 3, 4)), lambda T, a, b: T.bmm(a, b)),
    "mv": (((2, 3), (3,)), lambda T, a, b: T.mv(a, b)),
    "dot": (((3,), (3,)), lambda T, a, b: T.dot(a, b)),
    "vdot": (((3,), (3,)), lambda T, a, b: T.vdot(a, b)),
    "method_mm": (((2, 3), (3, 4)), lambda T, a, b: a.mm(b)),
    "rmatmul": (((2, 3), (3, 4)), lambda T, a, b: a.__rmatmul__(b.t())),
    "addmm": (((4,), (2, 3), (3, 4)), lambda T, c, a, b: T.addmm(c, a, b)),
    "addmm_coeffs": (((2, 4), (2, 3), (3, 4)), lambda T, c, a, b: T.addmm(c, a, b, beta=0.5, alpha=-2)),
    "addmm_beta0": (((4,), (2, 3), (3, 4)), lambda T, c, a, b: T.addmm(c, a, b, beta=0)),
    "baddbmm": (((2, 4), (5, 2, 3), (5, 3, 4)), lambda T, c, a, b: T.baddbmm(c, a, b, beta=2, alpha=0.5)),
    "addbmm": (((2, 4), (5, 2, 3), (5, 3, 4)), lambda T, c, a, b: T.addbmm(c, a, b, beta=2, alpha=0.5)),
    "addmv": (((2,), (2, 3), (3,)), lambda T, c, a, b: T.addmv(c, a, b, beta=2, alpha=0.5)),
    "addr": (((2, 3), (2,), (3,)), lambda T, c, a, b: T.addr(c, a, b, beta=2, alpha=0.5)),
    "addr_method": (((3,), (2,), (3,)), lambda T, c, a, b: c.addr(a, b)),
}


@pytest.mark.parametrize("name", list(PRODUCTS))
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex128"])
def test_products(name, dtype):
    shapes, op = PRODUCTS[name]
    n = len(shapes)
    for wants in [(True,) * n] + [tuple(i == j for j in range(n)) for i in range(n)]:
        def fn(T):
            xs = leaves(T, shapes, dtype, wants)
            return backward_of(T, op(T, *xs), xs)
        check(fn, ulps=64)


def test_products_strided():
    for name, (shapes, op) in PRODUCTS.items():
        for layout in LAYOUTS[1:]:
            def fn(T):
                xs = leaves(T, shapes, "float64", (True,) * len(shapes), layout)
                return backward_of(T, op(T, *xs), xs)
            check(fn, ulps=64)


CHAINS = [[(3,), (3, 4), (4, 2)], [(3, 3), (3, 4), (4,)], [(2, 3), (3, 4), (4, 5), (5, 2)], [(2, 3), (3, 4)],
          [(3,), (3,)], [(10, 2), (2, 10), (10, 3)]]


@pytest.mark.parametrize("shapes", CHAINS, ids=str)
def test_multi_dot(shapes):
    def fn(T):
        xs = leaves(T, shapes, "float64", (True,) * len(shapes))
        return backward_of(T, T.linalg.multi_dot(xs), xs)
    check(fn, ulps=64)


def test_chain_matmul():
    def fn(T):
        xs = leaves(T, [(2, 3), (3, 4), (4, 2)], "float64", (True, False, True))
        return backward_of(T, T.chain_matmul(*xs), xs)
    check(fn, ulps=64)


SECOND = [
    (((2, 3), (3, 4)), lambda T, a, b: a @ b),
    (((5, 2, 3), (5, 3, 4)), lambda T, a, b: a @ b),
    (((5, 2, 3), (3, 4)), lambda T, a, b: a @ b),
    (((2, 3), (5, 3, 4)), lambda T, a, b: a @ b),
    (((3,), (3,)), lambda T, a, b: a @ b),
    (((2, 3), (3,)), lambda T, a, b: a @ b),
    (((3,), (3, 4)), lambda T, a, b: a @ b),
    (((3,), (3,)), lambda T, a, b: T.vdot(a, b)),
    (((2, 4), (2, 3), (3, 4)), lambda T, c, a, b: T.addmm(c, a, b, beta=0.5, alpha=3)),
    (((2, 4), (5, 2, 3), (5, 3, 4)), lambda T, c, a, b: T.baddbmm(c, a, b)),
]


@pytest.mark.parametrize("index", range(len(SECOND)))
@pytest.mark.parametrize("dtype", ["float64", "complex128"])
def test_second_derivative(index, dtype):
    """Hessian-vector products through the product (squared, so that the Hessian is not zero)."""
    shapes, op = SECOND[index]

    def fn(T):
        xs = leaves(T, shapes, dtype, (True,) * len(shapes))
        y = op(T, *xs)
        loss = (y * y.conj()).real.sum() if dtype == "complex128" else (y * y).sum()
        grads = T.autograd.grad(loss, xs, create_graph=True)
        vs = [T.tensor(exact(tuple(x.shape), dtype, 11 + i)) for i, x in enumerate(xs)]
        inner = sum((g * v).sum().real if dtype == "complex128" else (g * v).sum() for g, v in zip(grads, vs))
        return grads, T.autograd.grad(inner, xs)
    check(fn, ulps=256)


def test_out_refused_when_recording():
    for op in ("matmul", "mm", "bmm", "mv", "dot", "vdot"):
        shapes = PRODUCTS.get(op, (((2, 3), (3, 4)),))[0]

        def fn(T):
            a, b = leaves(T, shapes, "float32", (True, False))
            return getattr(T, op)(a, b, out=T.empty(0))
        check(fn, match_message=True)
    check(lambda T: T.addmm(T.ones(2, 2), T.ones(2, 2, requires_grad=True), T.ones(2, 2), out=T.empty(2, 2)),
          match_message=True)


def test_no_grad_records_nothing():
    def fn(T):
        a, b = leaves(T, ((2, 3), (5, 3, 4)), "float32", (True, True))
        with T.no_grad():
            y = a @ b
        return y, y.requires_grad, y.grad_fn is None
    check(fn)


@pytest.mark.parametrize("shapes", [((3,), (5, 4, 4)), ((2, 3), (5, 4, 4)), ((5, 2, 3), (4,)), ((5, 2, 3), (4, 4)),
                                    ((2, 4), (5, 4, 4), "float64")], ids=str)
def test_errors_follow_recorded_kernels(shapes):
    """Which kernel PyTorch reaches (and so its error) depends on which operand requires grad."""
    dtype = shapes[2] if len(shapes) > 2 else "float32"
    for wants in WANTS:
        def fn(T):
            a = T.ones(shapes[0]).requires_grad_(wants[0])
            b = T.ones(shapes[1], dtype=getattr(T, dtype)).requires_grad_(wants[1])
            return a @ b
        check(fn, match_message=True)


INPLACE = {
    "addmm_": (((2, 4), (2, 3), (3, 4)), lambda c, a, b: c.addmm_(a, b, beta=0.5, alpha=2)),
    "baddbmm_": (((5, 2, 4), (5, 2, 3), (5, 3, 4)), lambda c, a, b: c.baddbmm_(a, b)),
    "addbmm_": (((2, 4), (5, 2, 3), (5, 3, 4)), lambda c, a, b: c.addbmm_(a, b, alpha=3)),
    "addmv_": (((2,), (2, 3), (3,)), lambda c, a, b: c.addmv_(a, b, beta=2)),
    "addr_": (((2, 3), (2,), (3,)), lambda c, a, b: c.addr_(a, b)),
}


@pytest.mark.parametrize("name", list(INPLACE))
def test_inplace_forms(name):
    """In-place on a non-leaf: the node replaces its history; a leaf that requires grad is refused."""
    shapes, op = INPLACE[name]

    def fn(T):
        c, a, b = leaves(T, shapes, "float64", (True, True, True))
        y = c * 1
        op(y, a, b)
        return backward_of(T, y, (c, a, b))
    check(fn, ulps=64)
    check(lambda T: op(*leaves(T, shapes, "float64", (True, False, False))), match_message=True)


def test_chain_edge_cases():
    check(lambda T: T.linalg.multi_dot([T.ones(2, 3, requires_grad=True), T.ones(3, 2)], out=T.empty(2, 2)),
          match_message=True)

    def single(T):
        (x,) = leaves(T, [(2, 3)], "float64", (True,))
        return backward_of(T, T.chain_matmul(x), (x,))
    check(single)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_reduced_precision(dtype):
    """float16/bfloat16 products record too; their gradients are computed by the same kernels."""
    for name in ("mm", "bmm", "mv", "dot", "addmm_coeffs", "addbmm", "addmv"):
        shapes, op = PRODUCTS[name]

        def fn(T):
            xs = leaves(T, shapes, dtype, (True,) * len(shapes))
            return backward_of(T, op(T, *xs), xs)
        check(fn, ulps=4)
    for shapes in (((5, 2, 3), (3, 4)), ((2, 3), (5, 3, 4)), ((5, 2, 3), (5, 3, 4))):
        def fn(T):
            a, b = leaves(T, shapes, dtype, (True, True))
            return backward_of(T, a @ b, (a, b))
        check(fn, ulps=4)

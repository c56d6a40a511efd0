"""Gradients of the binary math functions and of torch.special's kernels against PyTorch: grad_fn names, first
derivatives over dtypes, broadcasting and layouts, boundary values, second derivatives, in-place forms, refusals."""
import numpy as np
import pytest

from oracle import check, sample, strided, transposed


def leaf(T, values, dtype="float64", layout=None):
    """A leaf requiring grad, built from NumPy values (in ``layout`` when given)."""
    t = layout(T, values, dtype) if layout else T.tensor(values, dtype=getattr(T, dtype))
    return t.detach().requires_grad_()


def data(shape, dtype, seed, low, high):
    return sample(shape, dtype, seed, low, high)


ANY, POS, UNIT = (-2.0, 2.0), (0.5, 2.5), (0.05, 0.95)
SMALL, ABOVE_ROOT = (-1.2, 1.2), (2.0, 4.0)  # clear of i1e's maximum and of digamma's root

# name -> (function of T and the inputs, the ranges the inputs are drawn from)
CASES = {
    "atan2": (lambda T, x, y: T.atan2(x, y), (ANY, ANY)),
    "arctan2": (lambda T, x, y: x.arctan2(y), (ANY, ANY)),
    "hypot": (lambda T, x, y: T.hypot(x, y), (ANY, ANY)),
    "lerp_number": (lambda T, x, y: T.lerp(x, y, 0.3), (ANY, ANY)),
    "lerp_big_number": (lambda T, x, y: x.lerp(y, 0.75), (ANY, ANY)),
    "lerp_tensor": (lambda T, x, y, w: T.lerp(x, y, w), (ANY, ANY, UNIT)),
    "addcmul": (lambda T, x, a, b: T.addcmul(x, a, b), (ANY, ANY, ANY)),
    "addcmul_value": (lambda T, x, a, b: T.addcmul(x, a, b, value=-1.5), (ANY, ANY, ANY)),
    "addcdiv": (lambda T, x, a, b: T.addcdiv(x, a, b, value=2), (ANY, ANY, POS)),
    "logaddexp": (lambda T, x, y: T.logaddexp(x, y), (ANY, ANY)),
    "logaddexp2": (lambda T, x, y: T.logaddexp2(x, y), (ANY, ANY)),
    "xlogy": (lambda T, x, y: T.xlogy(x, y), (ANY, POS)),
    "xlogy_number_self": (lambda T, y: T.xlogy(2.5, y), (POS,)),
    "xlogy_number_other": (lambda T, x: T.xlogy(x, 3.0), (ANY,)),
    "special_xlogy": (lambda T, x, y: T.special.xlogy(x, y), (ANY, POS)),
    "xlog1py": (lambda T, x, y: T.special.xlog1py(x, y), (ANY, POS)),
    "xlog1py_number_self": (lambda T, y: T.special.xlog1py(-2, y), (POS,)),
    "xlog1py_number_other": (lambda T, x: T.special.xlog1py(x, 0.5), (ANY,)),
    "copysign": (lambda T, x, y: T.copysign(x, y), (ANY, ANY)),
    "copysign_number": (lambda T, x: T.copysign(x, -1.0), (ANY,)),
    "float_power": (lambda T, x, y: T.float_power(x, y), (POS, ANY)),
    "float_power_number": (lambda T, x: T.float_power(x, 3), (ANY,)),
    "float_power_base": (lambda T, y: T.float_power(2, y), (ANY,)),
    "nextafter": (lambda T, x, y: T.nextafter(x, y), (ANY, ANY)),
    "ldexp": (lambda T, x, y: T.ldexp(x, y), (ANY, ANY)),
    "fmax": (lambda T, x, y: T.fmax(x, y), (ANY, ANY)),
    "fmin": (lambda T, x, y: x.fmin(y), (ANY, ANY)),
    "polygamma0": (lambda T, x: T.polygamma(0, x), (ABOVE_ROOT,)),
    "polygamma1": (lambda T, x: x.polygamma(1), (POS,)),
    "polygamma2": (lambda T, x: T.special.polygamma(2, x), (POS,)),
    "mvlgamma": (lambda T, x: T.mvlgamma(x + 2, 3), (POS,)),
    "multigammaln": (lambda T, x: T.special.multigammaln(x + 1, 1), (POS,)),
    "entr": (lambda T, x: T.special.entr(x), (POS,)),
    "ndtr": (lambda T, x: T.special.ndtr(x), (ANY,)),
    "ndtri": (lambda T, x: T.special.ndtri(x), (UNIT,)),
    "log_ndtr": (lambda T, x: T.special.log_ndtr(x), (ANY,)),
    "i0e": (lambda T, x: T.special.i0e(x), (ANY,)),
    "i1": (lambda T, x: T.special.i1(x), (ANY,)),
    "i1e": (lambda T, x: T.special.i1e(x), (SMALL,)),
    "i0": (lambda T, x: T.i0(x), (ANY,)),
}

# shapes of the operands: same shape, broadcast against each other, 0-d
SHAPES = {"same": [(2, 3)] * 3, "broadcast": [(2, 3), (3,), (2, 1)], "zero_dim": [()] * 3, "mixed_0d": [(3,), (), ()]}


def _run(T, name, shapes, dtype, layout=None, seed=0):
    fn, ranges = CASES[name]
    inputs = [leaf(T, data(shape, dtype, seed + k, *r), dtype, layout) for k, (shape, r) in
              enumerate(zip(shapes, ranges))]
    y = fn(T, *inputs)
    y.backward(T.ones_like(y) * 0.5)
    return (y, type(y.grad_fn).__name__) + tuple(t.grad for t in inputs)


# unary.i0's forward fails on 0-d tensors (not this module's): i0 has no 0-d row
@pytest.mark.parametrize("name, shapes", [(n, s) for n in CASES for s in SHAPES if (n, s) != ("i0", "zero_dim")])
def test_first_derivative(name, shapes):
    check(lambda T: _run(T, name, SHAPES[shapes], "float64"), ulps=64)


@pytest.mark.parametrize("name", list(CASES))
def test_float32_non_contiguous(name):
    check(lambda T: _run(T, name, [(3, 4)] * 3, "float32", transposed), ulps=64)
    check(lambda T: _run(T, name, [(3, 4)] * 3, "float32", strided, seed=3), ulps=64)


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_reduced_precision(name, dtype):
    """float16/bfloat16 gradients, or PyTorch's refusal (i1/i1e have no such backward kernel)."""
    check(lambda T: _run(T, name, [(2, 3), (3,), (2, 3)], dtype))


# operands of other dtypes (integers, 0-d tensors) beside a float32 leaf: (function of T and a leaf maker)
MIXED = {
    "atan2_int_other": lambda T, L: T.atan2(L([1.0, 2.0]), T.tensor([3, -4])),
    "xlogy_int_other": lambda T, L: T.xlogy(L([1.0, 0.0]), T.tensor([3, 0])),
    "xlogy_int_self": lambda T, L: T.xlogy(T.tensor([3, 0]), L([1.0, 2.0])),
    "copysign_int_other": lambda T, L: T.copysign(L([1.0, -2.0]), T.tensor([-3, 4])),
    "xlogy_0d_other": lambda T, L: T.xlogy(L([1.0, 0.0]), T.tensor(2.0)),
    "lerp_0d_float64_weight": lambda T, L: T.lerp(L([1.0, 2.0]), L([3.0, 4.0]), L(0.3, "float64")),
    "addcmul_tensor_value": lambda T, L: T.addcmul(L([1.0, 2.0]), L([3.0, 4.0]), L([3.0, 4.0]), value=T.tensor(2.0)),
    "hypot_": lambda T, L: (L([1.0, 0.0]) * 1).hypot_(T.tensor([2.0, 3.0])),
    "heaviside_": lambda T, L: (L([1.0, 0.0]) * 1).heaviside_(T.tensor([2.0, 3.0])),
    "into_plain_tensor": lambda T, L: T.zeros(2).atan2_(L([1.0, 2.0])),
    "mvlgamma_": lambda T, L: (L([3.0, 4.0]) * 1).mvlgamma_(2),
    "float_power_": lambda T, L: (L([3.0, 4.0], "float64") * 1).float_power_(L([1.0, 2.0])),
}


@pytest.mark.parametrize("name", list(MIXED))
def test_mixed_operands(name):
    def run(T):
        leaves = []

        def make(values, dtype="float32"):
            leaves.append(leaf(T, values, dtype))
            return leaves[-1]
        r = MIXED[name](T, make)
        grad_fn = type(r.grad_fn).__name__
        r.sum().backward()
        return r, grad_fn, [t.grad for t in leaves]
    check(run, ulps=64)


@pytest.mark.parametrize("name", ["lerp_number", "lerp_tensor", "addcmul", "addcmul_value", "addcdiv", "logaddexp",
                                  "float_power", "float_power_number", "float_power_base", "atan2", "xlogy", "entr"])
def test_complex(name):
    """complex128 gradients (conjugate Wirtinger), or PyTorch's refusal of complex operands."""
    check(lambda T: _run(T, name, [(2, 3), (3,), (2, 3)], "complex128"), ulps=64)


def test_complex_values():
    def fn(T):
        x, y = leaf(T, np.array([1 + 2j, -1j]), "complex128"), leaf(T, np.array([0.5 - 1j, 2j]), "complex128")
        out = [T.lerp(x, y, 0.3 + 0.1j), T.addcmul(x, y, x, value=2j), T.addcdiv(x, y, x, value=-1j)]
        sum(o.abs().sum() for o in out).backward()
        return out, x.grad, y.grad
    check(fn, ulps=64)


def test_mixed_dtypes():
    """Gradients come back in each input's own dtype (float_power computes in float64)."""
    def fn(T):
        x = leaf(T, data((2, 3), "float32", 0, 0.5, 2), "float32")
        y = leaf(T, data((3,), "float64", 1, -1, 1), "float64")
        w = leaf(T, data((), "float64", 2, 0, 1), "float64")
        outs = [T.float_power(x, y), T.float_power(x, 2), T.atan2(x, y), T.lerp(x, x * 2, w), T.ldexp(x, y)]
        sum(o.sum() for o in outs).backward()
        # w's gradient is a float32 sum (lerp computes in float32): compared at float32 precision
        return outs, [type(o.grad_fn).__name__ for o in outs], x.grad, y.grad, w.grad.dtype, w.grad.float()
    check(fn, ulps=64)


def test_ldexp_integer_exponent():
    def fn(T):
        x = leaf(T, [1.0, 1.0, 2.0, -3.0])
        y = T.ldexp(x, T.tensor([-1, 70, 3, 0]))
        y.sum().backward()
        return y, type(y.grad_fn).__name__, x.grad
    check(fn)


# boundary values: (function, first input, second input)
BOUNDARY = {
    "atan2_origin": (lambda T, x, y: T.atan2(x, y), [0.0, 0.0, 1.0, -0.0], [0.0, -0.0, 0.0, 0.0]),
    "hypot_origin": (lambda T, x, y: T.hypot(x, y), [0.0, 3.0, 0.0], [0.0, 4.0, -2.0]),
    "xlogy_zero": (lambda T, x, y: T.xlogy(x, y), [0.0, 0.0, 1.0, 3.0, 0.0], [0.0, 2.0, 0.0, float("nan"), -1.0]),
    "xlog1py_zero": (lambda T, x, y: T.special.xlog1py(x, y), [0.0, 0.0, 1.0, 2.0], [-1.0, 2.0, -1.0, float("nan")]),
    "copysign_zero": (lambda T, x, y: T.copysign(x, y), [0.0, -0.0, 2.0, -2.0], [-1.0, 1.0, -0.0, float("nan")]),
    "fmax_nan": (lambda T, x, y: T.fmax(x, y), [0.0, 1.0, float("nan"), 3.0, float("nan")],
                 [0.0, 2.0, 1.0, float("nan"), float("nan")]),
    "fmin_nan": (lambda T, x, y: T.fmin(x, y), [0.0, 1.0, float("nan"), 3.0, float("nan")],
                 [0.0, 2.0, 1.0, float("nan"), float("nan")]),
    "nextafter_equal": (lambda T, x, y: T.nextafter(x, y), [0.0, -0.0, 1.0, float("nan")],
                        [0.0, 0.0, 2.0, float("nan")]),
    "logaddexp_inf": (lambda T, x, y: T.logaddexp(x, y), [0.0, float("-inf"), 100.0], [0.0, 1.0, -100.0]),
    "logaddexp2_equal": (lambda T, x, y: T.logaddexp2(x, y), [0.0, 5.0, -50.0], [0.0, 5.0, 50.0]),
    "ldexp_zero": (lambda T, x, y: T.ldexp(x, y), [0.0, -2.0, 1.0], [0.0, 0.5, -3.0]),
    "lerp_ends": (lambda T, x, y: T.lerp(x, y, T.tensor([0.0, 1.0, 0.5], dtype=T.float64)), [1.0, 2.0, 3.0],
                  [4.0, 5.0, 3.0]),
}
UNARY_BOUNDARY = {
    "entr": [0.0, -1.0, 1.0, float("inf")], "i1": [0.0, -0.0, 1e-20, 1e-8, 2.0], "i1e": [0.0, 1e-20, -1e-8, 5.0],
    "i0e": [0.0, -0.0, 3.0], "ndtri": [0.0, 1.0, 0.5, 0.999], "log_ndtr": [-40.0, 0.0, 40.0],
    "ndtr": [0.0, -10.0, 10.0],
}


@pytest.mark.parametrize("name", list(BOUNDARY))
def test_boundary(name):
    fn, xs, ys = BOUNDARY[name]

    def run(T):
        x, y = leaf(T, xs), leaf(T, ys)
        r = fn(T, x, y)
        r.backward(T.ones_like(r))
        return r, x.grad, y.grad
    check(run, ulps=64)


@pytest.mark.parametrize("name", list(UNARY_BOUNDARY))
def test_unary_boundary(name):
    def run(T):
        x = leaf(T, UNARY_BOUNDARY[name])
        r = getattr(T.special, name)(x)
        r.backward(T.ones_like(r))
        return r, x.grad
    check(run, ulps=64)


SECOND = ["atan2", "hypot", "lerp_number", "lerp_tensor", "addcmul_value", "addcdiv", "logaddexp", "logaddexp2",
          "xlogy", "xlogy_number_other", "xlog1py", "float_power", "polygamma1", "mvlgamma", "entr", "ndtri",
          "log_ndtr", "i0e", "i1", "i1e", "i0", "ldexp"]


@pytest.mark.parametrize("name", SECOND)
def test_second_derivative(name):
    fn, ranges = CASES[name]

    def run(T):
        inputs = [leaf(T, data((4,), "float64", 20 + k, *r)) for k, r in enumerate(ranges)]
        grads = T.autograd.grad(fn(T, *inputs), inputs, T.ones(4, dtype=T.float64), create_graph=True)
        weighted = sum((g * g).sum() * (k + 2) for k, g in enumerate(grads))  # no sum that is constant
        second = T.autograd.grad(weighted, inputs, allow_unused=True)
        return grads, second
    # the second derivatives cancel terms, summed in another order than PyTorch's: a looser bound (~1e-12)
    check(run, ulps=4096)


def test_second_derivative_complex():
    def run(T):
        x, y = leaf(T, np.array([1 + 2j, -1j]), "complex128"), leaf(T, np.array([0.5 - 1j, 2j]), "complex128")
        (gx, gy) = T.autograd.grad(T.logaddexp(x, y).abs().sum(), (x, y), create_graph=True)
        return gx, gy, T.autograd.grad((gx.abs() ** 2 + gy.abs()).sum(), (x, y))
    check(run, ulps=64)


# in-place forms: (method name, arguments after self, as functions of T and a second tensor)
INPLACE = {
    "atan2_": lambda T, o: (o,), "arctan2_": lambda T, o: (o,), "hypot_": lambda T, o: (o,),
    "lerp_": lambda T, o: (o * 2, 0.25), "lerp_tensor": lambda T, o: (o * 2, o.sigmoid()),
    "addcmul_": lambda T, o: (o, o * 3), "addcdiv_": lambda T, o: (o, o.exp()), "xlogy_": lambda T, o: (o.exp(),),
    "copysign_": lambda T, o: (o,), "nextafter_": lambda T, o: (o,), "ldexp_": lambda T, o: (o,),
    "float_power_": lambda T, o: (o,), "polygamma_": lambda T, o: (1,), "mvlgamma_": lambda T, o: (2,),
    "xlogy_number": lambda T, o: (2.0,), "copysign_number": lambda T, o: (-1.0,), "float_power_number": lambda T, o: (3,),
}


@pytest.mark.parametrize("name", list(INPLACE))
@pytest.mark.parametrize("view", [False, True])
def test_inplace(name, view):
    method = "lerp_" if name == "lerp_tensor" else name.replace("_number", "_")

    def run(T):
        x = leaf(T, data((2, 3), "float64", 0, 1.5, 3))
        o = leaf(T, data((3,), "float64", 1, -1, 1))
        base = x * 1
        target = base[1] if view else base
        args = INPLACE[name](T, o)
        r = getattr(target, method)(*args)
        assert r is target
        (base.sum() + target.sum()).backward()
        return base, target, type(target.grad_fn).__name__, type(base.grad_fn).__name__, x.grad, o.grad
    check(run, ulps=64)


@pytest.mark.parametrize("name", ["atan2_", "lerp_", "addcmul_", "polygamma_"])
def test_inplace_on_leaf_refused(name):
    def run(T):
        x = leaf(T, [1.5, 2.0])
        return getattr(x, name)(*INPLACE[name](T, T.tensor([0.5, 1.0], dtype=T.float64)))
    check(run, match_message=True)


def test_inplace_shape_refused():
    check(lambda T: (leaf(T, [1.0, 2.0]) * 1).atan2_(T.ones(3, 2, dtype=T.float64)), match_message=True)


def test_inplace_modified_saved_input():
    def run(T):
        x, y = leaf(T, [1.0, 2.0]), leaf(T, [3.0, 4.0])
        a = x * 1
        r = T.atan2(a, y)
        a.add_(1)
        r.sum().backward()
    check(run)


OUT_REFUSED = {
    "atan2": lambda T, x, o: T.atan2(x, x, out=o), "arctan2": lambda T, x, o: T.arctan2(x, x, out=o),
    "xlogy_number_self": lambda T, x, o: T.xlogy(2, x, out=o), "i1e": lambda T, x, o: T.special.i1e(x, out=o), "xlog1py": lambda T, x, o: T.special.xlog1py(x, 2, out=o),
    "lerp": lambda T, x, o: T.lerp(x, x, 0.5, out=o), "addcdiv": lambda T, x, o: T.addcdiv(x, x, x, out=o),
    "float_power": lambda T, x, o: T.float_power(x, 2, out=o), "polygamma": lambda T, x, o: T.polygamma(1, x, out=o),
    "fmax": lambda T, x, o: T.fmax(x, x, out=o), "ldexp": lambda T, x, o: T.ldexp(x, x, out=o),
    "entr": lambda T, x, o: T.special.entr(x, out=o), "mvlgamma": lambda T, x, o: T.mvlgamma(x, 1, out=o),
    "heaviside": lambda T, x, o: T.heaviside(x, x.detach(), out=o),
}


@pytest.mark.parametrize("name", list(OUT_REFUSED))
def test_out_refused_when_recording(name):
    check(lambda T: OUT_REFUSED[name](T, leaf(T, [1.5, 2.0]), T.empty(2, dtype=T.float64)), match_message=True)


def test_ndtr_out_records_the_copy():
    """ndtr is a composite in PyTorch: into out= it copies, and the copy is recorded."""
    def run(T):
        x = leaf(T, [0.5, -1.0])
        out = T.empty(2, dtype=T.float64)
        r = T.special.ndtr(x, out=out)
        name = type(r.grad_fn).__name__
        r.sum().backward()
        return r, name, x.grad
    check(run)


def test_heaviside_not_differentiable():
    def run(T):
        x = leaf(T, [-1.0, 0.0, 2.0])
        r = T.heaviside(x, T.tensor([0.5], dtype=T.float64))
        name = type(r.grad_fn).__name__
        r.sum().backward()
        return name
    check(run, match_message=True)
    check(lambda T: type(T.heaviside(leaf(T, [1.0]), T.ones(1, dtype=T.float64)).grad_fn).__name__)


def test_integer_ops_record_nothing():
    def run(T):
        x, y = T.tensor([4, 6]), T.tensor([6, 9])
        return T.gcd(x, y).requires_grad, T.lcm(x, y).grad_fn
    check(run)


def test_no_grad_records_nothing():
    def run(T):
        x, y = leaf(T, [0.5, 1.0]), leaf(T, [2.0, 3.0])
        with T.no_grad():
            outs = [T.atan2(x, y), T.lerp(x, y, y), T.addcmul(x, x, y), T.special.i1(x), T.polygamma(1, y),
                    T.float_power(x, y), T.special.ndtr(x), T.mvlgamma(y, 2)]
        return [(o.requires_grad, o.grad_fn) for o in outs]
    check(run)


def test_only_one_operand_requires_grad():
    def run(T):
        x, y = leaf(T, [0.5, 1.0]), T.tensor([2.0, 3.0], dtype=T.float64)
        outs = [T.atan2(y, x), T.hypot(y, x), T.lerp(y, y * 2, x), T.addcdiv(y, y, x), T.xlogy(y, x), T.fmin(y, x)]
        sum(o.sum() for o in outs).backward()
        return outs, x.grad, y.grad
    check(run, ulps=64)

"""Gradients of the conditional, complex, rounding and remaining pointwise ops, and of pad, against PyTorch:
values, gradients and grad_fn names over dtypes, layouts, broadcasting and boundary values; in-place forms;
second derivatives; the errors PyTorch raises."""
import numpy as np
import pytest

from oracle import LAYOUTS, check, sample

# boundary values first: 0, the clamp bounds (+-0.5), ties with the other operand, 1
EDGES = [0.0, 0.5, -0.5, 1.0, -1.0, 2.0]


def values(shape, dtype, seed=0, low=-2.0, high=2.0):
    """Sample data with the boundary values written over its first elements."""
    data = np.array(sample(shape, dtype, seed, low, high))
    flat = data.reshape(-1)
    n = min(len(EDGES), flat.size)
    flat[:n] = EDGES[:n]
    return data


def leaf(T, layout, data, dtype):
    return layout(T, data, dtype).detach().requires_grad_()


def result_of(T, y, *leaves):
    """``y``, each leaf's gradient after backward of a fixed weighting of ``y``, and y's grad_fn name."""
    # small binary fractions: sums of them are exact, so only the op's own rounding is compared
    weight = T.tensor(((np.arange(y.numel()) * 5 % 7 - 3) / 4).reshape(tuple(y.shape)).tolist(), dtype=T.float64)
    weight = weight.to(y.dtype)
    y.backward(weight)
    return (y, type(y.grad_fn).__name__) + tuple(t.grad for t in leaves)


# one-input ops: (name, fn, dtypes); data in [-2, 2] with the boundary values
UNARY = [
    ("abs", lambda T, x: x.abs(), ["float32", "float64", "complex128"]),
    ("abs_op", lambda T, x: abs(x), ["float64"]),
    ("pow_number", lambda T, x: x ** 3, ["float32", "float64", "complex128"]),
    ("pow_half", lambda T, x: T.pow(x, 0.5), ["float64"]),
    ("pow_zero", lambda T, x: T.pow(x, 0), ["float64", "complex128"]),
    ("pow_negative", lambda T, x: x ** -2, ["float64"]),
    ("pow_complex_exponent", lambda T, x: x ** (1 + 1j), ["complex128"]),
    ("rpow", lambda T, x: 2 ** x, ["float32", "float64", "complex128"]),
    ("rpow_zero_base", lambda T, x: 0.0 ** x, ["float64"]),
    ("rpow_negative_base", lambda T, x: T.pow(-2.0, x), ["float64"]),
    ("clamp", lambda T, x: x.clamp(-0.5, 0.5), ["float32", "float64"]),
    ("clamp_min_only", lambda T, x: T.clamp(x, min=-0.5), ["float64"]),
    ("clamp_max_only", lambda T, x: T.clamp(x, max=0.5), ["float64"]),
    ("clamp_crossed", lambda T, x: x.clamp(0.5, -0.5), ["float64"]),
    ("clip", lambda T, x: T.clip(x, -0.5, 1), ["float64"]),
    ("clamp_min", lambda T, x: T.clamp_min(x, 0.5), ["float64"]),
    ("clamp_max", lambda T, x: x.clamp_max(-0.5), ["float32"]),
    ("where_number", lambda T, x: T.where(x.real > 0, x, 1.5), ["float64", "complex128"]),
    ("where_number_first", lambda T, x: T.where(x.real > 0, -1.0, x), ["float32", "complex128"]),
    ("masked_fill", lambda T, x: x.masked_fill(x.real > 0.5, 3.0), ["float64", "complex128"]),
    ("nan_to_num", lambda T, x: (x / x.abs().round()).nan_to_num(1.5, 4.0, -4.0), ["float64"]),
    ("angle", lambda T, x: x.angle(), ["float64", "complex128"]),
    ("conj", lambda T, x: x.conj() * 1, ["float64", "complex128"]),
    ("remainder", lambda T, x: T.remainder(x, 0.75), ["float64"]),
    ("fmod", lambda T, x: T.fmod(x, -0.75), ["float32"]),
    ("rsub", lambda T, x: 3 - x, ["float64", "complex128"]),
    ("rsub_alpha", lambda T, x: T.rsub(x, 2.0, alpha=3), ["float64"]),
    ("rdiv", lambda T, x: 2.0 / x, ["float64"]),
    ("true_divide", lambda T, x: T.true_divide(x, 4), ["float64"]),
    ("div_floor", lambda T, x: T.div(x, 0.75, rounding_mode="floor"), ["float64"]),
    ("div_trunc", lambda T, x: x.div(0.75, rounding_mode="trunc"), ["float32"]),
    ("reciprocal", lambda T, x: x.reciprocal(), ["float32", "float64", "complex128"]),
    ("square", lambda T, x: x.square(), ["float64", "complex128"]),
    ("deg2rad", lambda T, x: x.deg2rad(), ["float32", "float64"]),
    ("rad2deg", lambda T, x: T.rad2deg(x), ["float64"]),
    ("logit", lambda T, x: (x / 4 + 0.5).logit(), ["float64"]),
    ("logit_outside", lambda T, x: x.logit(), ["float64"]),
    ("logit_eps", lambda T, x: (x / 4 + 0.5).logit(0.3), ["float32", "float64"]),
    ("ceil", lambda T, x: x.ceil(), ["float64"]),
    ("floor", lambda T, x: T.floor(x), ["float32"]),
    ("trunc", lambda T, x: x.trunc(), ["float64"]),
    ("fix", lambda T, x: x.fix(), ["float64"]),
    ("round", lambda T, x: x.round(), ["float64"]),
    ("round_decimals", lambda T, x: x.round(decimals=1), ["float64"]),
    ("frac", lambda T, x: x.frac(), ["float64"]),
    ("sign", lambda T, x: x.sign(), ["float64"]),
    ("sgn", lambda T, x: x.sgn(), ["complex128"]),
    ("relu", lambda T, x: x.relu(), ["float32", "float64"]),
    ("positive", lambda T, x: +x * 1, ["float64"]),
    ("neg", lambda T, x: -x, ["complex128"]),
    ("real", lambda T, x: x.real, ["complex128"]),
    ("imag", lambda T, x: x.imag * 2, ["complex128"]),
    ("view_as_real", lambda T, x: T.view_as_real(x), ["complex128"]),
    ("view_as_real_complex", lambda T, x: T.view_as_complex(T.view_as_real(x) * 2), ["complex128"]),
]


@pytest.mark.parametrize("name,fn,dtypes", UNARY, ids=[row[0] for row in UNARY])
def test_unary(name, fn, dtypes):
    for dtype in dtypes:
        for layout, shape in ((LAYOUTS[0], (2, 3)), (LAYOUTS[1], (3, 4)), (LAYOUTS[2], (7,)), (LAYOUTS[0], ())):
            data = values(shape, dtype)

            def run(T):
                x = leaf(T, layout, data, dtype)
                return result_of(T, fn(T, x), x)
            check(run, ulps=64)


def test_sgn_of_real_records():
    # PyTorch's gradient of a real sgn is a lazy zero tensor, which cannot be read back: compare the node only
    check(lambda T: type(T.ones(2, requires_grad=True).sgn().grad_fn).__name__)


# two-input ops: the gradient of each operand, broadcasting between them
BINARY = [
    ("where", lambda T, x, w: T.where(x.real > w.real, x, w), ["float64", "complex128"]),
    ("clamp_tensors", lambda T, x, w: x.clamp(w, w + 1), ["float32", "float64"]),
    ("clamp_tensors_crossed", lambda T, x, w: x.clamp(w, w - 1), ["float64"]),
    ("clamp_tensor_min", lambda T, x, w: x.clamp(min=w), ["float64"]),
    ("clamp_tensor_max", lambda T, x, w: T.clamp(x, max=w), ["float64"]),
    ("clamp_min_tensor", lambda T, x, w: T.clamp_min(x, w), ["float64"]),
    ("clamp_max_tensor", lambda T, x, w: x.clamp_max(w), ["float32"]),
    ("maximum", lambda T, x, w: T.maximum(x, w), ["float32", "float64"]),
    ("minimum", lambda T, x, w: x.minimum(w), ["float64"]),
    ("pow", lambda T, x, w: x ** w, ["float64", "complex128"]),
    ("pow_abs_base", lambda T, x, w: x.abs() ** w, ["float64"]),
    ("remainder", lambda T, x, w: T.remainder(x, w + 3), ["float64"]),
    ("fmod", lambda T, x, w: T.fmod(x, w - 3), ["float64"]),
    ("rsub", lambda T, x, w: T.rsub(x, w, alpha=2), ["float64", "complex128"]),
    ("sub_number_first", lambda T, x, w: T.sub(2.0, x) * w, ["float64"]),
    ("true_divide", lambda T, x, w: T.true_divide(x, w + 3), ["float64"]),
    ("div_floor", lambda T, x, w: x.div(w + 3, rounding_mode="floor"), ["float64"]),
    ("masked_fill_tensor", lambda T, x, w: x.masked_fill(w > 0, w.sum()), ["float64"]),
]
PAIRS = [((2, 3), (2, 3)), ((2, 3), (3,)), ((), (2, 3)), ((2, 1), (1, 3))]


@pytest.mark.parametrize("name,fn,dtypes", BINARY, ids=[row[0] for row in BINARY])
def test_binary(name, fn, dtypes):
    for dtype in dtypes:
        for (xs, ws), layout in zip(PAIRS, LAYOUTS + LAYOUTS):
            a, b = values(xs, dtype), values(ws, dtype, seed=1)
            if len(xs) == len(ws) and a.size == b.size:
                b.reshape(-1)[::2] = a.reshape(-1)[::2]  # ties

            def run(T):
                x, w = leaf(T, layout, a, dtype), leaf(T, LAYOUTS[0], b, dtype)
                return result_of(T, fn(T, x, w), x, w)
            check(run, ulps=64)


def test_only_one_operand_requires_grad():
    def run(T):
        x = T.tensor([0.5, -1.0, 2.0], requires_grad=True)
        w = T.tensor([0.5, 1.0, 1.0])
        return result_of(T, T.maximum(w, x) + x.clamp(w) + w ** x + T.where(w > 0.6, w, x), x)
    check(run)


def test_masked_fill_zero_dim_value():
    def run(T):
        x = T.tensor([[0.5, -1.0], [2.0, 3.0]], requires_grad=True)
        v = T.tensor(1.5, dtype=T.float64, requires_grad=True)
        return result_of(T, x.masked_fill(T.tensor([True, False]), v), x, v)
    check(run)


def test_where_uint8_condition_and_value_only():
    def run(T):
        x = T.tensor([0.5, -1.0, 2.0], requires_grad=True)
        return result_of(T, T.where(T.tensor([1, 0, 1], dtype=T.uint8), 2.0, x), x)
    check(run)


# in-place forms: the history is rebased onto the op (on a non-leaf copy; views get CopySlices)
INPLACE = [
    ("clamp_", lambda x, w: x.clamp_(-0.5, 0.5)),
    ("clamp_tensors_", lambda x, w: x.clamp_(w, w + 1)),
    ("clip_", lambda x, w: x.clip_(max=0.5)),
    ("clamp_min_", lambda x, w: x.clamp_min_(w)),
    ("clamp_max_", lambda x, w: x.clamp_max_(0.5)),
    ("masked_fill_", lambda x, w: x.masked_fill_(w > 0, 2.0)),
    ("masked_fill_tensor_", lambda x, w: x.masked_fill_(w > 0, w[0, 0])),
    ("nan_to_num_", lambda x, w: x.div_(w.round()).nan_to_num_(1.0, 2.0, -2.0)),
    ("pow_", lambda x, w: x.pow_(2)),
    ("pow_tensor_", lambda x, w: x.abs_().pow_(w)),
    ("ipow", lambda x, w: x.__ipow__(3)),
    ("abs_", lambda x, w: x.abs_()),
    ("relu_", lambda x, w: x.relu_()),
    ("reciprocal_", lambda x, w: x.reciprocal_()),
    ("square_", lambda x, w: x.square_()),
    ("floor_", lambda x, w: x.floor_()),
    ("frac_", lambda x, w: x.frac_()),
    ("sign_", lambda x, w: x.sign_()),
    ("remainder_", lambda x, w: x.remainder_(0.75)),
    ("fmod_tensor_", lambda x, w: x.fmod_(w + 3)),
    ("imod", lambda x, w: x.__imod__(0.75)),
    ("logit_", lambda x, w: x.mul_(0.25).add_(0.5).logit_(0.3)),
    ("deg2rad_", lambda x, w: x.deg2rad_()),
    ("view_clamp_", lambda x, w: x[0].clamp_(-0.5, 0.5)),
]


@pytest.mark.parametrize("name,fn", INPLACE, ids=[row[0] for row in INPLACE])
def test_inplace(name, fn):
    a, b = values((2, 3), "float64"), values((2, 3), "float64", seed=1)

    def run(T):
        x, w = T.tensor(a.tolist(), requires_grad=True), T.tensor(b.tolist(), requires_grad=True)
        y = x * 1
        fn(y, w)
        return result_of(T, y, x, w)
    check(run, ulps=64)


def test_inplace_on_leaf_refused():
    check(lambda T: T.ones(2, requires_grad=True).clamp_(0, 1), match_message=True)
    check(lambda T: T.ones(2, requires_grad=True).masked_fill_(T.tensor([True, False]), 0), match_message=True)
    check(lambda T: T.ones(2, requires_grad=True).abs_(), match_message=True)
    check(lambda T: T.ones(2, requires_grad=True).pow_(2), match_message=True)


# second derivatives: grad of a nonlinear function of the op, then the grad of that
SECOND = [
    ("where", lambda T, x: T.where(x > 0, x ** 2, x ** 3)),
    ("clamp", lambda T, x: x.clamp(-0.5, 0.5) ** 2),
    ("clamp_tensor", lambda T, x: x.clamp(x * x - 1, x * 0 + 0.5) ** 2),
    ("pow_number", lambda T, x: x ** 3),
    ("pow_tensor", lambda T, x: (x * x + 1) ** x),
    ("rpow", lambda T, x: 3 ** x),
    # (a real abs's second derivative costs PyTorch ~9 s of one-time set-up: the complex one tests the same node)
    ("abs", lambda T, x: T.view_as_complex(T.stack([x, x * x - 0.5], -1)).abs() * x),
    ("maximum", lambda T, x: T.maximum(x * x, x)),
    ("masked_fill", lambda T, x: (x * x).masked_fill(x > 0, 1.0) * x),
    ("reciprocal", lambda T, x: (x + 3).reciprocal()),
    ("remainder", lambda T, x: T.remainder(x * x, 0.75) * x),
    ("relu", lambda T, x: x.relu() * x),
    ("angle_of_complex", lambda T, x: T.view_as_complex(T.stack([x, x * x + 1], -1)).angle()),
]


@pytest.mark.parametrize("name,fn", SECOND, ids=[row[0] for row in SECOND])
def test_second_derivative(name, fn):
    data = values((6,), "float64", seed=2)

    def run(T):
        x = T.tensor(data.tolist(), requires_grad=True)
        (g,) = T.autograd.grad(fn(T, x).sum(), x, create_graph=True)
        (h,) = T.autograd.grad((g * T.arange(6.0, dtype=T.float64)).sum(), x)
        return g, h
    check(run, ulps=64)


# pad: every mode over 1-, 2- and 3-d padding, negative sizes, batched or not
PADS = [(1, 2), (2, 0, 1, 1), (1, 1, 0, 2, 1, 1), (-1, 2), (1, -1, 2, -1)]


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
def test_pad(mode):
    data = np.arange(2 * 3 * 4 * 5, dtype=float).reshape(2, 3, 4, 5) / 7 - 3
    for pads in PADS:
        for dims in (2, 3, 4, 5):
            def run(T):
                x = T.tensor(data.tolist(), dtype=T.float64, requires_grad=True)
                x_in = x.reshape({2: (24, 5), 3: (6, 4, 5), 4: (2, 3, 4, 5), 5: (1, 2, 3, 4, 5)}[dims])
                y = T.nn.functional.pad(x_in, pads, mode=mode, value=None if mode != "constant" else 1.5)
                return result_of(T, y, x)
            check(run, ulps=16)


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
def test_pad_second_derivative_and_layouts(mode):
    data = np.cos(np.arange(3 * 4 * 5, dtype=float)).reshape(3, 4, 5)
    for layout in LAYOUTS:
        def run(T):
            x = layout(T, data, "float64").detach().requires_grad_()
            y = T.nn.functional.pad(x, (1, 2, 2, 1), mode=mode)
            (g,) = T.autograd.grad((y ** 3).sum(), x, create_graph=True)
            (h,) = T.autograd.grad((g * g).sum(), x)
            return type(y.grad_fn).__name__, g, h
        check(run, ulps=16)


def test_pad_float32_and_channels_last():
    def run(T):
        x = T.ones(1, 3, 4, 2).permute(0, 3, 1, 2).detach().requires_grad_()  # channels-last strides
        return result_of(T, T.nn.functional.pad(x, (1, 1, 2, 0), mode="replicate"), x)
    check(run)


# errors and grad mode
def test_no_derivative_errors():
    def floor_divide(T):
        x = T.tensor([1.5, -2.0], requires_grad=True)
        y = T.floor_divide(x, 2.0)
        y.sum().backward()
    check(floor_divide, match_message=True)

    def number_remainder(T):
        x = T.tensor([1.5, -2.0], requires_grad=True)
        y = 3.0 % x
        y.sum().backward()
    check(number_remainder, match_message=True)
    check(lambda T: type(T.floor_divide(T.ones(2, requires_grad=True), 2).grad_fn).__name__)

    def inplace_floor_divide(T):
        x = T.tensor([1.5, -2.0], requires_grad=True) * 1
        x //= 2
        x.sum().backward()
    check(inplace_floor_divide, match_message=True)


def test_clamp_zero_dim_bound_beside_a_number():
    def run(T, grad):
        x = T.tensor([0.5, -1.0, 2.0], requires_grad=True)
        return result_of(T, x.clamp(T.tensor(0.0, requires_grad=grad), 1.0), x)
    check(lambda T: run(T, False))
    check(lambda T: run(T, True))
    check(lambda T: T.nan_to_num(T.ones(2, dtype=T.complex128, requires_grad=True)), match_message=True)


@pytest.mark.parametrize("op", ["clamp", "pow", "abs", "where", "maximum", "remainder", "reciprocal", "round",
                                "angle", "logit", "floor_divide"])
def test_out_refused_when_recording(op):
    calls = {"clamp": lambda T, x, o: T.clamp(x, 0, 1, out=o), "pow": lambda T, x, o: T.pow(x, 2, out=o),
             "abs": lambda T, x, o: T.abs(x, out=o), "where": lambda T, x, o: T.where(x > 0, x, x, out=o),
             "maximum": lambda T, x, o: T.maximum(x, x, out=o),
             "remainder": lambda T, x, o: T.remainder(x, 2, out=o),
             "reciprocal": lambda T, x, o: T.reciprocal(x, out=o), "round": lambda T, x, o: T.round(x, out=o),
             "angle": lambda T, x, o: T.angle(x, out=o), "logit": lambda T, x, o: T.logit(x, out=o),
             "floor_divide": lambda T, x, o: T.floor_divide(x, 2, out=o)}
    check(lambda T: calls[op](T, T.ones(2, requires_grad=True), T.empty(2)), match_message=True)


def test_no_grad_records_nothing():
    def run(T):
        c = T.ones(2, dtype=T.complex128, requires_grad=True)
        x = T.ones(2, requires_grad=True)
        with T.no_grad():
            outs = [x.clamp(0, 1), x ** 2, T.where(x > 0, x, 0.0), x.abs(), T.view_as_real(c), c.real, x.relu(),
                    T.nn.functional.pad(x[None], (1, 1), mode="reflect"), x.masked_fill(x > 0, 1.0)]
        return [(o.requires_grad, o.grad_fn is None) for o in outs]
    check(run)


def test_views_of_complex():
    def run(T):
        c = T.tensor([1 + 2j, -0.5j, 3.0], requires_grad=True)
        r, i, v = c.real, c.imag, T.view_as_real(c)
        return [(t._base is c, t.stride(), t.storage_offset(), type(t.grad_fn).__name__)
                for t in (r, i, v)]
    check(run)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_view_as_complex(layout):
    data = values((3, 2), "float64")

    def run(T):
        x = leaf(T, layout, data, "float64")
        if x.stride(-1) != 1:  # view_as_complex needs a unit last stride: PyTorch raises, as Ember does
            return T.view_as_complex(x)
        y = T.view_as_complex(x)
        return (y._base is x,) + result_of(T, y * (1 - 2j), x)
    check(run)

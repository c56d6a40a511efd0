"""Custom ``autograd.Function`` against PyTorch: forward/backward, ctx, setup_context, multiple outputs,
non-differentiable outputs, materialized gradients, once_differentiable and the errors."""
import pytest

from oracle import check


def functions(T):
    """The same Function subclasses, built on either library."""
    class Cube(T.autograd.Function):
        @staticmethod
        def forward(ctx, x, scale):
            ctx.save_for_backward(x)
            ctx.scale = scale
            return x * x * x * scale

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * 3 * x * x * ctx.scale, None

    class SplitTwo(T.autograd.Function):
        @staticmethod
        def forward(ctx, x, y):
            ctx.save_for_backward(x, y)
            return x * y, x + y

        @staticmethod
        def backward(ctx, g_prod, g_sum):
            x, y = ctx.saved_tensors
            return g_prod * y + g_sum, g_prod * x + g_sum

    class WithIndex(T.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            index = T.tensor(1)
            ctx.mark_non_differentiable(index)
            return x * 2, index

        @staticmethod
        def backward(ctx, grad, grad_index):
            return grad * 2 + grad_index

    class ExpSetup(T.autograd.Function):
        @staticmethod
        def forward(x):
            return x.exp()

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.save_for_backward(output)

        @staticmethod
        def backward(ctx, grad):
            (result,) = ctx.saved_tensors
            return grad * result

    class NoMaterialize(T.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 1, x * 2

        @staticmethod
        def backward(ctx, g1, g2):
            return (g1 if g1 is not None else 0) + (g2 * 2 if g2 is not None else 0) + 100

    class Frozen(T.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @T.autograd.function.once_differentiable
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * 2 * x

    class TooMany(T.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad, grad

    class Identity(T.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x

        @staticmethod
        def backward(ctx, grad):
            return grad * 5

    return locals()


def leaf(T, values):
    return T.tensor(values, dtype=T.float64, requires_grad=True)


CASES = {
    "save and ctx attributes": lambda T, F: _grads(T, F["Cube"].apply(leaf(T, [1.0, -2.0]), 3)),
    "two outputs": lambda T, F: _grads(T, *F["SplitTwo"].apply(leaf(T, [1.0, 2.0]), leaf(T, [3.0, 4.0]))),
    "one output used": lambda T, F: _grads(T, F["SplitTwo"].apply(leaf(T, [1.0, 2.0]), leaf(T, [3.0, 4.0]))[1]),
    "non-differentiable output": lambda T, F: _grads(T, F["WithIndex"].apply(leaf(T, [1.0, 2.0]))[0]),
    "setup_context": lambda T, F: _grads(T, F["ExpSetup"].apply(leaf(T, [0.5, 1.0]))),
    "no materialized grads": lambda T, F: _grads(T, F["NoMaterialize"].apply(leaf(T, [1.0, 2.0]))[1]),
    "once_differentiable": lambda T, F: _grads(T, F["Frozen"].apply(leaf(T, [1.0, 3.0]))),
    "too many gradients": lambda T, F: _grads(T, F["TooMany"].apply(leaf(T, [1.0]))),
    "input returned as output": lambda T, F: _grads(T, F["Identity"].apply(leaf(T, [1.0, 2.0]))),
}


def _grads(T, *outputs):
    """Run backward from ``outputs`` and report outputs, flags, grad_fn names and the leaves' gradients."""
    leaves = []
    for out in outputs:
        for fn, _ in out.grad_fn.next_functions:
            if fn is not None and hasattr(fn, "variable"):
                leaves.append(fn.variable)
    T.autograd.backward(outputs, [T.ones_like(o) for o in outputs])
    names = [type(o.grad_fn).__name__ for o in outputs]
    return list(outputs), [o.requires_grad for o in outputs], names, [x.grad for x in leaves]


@pytest.mark.parametrize("name", CASES)
def test_functions(name):
    check(lambda T: CASES[name](T, functions(T)), match_message=True)


def test_flags_and_no_grad():
    def fn(T):
        F = functions(T)
        x = leaf(T, [1.0, 2.0])
        y = F["Cube"].apply(x, 2.0)
        plain = F["Cube"].apply(T.ones(2), 2.0)
        with T.no_grad():
            quiet = F["Cube"].apply(x, 2.0)
        index = F["WithIndex"].apply(x)[1]
        return (y.grad_fn.needs_input_grad, y.is_leaf, plain.requires_grad, plain.grad_fn is None,
                quiet.requires_grad, index.requires_grad, y.grad_fn.name())
    check(fn)


def test_second_derivative_through_a_function():
    def fn(T):
        F = functions(T)
        x = leaf(T, [1.0, -2.0])
        (g,) = T.autograd.grad(F["ExpSetup"].apply(x * x), x, T.ones(2), create_graph=True)
        (h,) = T.autograd.grad(g, x, T.ones(2))
        return g, h
    check(fn)

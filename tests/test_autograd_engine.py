"""The backward engine against PyTorch: gradients, accumulation, hooks, autograd.grad, graph freeing and the
errors, on programs built from the ops that record history so far (add, sub, mul, div, neg)."""
import pytest

from oracle import check


def leaf(T, values, dtype="float32"):
    return T.tensor(values, dtype=getattr(T, dtype), requires_grad=True)


def grads(*tensors):
    return [t.grad for t in tensors]


PROGRAMS = {
    "polynomial": lambda T, x, y: x * x * 3 - x / 2 + 1,
    "two inputs": lambda T, x, y: (x + y) * (x - y) / (y * y + 1),
    "scalars on the left": lambda T, x, y: 2 - x * 0.5 + 3 * (y + 4),
    "negation and alpha": lambda T, x, y: -T.add(x, y, alpha=2) + T.sub(y, x, alpha=0.5),
    "reused input": lambda T, x, y: x * x * x + x,
}


@pytest.mark.parametrize("name", PROGRAMS)
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64"])
def test_gradients(name, dtype):
    def fn(T):
        x, y = leaf(T, [1.0, -2.0, 3.0], dtype), leaf(T, [0.5, 1.5, -1.0], dtype)
        out = PROGRAMS[name](T, x, y)
        out.backward(T.ones_like(out) * T.arange(out.numel()).reshape(out.shape).to(out.dtype))
        return out, grads(x, y)
    check(fn)


def test_broadcast_gradients_are_summed_back():
    def fn(T):
        x, y, z = leaf(T, [[1.0], [2.0], [3.0]]), leaf(T, [0.5, 1.5, -1.0, 2.0]), leaf(T, 2.0)
        out = x * y / z - y
        out.backward(T.arange(12.0).reshape(3, 4))
        return grads(x, y, z)
    check(fn)


def test_mixed_dtypes_get_their_own_dtype_back():
    def fn(T):
        x, y = leaf(T, [1.0, 2.0], "float32"), leaf(T, [3.0, 4.0], "float64")
        z = leaf(T, [1.0, 2.0], "float32")
        (x * y + z * 1j).backward(T.ones(2, dtype=T.complex128))
        return grads(x, y, z)
    check(fn)


def test_gradients_accumulate_in_place():
    def fn(T):
        x = leaf(T, [1.0, 2.0])
        (x * 2).backward(T.ones(2))
        first = x.grad
        (x * x).backward(T.ones(2))
        return x.grad, first is x.grad, first
    check(fn)


def test_leaf_gradient_layout_follows_the_leaf():
    def fn(T):
        x = T.arange(6.0).reshape(2, 3).t().detach().requires_grad_()
        (x * T.ones(3, 1)).backward(T.ones(3, 2))
        return x.grad
    check(fn)


def test_hooks():
    def fn(T):
        x = leaf(T, [1.0, 2.0, 3.0])
        seen = []
        x.register_hook(lambda g: seen.append(g.clone()))
        handle = x.register_hook(lambda g: g * 10)
        y = x * 2
        y.register_hook(lambda g: g + 1)
        y.retain_grad()
        after = []
        x.register_post_accumulate_grad_hook(lambda t: after.append(t.grad.clone()))
        (y * y).backward(T.ones(3))
        handle.remove()
        (y * 1).backward(T.ones(3))
        return x.grad, y.grad, seen, after, y.retains_grad, x.retains_grad
    check(fn)


def test_hook_errors():
    check(lambda T: T.ones(2).register_hook(lambda g: g), match_message=True)
    check(lambda T: T.ones(2).retain_grad(), match_message=True)
    check(lambda T: (leaf(T, [1.0]) * 2).register_post_accumulate_grad_hook(lambda t: None), match_message=True)


def test_autograd_grad():
    def fn(T):
        x, y = leaf(T, [1.0, 2.0]), leaf(T, [3.0, 4.0])
        out = x * x * y
        gx, gy = T.autograd.grad(out, (x, y), T.ones(2), retain_graph=True)
        (g2,) = T.autograd.grad(out, [x], grad_outputs=[T.tensor([1.0, -1.0])])
        return gx, gy, g2, x.grad, y.grad
    check(fn)


def test_autograd_grad_unused_inputs():
    check(lambda T: T.autograd.grad(leaf(T, [1.0]) * 2, [leaf(T, [2.0])], T.ones(1)), match_message=True)
    check(lambda T: T.autograd.grad(leaf(T, [1.0]) * 2, [leaf(T, [2.0])], T.ones(1), allow_unused=True))
    check(lambda T: T.autograd.grad(leaf(T, [1.0]) * 2, [leaf(T, [2.0])], T.ones(1), materialize_grads=True))
    check(lambda T: T.autograd.grad(leaf(T, [1.0]) * 2, [T.ones(1)], T.ones(1)), match_message=True)


def test_second_derivatives():
    def fn(T):
        x = leaf(T, [1.0, -2.0, 0.5], "float64")
        y = x * x * x / (x + 3)
        (g,) = T.autograd.grad(y, x, T.ones(3), create_graph=True)
        (h,) = T.autograd.grad(g, x, T.ones(3))
        g2 = g.detach()
        return g, h, g2
    check(fn, ulps=16)


def test_create_graph_backward_keeps_a_graph_in_grad():
    def fn(T):
        x = leaf(T, [1.0, 2.0], "float64")
        (x * x * x).backward(T.ones(2), create_graph=True)
        first = x.grad
        x.grad = None
        first.backward(T.ones(2))
        return first, x.grad
    check(fn)


def test_backward_with_inputs_accumulates_only_those():
    def fn(T):
        x, y = leaf(T, [1.0, 2.0]), leaf(T, [3.0, 4.0])
        z = x * y
        z.retain_grad()
        (z * z).backward(T.ones(2), inputs=[y])
        return x.grad, y.grad, z.grad
    check(fn)


BAD = {
    "implicit grad for a vector": lambda T: (leaf(T, [1.0, 2.0]) * 2).backward(),
    "nothing requires grad": lambda T: (T.ones(2) * 2).backward(T.ones(2)),
    "gradient of the wrong shape": lambda T: (leaf(T, [1.0, 2.0]) * 2).backward(T.ones(3)),
    "second backward through a freed graph": lambda T: [y.backward(T.ones(2)) for y in [leaf(T, [1.0, 2.0]) * leaf(
        T, [3.0, 4.0])] for _ in range(2)],
    "empty inputs": lambda T: (leaf(T, [1.0]) * 2).backward(T.ones(1), inputs=[]),
    "input without grad": lambda T: (leaf(T, [1.0]) * 2).backward(T.ones(1), inputs=[T.ones(1)]),
    "out= with grad": lambda T: T.mul(leaf(T, [1.0]), 2, out=T.empty(1)),
}


@pytest.mark.parametrize("name", BAD)
def test_errors(name):
    check(BAD[name], match_message=True)


def test_retain_graph_allows_a_second_backward():
    def fn(T):
        x = leaf(T, [1.0, 2.0])
        y = x * x
        y.backward(T.ones(2), retain_graph=True)
        y.backward(T.ones(2))
        return x.grad
    check(fn)


def test_saved_tensor_modified_in_place():
    def through_output(T):
        x = leaf(T, [1.0, 2.0, 3.0])
        a = x * 2
        b = a * a
        with T.no_grad():
            a.mul_(2)
        b.backward(T.ones(3))

    def through_plain_tensor(T):
        x, c = leaf(T, [1.0, 2.0, 3.0]), T.ones(3)
        y = x * c
        c.add_(1)
        y.backward(T.ones(3))
    check(through_output, match_message=True)
    check(through_plain_tensor, match_message=True)


def test_grad_mode_context_managers_restore_the_mode():
    def fn(T):
        x = leaf(T, [1.0])
        with T.set_grad_enabled(False):
            inside = (x * 2).requires_grad
        after = (x * 2).requires_grad
        with T.no_grad():
            with T.enable_grad():
                nested = (x * 2).requires_grad
        return inside, after, nested, T.is_grad_enabled()
    check(fn)


def test_long_chain_has_no_recursion_limit():
    def fn(T):
        x = leaf(T, [1.0], "float64")
        y = x
        for _ in range(100_000):
            y = y * 1.0001
        y.backward(T.ones(1))
        return x.grad
    check(fn, ulps=64)


TENSOR_FLAGS = {
    "assign a grad of another size": lambda T: setattr(leaf(T, [1.0, 2.0]), "grad", T.ones(3)),
    "assign a grad of another dtype": lambda T: setattr(leaf(T, [1.0, 2.0]), "grad", T.ones(2, dtype=T.float64)),
    "assign a grad that is not a tensor": lambda T: setattr(leaf(T, [1.0, 2.0]), "grad", [1.0, 2.0]),
    "assign and clear a grad": lambda T: [(x, setattr(x, "grad", T.ones(2)), x.grad, setattr(x, "grad", None), x.grad)
                                          for x in [leaf(T, [1.0, 2.0])]],
    "detach_ a view": lambda T: T.ones(4)[0:2].detach_(),
    "detach_ a non-leaf": lambda T: [(y.detach_(), y.requires_grad, y.is_leaf) for y in [leaf(T, [1.0]) * 2]],
    "requires_grad_ on integers": lambda T: T.ones(2, dtype=T.int64).requires_grad_(),
    "requires_grad on integers": lambda T: setattr(T.ones(2, dtype=T.int64), "requires_grad", True),
    "requires_grad off a non-leaf": lambda T: (leaf(T, [1.0]) * 2).requires_grad_(False),
    "tensor() of integers with requires_grad": lambda T: T.tensor([1], requires_grad=True),
}


@pytest.mark.parametrize("name", TENSOR_FLAGS)
def test_tensor_autograd_attributes(name):
    check(TENSOR_FLAGS[name], match_message=True)


def test_non_leaf_grad_access_warns():
    import warnings

    def fn(T):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = (leaf(T, [1.0]) * 2).grad
        return value is None, [str(w.message)[:60] for w in caught]
    check(fn)


def test_leaf_gradient_kept_when_its_layout_suits_the_leaf():
    """PyTorch keeps a gradient nobody else holds when it has the leaf's strides on every dim longer than 1."""
    def fn(T):
        x = T.ones(1, 1, 4).transpose(-1, -2).detach().requires_grad_()
        x.squeeze().backward(T.ones(4))
        a, b = leaf(T, [1.0, 2.0]), leaf(T, [3.0, 4.0])
        (a + b).backward(T.ones(2) * 2)
        return x.grad, a.grad, b.grad, a.grad.data_ptr() == b.grad.data_ptr()
    check(fn)


def test_no_reference_cycles_survive_a_training_step():
    """Graphs are freed by reference counting alone: nothing is left for the cycle collector after backward."""
    import gc

    import ember
    gc.collect()
    gc.disable()
    try:
        w = ember.ones(8, 4, requires_grad=True)
        for _ in range(3):
            x = ember.ones(5, 8)
            h = (x @ w).tanh()
            h.retain_grad()
            loss = (h * h).sum()
            loss.backward()
            with ember.no_grad():
                w -= 0.1 * w.grad
            w.grad = None
            del x, h, loss
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_saved_outputs_of_multi_output_nodes_keep_their_output_numbers():
    """A second derivative through the second output of a node that saved its outputs."""
    def fn(T):
        x = leaf(T, [[2.0, 1.0], [1.0, 3.0]], "float64")
        values, vectors = T.linalg.eigh(x)
        (g,) = T.autograd.grad((vectors.abs() * values).sum(), x, create_graph=True)
        (h,) = T.autograd.grad(g.sum(), x)
        return g, h
    check(fn, ulps=4096)

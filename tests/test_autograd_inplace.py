"""In-place operations inside a graph, against PyTorch: history rebased onto the new op, CopySlices for views
and index assignment, the leaf errors, and saved tensors modified in place."""
import pytest

from oracle import check


def leaves(T):
    return T.tensor([1.0, -2.0, 3.0, 0.5], requires_grad=True), T.tensor([0.5, 1.0, -1.0, 2.0], requires_grad=True)


def run(program):
    def fn(T):
        x, z = leaves(T)
        y = program(T, x, z)
        names = [y.grad_fn.name()] + [n.name() if n is not None else None for n, _ in y.grad_fn.next_functions]
        y.backward(T.arange(1.0, 5.0))
        return y, names, x.grad, z.grad
    return fn


def _then(y, *steps):
    for step in steps:
        step(y)
    return y


PROGRAMS = {
    "add_ then mul_": lambda T, x, z: _then(x * 2, lambda y: y.add_(z), lambda y: y.mul_(z)),
    "sub_ and div_ with scalars": lambda T, x, z: _then(x * 1, lambda y: y.sub_(3, alpha=2), lambda y: y.div_(4)),
    "unary in place": lambda T, x, z: _then(x * z, lambda y: y.exp_(), lambda y: y.sin_()),
    "neg_": lambda T, x, z: _then(x + z, lambda y: y.neg_()),
    "copy_": lambda T, x, z: _then(x * 2, lambda y: y.copy_(z * 3)),
    "fill_ number": lambda T, x, z: _then(x * 2, lambda y: y.fill_(7)),
    "fill_ tensor": lambda T, x, z: _then(x * 2, lambda y: y.fill_(z[1] * 1)),
    "zero_": lambda T, x, z: _then(x * 2, lambda y: y.zero_()),
    "in place on a plain tensor": lambda T, x, z: _then(T.zeros(4), lambda y: y.add_(z)),
    "operator forms": lambda T, x, z: _then(x * 1, lambda y: y.__imul__(z), lambda y: y.__iadd__(1)),
    "view mul_": lambda T, x, z: _then(x * 1, lambda y: y[1:3].mul_(5)),
    "setitem number": lambda T, x, z: _then(x.clone() if hasattr(x, "clone") else x, lambda y: y.__setitem__(0, 0)),
    "setitem then augmented slice": lambda T, x, z: _then(x * 1, lambda y: y.__setitem__(0, 0),
                                                          lambda y: y[1:].__imul__(3)),
    "setitem tensor": lambda T, x, z: _then(x * 1, lambda y: y.__setitem__(slice(1, 3), z[:2] * 2)),
    "setitem into a plain tensor": lambda T, x, z: _then(T.zeros(4), lambda y: y.__setitem__(slice(1, 3), z[:2])),
    "setitem with an index tensor": lambda T, x, z: _then(x * 1, lambda y: y.__setitem__(T.tensor([0, 0, 2]),
                                                                                           z[:3] * 1)),
    "index_put_ accumulate": lambda T, x, z: _then(x * 1, lambda y: y.index_put_((T.tensor([1, 1, 3]),), z[:3] * 1,
                                                                                  accumulate=True)),
}


@pytest.mark.parametrize("name", PROGRAMS)
def test_programs(name):
    check(run(PROGRAMS[name]))


LEAF_ERRORS = {
    "add_ on a leaf": lambda T, x: x.add_(1),
    "exp_ on a leaf": lambda T, x: x.exp_(),
    "setitem on a leaf": lambda T, x: x.__setitem__(0, 1.0),
    "in place on a view of a leaf": lambda T, x: x[1:].mul_(2),
    "copy_ into a leaf": lambda T, x: x.copy_(T.ones(4)),
    "zero_ on a leaf": lambda T, x: x.zero_(),
}


@pytest.mark.parametrize("name", LEAF_ERRORS)
def test_leaf_errors(name):
    check(lambda T: LEAF_ERRORS[name](T, leaves(T)[0]), match_message=True)


def test_no_grad_allows_in_place_on_leaves():
    def fn(T):
        x, _ = leaves(T)
        with T.no_grad():
            x.mul_(2)
            x[0] = 5
        return x, x.is_leaf, x.grad_fn is None
    check(fn)


def test_saved_output_modified_in_place():
    def fn(T):
        x, _ = leaves(T)
        y = x.exp()
        y.add_(1)
        y.backward(T.ones(4))
    check(fn, match_message=True)


def test_modified_input_is_named_by_its_current_grad_fn():
    def fn(T):
        x, _ = leaves(T)
        a = x * 2
        b = a * a
        a.add_(1)
        b.backward(T.ones(4))
    check(fn, match_message=True)

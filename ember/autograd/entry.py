"""The entry points of differentiation: ``Tensor.backward``, ``autograd.backward``, ``autograd.grad``, and the
per-tensor hooks (``register_hook``, ``retain_grad``, ``register_post_accumulate_grad_hook``)."""
import weakref

from .engine import run_backward
from .graph import RemovableHandle


def _as_tuple(x):
    if x is None:
        return None
    return (x,) if not isinstance(x, (tuple, list)) else tuple(x)


def _initial_grads(outputs, grads, create_graph):
    """The gradient each output starts with: given, or ones for a real scalar output."""
    from ..creation import ones_like
    from ..tensor import Tensor
    grads = grads if grads is not None else (None,) * len(outputs)
    if len(grads) != len(outputs):
        raise RuntimeError(f"Mismatch in number of gradients: got {len(grads)} gradients for {len(outputs)} outputs")
    result = []
    for i, (out, g) in enumerate(zip(outputs, grads)):
        if g is None:
            if out._requires_grad and out._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if out._dtype._kind == 3:
                raise RuntimeError("grad can be implicitly created only for real scalar outputs but got "
                                   f"{out.dtype}")
            g = ones_like(out)
        elif isinstance(g, Tensor):
            if tuple(g.shape) != tuple(out.shape):
                raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of {g.shape} and output[{i}] "
                                   f"has a shape of {out.shape}.")
            if (g._dtype._kind == 3) != (out._dtype._kind == 3):
                raise TypeError(f"For complex Tensors, both grad_output and output are required to have the same "
                                f"dtype. Mismatch in dtype: grad_output[{i}] has a dtype of {g.dtype} and "
                                f"output[{i}] has a dtype of {out.dtype}.")
            if g._dtype is not out._dtype:  # the engine works in each output's own dtype
                g = g.to(out._dtype)
        else:
            from ..creation import tensor
            g = tensor(g, dtype=out.dtype)
        result.append(g)
    return result


def _check_requires_grad(outputs):
    for i, out in enumerate(outputs):
        if not out._requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None):
    """Accumulate into the leaves' ``.grad`` the gradients of ``tensors`` (weighted by ``grad_tensors``)."""
    tensors = _as_tuple(tensors)
    grad_tensors = _as_tuple(grad_tensors if grad_tensors is not None else grad_variables)
    inputs = _as_tuple(inputs)
    if inputs is not None and not inputs:
        raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    if retain_graph is None:
        retain_graph = create_graph
    grads = _initial_grads(tensors, grad_tensors, create_graph)
    _check_requires_grad(tensors)
    if inputs is not None:
        for x in inputs:
            if not x._requires_grad:  # PyTorch retains the inputs' gradients, and says so
                raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
    run_backward(tensors, grads, retain_graph, create_graph, inputs)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True,
         allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """The gradients of ``outputs`` with respect to ``inputs`` (returned, not accumulated into ``.grad``)."""
    from ..creation import zeros_like
    outputs, inputs = _as_tuple(outputs), _as_tuple(inputs)
    if allow_unused is None:
        allow_unused = materialize_grads
    elif materialize_grads and not allow_unused:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, but got: "
                         "allow_unused=False.")
    if retain_graph is None:
        retain_graph = create_graph
    grads = _initial_grads(outputs, _as_tuple(grad_outputs), create_graph)
    _check_requires_grad(outputs)
    for x in inputs:
        if not x._requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    captured = run_backward(outputs, grads, retain_graph, create_graph, inputs, accumulate=False)
    result = []
    for k, x in enumerate(inputs):
        g = captured.get(k)
        if g is None:
            if materialize_grads:
                g = zeros_like(x)
            elif not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {k} appears to not have been used in the "
                                   "graph. Set allow_unused=True if this is the desired behavior.")
        result.append(g)
    return tuple(result)


# ---------------------------------------------------------------------------------------------
# Tensor methods


def tensor_backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate the gradient of this tensor into the leaves' ``.grad``."""
    backward((self,), None if gradient is None else (gradient,), retain_graph, create_graph, inputs=inputs)


def register_hook(self, hook):
    """Call ``hook(grad)`` whenever a gradient for this tensor is computed; it may return a replacement."""
    if not self._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    return RemovableHandle(_hooks_of(self), hook)


def _hooks_of(t):
    """The dict of gradient hooks for ``t``: kept on the tensor for a leaf, on its grad_fn otherwise."""
    node = t._grad_fn
    if node is None:
        return t.__dict__.setdefault("_hooks", {})
    return node.__dict__.setdefault("_tensor_hooks", {}).setdefault(t._output_nr, {})


def retain_grad(self):
    """Keep this non-leaf tensor's gradient in ``.grad`` during backward."""
    if not self._requires_grad:
        raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
    if self._grad_fn is None or self.__dict__.get("_retains"):
        return
    self.__dict__["_retains"] = True
    hooks = _hooks_of(self)
    ref = weakref.ref(self)  # the tensor's grad_fn holds this hook: no cycle back to the tensor

    def keep(grad):
        t = ref()
        if t is not None:
            t._grad = grad if t._grad is None else t._grad + grad
    hooks["retain"] = keep


def retains_grad(self):
    return bool(self.__dict__.get("_retains"))


def register_post_accumulate_grad_hook(self, hook):
    """Call ``hook(tensor)`` after a gradient has been accumulated into this leaf's ``.grad``."""
    if self._grad_fn is not None:
        raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
    if not self._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    return RemovableHandle(self.__dict__.setdefault("_post_hooks", {}), hook)

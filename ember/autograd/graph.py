"""The backward graph: nodes (a tensor's ``grad_fn``), their edges to the inputs, saved tensors and hooks.

An op that records history makes one node, points it at its inputs' nodes (``next_functions``) and sets it
as its outputs' ``grad_fn``. Nodes own the tensors their backward needs; a saved *output* is kept as a bare
alias of its memory (no ``grad_fn``), so that no reference cycle tensor -> node -> tensor keeps arrays alive.
"""
import itertools
import re
import weakref

from . import grad_mode

_sequence = itertools.count()

FREED = ("Trying to backward through the graph a second time (or directly access saved tensors after they have "
         "already been freed). Saved intermediate values of the graph are freed when you call .backward() or "
         "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if "
         "you need to access saved tensors after calling backward.")


class Node:
    """One op's backward step (``grad_fn``). Subclasses define ``backward(self, *grads)`` returning one gradient
    (or None) per input; the engine sums broadcast gradients back to each input's shape and casts them to its dtype.
    """

    __slots__ = ("next_functions", "_input_meta", "_sequence_nr", "__weakref__", "__dict__")
    outputs = 1  # how many tensors the op returns
    # defaults, replaced per node only when used (a node is made for every recorded op: keep that cheap)
    _saved = _versions = _outputs_saved = ()
    _pre_hooks = _hooks = _metadata = None

    def __init__(self):
        self._sequence_nr = next(_sequence)
        if grad_mode._state.anomaly:
            from .anomaly_mode import forward_trace
            self.__dict__["_forward_trace"] = forward_trace()

    # -- what PyTorch's Node shows -----------------------------------------------------------------
    def name(self):
        return type(self).__name__

    @property
    def metadata(self):
        if self._metadata is None:
            self._metadata = {}
        return self._metadata

    def _sequence_nr_(self):
        return self._sequence_nr

    def __repr__(self):
        return f"<{self.name()} object at {id(self):#x}>"

    def __call__(self, *grads):
        return self.backward(*grads)

    # -- saved tensors ---------------------------------------------------------------------------
    def save(self, *tensors, outputs=()):
        """Keep ``tensors`` for backward (inputs, or outputs of this node at the positions ``outputs`` names)."""
        kept, versions = [], []
        for i, t in enumerate(tensors):
            if t is None or not hasattr(t, "_version"):
                versions.append(None)
            else:  # its version, and what to name as its producer if it is modified in place: this node for an
                # output, the input's grad_fn at the time of the error (held weakly through the tensor)
                versions.append((t._version, (self.name(), t._output_nr) if i in outputs else weakref.ref(t)))
                if i in outputs:  # a bare alias: the output's own grad_fn is this node
                    from ..tensor import _alias
                    t = _alias(t, t.untyped_storage())
            kept.append(t)
        self._saved = tuple(kept)
        self._versions = tuple(versions)
        self._outputs_saved = outputs

    @property
    def saved_tensors(self):
        """The saved tensors, refusing if they were freed or modified in place since."""
        saved = self._saved
        if saved is None:
            raise RuntimeError(FREED)
        result = []
        for i, (t, version) in enumerate(zip(saved, self._versions)):
            if version is not None and t._version != version[0]:
                raise RuntimeError(modified_message(t, *version))
            if i in self._outputs_saved and grad_mode._state.enabled:
                t = _reconnect(t, self)
            result.append(t)
        return tuple(result)

    def release(self):
        """Drop the saved tensors (after a backward pass that does not retain the graph)."""
        self._saved = None

    # -- hooks -----------------------------------------------------------------------------------
    def register_hook(self, fn):
        """``fn(grad_inputs, grad_outputs)`` runs after this node; it may return replacement ``grad_inputs``."""
        if self._hooks is None:
            self._hooks = {}
        return RemovableHandle(self._hooks, fn)

    def register_prehook(self, fn):
        """``fn(grad_outputs)`` runs before this node; it may return replacement ``grad_outputs``."""
        if self._pre_hooks is None:
            self._pre_hooks = {}
        return RemovableHandle(self._pre_hooks, fn)

    def needs(self, i):
        """Whether input ``i`` wants a gradient (skip computing the others)."""
        return self.next_functions[i][0] is not None

    def backward(self, *grads):
        raise NotImplementedError


def _reconnect(t, node):
    """A saved output, unpacked for a differentiable backward: the same memory, with ``node`` as its grad_fn."""
    from ..tensor import _alias
    out = _alias(t, t.untyped_storage())
    out._grad_fn, out._requires_grad, out._output_nr = node, True, t._output_nr
    return out


class AccumulateGrad(Node):
    """The end of the graph at a leaf: adds the arriving gradient into ``variable.grad``."""

    __slots__ = ("variable",)

    def __init__(self, variable):
        super().__init__()
        self.variable = variable
        self.next_functions = ()
        self._input_meta = ()

    def name(self):
        return "torch::autograd::AccumulateGrad"


def modified_message(t, version, original):
    """PyTorch's error for a saved tensor changed in place; ``original`` names what produced it."""
    producer = original
    if callable(original):
        tensor = original()
        fn = None if tensor is None else tensor._grad_fn
        producer = None if fn is None else (fn.name(), tensor._output_nr)
    where = ""
    if producer:
        where = f", which is output {producer[1]} of {re.sub(r'Backward[0-9]*$', '', producer[0])},"
    return (f"one of the variables needed for gradient computation has been modified by an inplace operation: "
            f"[{t.type()} {list(t.shape)}]{where} is at version {t._version}; expected version {version} instead. "
            f"Hint: enable anomaly detection to find the operation that failed to compute its gradient, with "
            f"torch.autograd.set_detect_anomaly(True, check_nan=False).")


class RemovableHandle:
    """What ``register_hook`` returns: ``remove()`` takes the hook off again."""

    _ids = itertools.count()

    def __init__(self, hooks, fn):
        self._hooks = hooks
        self.id = next(self._ids)
        hooks[self.id] = fn

    def remove(self):
        self._hooks.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


# ---------------------------------------------------------------------------------------------
# recording


def accumulator(t):
    """The leaf's AccumulateGrad node: one per tensor, held by the graph (the tensor keeps a weak reference)."""
    ref = t._accumulator
    node = ref() if ref is not None else None
    if node is None:
        node = AccumulateGrad(t)
        t._accumulator = weakref.ref(node)
    return node


def edge(t):
    """Where the gradient for input ``t`` goes: ``(its grad_fn, output number)``, its leaf accumulator, or nowhere."""
    if not getattr(t, "_requires_grad", False):
        return (None, 0)
    fn = t._grad_fn
    if fn is not None:
        return (fn, t._output_nr)
    return (accumulator(t), 0)


def no_out(op, out):
    """PyTorch refuses ``out=`` when the op would have to record history."""
    if out is not None:
        raise RuntimeError(f"{op}(): functions with out=... arguments don't support automatic differentiation, but "
                           "one of the arguments requires grad.")


def _number_saved_outputs(node, outputs):
    """Give the saved aliases of a multi-output node's outputs their output numbers (known only once recorded)."""
    for i in node._outputs_saved:
        alias = node._saved[i] if i < len(node._saved) else None
        if alias is None:
            continue
        for k, out in enumerate(outputs):
            if out is not None and alias._data.shape == out._data.shape and alias._strides() == out._strides() \
                    and alias.data_ptr() == out.data_ptr():
                alias._output_nr = k
                break


def wants_grad(*inputs):
    """Whether an op on ``inputs`` must record history: grad mode on and some tensor input requires grad."""
    if not grad_mode._state.enabled:
        return False
    for t in inputs:
        if getattr(t, "_requires_grad", False):
            return True
    return False


def record(node, outputs, inputs):
    """Make ``node`` the grad_fn of ``outputs`` (a tensor or a tuple of them) with edges to ``inputs``."""
    edges, meta = [], []
    for t in inputs:
        if getattr(t, "_requires_grad", False):
            fn = t._grad_fn
            edges.append((fn, t._output_nr) if fn is not None else (accumulator(t), 0))
        else:
            edges.append((None, 0))
        meta.append((t._data.shape, t._dtype) if hasattr(t, "_dtype") else None)
    node.next_functions, node._input_meta = tuple(edges), tuple(meta)
    if type(outputs) is tuple:
        for i, out in enumerate(outputs):
            if out is not None and out._dtype._kind >= 2:
                out._grad_fn, out._requires_grad = node, True
                if i:
                    out._output_nr = i
        if node._outputs_saved:
            _number_saved_outputs(node, outputs)
    else:
        outputs._grad_fn, outputs._requires_grad = node, True
    return outputs

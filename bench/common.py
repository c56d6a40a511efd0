"""Timing helpers: run the same work on Ember and PyTorch in one process and report the ratio."""
import timeit


def best_time(fn, min_seconds=0.2, repeats=5):
    """Best per-call seconds of ``fn`` over ``repeats`` runs of an auto-sized loop."""
    timer = timeit.Timer(fn)
    number, elapsed = 1, 0.0
    while elapsed < min_seconds / repeats:
        number *= 2
        elapsed = timer.timeit(number)
    return min(timer.repeat(repeats, number)) / number


def compare(cases, title):
    """Time each (name, ember_fn, torch_fn) case and print Ember/PyTorch ratios as a Markdown table."""
    print(f"\n{title}\n")
    print("| case | Ember / PyTorch |")
    print("|---|---|")
    ratios = {}
    for name, ember_fn, torch_fn in cases:
        ember_fn(), torch_fn()  # warm up caches and lazy imports
        ratio = best_time(ember_fn) / best_time(torch_fn)
        ratios[name] = ratio
        print(f"| {name} | {ratio:.2f}x |", flush=True)
    return ratios

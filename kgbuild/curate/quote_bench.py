"""Benchmark: finding the nearest passage to a quote the article does not contain.

`kgbuild quote` and `kgbuild check` offer the nearest passages when a quote is not found.
The first implementation slid a window of the quote's width over the text and scored every
window with difflib's SequenceMatcher: quadratic in the quote's length. The current one
(`textmatch.nearest`) aligns short quotes with rapidfuzz and anchors long ones by their
words. This prints, for near-misses of growing length, both times and the length of the
passage each offers, beside the quote's.

    python -m kgbuild.curate.quote_bench [--sizes 200,2000,20000,100000] [--timeout 120]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import time
from difflib import SequenceMatcher
from pathlib import Path

from kgbuild.inputs import textmatch

ROOT = Path(__file__).resolve().parents[2]


def difflib_nearest(original: str, needle: str) -> tuple[int, int]:
    """The former implementation, kept as the reference: a window of the quote's width,
    moved a quarter of its width at a time, each scored by SequenceMatcher."""
    wanted = textmatch.normalise_str(needle)
    norm = textmatch.normalise(original)
    width = len(wanted)
    step = max(1, width // 4)
    best = (-1.0, 0)
    for at in range(0, max(1, len(norm.text) - width + 1), step):
        window = norm.text[at: at + width]
        best = max(best, (SequenceMatcher(None, wanted, window, autojunk=False).ratio(), -at))
    at = -best[1]
    end = min(len(norm.origin) - 1, at + width - 1)
    return norm.origin[at], norm.origin[end] + 1


def corpus_text(size: int) -> str:
    """Article text of the project, repeated to `size` characters."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "graph/sources").glob("*.txt"))]
    whole = "\n\n".join(texts)
    return (whole * (size // len(whole) + 1))[:size]


def near_miss(text: str, length: int, seed: int = 7) -> str:
    """A passage of the text with one character in fifty changed: a mistyped long quote."""
    rng = random.Random(seed)
    start = rng.randrange(0, max(1, len(text) - length))
    chars = list(text[start:start + length])
    for i in range(0, len(chars), 50):
        chars[i] = "x" if chars[i] != "x" else "y"
    return "".join(chars)


def _difflib_worker(text: str, needle: str, out) -> None:
    began = time.perf_counter()
    start, end = difflib_nearest(text, needle)
    out.put((time.perf_counter() - began, end - start))


def measure(size: int, timeout: float) -> dict:
    text = corpus_text(max(10_000, 2 * size))
    needle = near_miss(text, size)
    began = time.perf_counter()
    found = textmatch.nearest(text, needle, 1)
    fast = time.perf_counter() - began
    queue: multiprocessing.Queue = multiprocessing.Queue()
    worker = multiprocessing.Process(target=_difflib_worker, args=(text, needle, queue))
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        worker.terminate()
        worker.join()
        slow, slow_len = None, None
    else:
        slow, slow_len = queue.get()
    return {"quote": len(needle), "text": len(text), "rapidfuzz_s": fast,
            "rapidfuzz_len": found[0][1] - found[0][0] if found else 0,
            "difflib_s": slow, "difflib_len": slow_len, "timeout": timeout}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kgbuild.curate.quote_bench",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000,20000,100000")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args(argv)
    print(f"{'quote chars':>11} {'text chars':>10} {'difflib s':>10} {'nearest s':>11} "
          f"{'speed-up':>9} {'difflib passage':>15} {'nearest passage':>17}")
    for size in (int(s) for s in args.sizes.split(",")):
        row = measure(size, args.timeout)
        slow = (f"{row['difflib_s']:.3f}" if row["difflib_s"] is not None
                else f"> {row['timeout']:.0f}")
        ratio = ((row["difflib_s"] or row["timeout"]) / max(row["rapidfuzz_s"], 1e-6))
        prefix = "" if row["difflib_s"] is not None else "> "
        print(f"{row['quote']:>11,} {row['text']:>10,} {slow:>10} {row['rapidfuzz_s']:>11.4f} "
              f"{prefix + f'{ratio:.0f}x':>9} {row['difflib_len'] or '-':>15} "
              f"{row['rapidfuzz_len']:>17}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

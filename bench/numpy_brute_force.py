#!/usr/bin/env python3
"""Reference "vectorized numpy brute force" SWIS decomposition, timed side by side with the TypeScript one.

Usage: python3 bench/numpy_brute_force.py DIR N G [table|levels]

Two methods, same result: `table` (default) looks each weight's nearest level up in a half-cell table (the
idea the TypeScript kernel uses too); `levels` is the textbook vectorization, a broadcast min over each
set's 2^N levels.

DIR holds layers.json ({"layers": [{"name", "file", "filters", "length"}]}) and one float32 .npy per layer
of shape [filters, length], each row one filter in reduction order. Prints one JSON line:
{"seconds", "sse", "layers": [{"name", "sse"}], "numpy"}; "seconds" is the decomposition time (all
layers, time.perf_counter), excluding file loading and input validation.

Definition (B = 8 base bits, M = 7 magnitude positions 0..6):
  * per filter, step = float32(max|w_row| / 127) (1.0 if that is not > 0, e.g. an all-zero row);
  * magnitudes x = |w| * (1 / step) in float64 (the float64 reciprocal of the float32 step);
  * each row is cut into groups of G consecutive weights, the last one zero-padded (zero magnitudes
    add zero error under every set);
  * for every N-subset S of {0..6} (itertools.combinations order) the representable magnitudes are the
    2^N subset sums of 2^s; a weight's error is the squared distance to its nearest level, a group's
    error the sum over its weights; each group takes the S with the least error (argmin: first on ties);
  * a layer's SSE is the sum over groups of best_error * step^2, in weight units.

Vectorization: all levels are integers, so every midpoint between neighbouring levels is a multiple of
1/2 and the nearest level of any set is constant on each half cell [h/2, (h+1)/2). A [sets, 256] table
gives it exactly with one gather per weight (x >= 127.5 uses the last cell, whose nearest level is the
set's largest). For each chunk of groups and each set: gather levels, subtract, square, sum each group
(a BLAS mat-vec with a ones vector), then argmin over sets. This measured ~9x faster than np.searchsorted
on the midpoints and ~40x faster than a broadcast min over the 2^N levels, with identical results.
Memory: padded magnitudes are built per block of rows (<= BLOCK_ELEMENTS float64, 32 MB) and searched in
chunks of CHUNK_ELEMENTS weights (cache-sized), so the footprint beyond the loaded weights stays small.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import sys
import time

try:
    import numpy as np
except ImportError:  # pragma: no cover - depends on the machine
    print("numpy_brute_force: numpy is not installed (pip install numpy)", file=sys.stderr)
    sys.exit(2)

BASE_BITS = 8
MAGNITUDE_BITS = BASE_BITS - 1  # M = 7 magnitude positions 0..6
MAX_MAGNITUDE = 2**MAGNITUDE_BITS - 1  # 127
HALF_CELLS = 2 ** (MAGNITUDE_BITS + 1)  # 256 half cells [h/2, (h+1)/2) cover 0 .. 128
BLOCK_ELEMENTS = 1 << 22  # padded magnitudes per row block (float64: 32 MB)
CHUNK_ELEMENTS = 1 << 15  # weights per search chunk (~2K groups at G = 16; fastest measured)


class InputError(Exception):
    """Bad command line or input files."""


def shift_sets(bits: int) -> list[tuple[int, ...]]:
    return list(itertools.combinations(range(MAGNITUDE_BITS), bits))


def levels_of(shift_set: tuple[int, ...]) -> np.ndarray:
    """The 2^N subset sums of 2^s over s in the set, ascending."""
    sums = {0}
    for s in shift_set:
        sums |= {v + 2**s for v in sums}
    return np.array(sorted(sums), dtype=np.float64)


def nearest_table(sets: list[tuple[int, ...]]) -> np.ndarray:
    """[sets, HALF_CELLS] float64: the level of each set nearest to every x in half cell h.

    No midpoint lies strictly inside a half cell, so the cell centre h/2 + 1/4 decides (never a tie).
    """
    centres = np.arange(HALF_CELLS, dtype=np.float64) / 2 + 0.25
    table = np.empty((len(sets), HALF_CELLS), dtype=np.float64)
    for i, shift_set in enumerate(sets):
        levels = levels_of(shift_set)
        table[i] = levels[np.abs(centres[:, None] - levels[None, :]).argmin(axis=1)]
    return table


def filter_steps(weights: np.ndarray) -> np.ndarray:
    """Per-row step float32(max|w| / 127), or 1 where that is not > 0; returned as float64."""
    max_abs = np.abs(weights).max(axis=1).astype(np.float64)  # exact: float32 -> float64
    steps = (max_abs / MAX_MAGNITUDE).astype(np.float32)  # one rounding, like Math.fround
    steps[~(steps > 0)] = np.float32(1)
    return steps.astype(np.float64)


def best_group_errors(xg: np.ndarray, table: np.ndarray, out: np.ndarray) -> None:
    """out[g] = min over sets of sum_i (xg[g, i] - nearest level)^2, in step units squared."""
    groups, size = xg.shape
    sets = table.shape[0]
    ones = np.ones(size, dtype=np.float64)
    chunk = max(1, CHUNK_ELEMENTS // size)
    cell = np.empty((min(chunk, groups), size), dtype=np.intp)
    level = np.empty((min(chunk, groups), size), dtype=np.float64)
    errors = np.empty((sets, min(chunk, groups)), dtype=np.float64)
    for first in range(0, groups, chunk):
        x = xg[first : first + chunk]
        n = x.shape[0]
        c, d, e = cell[:n], level[:n], errors[:, :n]
        np.multiply(x, 2.0, out=d)
        c[...] = d  # truncation = floor, since x >= 0
        np.minimum(c, HALF_CELLS - 1, out=c)
        for s in range(sets):
            np.take(table[s], c, out=d)
            np.subtract(x, d, out=d)
            np.multiply(d, d, out=d)
            np.dot(d, ones, out=e[s])
        best = e.argmin(axis=0)  # first set on ties
        out[first : first + n] = np.take_along_axis(e, best[None, :], axis=0)[0]


def best_group_errors_by_levels(xg: np.ndarray, sets: list[tuple[int, ...]], out: np.ndarray) -> None:
    """Like best_group_errors, by a broadcast min over each set's 2^N levels (the textbook brute force)."""
    groups, size = xg.shape
    chunk = max(1, CHUNK_ELEMENTS // size)
    all_levels = [levels_of(s) for s in sets]
    for first in range(0, groups, chunk):
        x = xg[first : first + chunk]
        errors = np.stack(
            [((x[:, :, None] - levels[None, None, :]) ** 2).min(axis=2).sum(axis=1) for levels in all_levels]
        )
        out[first : first + x.shape[0]] = errors.min(axis=0)


def layer_sse(weights: np.ndarray, group_size: int, table: np.ndarray, sets: list | None = None) -> float:
    filters, length = weights.shape
    steps = filter_steps(weights)
    inverse = 1.0 / steps
    groups_per_row = -(-length // group_size)
    padded = groups_per_row * group_size
    rows_per_block = max(1, BLOCK_ELEMENTS // padded)
    row_error = np.empty(filters, dtype=np.float64)  # sum of best group errors, step units squared
    for r0 in range(0, filters, rows_per_block):
        r1 = min(filters, r0 + rows_per_block)
        x = np.zeros((r1 - r0, padded), dtype=np.float64)
        # float32 |w| is widened exactly; the product is rounded once in float64.
        np.multiply(np.abs(weights[r0:r1]), inverse[r0:r1, None], out=x[:, :length])
        best = np.empty((r1 - r0) * groups_per_row, dtype=np.float64)
        if sets is None:
            best_group_errors(x.reshape(-1, group_size), table, best)
        else:
            best_group_errors_by_levels(x.reshape(-1, group_size), sets, best)
        row_error[r0:r1] = best.reshape(r1 - r0, groups_per_row).sum(axis=1)
    return float((row_error * steps * steps).sum())


def parse_positive_int(text: str, what: str, low: int, high: int | None = None) -> int:
    try:
        value = int(text, 10)
    except ValueError:
        raise InputError(f"{what} must be an integer, got {text!r}") from None
    if value < low or (high is not None and value > high):
        bound = f"{low}..{high}" if high is not None else f">= {low}"
        raise InputError(f"{what} must be in {bound}, got {value}")
    return value


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def load_layers(directory: str) -> list[tuple[str, np.ndarray]]:
    if not os.path.isdir(directory):
        raise InputError(f"{directory!r} is not a directory")
    manifest_path = os.path.join(directory, "layers.json")
    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
    except FileNotFoundError:
        raise InputError(f"{manifest_path} not found") from None
    except (OSError, ValueError) as e:
        raise InputError(f"cannot read {manifest_path}: {e}") from None
    entries = manifest.get("layers") if isinstance(manifest, dict) else None
    if not isinstance(entries, list) or not entries:
        raise InputError(f'{manifest_path}: expected {{"layers": [...]}} with at least one layer')
    layers = []
    for i, entry in enumerate(entries):
        where = f"{manifest_path}: layers[{i}]"
        if not isinstance(entry, dict):
            raise InputError(f"{where} is not an object")
        name, file = entry.get("name"), entry.get("file")
        filters, length = entry.get("filters"), entry.get("length")
        if not isinstance(name, str) or not name:
            raise InputError(f'{where}: "name" must be a non-empty string')
        where = f"{manifest_path}: layer {name!r}"
        if not isinstance(file, str) or not file:
            raise InputError(f'{where}: "file" must be a non-empty string')
        if os.path.isabs(file) or ".." in file.replace("\\", "/").split("/"):
            raise InputError(f'{where}: "file" must be a path inside {directory!r}, got {file!r}')
        if not is_int(filters) or filters < 1 or not is_int(length) or length < 1:
            raise InputError(f'{where}: "filters" and "length" must be positive integers')
        path = os.path.join(directory, file)
        try:
            array = np.load(path, allow_pickle=False)
        except FileNotFoundError:
            raise InputError(f"{where}: {path} not found") from None
        except (OSError, ValueError) as e:
            raise InputError(f"{where}: cannot read {path} as .npy: {e}") from None
        if not isinstance(array, np.ndarray) or array.dtype.kind != "f" or array.dtype.itemsize != 4:
            raise InputError(f"{where}: {path} must hold float32, got {getattr(array, 'dtype', type(array))}")
        if array.shape != (filters, length):
            raise InputError(f"{where}: {path} has shape {array.shape}, expected ({filters}, {length})")
        array = np.ascontiguousarray(array, dtype=np.float32)  # native byte order
        if not np.isfinite(array).all():
            raise InputError(f"{where}: {path} contains NaN or infinite weights")
        layers.append((name, array))
    return layers


def main(argv: list[str]) -> int:
    if len(argv) not in (4, 5) or (len(argv) == 5 and argv[4] not in ("table", "levels")):
        print(f"usage: python3 {argv[0]} DIR N G [table|levels]", file=sys.stderr)
        return 2
    method = argv[4] if len(argv) == 5 else "table"
    try:
        bits = parse_positive_int(argv[2], "N (bits per weight)", 1, MAGNITUDE_BITS)
        group_size = parse_positive_int(argv[3], "G (group size)", 1)
        layers = load_layers(argv[1])
    except InputError as e:
        print(f"numpy_brute_force: {e}", file=sys.stderr)
        return 2

    start = time.perf_counter()
    sets = shift_sets(bits)
    table = nearest_table(sets)
    by_levels = sets if method == "levels" else None
    results = [(name, layer_sse(weights, group_size, table, by_levels)) for name, weights in layers]
    seconds = time.perf_counter() - start

    total = math.fsum(sse for _, sse in results)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "sse": total,
                "layers": [{"name": name, "sse": sse} for name, sse in results],
                "numpy": np.__version__,
                "method": method,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

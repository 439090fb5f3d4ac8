import { mulberry32 } from '@swis-dse/swis-core';
import { describe, expect, it } from 'vitest';
import { Arena } from '../src/index.js';
import { col2im, convOutputSize, im2col } from '../src/layers/im2col.js';

function filled(arena: Arena, length: number, random: () => number): Float32Array {
  const t = arena.alloc(length);
  for (let i = 0; i < length; i++) t[i] = random() * 2 - 1;
  return t;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

describe('Arena kernels against plain loops', () => {
  // Shapes with every remainder: rows and columns not multiples of 4, a single row, a single column.
  it.each([
    [1, 1, 1],
    [3, 5, 7],
    [9, 10, 128],
    [130, 24, 96],
    [5, 4, 300],
  ])('gemm and gemmTransA for m=%i n=%i k=%i (accumulating)', (m, n, k) => {
    const random = mulberry32(m * 1000 + n * 10 + k);
    const arena = new Arena(4 * (m * k + k * n + 2 * m * n + k * m) + 64);
    const a = filled(arena, m * k, random);
    const b = filled(arena, k * n, random);
    const c = filled(arena, m * n, random);
    const product = new Float64Array(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++)
        for (let p = 0; p < k; p++) product[i * n + j]! += a[i * k + p]! * b[p * n + j]!;
    const expected = product.map((v, i) => v + c[i]!);
    arena.gemm(m, n, k, a, b, c);
    expect(maxDiff(c, expected)).toBeLessThan(1e-4);

    // A^T B with A stored [k x m]: transpose a into at.
    const at = arena.alloc(k * m);
    for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) at[p * m + i] = a[i * k + p]!;
    const c2 = arena.alloc(m * n);
    arena.gemmTransA(m, n, k, at, b, c2);
    expect(maxDiff(c2, product)).toBeLessThan(1e-4);
  });

  it.each([1, 2])('depthwise 3x3 forward and backward, stride %i, padding 1', (stride) => {
    const random = mulberry32(stride);
    const [n, h, w, ch] = [2, 7, 6, 8];
    const oh = Math.floor((h - 1) / stride) + 1;
    const ow = Math.floor((w - 1) / stride) + 1;
    const arena = new Arena(20_000);
    const x = filled(arena, n * h * w * ch, random);
    const wt = filled(arena, 9 * ch, random);
    const dy = filled(arena, n * oh * ow * ch, random);
    const y = arena.alloc(dy.length);
    const dx = arena.alloc(x.length);
    const dw = arena.alloc(wt.length);
    const g = {
      batch: n,
      height: h,
      width: w,
      channels: ch,
      kernel: [3, 3] as const,
      stride,
      padding: [1, 1] as const,
      outHeight: oh,
      outWidth: ow,
    };
    arena.depthwiseForward(g, x, wt, y);
    arena.depthwiseBackward(g, { x, w: wt, dy, dx, dw });
    const ry = new Float64Array(y.length);
    const rdx = new Float64Array(dx.length);
    const rdw = new Float64Array(dw.length);
    for (let b = 0; b < n; b++)
      for (let oy = 0; oy < oh; oy++)
        for (let ox = 0; ox < ow; ox++)
          for (let r = 0; r < 3; r++)
            for (let q = 0; q < 3; q++) {
              const iy = oy * stride + r - 1;
              const ix = ox * stride + q - 1;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              for (let c = 0; c < ch; c++) {
                const xi = ((b * h + iy) * w + ix) * ch + c;
                const wi = (r * 3 + q) * ch + c;
                const yi = ((b * oh + oy) * ow + ox) * ch + c;
                ry[yi]! += x[xi]! * wt[wi]!;
                rdx[xi]! += dy[yi]! * wt[wi]!;
                rdw[wi]! += dy[yi]! * x[xi]!;
              }
            }
    expect(maxDiff(y, ry)).toBeLessThan(1e-5);
    expect(maxDiff(dx, rdx)).toBeLessThan(1e-5);
    expect(maxDiff(dw, rdw)).toBeLessThan(1e-4);
  });

  it('batch-norm statistics and the affine map, with a scalar channel tail', () => {
    const random = mulberry32(3);
    const [rows, channels] = [37, 6];
    const arena = new Arena(2000);
    const z = filled(arena, rows * channels, random);
    const center = filled(arena, channels, random);
    const sums = arena.alloc(channels);
    const products = arena.alloc(channels);
    arena.columnSums(rows, z, sums);
    arena.centeredProducts(rows, z, center, z, products);
    for (let c = 0; c < channels; c++) {
      let s = 0;
      let p = 0;
      for (let r = 0; r < rows; r++) {
        s += z[r * channels + c]!;
        p += (z[r * channels + c]! - center[c]!) * z[r * channels + c]!;
      }
      expect(sums[c]).toBeCloseTo(s, 4);
      expect(products[c]).toBeCloseTo(p, 4);
    }
    const [a, b, d] = [
      filled(arena, channels, random),
      filled(arena, channels, random),
      filled(arena, channels, random),
    ];
    const y = arena.alloc(rows * channels);
    const scaled = z.map((v) => v * 9);
    const u = arena.alloc(rows * channels);
    u.set(scaled);
    arena.channelAffine(rows, { u, a, v: z, b, d }, y, true);
    for (let i = 0; i < y.length; i++) {
      const c = i % channels;
      const expected = Math.min(6, Math.max(0, a[c]! * u[i]! + b[c]! * z[i]! + d[c]!));
      expect(y[i]).toBeCloseTo(expected, 5);
    }
  });

  it('ReLU6 passes gradients only strictly inside (0, 6)', () => {
    const arena = new Arena(64);
    const out = arena.alloc(7);
    out.set([-1, 0, 0.5, 3, 5.999, 6, 7]);
    const dy = arena.alloc(7);
    dy.fill(2);
    const dx = arena.alloc(7);
    arena.relu6Backward(out, dy, dx);
    expect([...dx]).toEqual([0, 0, 2, 2, 2, 0, 0]);
  });

  it('refuses tensors from another arena or shorter than the operation needs', () => {
    const arena = new Arena(64);
    const other = new Arena(64);
    const a = arena.alloc(4);
    expect(() => arena.gemm(2, 2, 2, a, a, other.alloc(4))).toThrow(/not allocated in this arena/);
    expect(() => arena.gemm(2, 2, 3, a, a, a)).toThrow(/has 4 floats, the operation needs 6/);
    expect(() => arena.alloc(100)).toThrow(/cannot hold 100 more/);
    const g = {
      batch: 1,
      height: 1,
      width: 1,
      channels: 3,
      kernel: [1, 1] as const,
      stride: 1,
      padding: [0, 0] as const,
      outHeight: 1,
      outWidth: 1,
    };
    expect(() => arena.depthwiseForward(g, a, a, a)).toThrow(/multiple of 4/);
  });
});

describe('im2col and col2im', () => {
  it.each([1, 2])('are adjoint (<im2col x, y> = <x, col2im y>) and zero-pad, stride %i', (stride) => {
    const random = mulberry32(10 + stride);
    const outHeight = convOutputSize(5, 3, stride);
    const outWidth = convOutputSize(6, 3, stride);
    const geometry = {
      n: 2,
      height: 5,
      width: 6,
      channels: 3,
      kernel: 3,
      stride,
      pad: 1,
      outHeight,
      outWidth,
    };
    const x = Float32Array.from({ length: 2 * 5 * 6 * 3 }, () => random() - 0.5);
    const cols = new Float32Array(2 * geometry.outHeight * geometry.outWidth * 27).fill(9);
    const y = Float32Array.from({ length: cols.length }, () => random() - 0.5);
    im2col(geometry, x, cols);
    // Output pixel (0, 0)'s first tap (r = 0, q = 0) lies in the padding.
    expect([...cols.subarray(0, 3)]).toEqual([0, 0, 0]);
    expect([...cols.subarray(4 * 3, 5 * 3)]).toEqual([...x.subarray(0, 3)]);
    const dx = new Float32Array(x.length);
    col2im(geometry, y, dx);
    const left = cols.reduce((sum, v, i) => sum + v * y[i]!, 0);
    const right = x.reduce((sum, v, i) => sum + v * dx[i]!, 0);
    expect(left).toBeCloseTo(right, 4);
  });
});

// AssemblyScript source of the training kernels (compiled to WebAssembly SIMD by `npm run build:wasm`).
// All matrices are row-major float32 in the imported memory; pointers are byte offsets. Every kernel
// accumulates (+=) into its output, so a caller zeroes an output it does not want to add to.

// @ts-ignore: decorator
@inline
function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** C[m x n] += A[m x k] * B[k x n]. Four rows of C at a time, four columns per SIMD lane group. */
export function gemm(m: i32, n: i32, k: i32, a: usize, b: usize, c: usize): void {
  const vectorCols = n & ~3;
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const a0 = at(a, i * k);
    const a1 = at(a0, k);
    const a2 = at(a1, k);
    const a3 = at(a2, k);
    const c0 = at(c, i * n);
    const c1 = at(c0, n);
    const c2 = at(c1, n);
    const c3 = at(c2, n);
    for (let j = 0; j < vectorCols; j += 4) {
      let s0 = v128.load(at(c0, j));
      let s1 = v128.load(at(c1, j));
      let s2 = v128.load(at(c2, j));
      let s3 = v128.load(at(c3, j));
      for (let p = 0; p < k; p++) {
        const bv = v128.load(at(b, p * n + j));
        s0 = f32x4.add(s0, f32x4.mul(f32x4.splat(load<f32>(at(a0, p))), bv));
        s1 = f32x4.add(s1, f32x4.mul(f32x4.splat(load<f32>(at(a1, p))), bv));
        s2 = f32x4.add(s2, f32x4.mul(f32x4.splat(load<f32>(at(a2, p))), bv));
        s3 = f32x4.add(s3, f32x4.mul(f32x4.splat(load<f32>(at(a3, p))), bv));
      }
      v128.store(at(c0, j), s0);
      v128.store(at(c1, j), s1);
      v128.store(at(c2, j), s2);
      v128.store(at(c3, j), s3);
    }
    for (let j = vectorCols; j < n; j++) {
      for (let r = 0; r < 4; r++) {
        const ar = at(a, (i + r) * k);
        let s: f32 = 0;
        for (let p = 0; p < k; p++) s += load<f32>(at(ar, p)) * load<f32>(at(b, p * n + j));
        store<f32>(at(c, (i + r) * n + j), load<f32>(at(c, (i + r) * n + j)) + s);
      }
    }
  }
  for (; i < m; i++) {
    const ai = at(a, i * k);
    for (let j = 0; j < n; j++) {
      let s: f32 = 0;
      for (let p = 0; p < k; p++) s += load<f32>(at(ai, p)) * load<f32>(at(b, p * n + j));
      store<f32>(at(c, i * n + j), load<f32>(at(c, i * n + j)) + s);
    }
  }
}

const ROW_BLOCK = 128;

/**
 * C[m x n] += A^T * B with A [k x m] and B [k x n]: the weight gradient X^T dY, where k (batch pixels) is
 * long and C is small. The k rows are taken in blocks so that a block of A and B stays in cache while every
 * part of C is updated from it.
 */
export function gemmTransA(m: i32, n: i32, k: i32, a: usize, b: usize, c: usize): void {
  const vectorCols = n & ~3;
  for (let p0 = 0; p0 < k; p0 += ROW_BLOCK) {
    const p1 = min(k, p0 + ROW_BLOCK);
    let i = 0;
    for (; i + 3 < m; i += 4) {
      const c0 = at(c, i * n);
      const c1 = at(c0, n);
      const c2 = at(c1, n);
      const c3 = at(c2, n);
      for (let j = 0; j < vectorCols; j += 4) {
        let s0 = v128.load(at(c0, j));
        let s1 = v128.load(at(c1, j));
        let s2 = v128.load(at(c2, j));
        let s3 = v128.load(at(c3, j));
        for (let p = p0; p < p1; p++) {
          const bv = v128.load(at(b, p * n + j));
          const ap = at(a, p * m + i);
          s0 = f32x4.add(s0, f32x4.mul(f32x4.splat(load<f32>(ap)), bv));
          s1 = f32x4.add(s1, f32x4.mul(f32x4.splat(load<f32>(ap, 4)), bv));
          s2 = f32x4.add(s2, f32x4.mul(f32x4.splat(load<f32>(ap, 8)), bv));
          s3 = f32x4.add(s3, f32x4.mul(f32x4.splat(load<f32>(ap, 12)), bv));
        }
        v128.store(at(c0, j), s0);
        v128.store(at(c1, j), s1);
        v128.store(at(c2, j), s2);
        v128.store(at(c3, j), s3);
      }
      for (let j = vectorCols; j < n; j++) {
        for (let r = 0; r < 4; r++) {
          let s: f32 = 0;
          for (let p = p0; p < p1; p++) s += load<f32>(at(a, p * m + i + r)) * load<f32>(at(b, p * n + j));
          store<f32>(at(c, (i + r) * n + j), load<f32>(at(c, (i + r) * n + j)) + s);
        }
      }
    }
    for (; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s: f32 = 0;
        for (let p = p0; p < p1; p++) s += load<f32>(at(a, p * m + i)) * load<f32>(at(b, p * n + j));
        store<f32>(at(c, i * n + j), load<f32>(at(c, i * n + j)) + s);
      }
    }
  }
}

/** Whether output pixel (oy, ox) sees all kh x kw taps inside the input (no padding involved). */
// @ts-ignore: decorator
@inline
function interior(oy: i32, ox: i32, h: i32, w: i32, kh: i32, kw: i32, stride: i32, padTop: i32, padLeft: i32): bool {
  const iy = oy * stride - padTop;
  const ix = ox * stride - padLeft;
  return iy >= 0 && ix >= 0 && iy + kh <= h && ix + kw <= w;
}

/**
 * Depthwise convolution, NHWC, channels a multiple of 4: y[b, oy, ox, ch] += sum over the kh x kw taps of
 * x[b, oy*stride + r - padTop, ox*stride + q - padLeft, ch] * w[r, q, ch] (taps outside the input are zero).
 * Interior pixels of a 3 x 3 kernel take an unrolled path with the nine tap offsets fixed.
 */
export function depthwiseForward(
  batch: i32, h: i32, w: i32, channels: i32, kh: i32, kw: i32, stride: i32, padTop: i32, padLeft: i32,
  oh: i32, ow: i32, x: usize, weights: usize, y: usize,
): void {
  const col = <usize>channels << 2;
  const row = <usize>(w * channels) << 2;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const out = at(y, ((b * oh + oy) * ow + ox) * channels);
        if (kh == 3 && kw == 3 && interior(oy, ox, h, w, kh, kw, stride, padTop, padLeft)) {
          const p = at(x, ((b * h + oy * stride - padTop) * w + ox * stride - padLeft) * channels);
          for (let ch = 0; ch < channels; ch += 4) {
            const o = <usize>ch << 2;
            const x0 = p + o;
            const w0 = weights + o;
            let s = v128.load(out + o);
            s = f32x4.add(s, f32x4.mul(v128.load(x0), v128.load(w0)));
            s = f32x4.add(s, f32x4.mul(v128.load(x0 + col), v128.load(w0 + col)));
            s = f32x4.add(s, f32x4.mul(v128.load(x0 + 2 * col), v128.load(w0 + 2 * col)));
            s = f32x4.add(s, f32x4.mul(v128.load(x0 + row), v128.load(w0 + 3 * col)));
            s = f32x4.add(s, f32x4.mul(v128.load(x0 + row + col), v128.load(w0 + 4 * col)));
            s = f32x4.add(s, f32x4.mul(v128.load(x0 + row + 2 * col), v128.load(w0 + 5 * col)));
            s = f32x4.add(s, f32x4.mul(v128.load(x0 + 2 * row), v128.load(w0 + 6 * col)));
            s = f32x4.add(s, f32x4.mul(v128.load(x0 + 2 * row + col), v128.load(w0 + 7 * col)));
            s = f32x4.add(s, f32x4.mul(v128.load(x0 + 2 * row + 2 * col), v128.load(w0 + 8 * col)));
            v128.store(out + o, s);
          }
          continue;
        }
        for (let r = 0; r < kh; r++) {
          const iy = oy * stride + r - padTop;
          if (iy < 0 || iy >= h) continue;
          for (let q = 0; q < kw; q++) {
            const ix = ox * stride + q - padLeft;
            if (ix < 0 || ix >= w) continue;
            const xp = at(x, ((b * h + iy) * w + ix) * channels);
            const wp = at(weights, (r * kw + q) * channels);
            for (let ch = 0; ch < channels; ch += 4) {
              const o = <usize>ch << 2;
              v128.store(out + o, f32x4.add(v128.load(out + o), f32x4.mul(v128.load(xp + o), v128.load(wp + o))));
            }
          }
        }
      }
    }
  }
}

/** Gradients of depthwiseForward: dx += dL/dx and dw += dL/dw from dy. */
export function depthwiseBackward(
  batch: i32, h: i32, w: i32, channels: i32, kh: i32, kw: i32, stride: i32, padTop: i32, padLeft: i32,
  oh: i32, ow: i32, x: usize, weights: usize, dy: usize, dx: usize, dw: usize,
): void {
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const grad = at(dy, ((b * oh + oy) * ow + ox) * channels);
        for (let r = 0; r < kh; r++) {
          const iy = oy * stride + r - padTop;
          if (iy < 0 || iy >= h) continue;
          for (let q = 0; q < kw; q++) {
            const ix = ox * stride + q - padLeft;
            if (ix < 0 || ix >= w) continue;
            const pixel = <usize>(((b * h + iy) * w + ix) * channels) << 2;
            const xp = x + pixel;
            const dxp = dx + pixel;
            const tap = <usize>((r * kw + q) * channels) << 2;
            const wp = weights + tap;
            const dwp = dw + tap;
            for (let ch = 0; ch < channels; ch += 4) {
              const o = <usize>ch << 2;
              const g = v128.load(grad + o);
              v128.store(dxp + o, f32x4.add(v128.load(dxp + o), f32x4.mul(g, v128.load(wp + o))));
              v128.store(dwp + o, f32x4.add(v128.load(dwp + o), f32x4.mul(g, v128.load(xp + o))));
            }
          }
        }
      }
    }
  }
}

// Per-channel kernels over a [rows x channels] matrix (rows = batch pixels, NHWC). Channel vectors such as
// scale, shift and sums have `channels` floats; channels need not be a multiple of 4 (a scalar tail runs).

/** out[c] += sum over rows of m[row][c]. */
export function columnSums(rows: i32, channels: i32, m: usize, out: usize): void {
  const vectorChannels = channels & ~3;
  for (let c = 0; c < vectorChannels; c += 4) {
    let s = f32x4.splat(0);
    for (let r = 0; r < rows; r++) s = f32x4.add(s, v128.load(at(m, r * channels + c)));
    v128.store(at(out, c), f32x4.add(v128.load(at(out, c)), s));
  }
  for (let c = vectorChannels; c < channels; c++) {
    let s: f32 = 0;
    for (let r = 0; r < rows; r++) s += load<f32>(at(m, r * channels + c));
    store<f32>(at(out, c), load<f32>(at(out, c)) + s);
  }
}

/** out[c] += sum over rows of (m[row][c] - center[c]) * w[row][c]. */
export function centeredProducts(rows: i32, channels: i32, m: usize, center: usize, w: usize, out: usize): void {
  // With w = m it is the centred sum of squares (variance),
  // with w = dy it is sum dy * (z - mean) (batch norm's gamma gradient, before the 1/std factor).
  const vectorChannels = channels & ~3;
  for (let c = 0; c < vectorChannels; c += 4) {
    const mu = v128.load(at(center, c));
    let s = f32x4.splat(0);
    for (let r = 0; r < rows; r++) {
      s = f32x4.add(s, f32x4.mul(f32x4.sub(v128.load(at(m, r * channels + c)), mu), v128.load(at(w, r * channels + c))));
    }
    v128.store(at(out, c), f32x4.add(v128.load(at(out, c)), s));
  }
  for (let c = vectorChannels; c < channels; c++) {
    const mu = load<f32>(at(center, c));
    let s: f32 = 0;
    for (let r = 0; r < rows; r++) s += (load<f32>(at(m, r * channels + c)) - mu) * load<f32>(at(w, r * channels + c));
    store<f32>(at(out, c), load<f32>(at(out, c)) + s);
  }
}

/**
 * y[r][c] = a[c] * u[r][c] + b[c] * v[r][c] + d[c], then clamped to [0, 6] when `clamp` is set. With b = 0 it
 * is batch norm's (or a bias's) affine map; batch norm's backward pass is the same form in dy and z.
 */
export function channelAffine(
  rows: i32, channels: i32, u: usize, a: usize, v: usize, b: usize, d: usize, y: usize, clamp: bool,
): void {
  const vectorChannels = channels & ~3;
  const zero = f32x4.splat(0);
  const six = f32x4.splat(6);
  for (let r = 0; r < rows; r++) {
    const row = r * channels;
    for (let c = 0; c < vectorChannels; c += 4) {
      let value = f32x4.add(
        f32x4.add(f32x4.mul(v128.load(at(a, c)), v128.load(at(u, row + c))), f32x4.mul(v128.load(at(b, c)), v128.load(at(v, row + c)))),
        v128.load(at(d, c)),
      );
      if (clamp) value = f32x4.min(f32x4.max(value, zero), six);
      v128.store(at(y, row + c), value);
    }
    for (let c = vectorChannels; c < channels; c++) {
      let value = load<f32>(at(a, c)) * load<f32>(at(u, row + c)) + load<f32>(at(b, c)) * load<f32>(at(v, row + c)) + load<f32>(at(d, c));
      if (clamp) value = min(max(value, 0), 6);
      store<f32>(at(y, row + c), value);
    }
  }
}

/** dx[i] = dy[i] where 0 < out[i] < 6 (ReLU6 passes a gradient), else 0. */
export function relu6Backward(length: i32, out: usize, dy: usize, dx: usize): void {
  const zero = f32x4.splat(0);
  const six = f32x4.splat(6);
  const vectorLength = length & ~3;
  for (let i = 0; i < vectorLength; i += 4) {
    const o = v128.load(at(out, i));
    const inside = v128.and(f32x4.gt(o, zero), f32x4.lt(o, six));
    v128.store(at(dx, i), v128.and(v128.load(at(dy, i)), inside));
  }
  for (let i = vectorLength; i < length; i++) {
    const o = load<f32>(at(out, i));
    store<f32>(at(dx, i), o > 0 && o < 6 ? load<f32>(at(dy, i)) : 0);
  }
}

/** y[i] = a[i] + b[i]. */
export function add(length: i32, a: usize, b: usize, y: usize): void {
  const vectorLength = length & ~3;
  for (let i = 0; i < vectorLength; i += 4) v128.store(at(y, i), f32x4.add(v128.load(at(a, i)), v128.load(at(b, i))));
  for (let i = vectorLength; i < length; i++) store<f32>(at(y, i), load<f32>(at(a, i)) + load<f32>(at(b, i)));
}

/** Geometry of a k x k convolution with symmetric zero padding over an NHWC batch. */
export interface ConvGeometry {
  readonly n: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly kernel: number;
  readonly stride: number;
  readonly pad: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

/** Output size of a k x k window with symmetric padding (k - 1) / 2. */
export function convOutputSize(size: number, kernel: number, stride: number): number {
  const pad = (kernel - 1) >> 1;
  return Math.floor((size + 2 * pad - kernel) / stride) + 1;
}

/**
 * Unfolds the input windows into rows: cols[(b, oy, ox)][(r, q, c)], so the convolution is the matrix product
 * cols x W with W laid out [r][q][c][out]. Taps outside the input are zero.
 */
export function im2col(g: ConvGeometry, x: Float32Array, cols: Float32Array): void {
  const rowLength = g.kernel * g.kernel * g.channels;
  let row = 0;
  for (let b = 0; b < g.n; b++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      for (let ox = 0; ox < g.outWidth; ox++, row++) {
        let at = row * rowLength;
        for (let r = 0; r < g.kernel; r++) {
          const iy = oy * g.stride + r - g.pad;
          for (let q = 0; q < g.kernel; q++, at += g.channels) {
            const ix = ox * g.stride + q - g.pad;
            if (iy < 0 || iy >= g.height || ix < 0 || ix >= g.width) {
              cols.fill(0, at, at + g.channels);
            } else {
              const from = ((b * g.height + iy) * g.width + ix) * g.channels;
              cols.set(x.subarray(from, from + g.channels), at);
            }
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: adds each window row of dcols back onto the input pixels it came from (dx +=). */
export function col2im(g: ConvGeometry, dcols: Float32Array, dx: Float32Array): void {
  const rowLength = g.kernel * g.kernel * g.channels;
  let row = 0;
  for (let b = 0; b < g.n; b++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      for (let ox = 0; ox < g.outWidth; ox++, row++) {
        let at = row * rowLength;
        for (let r = 0; r < g.kernel; r++) {
          const iy = oy * g.stride + r - g.pad;
          for (let q = 0; q < g.kernel; q++, at += g.channels) {
            const ix = ox * g.stride + q - g.pad;
            if (iy < 0 || iy >= g.height || ix < 0 || ix >= g.width) continue;
            const to = ((b * g.height + iy) * g.width + ix) * g.channels;
            for (let c = 0; c < g.channels; c++) dx[to + c] = dx[to + c]! + dcols[at + c]!;
          }
        }
      }
    }
  }
}

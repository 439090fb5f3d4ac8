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
 * Calls `visit(column, pixel)` for every tap of every output window that falls inside the input: `column` is
 * where the tap's channels start in the im2col matrix, `pixel` where they start in the NHWC input.
 */
function forEachTap(g: ConvGeometry, visit: (column: number, pixel: number) => void): void {
  const rowLength = g.kernel * g.kernel * g.channels;
  let row = 0;
  for (let b = 0; b < g.n; b++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      for (let ox = 0; ox < g.outWidth; ox++, row++) {
        let column = row * rowLength;
        for (let r = 0; r < g.kernel; r++) {
          const iy = oy * g.stride + r - g.pad;
          for (let q = 0; q < g.kernel; q++, column += g.channels) {
            const ix = ox * g.stride + q - g.pad;
            if (iy < 0 || iy >= g.height || ix < 0 || ix >= g.width) continue;
            visit(column, ((b * g.height + iy) * g.width + ix) * g.channels);
          }
        }
      }
    }
  }
}

/**
 * Unfolds the input windows into rows: cols[(b, oy, ox)][(r, q, c)], so the convolution is the matrix product
 * cols x W with W laid out [r][q][c][out]. Taps outside the input are zero.
 */
export function im2col(g: ConvGeometry, x: Float32Array, cols: Float32Array): void {
  cols.fill(0);
  forEachTap(g, (column, pixel) => cols.set(x.subarray(pixel, pixel + g.channels), column));
}

/** The adjoint of im2col: adds each window row of dcols back onto the input pixels it came from (dx +=). */
export function col2im(g: ConvGeometry, dcols: Float32Array, dx: Float32Array): void {
  forEachTap(g, (column, pixel) => {
    for (let c = 0; c < g.channels; c++) dx[pixel + c] = dx[pixel + c]! + dcols[column + c]!;
  });
}

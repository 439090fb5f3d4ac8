/** File-name helpers that work on both POSIX and Windows paths without pulling in node:path. */

/** The last component of `file`, e.g. `conv1.npy` for `models/conv1.npy`. */
export function baseName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}

/** The base name without its last extension, e.g. `conv1` for `models/conv1.npy`; never empty. */
export function stemName(file: string): string {
  const base = baseName(file);
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base) || 'model';
}

/** An accuracy as a percentage with two decimals. */
export function percent(accuracy: number): string {
  return (accuracy * 100).toFixed(2);
}

/** A Markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

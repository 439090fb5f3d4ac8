/** Where a command writes; injected so tests can capture output without spawning a process. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * A live status line for long steps (`eyecare local up`): rewritten in place on a terminal's
 * stderr, so the step lines on stdout stay clean; silent when stderr is not a terminal (CI logs,
 * pipes, tests), where only the finished steps are printed.
 */
export class StatusLine {
  private shown = false;

  constructor(private readonly stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY' | 'columns'> = process.stderr) {}

  /** Replaces the line with `text`, cut to the terminal's width. */
  show(text: string): void {
    if (!this.stream.isTTY) return;
    const width = Math.max(20, (this.stream.columns || 100) - 1); // 0 or unset: width unknown
    this.stream.write(`\r\x1b[K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    this.shown = true;
  }

  /** Removes the line, before a finished step is printed in its place. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}

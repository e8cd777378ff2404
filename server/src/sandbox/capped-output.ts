/**
 * A command's stdout or stderr kept up to a byte cap, so a chatty check
 * cannot exhaust the server's memory (ExecOptions.maxOutputBytes). Shared by
 * every driver's exec.
 */
export class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    if (this.bytes < this.max) this.chunks.push(chunk.subarray(0, this.max - this.bytes));
    this.bytes += chunk.length;
  }

  /** More arrived than was kept. */
  get truncated(): boolean {
    return this.bytes > this.max;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

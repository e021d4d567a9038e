/**
 * Work run every intervalMs, one pass at a time (a pass that outlasts the interval is not run
 * twice at once), whose failures go to onError and leave the next pass to retry. The timer keeps
 * no process alive; stop() waits for the pass in flight.
 */
export class PeriodicPass {
  private timer?: NodeJS.Timeout;
  private pass: Promise<void> = Promise.resolve();

  constructor(
    private readonly work: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.run(), intervalMs);
    this.timer.unref();
  }

  /** One pass, after the one running, if any; resolves when it is done. */
  run(): Promise<void> {
    this.pass = this.pass.then(this.work).catch(this.onError);
    return this.pass;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pass;
  }
}

import { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppLogger } from './logger';
import { PeriodicPass } from './periodic-pass';

/**
 * A pass that re-drives from the event store what the bus lost, run every intervalMs from the
 * application's start until its shutdown, which waits for the pass in flight. A failed pass is
 * logged and left to the next one.
 */
export abstract class Reconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly passes: PeriodicPass;

  protected constructor(
    what: string,
    private readonly intervalMs: number,
    logger: AppLogger,
  ) {
    this.passes = new PeriodicPass(
      () => this.pass(),
      (e) => logger.warn(`${what} reconciliation failed; the next pass retries`, { error: (e as Error).message }),
    );
  }

  protected abstract pass(): Promise<void>;

  onApplicationBootstrap(): void {
    this.passes.start(this.intervalMs);
  }

  onModuleDestroy(): Promise<void> {
    return this.passes.stop();
  }

  /** One pass, after the one running, if any; resolves when it is done. */
  reconcile(): Promise<void> {
    return this.passes.run();
  }
}

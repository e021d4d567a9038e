import { Client } from 'pg';
import { parseNotification, READ_MODEL_CHANNEL, ReadModelUpdates } from '@certplane/read-model';

export interface ReadModelListenerLogger {
  warn(message: string, context?: object): void;
  info(message: string, context?: object): void;
}

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 10_000;

/**
 * Turns the projector processes' NOTIFYs into wakes of this process's readers, on a connection of
 * its own (a LISTEN holds its session). While it is away readers poll as they would without it,
 * and when it is back every reader is woken once, since changes may have gone by unheard.
 */
export class ReadModelListener {
  private client?: Client;
  private stopped = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer?: NodeJS.Timeout;
  private lostLogged = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly updates: ReadModelUpdates,
    private readonly logger: ReadModelListenerLogger,
  ) {}

  /** Resolves once listening, or after the first failed attempt (retries go on in the background). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    this.updates.listenerConnected(false);
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'certplane read-model listener',
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (n) => {
      const change = n.payload === undefined ? undefined : parseNotification(n.payload);
      if (change) this.updates.changed(change.streamIds, change.typesByStream);
      else this.updates.wakeAll();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${READ_MODEL_CHANNEL}`);
    } catch (e) {
      await client.end().catch(() => undefined);
      if (!this.lostLogged)
        this.logger.warn('cannot listen for read model changes; readers poll until it can', {
          error: (e as Error).message,
        });
      this.lostLogged = true;
      this.retry();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = RETRY_MIN_MS;
    this.updates.listenerConnected(true);
    if (this.lostLogged) this.logger.info('listening for read model changes again');
    this.lostLogged = false;
    // Whatever committed before the LISTEN took effect was not heard: readers look again.
    this.updates.wakeAll();
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.updates.listenerConnected(false);
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn('lost the read model change listener; readers poll until it is back');
    this.lostLogged = true;
    this.retry();
  }

  private retry(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
  }
}

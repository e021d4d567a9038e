import { DataSource } from 'typeorm';
import { DeadLetter } from '@certplane/messaging';

/** Messages no handler could take, kept in Postgres where operators can inspect and replay them. */
export class DeadLetterStore {
  constructor(private readonly ds: DataSource) {}

  readonly record = async (dl: DeadLetter): Promise<void> => {
    await this.ds.query(
      `INSERT INTO dead_letters (consumer, subject, msg_id, headers, payload, error, delivery_count) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        dl.consumer,
        dl.subject,
        dl.msgId ?? null,
        JSON.stringify(dl.headers),
        Buffer.from(dl.data),
        dl.error.slice(0, 2000),
        dl.deliveryCount,
      ],
    );
  };

  async list(
    consumer?: string,
  ): Promise<Array<{ consumer: string; subject: string; msgId: string | null; error: string; deliveryCount: number }>> {
    const rows = await this.ds.query(
      `SELECT consumer, subject, msg_id, error, delivery_count FROM dead_letters WHERE ($1::text IS NULL OR consumer = $1) ORDER BY id`,
      [consumer ?? null],
    );
    return rows.map((r: any) => ({
      consumer: r.consumer,
      subject: r.subject,
      msgId: r.msg_id,
      error: r.error,
      deliveryCount: r.delivery_count,
    }));
  }
}

import { Client } from 'pg';
import { connect } from 'node:net';
import { softHsmModule, softHsmStore } from './softhsm';
import { testServices } from './test-services';

/** Fail the run at once, with the reason, when the real services the integration tests need are not up. */
export default async function globalSetup(): Promise<void> {
  // Before the workers start, so they inherit it (see softHsmStore).
  if (softHsmModule() && !process.env.SOFTHSM2_CONF) process.env.SOFTHSM2_CONF = softHsmStore();
  const { postgresAdminUrl, natsHost, natsPort } = testServices();
  const pg = new Client({ connectionString: postgresAdminUrl });
  try {
    await pg.connect();
    await pg.query('select 1');
  } catch (e) {
    throw new Error(
      `Integration tests need PostgreSQL at ${postgresAdminUrl} (.ci/run starts it): ${(e as Error).message}`,
    );
  } finally {
    await pg.end().catch(() => undefined);
  }
  await new Promise<void>((resolve, reject) => {
    const socket = connect(natsPort, natsHost, () => {
      socket.destroy();
      resolve();
    });
    socket.on('error', (e) =>
      reject(
        new Error(
          `Integration tests need NATS with JetStream at ${natsHost}:${natsPort} (.ci/run starts it): ${e.message}`,
        ),
      ),
    );
  });
}

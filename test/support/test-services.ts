/** Where the integration tests find the machine's shared services (overridable for other hosts). */
export function testServices() {
  return {
    postgresAdminUrl: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    natsUrl: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
    natsHost: process.env.TEST_NATS_HOST ?? '127.0.0.1',
    natsPort: Number(process.env.TEST_NATS_PORT ?? 4222),
  };
}

import { ClientRepository, PostgresEventStore } from '@certplane/event-store';
import { CertplaneMetrics } from '@certplane/observability';

/**
 * The cert-issuer produces a certificate inside the client's decision: the aggregate says one is
 * needed, the key is made (or the CSR read), the certificate signed and linted, and the decision
 * is CertificateIssued. Timing the decisions that end in CertificateIssued times exactly that,
 * without the loading before or the append after, and without the issuer knowing of metrics.
 */
export class SigningTimedClientRepository extends ClientRepository {
  constructor(
    store: PostgresEventStore,
    private readonly metrics: CertplaneMetrics,
  ) {
    super(store);
  }

  override update(
    ...[clientId, decide, ...rest]: Parameters<ClientRepository['update']>
  ): ReturnType<ClientRepository['update']> {
    const timed: typeof decide = async (client) => {
      const stop = this.metrics.signingDuration.startTimer();
      const decision = await decide(client);
      if (decision.events.some((e) => e.type === 'CertificateIssued')) stop();
      return decision;
    };
    return super.update(clientId, timed, ...rest);
  }
}

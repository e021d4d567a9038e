import { EventOf } from '../shared/event-registry';
import { TunnelEvent } from './tunnel-events';
import { assertDns1123Label } from '../namespace/dns-1123-label';
import { assertValidNamespaceName } from '../namespace/namespace-name';
import { assertValidTcpPorts, samePorts } from './tcp-ports';
import { TunnelNotFoundError } from './tunnel.errors';
import { TunnelCreated } from './events/tunnel-created.event';
import { TunnelUpdated } from './events/tunnel-updated.event';
import { TunnelTokenRotated } from './events/tunnel-token-rotated.event';
import { TunnelDeleted, TunnelDeletionReason } from './events/tunnel-deleted.event';

export const INVALID_TUNNEL_NAME = 'INVALID_NAME';

export interface CreateTunnelInput {
  tunnelId: string;
  name: unknown;
  namespace: unknown;
  tcpPorts: unknown;
}

/** A tunnel's name and namespace, validated in the order the API reports them. */
export function assertTunnelRef(input: {
  name: unknown;
  namespace: unknown;
}): asserts input is { name: string; namespace: string } {
  assertDns1123Label(input.name, 'name', INVALID_TUNNEL_NAME);
  assertValidNamespaceName(input.namespace);
}

/**
 * One incarnation of a tunnel as an event stream. Methods decide and return the events to
 * append, never mutate. Name uniqueness and the namespace's existence span streams, so the
 * registry enforces them in the append transaction. `created` is when TunnelCreated was
 * recorded, when the history carries timestamps.
 */
export class Tunnel {
  private constructor(
    readonly id: string,
    readonly version: number,
    readonly namespace: string,
    readonly name: string,
    readonly tcpPorts: readonly number[],
    readonly deleted: boolean,
    readonly created: Date | undefined,
  ) {}

  static create(input: CreateTunnelInput): [EventOf<typeof TunnelCreated>] {
    const ref = { name: input.name, namespace: input.namespace };
    assertTunnelRef(ref);
    assertValidTcpPorts(input.tcpPorts);
    return [
      TunnelCreated.create({
        tunnelId: input.tunnelId,
        namespace: ref.namespace,
        name: ref.name,
        tcpPorts: [...input.tcpPorts],
      }),
    ];
  }

  static fromHistory(tunnelId: string, history: readonly (TunnelEvent & { recordedAt?: Date })[]): Tunnel {
    const first = history[0];
    if (!first || first.type !== TunnelCreated.type) throw new TunnelNotFoundError(tunnelId);
    const d = first.data;
    const created = new Tunnel(d.tunnelId, 1, d.namespace, d.name, d.tcpPorts, false, first.recordedAt);
    return history.slice(1).reduce((t, e) => t.apply(e), created);
  }

  /** PUT semantics: the ports are replaced; the same ports again decide nothing. */
  replacePorts(tcpPorts: unknown): TunnelEvent[] {
    this.assertLive();
    assertValidTcpPorts(tcpPorts);
    if (samePorts(this.tcpPorts, tcpPorts)) return [];
    return [
      TunnelUpdated.create({ tunnelId: this.id, namespace: this.namespace, name: this.name, tcpPorts: [...tcpPorts] }),
    ];
  }

  /** The new token itself is sealed by the caller in the same transaction; the event only says it changed. */
  rotateToken(): TunnelEvent[] {
    this.assertLive();
    return [TunnelTokenRotated.create({ tunnelId: this.id, namespace: this.namespace, name: this.name })];
  }

  delete(reason: TunnelDeletionReason): TunnelEvent[] {
    this.assertLive();
    return [TunnelDeleted.create({ tunnelId: this.id, namespace: this.namespace, name: this.name, reason })];
  }

  private assertLive(): void {
    if (this.deleted) throw new TunnelNotFoundError(this.name, this.namespace);
  }

  private apply(e: TunnelEvent): Tunnel {
    const next = (changes: { tcpPorts?: readonly number[]; deleted?: boolean }) =>
      new Tunnel(
        this.id,
        this.version + 1,
        this.namespace,
        this.name,
        changes.tcpPorts ?? this.tcpPorts,
        changes.deleted ?? this.deleted,
        this.created,
      );
    switch (e.type) {
      case TunnelUpdated.type:
        return next({ tcpPorts: e.data.tcpPorts });
      case TunnelDeleted.type:
        return next({ deleted: true });
      default:
        // TunnelTokenRotated, and types this version does not know, still count towards the stream version.
        return next({});
    }
  }
}

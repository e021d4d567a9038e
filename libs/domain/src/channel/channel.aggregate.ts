import { EventOf } from '../shared/event-registry';
import { ChannelEvent } from './channel-events';
import { assertValidTags, Tags } from '../client/client-tags';
import { assertValidMetadata, Metadata } from '../client/client-metadata';
import { changedLabels } from '../client/labels-patch';
import { assertValidChannelName, assertValidRoute } from './channel-fields';
import { ChannelNotFoundError, ConnectionAlreadyExistsError, ConnectionNotFoundError } from './channel.errors';
import { CONNECTION_TYPES, ConnectionRequest, ConnectionType } from './connection';
import { ChannelCreated, ChannelCreatedData } from './events/channel-created.event';
import { ChannelUpdated, ChannelUpdatedData } from './events/channel-updated.event';
import { ChannelDeleted } from './events/channel-deleted.event';
import { ClientsConnected } from './events/clients-connected.event';
import { ClientsDisconnected } from './events/clients-disconnected.event';

export interface CreateChannelInput {
  channelId: string;
  name: unknown;
  tags?: unknown;
  metadata?: unknown;
  route?: unknown;
}

/** PATCH: undefined leaves a field as it is; a null route removes it. */
export interface ChannelPatch {
  name?: unknown;
  tags?: unknown;
  metadata?: unknown;
  route?: unknown;
}

/** Client id → the types it is connected with. */
export type Connections = ReadonlyMap<string, ReadonlySet<ConnectionType>>;

/**
 * A channel and its connections as one event stream: the channel owns its connections, so every
 * connect and disconnect is decided on one stream's version and two of them cannot both pass on
 * the same state. A client's deletion reaches its channels as ClientsDisconnected appended to
 * each of them in the deletion's own transaction (ChannelRepository.disconnectEverywhere).
 */
export class Channel {
  private constructor(
    readonly id: string,
    readonly version: number,
    readonly name: string,
    readonly tags: Tags,
    readonly metadata: Metadata,
    readonly route: string | undefined,
    readonly connections: Connections,
    readonly deleted: boolean,
    readonly created: Date | undefined,
    readonly updated: Date | undefined,
  ) {}

  static create(input: CreateChannelInput): [EventOf<typeof ChannelCreated>] {
    assertValidChannelName(input.name);
    const tags = input.tags === undefined ? [] : assertValidTags(input.tags);
    const metadata = input.metadata === undefined ? {} : assertValidMetadata(input.metadata);
    if (input.route !== undefined) assertValidRoute(input.route);
    const data: ChannelCreatedData = {
      channelId: input.channelId,
      name: input.name,
      tags,
      metadata,
      ...(input.route !== undefined ? { route: input.route } : {}),
    };
    return [ChannelCreated.create(data)];
  }

  static fromHistory(channelId: string, history: readonly (ChannelEvent & { recordedAt?: Date })[]): Channel {
    const first = history[0];
    if (!first || first.type !== ChannelCreated.type) throw new ChannelNotFoundError();
    const d = first.data;
    const created = new Channel(
      d.channelId,
      1,
      d.name,
      d.tags,
      d.metadata,
      d.route,
      new Map(),
      false,
      first.recordedAt,
      first.recordedAt,
    );
    return history.slice(1).reduce((c, e) => c.apply(e), created);
  }

  /** The client ids connected with `type`, or with any type. */
  clientsOf(type?: ConnectionType): string[] {
    return [...this.connections]
      .filter(([, types]) => type === undefined || types.has(type))
      .map(([clientId]) => clientId);
  }

  update(patch: ChannelPatch): ChannelEvent[] {
    this.assertLive();
    const changes: Omit<ChannelUpdatedData, 'channelId'> = {};
    if (patch.name !== undefined) {
      assertValidChannelName(patch.name);
      if (patch.name !== this.name) changes.name = patch.name;
    }
    Object.assign(changes, changedLabels(patch, this));
    if (patch.route !== undefined) {
      if (patch.route !== null) assertValidRoute(patch.route);
      if ((patch.route ?? undefined) !== this.route) changes.route = patch.route;
    }
    return Object.keys(changes).length === 0 ? [] : [ChannelUpdated.create({ channelId: this.id, ...changes })];
  }

  /** All or nothing: one pair that exists already refuses the whole request. */
  connect(request: ConnectionRequest): ChannelEvent[] {
    this.assertLive();
    for (const clientId of request.clientIds) {
      for (const type of request.types)
        if (this.connections.get(clientId)?.has(type)) throw new ConnectionAlreadyExistsError(clientId, type);
    }
    return [ClientsConnected.create({ channelId: this.id, clientIds: request.clientIds, types: request.types })];
  }

  /** All or nothing: one pair that does not exist refuses the whole request. */
  disconnect(request: ConnectionRequest): ChannelEvent[] {
    this.assertLive();
    for (const clientId of request.clientIds) {
      for (const type of request.types)
        if (!this.connections.get(clientId)?.has(type)) throw new ConnectionNotFoundError(clientId, type);
    }
    return [
      ClientsDisconnected.create({
        channelId: this.id,
        clientIds: request.clientIds,
        types: request.types,
        reason: 'disconnected',
      }),
    ];
  }

  /** What a client's deletion appends here: nothing for a deleted channel or a client it does not connect. */
  disconnectDeletedClient(clientId: string): ChannelEvent[] {
    const types = this.connections.get(clientId);
    if (this.deleted || !types || types.size === 0) return [];
    return [
      ClientsDisconnected.create({
        channelId: this.id,
        clientIds: [clientId],
        types: CONNECTION_TYPES.filter((t) => types.has(t)),
        reason: 'client-deleted',
      }),
    ];
  }

  /** Ends every connection, one event per type, then the channel. */
  delete(): ChannelEvent[] {
    this.assertLive();
    const ended = CONNECTION_TYPES.map((type) => ({ type, clientIds: this.clientsOf(type) })).filter(
      (c) => c.clientIds.length > 0,
    );
    return [
      ...ended.map(({ type, clientIds }) =>
        ClientsDisconnected.create({ channelId: this.id, clientIds, types: [type], reason: 'channel-deleted' }),
      ),
      ChannelDeleted.create({ channelId: this.id }),
    ];
  }

  private assertLive(): void {
    if (this.deleted) throw new ChannelNotFoundError();
  }

  private apply(e: ChannelEvent & { recordedAt?: Date }): Channel {
    const next = (
      changes: Partial<Pick<Channel, 'name' | 'tags' | 'metadata' | 'route' | 'connections' | 'deleted'>>,
    ) =>
      new Channel(
        this.id,
        this.version + 1,
        changes.name ?? this.name,
        changes.tags ?? this.tags,
        changes.metadata ?? this.metadata,
        'route' in changes ? changes.route : this.route,
        changes.connections ?? this.connections,
        changes.deleted ?? this.deleted,
        this.created,
        e.recordedAt ?? this.updated,
      );
    switch (e.type) {
      case ChannelUpdated.type: {
        const d = e.data;
        return next({
          name: d.name,
          tags: d.tags,
          metadata: d.metadata,
          ...(d.route !== undefined ? { route: d.route ?? undefined } : {}),
        });
      }
      case ClientsConnected.type: {
        const d = e.data;
        return next({ connections: withPairs(this.connections, d.clientIds, d.types, true) });
      }
      case ClientsDisconnected.type: {
        const d = e.data;
        return next({ connections: withPairs(this.connections, d.clientIds, d.types, false) });
      }
      case ChannelDeleted.type:
        return next({ deleted: true, connections: new Map() });
      default:
        return next({});
    }
  }
}

function withPairs(
  connections: Connections,
  clientIds: readonly string[],
  types: readonly ConnectionType[],
  add: boolean,
): Connections {
  const out = new Map(connections);
  for (const clientId of clientIds) {
    const set = new Set(out.get(clientId) ?? []);
    for (const t of types) {
      if (add) set.add(t);
      else set.delete(t);
    }
    if (set.size === 0) out.delete(clientId);
    else out.set(clientId, set);
  }
  return out;
}

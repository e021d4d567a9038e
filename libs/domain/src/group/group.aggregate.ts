import { EventOf } from '../shared/event-registry';
import { GroupEvent } from './group-events';
import { assertValidMetadata, Metadata } from '../client/client-metadata';
import { assertValidChannelName } from '../channel/channel-fields';
import { GroupCycleError, GroupNotFoundError, InvalidGroupError } from './group.errors';
import { isGroupId } from './group-id';
import { GroupCreated, GroupCreatedData } from './events/group-created.event';
import { GroupParentChanged } from './events/group-parent-changed.event';
import { GroupDeleted } from './events/group-deleted.event';

/** A parent named in a body: a group id, or null for none. */
export function assertParentGroupId(value: unknown, field = 'parent_group_id'): string | null {
  if (value === null) return null;
  if (!isGroupId(value)) throw new InvalidGroupError(`${field} must be a group id (32 lowercase hex) or null`);
  return value;
}

/**
 * A group and its place in the hierarchy. That a parent exists and is no descendant is for the
 * write side to say (GroupRegistry, under one lock): it spans groups, which no single stream holds.
 * The group decides only what concerns itself: it is live, and cannot be its own parent.
 */
export class Group {
  private constructor(
    readonly id: string,
    readonly version: number,
    readonly name: string,
    readonly metadata: Metadata,
    readonly parentId: string | undefined,
    readonly deleted: boolean,
    readonly created: Date | undefined,
    readonly updated: Date | undefined,
  ) {}

  static create(input: {
    groupId: string;
    name: unknown;
    metadata?: unknown;
    parentId?: unknown;
  }): [EventOf<typeof GroupCreated>] {
    assertValidChannelName(input.name);
    const metadata = input.metadata === undefined ? {} : assertValidMetadata(input.metadata);
    const parentId = input.parentId === undefined ? null : assertParentGroupId(input.parentId);
    const data: GroupCreatedData = {
      groupId: input.groupId,
      name: input.name,
      metadata,
      ...(parentId !== null ? { parentId } : {}),
    };
    return [GroupCreated.create(data)];
  }

  static fromHistory(groupId: string, history: readonly (GroupEvent & { recordedAt?: Date })[]): Group {
    const first = history[0];
    if (!first || first.type !== GroupCreated.type) throw new GroupNotFoundError();
    const d = first.data;
    const created = new Group(d.groupId, 1, d.name, d.metadata, d.parentId, false, first.recordedAt, first.recordedAt);
    return history.slice(1).reduce((g, e) => g.apply(e), created);
  }

  setParent(parentId: string | null): GroupEvent[] {
    this.assertLive();
    if (parentId === this.id) throw new GroupCycleError();
    if ((parentId ?? undefined) === this.parentId) return [];
    return [GroupParentChanged.create({ groupId: this.id, parentId })];
  }

  delete(): GroupEvent[] {
    this.assertLive();
    return [GroupDeleted.create({ groupId: this.id })];
  }

  assertLive(): void {
    if (this.deleted) throw new GroupNotFoundError();
  }

  private apply(e: GroupEvent & { recordedAt?: Date }): Group {
    const next = (parentId: string | undefined, deleted: boolean) =>
      new Group(
        this.id,
        this.version + 1,
        this.name,
        this.metadata,
        parentId,
        deleted,
        this.created,
        e.recordedAt ?? this.updated,
      );
    switch (e.type) {
      case GroupParentChanged.type:
        return next(e.data.parentId ?? undefined, this.deleted);
      case GroupDeleted.type:
        return next(this.parentId, true);
      default:
        return next(this.parentId, this.deleted);
    }
  }
}

import { EventOf } from '../shared/event-registry';
import { NamespaceEvent } from './namespace-events';
import { assertCreatableNamespaceName } from './namespace-name';
import { assertValidAnnotations, assertValidLabels, Annotations, Labels } from './labels';
import { NamespaceNotFoundError } from './namespace.errors';
import { NamespaceCreated } from './events/namespace-created.event';
import { NamespaceDeleted } from './events/namespace-deleted.event';

export interface CreateNamespaceInput {
  namespaceId: string;
  name: unknown;
  labels?: unknown;
  annotations?: unknown;
}

/**
 * One incarnation of a namespace. Whether a name is free and whether the namespace still holds
 * tunnels are facts about other streams; the registries decide those in the append transaction.
 */
export class Namespace {
  private constructor(
    readonly id: string,
    readonly version: number,
    readonly name: string,
    readonly labels: Labels,
    readonly annotations: Annotations,
    readonly deleted: boolean,
  ) {}

  static create(
    input: CreateNamespaceInput,
    extraReserved: readonly string[] = [],
  ): [EventOf<typeof NamespaceCreated>] {
    assertCreatableNamespaceName(input.name, extraReserved);
    const labels = assertValidLabels(input.labels);
    const annotations = assertValidAnnotations(input.annotations);
    return [NamespaceCreated.create({ namespaceId: input.namespaceId, name: input.name, labels, annotations })];
  }

  static fromHistory(namespaceId: string, history: readonly NamespaceEvent[]): Namespace {
    const [first] = history;
    if (!first || first.type !== NamespaceCreated.type) throw new NamespaceNotFoundError(namespaceId);
    const d = first.data;
    const created = new Namespace(d.namespaceId, 1, d.name, d.labels, d.annotations, false);
    return history.slice(1).reduce((ns, e) => ns.apply(e), created);
  }

  delete(): NamespaceEvent[] {
    if (this.deleted) throw new NamespaceNotFoundError(this.name);
    return [NamespaceDeleted.create({ namespaceId: this.id, name: this.name })];
  }

  private apply(e: NamespaceEvent): Namespace {
    // Event types this version does not know still count towards the stream version.
    return new Namespace(
      this.id,
      this.version + 1,
      this.name,
      this.labels,
      this.annotations,
      this.deleted || e.type === NamespaceDeleted.type,
    );
  }
}

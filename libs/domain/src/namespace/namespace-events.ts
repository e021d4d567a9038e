import { EventOf } from '../shared/event-registry';
import { NamespaceCreated } from './events/namespace-created.event';
import { NamespaceDeleted } from './events/namespace-deleted.event';

export const NAMESPACE_EVENTS = [NamespaceCreated, NamespaceDeleted] as const;

/** Every event of a namespace, its payload typed by its name: a switch on `type` narrows `data`. */
export type NamespaceEvent = EventOf<(typeof NAMESPACE_EVENTS)[number]>;

import { NamespaceCreated } from './events/namespace-created.event';
import { NamespaceDeleted } from './events/namespace-deleted.event';

export const NAMESPACE_EVENTS = [NamespaceCreated, NamespaceDeleted] as const;

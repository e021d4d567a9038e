import { EventRegistry } from './shared/event-registry';
import { CLIENT_EVENTS } from './client/client-events';

/** Every event certplane stores or publishes, registered once. */
export const eventRegistry = new EventRegistry([...CLIENT_EVENTS]);

import { EventOf } from '../shared/event-registry';
import { TunnelCreated } from './events/tunnel-created.event';
import { TunnelUpdated } from './events/tunnel-updated.event';
import { TunnelTokenRotated } from './events/tunnel-token-rotated.event';
import { TunnelDeleted } from './events/tunnel-deleted.event';

export const TUNNEL_EVENTS = [TunnelCreated, TunnelUpdated, TunnelTokenRotated, TunnelDeleted] as const;

/** Every event of a tunnel, its payload typed by its name: a switch on `type` narrows `data`. */
export type TunnelEvent = EventOf<(typeof TUNNEL_EVENTS)[number]>;

import { EventOf } from '../shared/event-registry';
import { ChannelCreated } from './events/channel-created.event';
import { ChannelUpdated } from './events/channel-updated.event';
import { ChannelDeleted } from './events/channel-deleted.event';
import { ClientsConnected } from './events/clients-connected.event';
import { ClientsDisconnected } from './events/clients-disconnected.event';

export const CHANNEL_EVENTS = [
  ChannelCreated,
  ChannelUpdated,
  ChannelDeleted,
  ClientsConnected,
  ClientsDisconnected,
] as const;

/** Every event of a channel, its payload typed by its name: a switch on `type` narrows `data`. */
export type ChannelEvent = EventOf<(typeof CHANNEL_EVENTS)[number]>;

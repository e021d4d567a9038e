export { ReadModelUpdates } from './read-model-updates';
export type { ReadModelWatch } from './read-model-updates';
export { READ_MODEL_CHANNEL, notificationPayloads, parseNotification } from './read-model-notification';
export type { ReadModelChange } from './read-model-notification';

import { ClientReadModel } from './client.read-model';
import { CertificateReadModel } from './certificate.read-model';

export { ClientReadModel, CertificateReadModel };
/** The tables the projector writes and the api reads; both sides share these definitions. */
export const READ_MODEL_ENTITIES = [ClientReadModel, CertificateReadModel];
export const READ_MODEL_TABLES = ['rm_clients', 'rm_certificates'] as const;
export { ReadModelUpdates } from './read-model-updates';
export type { ReadModelChangeNews, ReadModelWatch } from './read-model-updates';
export { READ_MODEL_CHANNEL, notificationPayloads, parseNotification } from './read-model-notification';
export type { ReadModelChange } from './read-model-notification';

import { EventStore1763870400000 } from './1763870400000-event-store';
import { ClientWriteSide1763870400001 } from './1763870400001-client-write-side';
import { ReadModels1763870400002 } from './1763870400002-read-models';
import { TunnelsAndNamespaces1763870400010 } from './1763870400010-tunnels-and-namespaces';
import { ClientLifecycle1763870400020 } from './1763870400020-client-lifecycle';
import { CrlState1763870400030 } from './1763870400030-crl-state';
import { EnrolmentTokens1763870400040 } from './1763870400040-enrolment-tokens';

/** Listed explicitly, oldest first, so compiled and test runs find the same migrations without globbing. */
export const MIGRATIONS = [EventStore1763870400000, ClientWriteSide1763870400001, ReadModels1763870400002, TunnelsAndNamespaces1763870400010, ClientLifecycle1763870400020, CrlState1763870400030, EnrolmentTokens1763870400040];

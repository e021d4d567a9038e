import { EventStore1763870400000 } from './1763870400000-event-store';
import { ClientWriteSide1763870400001 } from './1763870400001-client-write-side';
import { ReadModels1763870400002 } from './1763870400002-read-models';
import { TunnelsAndNamespaces1763870400010 } from './1763870400010-tunnels-and-namespaces';
import { ClientLifecycle1763870400020 } from './1763870400020-client-lifecycle';
import { CrlState1763870400030 } from './1763870400030-crl-state';
import { OutboxSweepLease1763870400040 } from './1763870400040-outbox-sweep-lease';
import { CanonicalClientIps1763870400050 } from './1763870400050-canonical-client-ips';
import { CertificateRevokedBy1763870400060 } from './1763870400060-certificate-revoked-by';
import { EnrolmentTokens1763870400070 } from './1763870400070-enrolment-tokens';
import { EnrolmentTokenValiditySeconds1763870400080 } from './1763870400080-enrolment-token-validity-seconds';
import { CertificateProfiles1763870400090 } from './1763870400090-certificate-profiles';
import { SharedRateLimits1763870400100 } from './1763870400100-shared-rate-limits';
import { TunnelStatusReports1763870400101 } from './1763870400101-tunnel-status-reports';
import { CaKeyInHsm1763870400110 } from './1763870400110-ca-key-in-hsm';
import { Channels1763870400140 } from './1763870400140-channels';
import { ClientListFilters1763870400141 } from './1763870400141-client-list-filters';
import { ProfilesFinish1763870400160 } from './1763870400160-profiles-finish';
import { Issuers1763870400170 } from './1763870400170-issuers';
import { Groups1763870400190 } from './1763870400190-groups';
import { IssuerRetirement1763870400200 } from './1763870400200-issuer-retirement';
import { OutboxWithoutForeignKey1763870400210 } from './1763870400210-outbox-without-foreign-key';

/** Listed explicitly, oldest first, so compiled and test runs find the same migrations without globbing. */
export const MIGRATIONS = [
  EventStore1763870400000,
  ClientWriteSide1763870400001,
  ReadModels1763870400002,
  TunnelsAndNamespaces1763870400010,
  ClientLifecycle1763870400020,
  CrlState1763870400030,
  OutboxSweepLease1763870400040,
  CanonicalClientIps1763870400050,
  CertificateRevokedBy1763870400060,
  EnrolmentTokens1763870400070,
  EnrolmentTokenValiditySeconds1763870400080,
  CertificateProfiles1763870400090,
  SharedRateLimits1763870400100,
  TunnelStatusReports1763870400101,
  CaKeyInHsm1763870400110,
  Channels1763870400140,
  ClientListFilters1763870400141,
  ProfilesFinish1763870400160,
  Issuers1763870400170,
  Groups1763870400190,
  IssuerRetirement1763870400200,
  OutboxWithoutForeignKey1763870400210,
];

import { CertificateStatus, Duration } from '@certplane/domain';
import { Page } from '../../http/query-values';

export interface CertificateFilter {
  status?: CertificateStatus;
  /** not_after before this moment */
  expiringBefore?: Date;
  /** not_after from now to now + this: still valid by time, but not for long */
  expiringWithin?: Duration;
  clientId?: string;
  /** By not_after: soonest first (default), or latest first. */
  order: 'asc' | 'desc';
}

export class ListCertificatesQuery {
  constructor(
    readonly filter: CertificateFilter,
    readonly page: Page,
  ) {}
}

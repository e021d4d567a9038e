import { CertificateStatus } from '@certplane/domain';
import { Page } from '../../http/query-values';

export interface CertificateFilter {
  status?: CertificateStatus;
  /** not_after before this moment */
  expiringBefore?: Date;
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

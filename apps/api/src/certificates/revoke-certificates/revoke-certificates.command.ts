import { RequestContext } from '../../http/request-context';
import { RevocationFilter } from './revocation-filter';

export class RevokeCertificatesCommand {
  constructor(
    readonly filter: RevocationFilter,
    readonly reason: unknown,
    readonly context: RequestContext,
  ) {}
}

import { RequestContext } from '../../http/request-context';

/** One POST /clients/bulk: each item the fields of POST /clients but a csr or certificate. */
export class CreateClientsCommand {
  constructor(
    readonly items: readonly Record<string, unknown>[],
    readonly context: RequestContext,
  ) {}
}

import { RequestContext } from '../../http/request-context';

/** A device enrolling itself: the token it presents, the name it asks for (optional when the token fixes one) and its CSR. */
export class EnrolWithTokenCommand {
  constructor(
    readonly token: string | undefined,
    readonly input: { name?: unknown; csr?: unknown },
    readonly context: RequestContext,
  ) {}
}

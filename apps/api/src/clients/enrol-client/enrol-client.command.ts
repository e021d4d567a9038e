import { RequestContext } from '../../http/request-context';

/** What a caller may give for a new client; the spine's enrol uses the first four. */
export interface EnrolClientRequest {
  name: unknown;
  topics?: unknown;
  ip?: unknown;
  hostname?: unknown;
  tags?: unknown;
  metadata?: unknown;
  csr?: unknown;
  certificate?: unknown;
  /** [{"type":"dns"|"ip"|"uri"|"email","value"}], beside ip or hostname */
  sans?: unknown;
  /** A certificate profile's name; absent: the built-in default */
  profile?: unknown;
  /** How long each certificate is valid, a duration; absent: the profile's, else the deployment's */
  validity?: unknown;
}

/** One command behind `POST /clientcontroller/enrol` (topics required) and `POST /clients` (topics optional). */
export class EnrolClientCommand {
  constructor(
    readonly input: EnrolClientRequest,
    readonly context: RequestContext,
    readonly options: { topicsRequired: boolean } = { topicsRequired: true },
  ) {}
}

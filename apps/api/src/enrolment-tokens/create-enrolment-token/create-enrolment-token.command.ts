import { CreateEnrolmentTokenInput } from '@certplane/domain';
import { RequestContext } from '../../http/request-context';

export class CreateEnrolmentTokenCommand {
  constructor(
    readonly input: Omit<CreateEnrolmentTokenInput, 'tokenId'>,
    readonly context: RequestContext,
  ) {}
}

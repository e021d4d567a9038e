export class GetChannelQuery {
  constructor(
    readonly channelId: string,
    /** Undefined: now. */
    readonly at?: Date,
  ) {}
}

export class GetChannelEventsQuery {
  constructor(readonly channelId: string) {}
}

export class GetOverviewQuery {
  constructor(readonly now: Date) {}
}

export class ListEnrolmentTokensQuery {}

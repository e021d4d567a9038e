export class ListIssuersQuery {}

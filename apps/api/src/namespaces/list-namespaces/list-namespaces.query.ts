export class ListNamespacesQuery {}

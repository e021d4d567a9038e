export class ListProfilesQuery {}

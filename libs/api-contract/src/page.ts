/** One page of a list the server pages: the items, how many there are in all, and where this page is. */
export interface PageOf<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

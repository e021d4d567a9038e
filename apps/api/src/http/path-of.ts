/** A request target's path, without its query: what the hooks that run before routing match on. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

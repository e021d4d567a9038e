import { isClientId } from '@certplane/domain';
import { readFile } from 'node:fs/promises';
import type { EventEnvelope, EventHistory, PageOf } from '@certplane/api-contract';
import { CertplaneApi } from '../certplane-api';
import { CliError, EXIT } from '../cli-error';
import { FlagSpecs, FlagValues } from '../command-line';
import { Table } from '../render-table';
import { flag, Verb, VerbCall, VerbOutput } from '../verb';

export const PAGE_FLAGS: FlagSpecs = {
  limit: { type: 'string', value: '<n>', help: 'at most this many, 1-100 (default 10)' },
  offset: { type: 'string', value: '<n>', help: 'skip this many first' },
};

export const pageQuery = (flags: FlagValues) => ({ limit: flag(flags, 'limit'), offset: flag(flags, 'offset') });

/** Under a page: which part of the whole this is, and how to ask for the next. */
export function pageLine(page: PageOf<unknown>): string {
  if (page.items.length === 0)
    return page.total === 0 ? 'none' : `none past --offset ${page.offset} (${page.total} in all)`;
  const last = page.offset + page.items.length;
  return `${page.offset + 1}-${last} of ${page.total}${last < page.total ? `; --offset ${last} for more` : ''}`;
}

/** A moment as a person reads it: to the second, in UTC. */
export function moment(iso: string | null | undefined): string {
  return iso ? iso.replace(/\.\d+Z$/, 'Z') : '';
}

export const table = (columns: string[], rows: string[][]): { table: Table } => ({ table: { columns, rows } });

/** `{"k":"v",…}` as `k=v<sep>…`, for tags-like cells and fields. */
export const pairs = (o: Record<string, string | number | boolean>, sep = ', ') =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${v}`)
    .join(sep);

/** A stream's history: one row per event, who caused it and in which request. */
export function eventsTable(events: readonly EventEnvelope[]): { table: Table } {
  const rows = events.map((e) => [
    String(e.streamVersion),
    moment(e.recordedAt),
    e.type,
    e.metadata.actor ?? '',
    e.metadata.correlationId,
  ]);
  return table(['VERSION', 'RECORDED', 'EVENT', 'ACTOR', 'CORRELATION ID'], rows);
}

/** `--at`: the `what` as it was at a moment rather than now. */
export const atFlag = (what?: string): FlagSpecs => ({
  at: {
    type: 'string',
    value: '<RFC 3339>',
    help: `${what ? `${what} ` : ''}as it was then, e.g. 2026-11-23T02:31:43Z`,
  },
});

/** A show verb's read: `path` now, or as it was at --at. */
export const readAt = (api: CertplaneApi, path: string, flags: FlagValues): Promise<unknown> =>
  api.call('GET', path, { query: { at: flag(flags, 'at') } });

/** A list verb's answer: one page of `path`, as a table and where the page stands in the whole. */
export async function listPage<T>(
  api: CertplaneApi,
  path: string,
  query: Record<string, string | undefined>,
  columns: string[],
  row: (item: T) => string[],
): Promise<VerbOutput> {
  const page = (await api.call('GET', path, { query })) as PageOf<T>;
  return { json: page, human: [table(columns, page.items.map(row)), pageLine(page)] };
}

type VerbWords = Pick<Verb, 'words' | 'args' | 'summary' | 'details' | 'routes'>;

/**
 * A `<noun> list` verb: one page of `path`. Each filter flag goes as the query parameter of its
 * name unless `query` says otherwise (a flag spelled apart from its parameter, a name to resolve).
 */
export function listVerb<T>(
  verb: Omit<VerbWords, 'args'> & {
    path: string;
    filters: FlagSpecs;
    query?: (call: VerbCall) => Record<string, string | undefined> | Promise<Record<string, string | undefined>>;
    columns: string[];
    row: (item: T) => string[];
  },
): Verb {
  const { path, filters, query, columns, row, ...words } = verb;
  const byName = ({ flags }: VerbCall) => Object.fromEntries(Object.keys(filters).map((f) => [f, flag(flags, f)]));
  return {
    ...words,
    args: [],
    flags: { ...filters, ...PAGE_FLAGS },
    async run(call) {
      const filtered = await (query ?? byName)(call);
      return listPage(call.api, path, { ...filtered, ...pageQuery(call.flags) }, columns, row);
    },
  };
}

/** A `<noun> show` verb: the resource at `path`, now or as --at says, shown by `show`. */
export function showVerb<T>(
  verb: VerbWords & {
    at: FlagSpecs;
    path: (call: VerbCall) => Promise<string>;
    show: (item: T) => VerbOutput['human'][number];
  },
): Verb {
  const { at, path, show, ...words } = verb;
  return {
    ...words,
    flags: at,
    async run(call) {
      const item = (await readAt(call.api, await path(call), call.flags)) as T;
      return { json: item, human: [show(item)] };
    },
  };
}

/** A `<noun> events` verb: the history at `path`, one row per event. */
export function eventsVerb(verb: VerbWords & { path: (call: VerbCall) => Promise<string> }): Verb {
  const { path, ...words } = verb;
  return {
    ...words,
    flags: {},
    async run(call) {
      const answer = (await call.api.call('GET', await path(call))) as EventHistory;
      return { json: answer, human: [eventsTable(answer.events)] };
    },
  };
}

/** The file --file names, parsed as JSON, as it is: the API says what is wrong with its content. */
export async function jsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(
      `cannot read --file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      EXIT.usage,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`--file ${path} is not JSON: ${(e as Error).message}`, EXIT.usage);
  }
}

/** The connection lists' filter (`?type=`); the API checks the value. */
export const TYPE_FILTER: FlagSpecs = {
  type: { type: 'string', value: '<type>', help: 'only connections of this type: publish or subscribe' },
};

/** `--label k=v` given any number of times, as the object the API takes. */
export function keyValues(pairs: string[] | undefined, flagName: string): Record<string, string> | undefined {
  if (pairs === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`--${flagName} takes key=value, not ${JSON.stringify(pair)}`, EXIT.usage);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** A whole number for a body field (`--uses 5`); the API checks its range. */
export function wholeNumber(value: string | undefined, flagName: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,10}$/.test(value))
    throw new CliError(`--${flagName} takes a whole number, not ${JSON.stringify(value)}`, EXIT.usage);
  return Number(value);
}

/** A client named by its id, or by its name (looked up among the live clients). */
export async function clientIdFor(api: CertplaneApi, idOrName: string): Promise<string> {
  if (isClientId(idOrName)) return idOrName;
  const page = (await api.call('GET', '/clients', { query: { name: idOrName, limit: '1' } })) as PageOf<{ id: string }>;
  if (page.items.length === 0)
    throw new CliError(`no client called ${JSON.stringify(idOrName)} (give its id for a removed one)`);
  return page.items[0].id;
}

export const segment = encodeURIComponent;

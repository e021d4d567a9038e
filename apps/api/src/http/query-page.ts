import { DataSource } from 'typeorm';
import { Page } from './query-values';

/** Conditions of a list query, their values numbered as they are added. */
export class Where {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** `condition` is code, never input; each `?` stands for the next value. */
  and(condition: string, ...values: unknown[]): this {
    for (const value of values) {
      this.params.push(value);
      condition = condition.replace('?', `$${this.params.length}`);
    }
    this.conditions.push(condition);
    return this;
  }

  get sql(): string {
    return this.conditions.length === 0 ? '' : `WHERE ${this.conditions.join(' AND ')}`;
  }
}

export type { PageOf } from '@certplane/api-contract';
import type { PageOf } from '@certplane/api-contract';

/**
 * One page of `SELECT <select> FROM <from>` and the total it is part of; with onlyTotal, the total and no items.
 *
 * `joined` (LEFT JOINs on a unique key, which neither filter nor repeat rows) adds columns to the rows
 * of the page only: the page is cut from `<from>` alone, which must then be one source and its alias
 * (`rm_clients c`) that where and orderBy name, and the joins follow. Joined before the sort, a page
 * would look up every matching row (the planner does, when it sorts after a nested loop), and the
 * total would count through the joins.
 */
export async function queryPage<R, T>(
  ds: DataSource,
  q: { select: string; from: string; joined?: string; where: Where; orderBy: string; page: Page; onlyTotal?: boolean },
  map: (row: R) => T,
): Promise<PageOf<T>> {
  const { where, page } = q;
  const [[{ total }], rows] = await Promise.all([
    ds.query(`SELECT count(*)::int AS total FROM ${q.from} ${where.sql}`, where.params),
    q.onlyTotal ? [] : ds.query(pageStatement(q), [...where.params, page.limit, page.offset]),
  ]);
  return { items: rows.map(map), total, limit: page.limit, offset: page.offset };
}

/** The statement of one page's rows; its last two parameters are the limit and the offset. */
export function pageStatement(q: {
  select: string;
  from: string;
  joined?: string;
  where: Where;
  orderBy: string;
}): string {
  const { select, from, joined, where, orderBy } = q;
  const n = where.params.length;
  const cut = `ORDER BY ${orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`;
  if (joined === undefined) return `SELECT ${select} FROM ${from} ${where.sql} ${cut}`;
  const alias = /\s(\w+)\s*$/.exec(from)?.[1];
  if (alias === undefined) throw new Error(`queryPage: a page with joins needs an aliased source, not ${from}`);
  return `SELECT ${select} FROM (SELECT ${alias}.* FROM ${from} ${where.sql} ${cut}) ${alias} ${joined} ORDER BY ${orderBy}`;
}

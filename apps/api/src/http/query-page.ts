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

/** One page of `SELECT <select> FROM <from>` and the total it is part of; with onlyTotal, the total and no items. */
export async function queryPage<R, T>(
  ds: DataSource,
  q: { select: string; from: string; where: Where; orderBy: string; page: Page; onlyTotal?: boolean },
  map: (row: R) => T,
): Promise<PageOf<T>> {
  const { select, from, where, orderBy, page } = q;
  const n = where.params.length;
  const [[{ total }], rows] = await Promise.all([
    ds.query(`SELECT count(*)::int AS total FROM ${from} ${where.sql}`, where.params),
    q.onlyTotal
      ? []
      : ds.query(`SELECT ${select} FROM ${from} ${where.sql} ORDER BY ${orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`, [
          ...where.params,
          page.limit,
          page.offset,
        ]),
  ]);
  return { items: rows.map(map), total, limit: page.limit, offset: page.offset };
}

import { DataSource } from 'typeorm';
import { Page } from './query-values';

/** Conditions of a list query, each with at most one value, numbered as they are added. */
export class Where {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** `condition` is code, never input; `?` stands for the value. */
  and(condition: string, ...value: [unknown?]): this {
    if (value.length === 1) {
      this.params.push(value[0]);
      condition = condition.replace('?', `$${this.params.length}`);
    }
    this.conditions.push(condition);
    return this;
  }

  get sql(): string {
    return this.conditions.length === 0 ? '' : `WHERE ${this.conditions.join(' AND ')}`;
  }
}

export interface PageOf<T> {
  items: T[];
  /** How many match the filters, all pages together. */
  total: number;
  limit: number;
  offset: number;
}

/** One page of `SELECT <select> FROM <from>` and the total it is part of. */
export async function queryPage<R, T>(ds: DataSource, q: { select: string; from: string; where: Where; orderBy: string; page: Page }, map: (row: R) => T): Promise<PageOf<T>> {
  const { select, from, where, orderBy, page } = q;
  const n = where.params.length;
  const [[{ total }], rows] = await Promise.all([
    ds.query(`SELECT count(*)::int AS total FROM ${from} ${where.sql}`, where.params),
    ds.query(`SELECT ${select} FROM ${from} ${where.sql} ORDER BY ${orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`, [...where.params, page.limit, page.offset]),
  ]);
  return { items: rows.map(map), total, limit: page.limit, offset: page.offset };
}

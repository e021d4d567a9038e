import { call } from './api';

type Operations = Record<string, Record<string, { 'x-certplane-roles'?: string[] }>>;

let operations: Promise<Operations> | undefined;

/** The roles each route admits, as the API describes them (/openapi.json, x-certplane-roles): the one source the guard uses too. */
export function loadOperations(): Promise<Operations> {
  operations ??= call<{ paths: Operations }>('/openapi.json').then((d) => d.paths);
  return operations;
}

/** Whether a caller with these roles may call METHOD on a path template of the API (`/clients/{id}/disable`). */
export function allows(ops: Operations, roles: readonly string[], method: string, path: string): boolean {
  const admitted = ops[path]?.[method.toLowerCase()]?.['x-certplane-roles'] ?? [];
  return roles.some((r) => admitted.includes(r));
}

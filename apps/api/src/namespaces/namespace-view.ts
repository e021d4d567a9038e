import type { NamespaceView } from '@certplane/api-contract';

export type { NamespaceView } from '@certplane/api-contract';

export function namespaceView(ns: {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  created: Date;
}): NamespaceView {
  return { name: ns.name, labels: ns.labels, annotations: ns.annotations, created: ns.created.toISOString() };
}

import { assertValidTags, Tags } from './client-tags';
import { assertValidMetadata, Metadata } from './client-metadata';

/**
 * The tags and metadata a PATCH changes (client or channel): each validated when given, and
 * kept only when it differs from what is there, so the same values again decide nothing.
 */
export function changedLabels(
  patch: { tags?: unknown; metadata?: unknown },
  current: { tags: Tags; metadata: Metadata },
): { tags?: Tags; metadata?: Metadata } {
  const changes: { tags?: Tags; metadata?: Metadata } = {};
  if (patch.tags !== undefined) {
    const tags = assertValidTags(patch.tags);
    if (JSON.stringify(tags) !== JSON.stringify(current.tags)) changes.tags = tags;
  }
  if (patch.metadata !== undefined) {
    const metadata = assertValidMetadata(patch.metadata);
    if (!sameMetadata(metadata, current.metadata)) changes.metadata = metadata;
  }
  return changes;
}

function sameMetadata(a: Metadata, b: Metadata): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k])
  );
}

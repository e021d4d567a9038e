import { InvalidMetadataError } from './client.errors';

export type MetadataValue = string | number | boolean;
export type Metadata = Record<string, MetadataValue>;

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
export const MAX_METADATA_KEYS = 32;
export const MAX_METADATA_STRING = 256;

/**
 * Free-form annotations (owner, ticket, rack) as a flat object of scalars: flat so that every value
 * is shown and compared as it is, bounded so a client record stays small in every event and row.
 * Returns a copy built with defined properties, so a "__proto__" key is just a key.
 */
export function assertValidMetadata(metadata: unknown): Metadata {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
    throw new InvalidMetadataError('metadata must be an object');
  const entries = Object.entries(metadata);
  if (entries.length > MAX_METADATA_KEYS)
    throw new InvalidMetadataError(`metadata may have at most ${MAX_METADATA_KEYS} keys`);
  for (const [key, value] of entries) {
    if (!KEY_PATTERN.test(key))
      throw new InvalidMetadataError('each metadata key must be 1-64 characters of A-Z a-z 0-9 _ . : -');
    const ok =
      (typeof value === 'string' && value.length <= MAX_METADATA_STRING) ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      typeof value === 'boolean';
    if (!ok)
      throw new InvalidMetadataError(
        `metadata.${key} must be a string of at most ${MAX_METADATA_STRING} characters, a finite number or a boolean`,
      );
  }
  return Object.fromEntries(entries) as Metadata;
}

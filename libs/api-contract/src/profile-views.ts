export type KeyTypeName = 'ec-p256' | 'ec-p384' | 'rsa-2048' | 'rsa-3072' | 'rsa-4096' | 'ed25519';
export type ExtendedKeyUsageName = 'clientAuth' | 'serverAuth';
export type SanKindName = 'dns' | 'ip' | 'uri' | 'email';

/** A profile as the API answers it: its name, whether it is the built-in default, and what it says (docs/profiles.md). */
export interface ProfileView {
  name: string;
  builtIn: boolean;
  keyTypes: KeyTypeName[];
  extendedKeyUsages: ExtendedKeyUsageName[];
  sans: Partial<Record<SanKindName, { max: number; patterns?: string[] }>>;
  subject: { commonName: string; extra: Array<{ type: string; value: string }> };
  validity?: string;
  maxValidity?: string;
}

import { CertplaneConfig } from '@certplane/config';
import type { ConsoleSettings } from '@certplane/api-contract';

export function consoleSettingsOf(config: CertplaneConfig): ConsoleSettings {
  const oidc = config.oidc;
  if (!oidc?.console) return { oidc: null };
  return {
    oidc: {
      issuer: oidc.issuerUrl,
      client_id: oidc.console.clientId,
      scope: oidc.console.scopes,
      resource: URL.canParse(oidc.audience) ? oidc.audience : null,
    },
  };
}

/** The one origin besides its own the console's page may connect to: the issuer's, when the console signs in there. */
export function consoleIssuerOrigin(config: CertplaneConfig): string | undefined {
  return config.oidc?.console ? new URL(config.oidc.issuerUrl).origin : undefined;
}

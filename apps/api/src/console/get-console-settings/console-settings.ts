import { CertplaneConfig } from '@certplane/config';

export interface ConsoleSettings {
  oidc: {
    issuer: string;
    client_id: string;
    scope: string;
    /** RFC 8707's resource indicator, which must be an absolute URI; null when the audience is a plain name. */
    resource: string | null;
  } | null;
}

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

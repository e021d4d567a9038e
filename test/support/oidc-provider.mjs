// A real OIDC issuer (oidc-provider 8, ESM-only, hence this separate script) for the auth tests.
// Configured from the environment so a test can restart it on the same port with rotated keys:
//   OIDC_PORT, OIDC_AUDIENCE (a resource indicator URI), OIDC_JWKS (private JWKS, first key signs),
//   OIDC_CLIENTS ([{client_id, client_secret, roles}]), and optionally OIDC_CONSOLE
//   ({client_id, redirect_uri, origin, users: {login: roles}}, the console as a public client signing
//   people in with authorization code + PKCE on the provider's own login and consent pages, where any
//   password passes) and OIDC_ACCESS_TOKEN_TTL (seconds, default 300). Prints "ready" once listening.
// Access tokens are JWTs for the requested resource (default: OIDC_AUDIENCE), carrying the client's
// (client credentials) or the person's (authorization code) roles in a `roles` claim.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const audience = process.env.OIDC_AUDIENCE;
const jwks = JSON.parse(process.env.OIDC_JWKS);
const clients = JSON.parse(process.env.OIDC_CLIENTS);
const rolesOf = Object.fromEntries(clients.map((c) => [c.client_id, c.roles]));
const consoleClient = process.env.OIDC_CONSOLE ? JSON.parse(process.env.OIDC_CONSOLE) : undefined;
const accessTokenTTL = Number(process.env.OIDC_ACCESS_TOKEN_TTL ?? 300);

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    ...clients.map(({ client_id, client_secret }) => ({
      client_id,
      client_secret,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    ...(consoleClient
      ? [
          {
            client_id: consoleClient.client_id,
            grant_types: ['authorization_code'],
            redirect_uris: [consoleClient.redirect_uri],
            response_types: ['code'],
            token_endpoint_auth_method: 'none',
          },
        ]
      : []),
  ],
  // The console exchanges its code from the page, across origins.
  clientBasedCORS: (_ctx, origin, client) =>
    consoleClient !== undefined && client.clientId === consoleClient.client_id && origin === consoleClient.origin,
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  jwks,
  ttl: { ClientCredentials: 300 },
  cookies: { keys: ['certplane-test-cookie-key'] },
  features: {
    devInteractions: { enabled: consoleClient !== undefined },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => ({
        scope: 'certplane',
        audience: resource,
        accessTokenTTL,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  extraTokenClaims: (_ctx, token) => {
    const roles = token.accountId ? consoleClient?.users[token.accountId] : rolesOf[token.clientId];
    return roles ? { roles } : undefined;
  },
});

const server = provider.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

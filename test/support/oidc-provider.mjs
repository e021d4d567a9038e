// A real OIDC issuer (oidc-provider 8, ESM-only, hence this separate script) for the auth tests.
// Configured from the environment so a test can restart it on the same port with rotated keys:
//   OIDC_PORT, OIDC_AUDIENCE (a resource indicator URI), OIDC_JWKS (private JWKS, first key signs),
//   OIDC_CLIENTS ([{client_id, client_secret, roles}]). Prints "ready" once listening.
// Client-credentials tokens are JWT access tokens for the requested resource (default: OIDC_AUDIENCE),
// carrying the client's roles in a `roles` claim.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const audience = process.env.OIDC_AUDIENCE;
const jwks = JSON.parse(process.env.OIDC_JWKS);
const clients = JSON.parse(process.env.OIDC_CLIENTS);
const rolesOf = Object.fromEntries(clients.map((c) => [c.client_id, c.roles]));

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: clients.map(({ client_id, client_secret }) => ({
    client_id,
    client_secret,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    token_endpoint_auth_method: 'client_secret_basic',
  })),
  jwks,
  ttl: { ClientCredentials: 300 },
  cookies: { keys: ['certplane-test-cookie-key'] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => ({
        scope: 'certplane',
        audience: resource,
        accessTokenTTL: 300,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  extraTokenClaims: (_ctx, token) => (rolesOf[token.clientId] ? { roles: rolesOf[token.clientId] } : undefined),
});

const server = provider.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

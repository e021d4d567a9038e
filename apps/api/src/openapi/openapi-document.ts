import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { packageVersion } from '@certplane/observability';
import { BEARER_SCHEME, documentRouteSecurity, MUTUAL_TLS_EXTENSION } from './route-security';

export const OPENAPI_JSON_PATH = '/openapi.json';
export const DOCS_PATH = 'docs';

/** One tag per resource, in the order /docs shows them. */
const RESOURCE_TAGS: ReadonlyArray<readonly [string, string]> = [
  ['clients', 'Enrol, manage and remove clients; their certificates, history and state at a moment'],
  ['certificates', 'The inventory of every certificate of every client'],
  ['enrolment-tokens', 'Tokens a device enrols itself with, sending its own CSR'],
  [
    'profiles',
    'Certificate profiles: the key types, usages, SANs, subject and validity of the certificates issued under each',
  ],
  ['est', 'Enrolment over Secure Transport (RFC 7030) with an enrolment token'],
  ['information', "A client's details (CA, certificate, key, endpoints) by its details secret"],
  ['pki', 'The CA chain, the CRL and the OCSP responder, for relying parties'],
  ['channels', 'Channels, the topics clients publish and subscribe to, and the connections of clients to them'],
  ['groups', 'A hierarchy of groups, and the clients in each'],
  [
    'client-roles',
    'Roles of a client: the actions their members (named tokens, OIDC subjects, client certificates) may take on it',
  ],
  ['tunnels', 'Tunnels of the uplink client API'],
  ['namespaces', 'Namespaces of the uplink client API'],
  ['console', 'What the operator console reads: the fleet at a glance, the caller, live changes'],
  ['operations', 'Health, readiness and metrics'],
];

/** The OpenAPI document of every route the app serves, built from the controllers' decorators. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('certplane')
    .setDescription(
      'Enrols clients and issues their X.509 certificates for mutual TLS. Every error is JSON {"statusCode","code","message"}; ' +
        'the codes of each route are listed with its responses. Requests may carry X-Request-Id and X-Correlation-Id; both are echoed ' +
        "and follow the request into the events it causes and the workers' log lines.",
    )
    .setVersion(packageVersion())
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description:
          'A static API token (CERTPLANE_API_TOKEN, CERTPLANE_API_TOKENS) or, when CERTPLANE_OIDC_ISSUER_URL is set, a JWT from that issuer. ' +
          'Each operation lists the roles that may call it in x-certplane-roles (admin may call every route).',
      },
      BEARER_SCHEME,
    );
  for (const [name, description] of RESOURCE_TAGS) config.addTag(name, description);
  // Every operation has its resource's tag; without this, @nestjs/swagger adds one per controller class too.
  const document = SwaggerModule.createDocument(app, config.build(), { autoTagControllers: false });
  documentRouteSecurity(app, document);
  (document as unknown as Record<string, unknown>)[MUTUAL_TLS_EXTENSION] = {
    description:
      'On the HTTPS listener (CERTPLANE_TLS_PORT) a client certificate issued by certplane authenticates its client, with the role client, ' +
      'instead of a bearer token. It may call only the operations whose x-certplane-roles include client, for its own client (the path ' +
      'parameter named by x-certplane-own-client: its client id, details secret, or the serial of one of its certificates). OpenAPI 3.0 has no mutualTLS security scheme type, hence this extension.',
  };
  return document;
}

/** Serves the document at /openapi.json and an interactive page at /docs; both without a token. */
export function serveOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'certplane API',
  });
}

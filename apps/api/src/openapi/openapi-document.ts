import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { packageVersion } from '@certplane/observability';

export const OPENAPI_JSON_PATH = '/openapi.json';
export const DOCS_PATH = 'docs';

/** The OpenAPI document of every route the app serves, built from the controllers' decorators. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('certplane')
    .setDescription(
      'Enrols clients and issues their X.509 certificates for mutual TLS. Every error is JSON {"statusCode","code","message"}; ' +
        'the codes of each route are listed with its responses. Requests may carry X-Request-Id and X-Correlation-Id; both are echoed ' +
        'and follow the request into the events it causes and the workers\' log lines.',
    )
    .setVersion(packageVersion())
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'CERTPLANE_API_TOKEN' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves the document at /openapi.json and an interactive page at /docs; both without a token. */
export function serveOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: OPENAPI_JSON_PATH, raw: ['json'], customSiteTitle: 'certplane API' });
}

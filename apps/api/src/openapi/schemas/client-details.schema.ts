import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI description of GET /informationservice/details/:id. */
export class ClientDetailsResponseSchema {
  @ApiProperty({ example: 'my-client' }) name: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { insert: 'data', query: 'requests' },
  })
  topics: Record<string, string>;
  @ApiProperty({ description: 'the CA certificate, PEM', example: '-----BEGIN CERTIFICATE-----\n…' }) ca: string;
  @ApiProperty({ description: 'the client certificate, PEM', example: '-----BEGIN CERTIFICATE-----\n…' }) cert: string;
  @ApiPropertyOptional({
    description: 'the server-generated private key, PKCS#8 PEM; absent when the client brought its own key',
    example: '-----BEGIN PRIVATE KEY-----\n…',
  })
  key?: string;
}

export const CLIENT_DETAILS_DESCRIPTION =
  'Beside these fields the answer carries every key of CERTPLANE_TOPIC_ENDPOINTS (by default insert and query), verbatim.';

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI description of POST /clientcontroller/enrol; the controller validates the body itself. */
export class EnrolClientRequestSchema {
  @ApiProperty({
    description:
      "1-128 characters of A-Z a-z 0-9 _ . : -; 'server' is reserved; becomes the certificate's CN user-<name>",
    example: 'my-client',
  })
  name: string;

  @ApiProperty({
    description: 'role → topic name',
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { insert: 'data', query: 'requests' },
  })
  topics: Record<string, string>;

  @ApiPropertyOptional({
    description: "IPv4 or IPv6 address for the certificate's SAN (not with hostname)",
    example: '192.0.2.10',
  })
  ip?: string;

  @ApiPropertyOptional({
    description: "DNS name for the certificate's SAN (not with ip)",
    example: 'edge-1.example.com',
  })
  hostname?: string;

  @ApiPropertyOptional({
    description:
      'how long each of its certificates is valid: a duration from 5m to CERTPLANE_CERT_VALIDITY (default: that)',
    example: '24h',
  })
  validity?: string;
}

export class EnrolClientResponseSchema {
  @ApiProperty({ example: 'success' }) message: string;
  @ApiProperty({ example: 'Client enrolled' }) detail: string;
  @ApiProperty({
    description:
      "the client's details secret: 32 lowercase hex, the only credential for GET /informationservice/details/{url}, shown only in this answer",
    example: 'd0c8ae0ae920f4ed78b2b8725dffdb74',
  })
  url: string;
  @ApiProperty({
    description:
      'the client id (derived one way from the secret): /clients/{id}, events, NATS subjects and logs name the client by it',
    example: '5d1c0e8e2b1f4a6c9d3e7f8a0b1c2d3e',
  })
  id: string;
}

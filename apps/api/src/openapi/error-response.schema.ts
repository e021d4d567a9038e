import { ApiProperty } from '@nestjs/swagger';

/** OpenAPI description of ErrorBody (http/error-response.ts), the shape of every error. */
export class ErrorResponseSchema {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ description: 'stable, machine-readable', example: 'INVALID_NAME' }) code: string;
  @ApiProperty({
    description: 'for people; may change',
    example: 'name must be 1-128 characters of A-Z a-z 0-9 _ . : -',
  })
  message: string;
}

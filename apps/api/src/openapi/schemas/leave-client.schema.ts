import { ApiProperty } from '@nestjs/swagger';

/** OpenAPI description of POST /clientcontroller/leave. */
export class LeaveClientRequestSchema {
  @ApiProperty({ description: 'the name the client enrolled with', example: 'my-client' }) name: string;
}

export class LeaveClientResponseSchema {
  @ApiProperty({ example: 'success' }) message: string;
  @ApiProperty({ example: 'Client removed' }) detail: string;
}

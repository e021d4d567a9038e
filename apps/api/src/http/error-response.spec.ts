import { BadRequestException } from '@nestjs/common';
import { toErrorResponse } from './error-response';

describe('toErrorResponse', () => {
  it("does not quote the path segment Nest could not decode: on the details route it is the client's details secret", () => {
    const secret = '0123456789abcdef0123456789abcdef';
    const { body } = toErrorResponse(new BadRequestException(`Failed to decode param '${secret}%ff'`));
    expect(body).toEqual({ statusCode: 400, code: 'BAD_REQUEST', message: expect.any(String) });
    expect(body.message).not.toContain(secret);
  });
});

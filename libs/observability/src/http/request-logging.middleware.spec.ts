import { redactUrl } from './request-logging.middleware';

describe('request log URLs', () => {
  it('never carry a details secret', () => {
    expect(redactUrl('/informationservice/details/d0c8ae0ae920f4ed78b2b8725dffdb74')).toBe('/informationservice/details/[redacted]');
    expect(redactUrl('/informationservice/details/abc?x=1')).toBe('/informationservice/details/[redacted]?x=1');
    expect(redactUrl('/clients/d0c8ae0ae920f4ed78b2b8725dffdb74')).toBe('/clients/d0c8ae0ae920f4ed78b2b8725dffdb74');
  });
});

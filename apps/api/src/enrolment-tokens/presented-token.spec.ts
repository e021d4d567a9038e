import fc from 'fast-check';
import { presentedToken } from './presented-token';

const token = fc.stringMatching(/^[\x21-\x7e]{1,80}$/);
const username = fc.stringMatching(/^[\x20-\x39\x3b-\x7e]{0,40}$/); // anything but ':'

describe('presentedToken', () => {
  it('reads the token of Bearer, in any case of the scheme', () => {
    fc.assert(
      fc.property(
        token,
        fc.constantFrom('Bearer', 'bearer', 'BEARER'),
        (t, scheme) => presentedToken(`${scheme} ${t}`) === t,
      ),
    );
  });

  it('reads the password of Basic, whatever the username, and a password may hold colons', () => {
    fc.assert(
      fc.property(
        username,
        fc.string({ minLength: 1, maxLength: 80 }),
        (user, password) =>
          presentedToken(`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`) === password,
      ),
    );
  });

  it('finds no token in anything else', () => {
    fc.assert(
      fc.property(
        token,
        (t) =>
          presentedToken(`Digest ${t}`) === undefined &&
          presentedToken(t) === undefined &&
          presentedToken(`Bearer ${t} extra`) === undefined,
      ),
    );
    for (const none of [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      'Basic',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
    ])
      expect(presentedToken(none)).toBeUndefined();
  });
});

import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    [
      'an immediate shutdown cutting a query',
      new QueryFailedError('SELECT 1', [], withCode('57P01', 'terminating connection due to administrator command')),
    ],
    ['a server still recovering', withCode('57P03', 'the database system is starting up')],
    ['a connection cut by the server', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['both addresses refused', Object.assign(new AggregateError([withCode('ECONNREFUSED')], ''), {})],
  ])('recognises %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    [
      'a unique violation',
      new QueryFailedError('INSERT', [], withCode('23505', 'duplicate key value violates unique constraint')),
    ],
    ['a syntax error', withCode('42601')],
    ['a plain error', new Error('boom')],
    ['not an error', 'Connection terminated'],
    ['nothing', undefined],
  ])('does not mistake %s for an outage', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

import { CertplaneConfig } from '@certplane/config';
import { clientIdForDetailsSecret } from '@certplane/domain';
import { GetClientDetailsHandler } from './get-client-details.handler';
import { noSoonerThan } from '../../http/no-sooner-than';
import { GetClientDetailsQuery } from './get-client-details.query';

const KNOWN = '0123456789abcdef0123456789abcdef';
const UNKNOWN = 'fedcba9876543210fedcba9876543210';

function handler(floorMs: number) {
  const asked: string[] = [];
  const statements: string[][] = [];
  // The one lookup the handler makes for any id: the registry joined with the read models and the vault.
  const ds = {
    query: async (_sql: string, [ids]: string[][]) => (
      statements.push(ids),
      asked.push(...ids),
      ids.filter((id) => id === clientIdForDetailsSecret(KNOWN)).map((client_id) => ({ client_id, disabled: true }))
    ),
  };
  const config = {
    details: { waitMs: 0, retryAfterSeconds: 1, minAnswerMs: floorMs, missesPerMinute: 0 },
  } as unknown as CertplaneConfig;
  const h = new GetClientDetailsHandler(
    ds as never,
    {} as never,
    {} as never,
    config,
    undefined as never,
    undefined as never,
  );
  return {
    asked,
    statements,
    ask: (id: string) =>
      h.execute(new GetClientDetailsQuery(id)).then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      ),
  };
}

describe('details: no timing oracle', () => {
  afterEach(() => jest.useRealTimers());

  it('settles a fast failure only once the floor has passed', async () => {
    jest.useFakeTimers();
    let settled = false;
    const p = noSoonerThan(50, () => Promise.reject(new Error('miss'))).catch(() => (settled = true));
    await jest.advanceTimersByTimeAsync(49);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await p;
    expect(settled).toBe(true);
  });

  it('does not add the floor to work that already took longer', async () => {
    jest.useFakeTimers();
    let value: string | undefined;
    const p = noSoonerThan(10, () => new Promise<string>((r) => setTimeout(() => r('hit'), 30))).then(
      (v) => (value = v),
    );
    await jest.advanceTimersByTimeAsync(30);
    await p;
    expect(value).toBe('hit');
  });

  it('looks every id up the same way, known, unknown or malformed, and answers misses only after the floor', async () => {
    jest.useFakeTimers();
    const { asked, ask } = handler(40);
    for (const id of [KNOWN, UNKNOWN, 'not-a-secret', KNOWN.toUpperCase()]) {
      let answer: string | undefined;
      const p = ask(id).then((a) => (answer = a));
      await jest.advanceTimersByTimeAsync(39);
      expect(answer).toBeUndefined();
      await jest.advanceTimersByTimeAsync(1);
      await p;
      expect(answer).toBe(id === KNOWN ? 'CLIENT_DISABLED' : 'CLIENT_NOT_FOUND');
    }
    expect(asked).toEqual([KNOWN, UNKNOWN, 'not-a-secret', KNOWN.toUpperCase()].map(clientIdForDetailsSecret));
  });

  it('looks up concurrent ids, known, unknown and malformed, in one statement, each answered for itself after the floor', async () => {
    jest.useFakeTimers();
    const { statements, ask } = handler(40);
    const ids = [UNKNOWN, KNOWN, 'not-a-secret'];
    const answers: (string | undefined)[] = [];
    const all = Promise.all(ids.map((id, i) => ask(id).then((a) => (answers[i] = a))));
    await jest.advanceTimersByTimeAsync(39);
    expect(answers).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    await all;
    expect(answers).toEqual(['CLIENT_NOT_FOUND', 'CLIENT_DISABLED', 'CLIENT_NOT_FOUND']);
    expect(statements).toEqual([ids.map(clientIdForDetailsSecret)]);
  });
});

import { currentTrace, runWithTrace } from '@certplane/observability';
import { createLogger } from './logger';

const capture = () => {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, stream: { write: (s: string) => void lines.push(JSON.parse(s)) } };
};

describe('createLogger', () => {
  it("adds the trace ids to every line without letting one line's fields reach the next", () => {
    const { lines, stream } = capture();
    const logger = createLogger('api', 'info', stream);
    runWithTrace({ requestId: 'r-1', correlationId: 'c-1' }, () => {
      logger.pino.info({ res: { rawHeaders: ['authorization', 'Bearer secret-token'] } }, 'request completed');
      logger.warn('publishing appended events failed', { events: 1 });
      expect(currentTrace()).toEqual({ requestId: 'r-1', correlationId: 'c-1' });
    });
    expect(lines[0]).toMatchObject({ requestId: 'r-1', correlationId: 'c-1', msg: 'request completed' });
    expect(lines[1]).toMatchObject({ requestId: 'r-1', correlationId: 'c-1', events: 1 });
    expect(lines[1]).not.toHaveProperty('res');
    expect(JSON.stringify(lines[1])).not.toContain('secret-token');
  });
});

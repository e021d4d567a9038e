import { ValidationError } from './domain-error';

const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;
type Unit = keyof typeof UNIT_SECONDS;
const SPELLING = /^([1-9][0-9]{0,8})(s|m|h|d)$/;

/**
 * A length of time as people write it (`15m`, `24h`, `90d`), held in whole seconds. One number
 * and one unit, so `1h30m` is refused rather than guessed at, and the canonical spelling is the
 * largest unit that divides it: `format(parse('1440m')) === '1d'`.
 */
export class Duration {
  private constructor(readonly seconds: number) {}

  static ofSeconds(seconds: number): Duration {
    if (!Number.isSafeInteger(seconds) || seconds <= 0) {
      throw new ValidationError('INVALID_DURATION', 'A duration is a whole, positive number of seconds');
    }
    return new Duration(seconds);
  }

  static parse(value: unknown, code = 'INVALID_DURATION', field = 'duration'): Duration {
    const match = typeof value === 'string' ? SPELLING.exec(value) : null;
    if (!match) {
      throw new ValidationError(code, `${field} must be a whole number followed by s, m, h or d (e.g. 15m, 24h, 90d)`);
    }
    return new Duration(Number(match[1]) * UNIT_SECONDS[match[2] as Unit]);
  }

  get milliseconds(): number {
    return this.seconds * 1000;
  }

  isShorterThan(other: Duration): boolean {
    return this.seconds < other.seconds;
  }

  toString(): string {
    for (const unit of ['d', 'h', 'm'] as const) {
      if (this.seconds % UNIT_SECONDS[unit] === 0) return `${this.seconds / UNIT_SECONDS[unit]}${unit}`;
    }
    return `${this.seconds}s`;
  }

  toJSON(): string {
    return this.toString();
  }
}

import { ValidationError } from '../shared/domain-error';

export const MAX_TCP_PORTS = 64;

/** 1-64 distinct TCP ports, each a whole number 1-65535; kept in the order given. */
export function assertValidTcpPorts(tcpPorts: unknown): asserts tcpPorts is number[] {
  const fail = (why: string): never => {
    throw new ValidationError('INVALID_TCP_PORTS', `tcpPorts ${why}`);
  };
  if (tcpPorts === undefined || tcpPorts === null) fail('is required');
  if (!Array.isArray(tcpPorts)) fail('must be an array of port numbers');
  const ports = tcpPorts as unknown[];
  if (ports.length === 0 || ports.length > MAX_TCP_PORTS) fail(`must list 1-${MAX_TCP_PORTS} ports`);
  const seen = new Set<number>();
  for (const p of ports) {
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 65535)
      fail('must be whole numbers from 1 to 65535');
    if (seen.has(p as number)) fail(`must not repeat a port (${p})`);
    seen.add(p as number);
  }
}

export function samePorts(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time by component, read from /proc (Linux): the certplane process; Postgres split into the backends
 * connected to this run's database, the server's shared processes (postmaster, WAL writer, checkpointer…)
 * and other databases' backends (someone else's load); every nats-server; this load generator; and the whole
 * machine, so that what nobody here accounts for shows up as `other` (noise from the rest of the machine).
 * Differences of two snapshots give where the CPU went during a phase.
 */
export interface CpuSnapshot {
  at: bigint;
  certplane: number;
  postgresOurs: number;
  postgresShared: number;
  postgresOthers: number;
  nats: number;
  bench: number;
  machineBusy: number;
  machineTotal: number;
}

export interface CpuDelta {
  seconds: number;
  /** Cores used on average over the phase */
  certplane: number;
  /** This run's backends plus the shared server processes */
  postgres: number;
  postgresOthers: number;
  nats: number;
  bench: number;
  /** Busy cores that none of the above account for (other databases' backends included) */
  other: number;
  machineBusyCores: number;
  machineCores: number;
}

const TICK_S = 1 / 100; // CLK_TCK is 100 on Linux for every architecture node supports

function procTicks(pid: number | string): { comm: string; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(open + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // fields[0] is state (field 3); utime is field 14, stime field 15 → indexes 11 and 12 here
    return { comm, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

function machineTicks(): { busy: number; total: number } {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal; guest time is already inside user
    const idle = cpu[3] + (cpu[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** Postgres retitles its processes: "postgres: 15/main: <user> <database> <host>(<port>) <state>" for backends. */
/** CPU ms a process (all its threads) has used so far; 0 once it is gone. */
export function processCpuMs(pid: number): number {
  return (procTicks(pid)?.ticks ?? 0) * TICK_S * 1000;
}

function postgresRole(pid: string, database: string | undefined): 'ours' | 'others' | 'shared' {
  let title = '';
  try {
    title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return 'shared';
  }
  const tokens = title.split(/\s+/);
  if (database && tokens.includes(database)) return 'ours';
  return /\(\d+\)/.test(title) || /\[local\]/.test(title) ? 'others' : 'shared';
}

export function cpuSnapshot(certplanePid: number | undefined, database?: string): CpuSnapshot {
  let postgresOurs = 0;
  let postgresShared = 0;
  let postgresOthers = 0;
  let nats = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const p = procTicks(entry);
      if (!p) continue;
      if (p.comm.startsWith('postgres')) {
        const role = postgresRole(entry, database);
        if (role === 'ours') postgresOurs += p.ticks;
        else if (role === 'others') postgresOthers += p.ticks;
        else postgresShared += p.ticks;
      } else if (p.comm === 'nats-server') nats += p.ticks;
    }
  } catch {
    // no /proc: the breakdown stays at zero
  }
  const usage = process.cpuUsage();
  const m = machineTicks();
  return {
    at: process.hrtime.bigint(),
    certplane: certplanePid ? (procTicks(certplanePid)?.ticks ?? 0) * TICK_S : 0,
    postgresOurs: postgresOurs * TICK_S,
    postgresShared: postgresShared * TICK_S,
    postgresOthers: postgresOthers * TICK_S,
    nats: nats * TICK_S,
    bench: (usage.user + usage.system) / 1e6,
    machineBusy: m.busy * TICK_S,
    machineTotal: m.total * TICK_S,
  };
}

export function cpuDelta(a: CpuSnapshot, b: CpuSnapshot): CpuDelta {
  const seconds = Number(b.at - a.at) / 1e9;
  const per = (x: number) => x / seconds;
  // A process that exits between the snapshots takes its ticks with it; clamp rather than report negative use.
  const d = (x: number, y: number) => Math.max(0, per(y - x));
  const certplane = d(a.certplane, b.certplane);
  const postgres = d(a.postgresOurs, b.postgresOurs) + d(a.postgresShared, b.postgresShared);
  const nats = d(a.nats, b.nats);
  const bench = d(a.bench, b.bench);
  const machineBusyCores = d(a.machineBusy, b.machineBusy);
  return {
    seconds,
    certplane,
    postgres,
    postgresOthers: d(a.postgresOthers, b.postgresOthers),
    nats,
    bench,
    other: Math.max(0, machineBusyCores - certplane - postgres - nats - bench),
    machineBusyCores,
    machineCores: d(a.machineTotal, b.machineTotal),
  };
}

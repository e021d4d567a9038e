import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by the code the sampled frame belongs to */
  byCategory: { name: string; ms: number; share: number }[];
  /**
   * Each sample charged to the nearest frame (leaf upwards) that belongs to a known subsystem, so native
   * work (socket writev, X.509 parsing, JSON) counts for the JS that asked for it.
   */
  bySubsystem: { name: string; ms: number; share: number }[];
  topFunctions: { name: string; ms: number; share: number }[];
}

const SUBSYSTEMS: [RegExp, string][] = [
  [
    /\/dist\/libs\/pki\/|node_modules\/(asn1js|@peculiar\/[^/]+|pvtsutils|pvutils|tslib|tsyringe|bytestreamjs)\//,
    'pki (x509 build/parse/lint, keys)',
  ],
  [
    /node_modules\/(typeorm|pg|pg-protocol|pg-pool|pg-types|pg-connection-string|postgres-[a-z]+|pgpass|buffer-writer|packet-reader)\//,
    'postgres client (typeorm, pg)',
  ],
  [/node_modules\/@nats-io\//, 'nats client'],
  [
    /node_modules\/(fastify|@fastify\/[^/]+|find-my-way|avvio|light-my-request|fast-querystring|fast-decode-uri-component|fast-json-stringify|toad-cache|secure-json-parse|helmet|body-parser|raw-body|finalhandler|send|on-finished|path-to-regexp|qs|content-type|type-is|accepts|negotiator|iconv-lite|statuses|http-errors|depd|parseurl|merge-descriptors|proxy-addr|forwarded|etag|fresh|vary|cookie|media-typer|mime-types|mime-db|encodeurl|escape-html|range-parser|debug|ms)\/|\/dist\/apps\/api\/src\/http\/|node:_http|node:http/,
    'http (fastify, node http)',
  ],
  [
    /node_modules\/(@nestjs\/[^/]+|rxjs|reflect-metadata|class-transformer|class-validator|uid|iterare|fast-safe-stringify)\//,
    'nest / cqrs / rxjs',
  ],
  [
    /node_modules\/(pino|pino-[a-z-]+|sonic-boom|thread-stream|quick-format-unescaped|atomic-sleep|on-exit-leak-free|safe-stable-stringify)\//,
    'logging (pino)',
  ],
  [/node_modules\/zod\//, 'zod'],
];

function subsystemOf(url: string): string | undefined {
  for (const [re, name] of SUBSYSTEMS) if (re.test(url)) return name;
  const cp = /\/dist\/(libs|apps)\/([^/]+)\/(?:src\/)?([^/]+)?/.exec(url);
  if (cp) return `certplane ${cp[1]}/${cp[2]}`;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  return undefined;
}

/**
 * Self time of the certplane main thread by where the code lives: a package under node_modules, one of
 * certplane's libs/apps, a node core module, or V8's pseudo-frames (GC, idle, program = native work not
 * attributed to JS). Work on libuv's pool (WebCrypto keygen/sign, pg's socket I/O is not there) is not
 * sampled: the V8 profiler sees the main thread only.
 */
export function summarizeProfile(file: string, top = 12): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const subsystemCache = new Map<number, string>();
  const subsystemOfNode = (leaf: number): string => {
    const cached = subsystemCache.get(leaf);
    if (cached) return cached;
    const leafFrame = byId.get(leaf)!.callFrame;
    let found: string | undefined;
    let core: string | undefined;
    if (!leafFrame.url && leafFrame.functionName.startsWith('(') && leafFrame.functionName !== '(anonymous)')
      found = leafFrame.functionName;
    for (let id: number | undefined = leaf; !found && id !== undefined; id = parent.get(id)) {
      const url = byId.get(id)!.callFrame.url;
      if (!url) continue;
      found = subsystemOf(url);
      if (!found && url.startsWith('node:')) core ??= category(url, '');
    }
    const result = found ?? core ?? '(native, no JS caller)';
    subsystemCache.set(leaf, result);
    return result;
  };
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    // timeDeltas[i] is the time before sample i; attribute the following delta to the sample (the usual approximation)
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + dt);
  }
  let totalMs = 0;
  const cats = new Map<string, number>();
  const fns = new Map<string, number>();
  const subs = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    totalMs += ms;
    const cat = category(n.callFrame.url, n.callFrame.functionName);
    cats.set(cat, (cats.get(cat) ?? 0) + ms);
    const sub = subsystemOfNode(id);
    subs.set(sub, (subs.get(sub) ?? 0) + ms);
    const fname = `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}${n.callFrame.url ? ':' + (n.callFrame.lineNumber + 1) : ''}`;
    fns.set(fname, (fns.get(fname) ?? 0) + ms);
  }
  const rank = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).map(([name, ms]) => ({ name, ms, share: ms / totalMs }));
  return { totalMs, byCategory: rank(cats), bySubsystem: rank(subs), topFunctions: rank(fns).slice(0, top) };
}

function category(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const cp = /\/dist\/(libs|apps)\/([^/]+)\//.exec(url);
  if (cp) return `certplane:${cp[1]}/${cp[2]}`;
  if (url.startsWith('node:')) {
    const parts = url.slice(5).split('/');
    return `node:${parts[0] === 'internal' ? parts.slice(1, 2).join('/').replace(/\.js$/, '') : parts[0]}`;
  }
  return 'other';
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 13);
  const d = url.indexOf('/dist/');
  if (d >= 0) return url.slice(d + 6);
  return url;
}

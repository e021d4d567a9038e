import { setTimeout as sleep } from 'node:timers/promises';

export type Op = 'enrol' | 'details' | 'leave' | 'tunnel';

/** One HTTP answer (or failure to get one) the load generator saw. */
export interface Answer {
  /** When the request was sent and when its answer (or failure) came: a 5xx is judged by the fault windows it overlaps. */
  at: number;
  end: number;
  op: Op;
  /** 0: no answer (connection refused or reset, timeout). */
  status: number;
  code?: string;
}

export interface Enrolment {
  name: string;
  detailsSecret: string;
  /** The private key details handed out, once it did. */
  privateKey?: string;
  left: boolean;
}

export interface LoadRecord {
  answers: Answer[];
  /** Enrolments answered 2xx. */
  accepted: Enrolment[];
  tunnelTokens: string[];
}

export interface LoadOptions {
  url: string;
  token: string;
  virtualClients: number;
  namePrefix: string;
  /** Namespace (created beforehand) the tunnels go to. */
  namespace: string;
  /** Every n-th round of a virtual client also creates a tunnel. */
  tunnelEvery: number;
}

/**
 * Virtual clients that enrol, read their details until the certificate is there (or for a few
 * seconds, then they move on), and leave every other time, for as long as the run lasts. Every
 * answer is recorded with its time, so 5xx answers can be judged against the outage windows
 * afterwards. No accepted enrolment is given up: collectMissingDetails asks again once the run is quiet.
 */
export class LoadGenerator {
  readonly record: LoadRecord = { answers: [], accepted: [], tunnelTokens: [] };
  private stopping = false;
  private workers: Promise<void>[] = [];

  constructor(private readonly o: LoadOptions) {}

  start(): void {
    this.workers = Array.from({ length: this.o.virtualClients }, (_, i) => this.virtualClient(i));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.workers);
  }

  /** A burst of enrolments at once, so a worker has a batch in flight (for the kill -9 step). */
  async burst(n: number, tag: string): Promise<void> {
    await Promise.all(Array.from({ length: n }, (_, i) => this.enrol(`${this.o.namePrefix}-burst-${tag}-${i}`)));
  }

  private async virtualClient(vc: number): Promise<void> {
    for (let round = 0; !this.stopping; round++) {
      const enrolment = await this.enrol(`${this.o.namePrefix}-${vc}-${round}`);
      if (!enrolment) {
        await sleep(200);
        continue;
      }
      // Not forever: a frozen worker must not stop the enrolments; the rest is fetched once the run is quiet.
      await this.awaitDetails(enrolment, Date.now() + 8_000);
      if (enrolment.privateKey && round % 2 === 1) await this.leave(enrolment);
      if (round % this.o.tunnelEvery === this.o.tunnelEvery - 1)
        await this.createTunnel(`t-${this.o.namePrefix}-${vc}-${round}`.toLowerCase());
    }
  }

  private async enrol(name: string): Promise<Enrolment | undefined> {
    const r = await this.call('enrol', 'POST', '/clientcontroller/enrol', {
      name,
      topics: { insert: 'data', query: 'requests' },
    });
    if (r.status < 200 || r.status > 299) return undefined;
    const e: Enrolment = { name, detailsSecret: r.body.url, left: false };
    this.record.accepted.push(e);
    return e;
  }

  /**
   * Details of every accepted enrolment that has none yet and was not left, once the run is quiet:
   * each must answer with its certificate, and its key joins those the secret scan looks for.
   */
  async collectMissingDetails(): Promise<Enrolment[]> {
    const missing = this.record.accepted.filter((e) => !e.privateKey && !e.left);
    for (const e of missing) await this.awaitDetails(e, Date.now() + 20_000, true);
    return missing.filter((e) => !e.privateKey);
  }

  private async awaitDetails(e: Enrolment, deadline: number, evenWhenStopping = false): Promise<void> {
    while ((evenWhenStopping || !this.stopping) && Date.now() < deadline) {
      const r = await this.call('details', 'GET', `/informationservice/details/${e.detailsSecret}`);
      if (r.status === 200 && typeof r.body?.key === 'string') {
        e.privateKey = r.body.key;
        return;
      }
      // CERTIFICATE_PENDING already waited on the server; an outage is waited out here, by Retry-After when given.
      if (r.code !== 'CERTIFICATE_PENDING') await sleep(r.retryAfterS ? r.retryAfterS * 1000 : 300);
    }
  }

  private async leave(e: Enrolment): Promise<void> {
    for (let attempt = 0; attempt < 20 && !this.stopping; attempt++) {
      const r = await this.call('leave', 'POST', '/clientcontroller/leave', { name: e.name });
      if (r.status === 200) {
        e.left = true;
        return;
      }
      if (r.status > 0 && r.status < 500) return;
      await sleep(r.retryAfterS ? r.retryAfterS * 1000 : 300);
    }
  }

  private async createTunnel(name: string): Promise<void> {
    const r = await this.call('tunnel', 'POST', '/v1/tunnels', { name, namespace: this.o.namespace, tcpPorts: [443] });
    if (r.status === 201 && typeof r.body?.authToken === 'string') this.record.tunnelTokens.push(r.body.authToken);
  }

  private async call(
    op: Op,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any; code?: string; retryAfterS?: number }> {
    const at = Date.now();
    try {
      const res = await fetch(this.o.url + path, {
        method,
        headers: { authorization: `Bearer ${this.o.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      let parsed: any;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const code = res.status >= 400 ? parsed?.code : undefined;
      this.record.answers.push({ at, end: Date.now(), op, status: res.status, code });
      return {
        status: res.status,
        body: parsed,
        code,
        retryAfterS: Number(res.headers.get('retry-after')) || undefined,
      };
    } catch {
      this.record.answers.push({ at, end: Date.now(), op, status: 0 });
      return { status: 0, body: undefined };
    }
  }
}

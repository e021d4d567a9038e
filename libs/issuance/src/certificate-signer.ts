import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { KeyObject } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Piscina } from 'piscina';
import { type CertplaneConfig, ConfigError } from '@certplane/config';
import { CONFIG } from '@certplane/platform';
import {
  certificateTemplateFor,
  type FastIssueInput,
  type IssueClientCertificateInput,
  type IssuedCertificate,
  type LoadedCertificateAuthority,
  PkiError,
} from '@certplane/pki';
import type { SigningResult } from './certificate-signing.worker';

interface PendingIssue {
  ca: LoadedCertificateAuthority;
  task: FastIssueInput;
  resolve: (issued: IssuedCertificate) => void;
  reject: (error: unknown) => void;
}

// Large enough to amortise a message, small enough that a batch does not hold the others back for long.
const MAX_BATCH = 32;

// Compiled next to this file in dist; absent when running from the TypeScript sources (jest).
const WORKER_FILE = join(__dirname, 'certificate-signing.worker.js');

/**
 * Issues client certificates on a pool of worker threads (CERTPLANE_SIGNING_THREADS, default one per
 * core; 0 signs on the calling thread). Key generation and signing are CPU-bound and synchronous, so
 * without threads one issuer process uses one core however many messages it handles at once.
 */
@Injectable()
export class CertificateSigner implements OnModuleDestroy {
  private readonly threads: number;
  private pool?: { ca: LoadedCertificateAuthority; piscina: Piscina };
  private pending: PendingIssue[] = [];

  constructor(@Inject(CONFIG) config: Pick<CertplaneConfig, 'signingThreads'>) {
    const compiled = existsSync(WORKER_FILE);
    if (config.signingThreads !== undefined && config.signingThreads > 0 && !compiled) {
      throw new ConfigError('CERTPLANE_SIGNING_THREADS', `needs the compiled worker ${WORKER_FILE}: run from dist, or set it to 0`);
    }
    // Unset: a thread per core when the compiled worker is there, so tests running the sources sign inline.
    this.threads = config.signingThreads ?? (compiled ? availableParallelism() : 0);
  }

  get threadCount(): number {
    return this.threads;
  }

  async issue(ca: LoadedCertificateAuthority, input: IssueClientCertificateInput): Promise<IssuedCertificate> {
    // Made and proven against lint here, on this thread, before any worker gets the CA's key.
    const template = certificateTemplateFor(ca);
    const task: FastIssueInput = { ...input, publicKey: input.publicKey ? KeyObject.from(input.publicKey) : undefined };
    if (this.threads === 0) return template.issue(task);
    return new Promise((resolve, reject) => {
      // Requests made in the same turn of the event loop go out together (see flush).
      if (this.pending.push({ ca, task, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  /**
   * A message to a worker and back costs about as much CPU as a certificate, so the waiting requests go
   * out in one batch per thread rather than one message each.
   */
  private flush(): void {
    const pending = this.pending;
    this.pending = [];
    for (const ca of new Set(pending.map((p) => p.ca))) {
      const forCa = pending.filter((p) => p.ca === ca);
      const size = Math.min(MAX_BATCH, Math.ceil(forCa.length / this.threads));
      for (let start = 0; start < forCa.length; start += size) {
        const batch = forCa.slice(start, start + size);
        this.poolFor(ca)
          .run(batch.map((p) => p.task))
          .then(
            (results: SigningResult[]) =>
              batch.forEach((p, i) => {
                const result = results[i];
                if ('error' in result) p.reject(new PkiError(result.error.code, result.error.message));
                else p.resolve(result.issued);
              }),
            (e: unknown) => batch.forEach((p) => p.reject(e)),
          );
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.piscina.destroy();
  }

  private poolFor(ca: LoadedCertificateAuthority): Piscina {
    if (this.pool?.ca === ca) return this.pool.piscina;
    void this.pool?.piscina.destroy();
    const piscina = new Piscina({
      filename: WORKER_FILE,
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: { certificatePem: ca.certificatePem, signingKey: KeyObject.from(ca.privateKey) },
    });
    this.pool = { ca, piscina };
    return piscina;
  }
}

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { KeyObject, type webcrypto } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Piscina } from 'piscina';
import { type CertplaneConfig, ConfigError, CONFIG } from '@certplane/config';
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

interface SigningPool {
  ca: LoadedCertificateAuthority;
  piscina: Piscina;
  /** Batches it is signing */
  running: number;
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
  private pool?: SigningPool;
  private pending: PendingIssue[] = [];
  private inFlight = 0;

  constructor(@Inject(CONFIG) config: Pick<CertplaneConfig, 'signingThreads'>) {
    const compiled = existsSync(WORKER_FILE);
    if (config.signingThreads !== undefined && config.signingThreads > 0 && !compiled) {
      throw new ConfigError(
        'CERTPLANE_SIGNING_THREADS',
        `needs the compiled worker ${WORKER_FILE}: run from dist, or set it to 0`,
      );
    }
    // Unset: a thread per core when the compiled worker is there, so tests running the sources sign inline.
    this.threads = config.signingThreads ?? (compiled ? availableParallelism() : 0);
  }

  get threadCount(): number {
    return this.threads;
  }

  async issue(ca: LoadedCertificateAuthority, input: IssueClientCertificateInput): Promise<IssuedCertificate> {
    // Made and proven against lint here, on this thread, before any worker signs with the profile.
    const template = await certificateTemplateFor(ca, input.profile, input.profileName);
    // A key in an HSM signs there, from the binding's own threads (one session each), never in a worker here.
    if (this.threads === 0 || !ca.signer.localKey) return template.issueSigned(input);
    const task: FastIssueInput = {
      ...input,
      publicKey: input.publicKey ? transferableKey(input.publicKey) : undefined,
    };
    return new Promise((resolve, reject) => {
      // Requests made in the same turn of the event loop go out together.
      if (this.pending.push({ ca, task, resolve, reject }) === 1) setImmediate(() => this.dispatch());
    });
  }

  /**
   * A message to a worker and back costs about as much CPU as a certificate, so requests go out in
   * batches: at most one batch per thread in flight, and whatever piled up meanwhile goes to the next
   * thread that is free, up to MAX_BATCH at a time.
   */
  private dispatch(): void {
    while (this.inFlight < this.threads && this.pending.length > 0) {
      const ca = this.pending[0].ca;
      const size = Math.min(MAX_BATCH, Math.ceil(this.pending.length / (this.threads - this.inFlight)));
      const batch: PendingIssue[] = [];
      // A batch is for one CA (two only just after an issuer is activated).
      this.pending = this.pending.filter((p) => (p.ca === ca && batch.length < size ? (batch.push(p), false) : true));
      this.inFlight++;
      const pool = this.poolFor(ca);
      pool.running++;
      pool.piscina
        .run(batch.map((p) => p.task))
        .then(
          (results: SigningResult[]) =>
            batch.forEach((p, i) => {
              const result = results[i];
              if ('error' in result) p.reject(new PkiError(result.error.code, result.error.message));
              else p.resolve(result.issued);
            }),
          (e: unknown) => batch.forEach((p) => p.reject(e)),
        )
        .finally(() => {
          this.inFlight--;
          pool.running--;
          if (pool !== this.pool && pool.running === 0) void pool.piscina.destroy();
          this.dispatch();
        });
    }
  }

  async onModuleDestroy(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    const pending = this.pending;
    this.pending = [];
    pending.forEach((p) => p.reject(new Error('the certificate signer is shutting down')));
    await pool?.piscina.destroy();
  }

  /** A new issuer gets pools of its own; the previous one's goes when the batches it is signing are done. */
  private poolFor(ca: LoadedCertificateAuthority): SigningPool {
    if (this.pool?.ca === ca) return this.pool;
    if (this.pool && this.pool.running === 0) void this.pool.piscina.destroy();
    const piscina = new Piscina({
      filename: WORKER_FILE,
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: { certificatePem: ca.certificatePem, signingKey: ca.signer.localKey, distribution: ca.distribution },
    });
    this.pool = { ca, piscina, running: 0 };
    return this.pool;
  }
}

/** A WebCrypto key cannot cross to a worker; a KeyObject can (the worker checks its type against the profile). */
function transferableKey(key: webcrypto.CryptoKey | KeyObject): KeyObject {
  if (key instanceof KeyObject) return key;
  try {
    return KeyObject.from(key);
  } catch {
    throw new PkiError('INVALID_INPUT', 'publicKey must be a public key');
  }
}

import type { CertificateDocument } from '@certplane/api-contract';
import { call } from '../api';
import { when } from '../format';
import { touches } from '../live';
import { useData } from '../use-data';

/** A download made in the page (a blob), so the PEM needs no second request carrying the token. */
function download(doc: CertificateDocument): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([doc.pem], { type: 'application/x-pem-file' }));
  a.download = `${doc.serial_number}.pem`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export function CertificatePage(props: { serial: string }) {
  const cert = useData(
    () => call<CertificateDocument>(`/certificates/${props.serial}`),
    props.serial,
    touches('client-'),
  );
  const d = cert.data;
  if (cert.error && !d)
    return (
      <p role="alert" class="error">
        {cert.error.code}: {cert.error.message}
      </p>
    );
  if (!d) return <p>Loading…</p>;
  const sans = [
    ...d.subject_alt_names.hostnames.map((h) => `DNS:${h}`),
    ...d.subject_alt_names.ips.map((ip) => `IP:${ip}`),
  ];
  return (
    <>
      <p>
        <a href="/console/certificates">← Certificates</a>
      </p>
      <h1>
        Certificate <code>{d.serial_number}</code>
      </h1>
      <dl class="fields" data-testid="certificate">
        <div>
          <dt>Status</dt>
          <dd>
            <span class={`badge ${d.status}`}>{d.status}</span>
            {d.revocation_reason ? ` (${d.revocation_reason}, ${when(d.revoked_at)}, by ${d.revoked_by ?? '—'})` : ''}
          </dd>
        </div>
        <div>
          <dt>Client</dt>
          <dd>
            <a href={`/console/clients/${d.client_id}`}>{d.client_name ?? d.client_id}</a>
          </dd>
        </div>
        <div>
          <dt>Subject</dt>
          <dd>
            <code>{d.subject}</code>
          </dd>
        </div>
        <div>
          <dt>Subject alternative names</dt>
          <dd>{sans.join(', ') || '—'}</dd>
        </div>
        <div>
          <dt>Serial number</dt>
          <dd>
            <code>{d.serial_number}</code>
          </dd>
        </div>
        <div>
          <dt>SHA-256 fingerprint</dt>
          <dd>
            <code class="wrap">{d.fingerprint_sha256}</code>
          </dd>
        </div>
        <div>
          <dt>Issuer</dt>
          <dd>
            <code>{d.issuer}</code>
          </dd>
        </div>
        <div>
          <dt>Valid</dt>
          <dd>
            {when(d.not_before)} to {when(d.not_after)}
          </dd>
        </div>
      </dl>
      <button type="button" class="primary" onClick={() => download(d)}>
        Download PEM
      </button>
      <details>
        <summary>PEM</summary>
        <pre>{d.pem}</pre>
      </details>
    </>
  );
}

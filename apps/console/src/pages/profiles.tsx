import { useState } from 'preact/hooks';
import { ApiFailure, call } from '../api';
import { ConfirmButton } from '../confirm';
import { touches } from '../live';
import { DataTable } from '../data-table';
import { useData } from '../use-data';
import type { ProfileView } from '@certplane/api-contract';

const profileChanged = touches('profile-');

/** What a new profile's form starts with: the built-in profile's shape, to be edited. */
const STARTER = JSON.stringify(
  {
    keyTypes: ['ec-p256'],
    extendedKeyUsages: ['clientAuth'],
    sans: { dns: { max: 1 } },
    subject: { commonName: '{name}' },
    validity: '30d',
  },
  null,
  2,
);

function sans(p: ProfileView): string {
  const kinds = Object.entries(p.sans ?? {}).map(
    ([kind, rule]) => `${kind} ≤ ${rule.max}${rule.patterns?.length ? ` (${rule.patterns.join(', ')})` : ''}`,
  );
  return kinds.length ? kinds.join('; ') : 'none';
}

/** Certificate profiles: everyone who may read them sees them; creating and deleting is offered to whom the API admits (admins). */
export function ProfilesPage(props: { can: (method: string, path: string) => boolean }) {
  const { can } = props;
  const profiles = useData(() => call<ProfileView[]>('/profiles'), 'profiles', profileChanged);
  const [error, setError] = useState<ApiFailure | undefined>();
  const [name, setName] = useState('');
  const [body, setBody] = useState(STARTER);
  const create = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    let fields: unknown;
    try {
      fields = JSON.parse(body);
    } catch {
      return setError(new ApiFailure(0, 'INVALID_JSON', 'The profile is not JSON.'));
    }
    try {
      await call('/profiles', { method: 'POST', body: { ...(fields as object), name } });
      setName('');
      profiles.reload();
    } catch (err) {
      setError(err instanceof ApiFailure ? err : new ApiFailure(0, 'NETWORK', String(err)));
    }
  };
  return (
    <>
      <h1>Certificate profiles</h1>
      {error && (
        <p role="alert" class="error">
          {error.code}: {error.message}
        </p>
      )}
      <DataTable
        testId="profiles"
        caption="What each profile puts in the certificates issued under it"
        columns={['name', 'key types', 'usages', 'SANs', 'common name', 'validity']}
        actions
        items={profiles.data ?? []}
        rowKey={(p) => p.name}
        row={(p) => (
          <>
            <td>
              {p.name}
              {p.builtIn && <span class="muted"> (built in)</span>}
            </td>
            <td>{p.keyTypes.join(', ')}</td>
            <td>{p.extendedKeyUsages.join(', ')}</td>
            <td>{sans(p)}</td>
            <td>
              <code>{p.subject.commonName}</code>
            </td>
            <td>
              {p.validity ?? 'default'}
              {p.maxValidity && ` (at most ${p.maxValidity})`}
            </td>
            <td>
              {!p.builtIn && can('delete', '/profiles/{name}') && (
                <ConfirmButton
                  label={`Delete ${p.name}`}
                  danger
                  question={`Delete profile ${p.name}? No live client may be under it.`}
                  run={() => call(`/profiles/${encodeURIComponent(p.name)}`, { method: 'DELETE' })}
                  done={profiles.reload}
                />
              )}
            </td>
          </>
        )}
      />
      {can('post', '/profiles') && (
        <form class="profile-form" onSubmit={(e) => void create(e)}>
          <h2>New profile</h2>
          <label>
            Profile name <input value={name} required onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <label>
            Profile (JSON: keyTypes, extendedKeyUsages, sans, subject, validity, maxValidity)
            <textarea rows={10} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
          </label>
          <button type="submit" class="primary">
            Create profile
          </button>
        </form>
      )}
    </>
  );
}

import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import { ApiFailure, call } from './api';
import { stop as stopLive } from './live';
import { allows, loadOperations } from './permissions';
import { BASE, follow, useLocation } from './router';
import { forgetToken, keepToken, storedToken, Viewer } from './session';
import { CertificatePage } from './pages/certificate';
import { CertificatesPage } from './pages/certificates';
import { ClientPage } from './pages/client';
import { ClientsPage } from './pages/clients';
import { OverviewPage } from './pages/overview';
import { TunnelsPage } from './pages/tunnels';

type Can = (method: string, path: string) => boolean;

function SignIn(props: { onSignedIn: (v: Viewer) => void; failure?: string }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState(props.failure);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const viewer = await call<Viewer>('/whoami', { token });
      keepToken(token);
      props.onSignedIn(viewer);
    } catch (err) {
      setError(err instanceof ApiFailure ? `${err.code}: ${err.message}` : String(err));
    }
  };
  return (
    <main class="signin">
      <h1>certplane console</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label for="token">API token</label>
        <input
          id="token"
          type="password"
          autocomplete="off"
          required
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <p class="muted">
          The token from certplane's start-up banner or your CERTPLANE_API_TOKENS entry. It is kept in this tab only.
        </p>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}

function Page(props: { path: string; can: Can }) {
  const parts = props.path.slice(BASE.length).split('/').filter(Boolean);
  if (parts[0] === 'clients' && parts[1]) return <ClientPage id={parts[1]} can={props.can} />;
  if (parts[0] === 'clients') return <ClientsPage />;
  if (parts[0] === 'certificates' && parts[1]) return <CertificatePage serial={parts[1]} />;
  if (parts[0] === 'certificates') return <CertificatesPage />;
  if (parts[0] === 'tunnels') return <TunnelsPage can={props.can} />;
  return <OverviewPage />;
}

const NAV: Array<[string, string]> = [
  ['/console', 'Overview'],
  ['/console/clients', 'Clients'],
  ['/console/certificates', 'Certificates'],
  ['/console/tunnels', 'Tunnels and namespaces'],
];

function App() {
  const [viewer, setViewer] = useState<Viewer | undefined>();
  const [can, setCan] = useState<Can | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [checking, setChecking] = useState(storedToken() !== null);
  const url = useLocation();
  useEffect(() => {
    if (!storedToken()) return;
    call<Viewer>('/whoami')
      .then(setViewer, (e: unknown) => {
        forgetToken();
        setFailure(e instanceof ApiFailure ? `${e.code}: ${e.message}` : String(e));
      })
      .finally(() => setChecking(false));
  }, []);
  useEffect(() => {
    if (viewer)
      void loadOperations().then((ops) =>
        setCan(() => (method: string, path: string) => allows(ops, viewer.roles, method, path)),
      );
  }, [viewer]);
  if (checking) return <p>Loading…</p>;
  if (!viewer) return <SignIn onSignedIn={setViewer} failure={failure} />;
  const signOut = () => {
    forgetToken();
    stopLive();
    setViewer(undefined);
  };
  const section = url.pathname.replace(/\/$/, '');
  return (
    <div class="layout" onClick={follow}>
      <header>
        <span class="brand">certplane</span>
        <nav aria-label="Sections">
          {NAV.map(([href, name]) => (
            <a
              key={href}
              href={href}
              aria-current={(href === '/console' ? section === href : section.startsWith(href)) ? 'page' : undefined}
            >
              {name}
            </a>
          ))}
        </nav>
        <span class="viewer" data-testid="viewer">
          {viewer.actor} ({viewer.roles.join(', ')})
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>{can ? <Page path={section} can={can} /> : <p>Loading…</p>}</main>
    </div>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);

import type { ConsoleSettings } from '@certplane/api-contract';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import { ApiFailure, call, SESSION_ENDED } from './api';
import { stop as stopLive } from './live';
import { allows, loadOperations } from './permissions';
import { beginSignIn, finishSignIn, isCallback, OidcFailure, OidcSettings } from './oidc';
import { BASE, follow, navigate, useLocation } from './router';
import { forgetToken, keepToken, storedToken, tokenExpiresAt, Viewer } from './session';
import { CertificatePage } from './pages/certificate';
import { CertificatesPage } from './pages/certificates';
import { ClientPage } from './pages/client';
import { ClientsPage } from './pages/clients';
import { OverviewPage } from './pages/overview';
import { ProfilesPage } from './pages/profiles';
import { TunnelsPage } from './pages/tunnels';

type Can = (method: string, path: string) => boolean;

function SignIn(props: { onSignedIn: (v: Viewer) => void; failure?: string; oidc: OidcSettings | null }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState(props.failure);
  useEffect(() => setError(props.failure), [props.failure]);
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
  const { oidc } = props;
  const withIssuer = () => {
    if (!oidc) return;
    const here = location.pathname + location.search;
    beginSignIn(oidc, here.startsWith(`${BASE}/`) || here === BASE ? here : BASE).catch((err: unknown) =>
      setError(String((err as Error).message ?? err)),
    );
  };
  return (
    <main class="signin">
      <h1>certplane console</h1>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {oidc && (
        <p>
          <button type="button" class="primary" onClick={withIssuer}>
            Sign in with {new URL(oidc.issuer).host}
          </button>
        </p>
      )}
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
        <button type="submit" class={oidc ? '' : 'primary'}>
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
  if (parts[0] === 'profiles') return <ProfilesPage can={props.can} />;
  return <OverviewPage />;
}

const NAV: Array<[string, string]> = [
  ['/console', 'Overview'],
  ['/console/clients', 'Clients'],
  ['/console/certificates', 'Certificates'],
  ['/console/tunnels', 'Tunnels and namespaces'],
  ['/console/profiles', 'Profiles'],
];

/** Where a sign-in may send the browser back to: a console page, never elsewhere. */
function consolePath(path: string): string {
  return (path === BASE || path.startsWith(`${BASE}/`)) && !path.startsWith('//') ? path : BASE;
}

function App() {
  const [viewer, setViewer] = useState<Viewer | undefined>();
  const [can, setCan] = useState<Can | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [settings, setSettings] = useState<ConsoleSettings | undefined>();
  const [checking, setChecking] = useState(true);
  const url = useLocation();
  const endSession = (why?: string) => {
    forgetToken();
    stopLive();
    setViewer(undefined);
    setCan(undefined);
    setFailure(why);
  };
  useEffect(() => {
    void (async () => {
      try {
        const loaded = await call<ConsoleSettings>('/console-settings', { token: '' });
        setSettings(loaded);
        if (isCallback()) {
          if (!loaded.oidc) throw new OidcFailure('This certplane signs in with tokens only.');
          const signedIn = await finishSignIn(loaded.oidc);
          keepToken(signedIn.accessToken, signedIn.expiresAt);
          navigate(consolePath(signedIn.returnTo), true);
        }
        const expires = tokenExpiresAt();
        if (expires !== null && expires <= Date.now()) return endSession('Your session expired: sign in again.');
        if (storedToken()) setViewer(await call<Viewer>('/whoami'));
      } catch (e) {
        endSession(e instanceof ApiFailure ? `${e.code}: ${e.message}` : String((e as Error).message ?? e));
      } finally {
        setChecking(false);
      }
    })();
  }, []);
  useEffect(() => {
    const refused = () => endSession('Your session ended (the API no longer takes its token): sign in again.');
    addEventListener(SESSION_ENDED, refused);
    return () => removeEventListener(SESSION_ENDED, refused);
  }, []);
  useEffect(() => {
    const expires = tokenExpiresAt();
    if (!viewer || expires === null) return;
    // setTimeout takes at most 2^31-1 ms; a later expiry is looked at again then.
    const timer = setTimeout(
      () =>
        tokenExpiresAt()! <= Date.now() ? endSession('Your session expired: sign in again.') : setViewer({ ...viewer }),
      Math.min(Math.max(0, expires - Date.now()), 2 ** 31 - 1),
    );
    return () => clearTimeout(timer);
  }, [viewer]);
  useEffect(() => {
    if (viewer)
      void loadOperations().then((ops) =>
        setCan(() => (method: string, path: string) => allows(ops, viewer.roles, method, path)),
      );
  }, [viewer]);
  if (checking) return <p>Loading…</p>;
  if (!viewer)
    return (
      <SignIn
        onSignedIn={(v) => {
          setFailure(undefined);
          setViewer(v);
        }}
        failure={failure}
        oidc={settings?.oidc ?? null}
      />
    );
  const signOut = () => endSession();
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

import { useEffect, useState } from 'preact/hooks';

export const BASE = '/console';

/** The console's own location: its path below /console and its query. */
export function useLocation(): URL {
  const [url, setUrl] = useState(() => new URL(location.href));
  useEffect(() => {
    const update = () => setUrl(new URL(location.href));
    addEventListener('popstate', update);
    addEventListener('console:navigate', update);
    return () => {
      removeEventListener('popstate', update);
      removeEventListener('console:navigate', update);
    };
  }, []);
  return url;
}

export function navigate(href: string, replace = false): void {
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  dispatchEvent(new Event('console:navigate'));
}

/** Links inside the console move without reloading the page. */
export function follow(e: MouseEvent): void {
  const a = (e.target as HTMLElement).closest('a');
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || a.target || a.hasAttribute('download')) return;
  const href = a.getAttribute('href');
  if (!href?.startsWith(BASE)) return;
  e.preventDefault();
  navigate(href);
}

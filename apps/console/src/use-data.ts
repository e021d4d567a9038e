import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure } from './api';
import { Change, onChange } from './live';

export interface Loaded<T> {
  data?: T;
  error?: ApiFailure;
  reload: () => void;
}

/**
 * Loads what a page shows and loads it again when `key` changes or, if `relevant` says a change
 * concerns it, when the projector commits one: the page follows the fleet without a reload.
 */
export function useData<T>(
  load: () => Promise<T>,
  key: string,
  relevant: (c: Change) => boolean = () => true,
): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiFailure }>({});
  const latest = useRef(0);
  const reload = useCallback(() => {
    const n = ++latest.current;
    load().then(
      (data) => n === latest.current && setState({ data }),
      (error: unknown) =>
        n === latest.current &&
        setState((s) => ({
          data: s.data,
          error: error instanceof ApiFailure ? error : new ApiFailure(0, 'NETWORK', String(error)),
        })),
    );
  }, [key]);
  useEffect(() => {
    reload();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = onChange((c) => {
      if (!c.everything && !relevant(c)) return;
      clearTimeout(timer);
      timer = setTimeout(reload, 150);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [reload]);
  return { ...state, reload };
}

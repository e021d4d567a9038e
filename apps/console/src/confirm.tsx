import { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiFailure } from './api';

/**
 * A button whose action runs only after the person confirms it in a modal dialog (keyboard:
 * Escape cancels, focus moves into the dialog); a refusal is shown with its code and message.
 */
export function ConfirmButton(props: {
  label: string;
  question: string;
  confirmLabel?: string;
  danger?: boolean;
  run: () => Promise<unknown>;
  children?: ComponentChildren;
  done?: (r: unknown) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<ApiFailure | undefined>();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await props.run();
      dialog.current?.close();
      props.done?.(r);
    } catch (e) {
      setError(e instanceof ApiFailure ? e : new ApiFailure(0, 'NETWORK', String(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class={props.danger ? 'danger' : ''} onClick={() => dialog.current?.showModal()}>
        {props.label}
      </button>
      <dialog ref={dialog} aria-label={props.label}>
        <p>{props.question}</p>
        {props.children}
        {error && (
          <p role="alert" class="error">
            {error.code}: {error.message}
          </p>
        )}
        <div class="actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="button"
            class={props.danger ? 'danger' : 'primary'}
            disabled={busy}
            onClick={() => void confirm()}
          >
            {props.confirmLabel ?? props.label}
          </button>
        </div>
      </dialog>
    </>
  );
}

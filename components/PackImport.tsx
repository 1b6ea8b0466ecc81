/**
 * Importing a pack file: the reader picks the pack (`.json` or `.json.gz`), and with it its detached signature
 * (`<file>.sig`) when there is one. The file is read with a progress bar, then the background verifies,
 * decompresses, checks and installs it, reporting each phase. A pack no trusted key signed is only installed
 * after the reader confirms.
 */
import { useRef, useState } from 'preact/hooks';
import type { ImportPhase, ImportRequest, ImportResult } from '@/lib/messages';
import { i18n } from '#i18n';
import { formatBytes } from '@/utils/format';
import { concatBytes, toBase64 } from '@/lib/sync/bytes';
import { importPackWithProgress } from '@/utils/messaging';
import { packMessage } from './PackText';
import { ProgressBar } from './ProgressBar';

export interface PackImportProps {
  /** Called once an import attempt is over (installed or not), so the pack list can be reloaded. */
  onChanged?: () => void | Promise<unknown>;
}

export const IMPORT_PHASES: ReadonlyArray<{ phase: ImportPhase; label: () => string }> = [
  { phase: 'verifying', label: () => i18n.t('import.verifying') },
  { phase: 'decompressing', label: () => i18n.t('import.decompressing') },
  { phase: 'validating', label: () => i18n.t('import.validating') },
  { phase: 'writing', label: () => i18n.t('import.writing') },
];

type State =
  | { status: 'idle' }
  | { status: 'reading'; file: string; loaded: number; total: number }
  | { status: 'checking'; file: string; phase?: ImportPhase }
  | { status: 'confirm'; request: ImportRequest; reasons: string[] }
  | { status: 'installed'; title: string; version: number; signedBy?: string; unchanged: boolean }
  | { status: 'cancelled'; file: string }
  | { status: 'failed'; errors: string[] };

/** The pack file and its signature among the files picked, or why they cannot be told apart. */
export function pairImportFiles<F extends { name: string }>(files: readonly F[]): { pack: F; signature?: F } | { error: string } {
  const isSig = (file: F) => file.name.toLowerCase().endsWith('.sig');
  const signatures = files.filter(isSig);
  const packs = files.filter((file) => !isSig(file));
  if (packs.length === 0) {
    return { error: i18n.t('import.signatureAlone') };
  }
  if (packs.length > 1) {
    return { error: i18n.t('import.onePackAtATime', [String(packs.length), packs.map((f) => f.name).join(', ')]) };
  }
  const pack = packs[0]!;
  if (signatures.length === 0) return { pack };
  const named = signatures.find((sig) => sig.name === `${pack.name}.sig`);
  if (named) return { pack, signature: named };
  if (signatures.length === 1) return { pack, signature: signatures[0] };
  return { error: i18n.t('import.whichSignature', [pack.name]) };
}

/** Read a file's bytes, reporting how many have been read (through its stream when the browser has one). */
export async function readFileWithProgress(file: Blob, onProgress: (loaded: number) => void): Promise<Uint8Array> {
  if (typeof file.stream !== 'function') {
    const bytes = new Uint8Array(await file.arrayBuffer());
    onProgress(bytes.length);
    return bytes;
  }
  const reader = file.stream().getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress(loaded);
  }
  return concatBytes(chunks);
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function PackImport({ onChanged }: PackImportProps) {
  const [state, setState] = useState<State>({ status: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  const busy = state.status === 'reading' || state.status === 'checking';

  const send = async (request: ImportRequest) => {
    setState({ status: 'checking', file: request.name });
    let result: ImportResult;
    try {
      result = await importPackWithProgress(request, (phase) => setState({ status: 'checking', file: request.name, phase }));
    } catch (error) {
      result = { ok: false, errors: [message(error)] };
    }
    if (result.ok) {
      setState({
        status: 'installed',
        title: result.manifest.title,
        version: result.manifest.version,
        signedBy: result.signedBy,
        unchanged: result.status === 'unchanged',
      });
    } else if (result.needsConfirmation === 'unsigned' && !request.allowUnsigned) {
      setState({ status: 'confirm', request, reasons: result.errors });
    } else {
      setState({ status: 'failed', errors: result.errors.length > 0 ? result.errors : [i18n.t('import.noReason')] });
    }
    if (result.ok || !result.needsConfirmation) await Promise.resolve(onChanged?.()).catch(() => undefined);
  };

  const pick = async (element: HTMLInputElement) => {
    const files = [...(element.files ?? [])];
    if (files.length === 0) return;
    try {
      const paired = pairImportFiles(files);
      if ('error' in paired) {
        setState({ status: 'failed', errors: [paired.error] });
        return;
      }
      const { pack, signature } = paired;
      setState({ status: 'reading', file: pack.name, loaded: 0, total: pack.size });
      let request: ImportRequest;
      try {
        const bytes = await readFileWithProgress(pack, (loaded) => setState({ status: 'reading', file: pack.name, loaded, total: pack.size }));
        request = { name: pack.name, data: toBase64(bytes) };
        if (signature) request.signature = await signature.text();
      } catch (error) {
        setState({ status: 'failed', errors: [i18n.t('import.unreadable', [pack.name, message(error)])] });
        return;
      }
      await send(request);
    } finally {
      // Let the reader pick the same file again (after fixing it, or after cancelling).
      element.value = '';
    }
  };

  return (
    <div class="pack-import">
      <label class="import">
        <span>{i18n.t('import.file')}</span>
        <input
          ref={input}
          type="file"
          multiple
          accept=".json,.gz,.sig"
          data-part="import"
          disabled={busy}
          aria-describedby="import-hint"
          onChange={(event) => void pick(event.currentTarget)}
        />
      </label>
      <p class="muted hint" id="import-hint">
        {i18n.t('import.hintBefore')} (<code>&lt;file&gt;.sig</code>) {i18n.t('import.hintAfter')}
      </p>
      <ImportStatus
        state={state}
        onConfirm={(request) => void send({ ...request, allowUnsigned: true })}
        onCancel={(file) => {
          setState({ status: 'cancelled', file });
          input.current?.focus();
        }}
      />
    </div>
  );
}

function ImportStatus({
  state,
  onConfirm,
  onCancel,
}: {
  state: State;
  onConfirm: (request: ImportRequest) => void;
  onCancel: (file: string) => void;
}) {
  switch (state.status) {
    case 'idle':
      return null;
    case 'reading':
      return (
        <div class="import-progress" role="status">
          <ProgressBar
            part="import-progress"
            label={i18n.t('import.reading', [state.file])}
            value={state.total > 0 ? state.loaded / state.total : undefined}
            detail={i18n.t('import.progress', [formatBytes(state.loaded), formatBytes(state.total)])}
          />
        </div>
      );
    case 'checking': {
      const current = IMPORT_PHASES.findIndex((step) => step.phase === state.phase);
      const label = current >= 0 ? `${IMPORT_PHASES[current]!.label()}…` : i18n.t('import.sending', [state.file]);
      return (
        <div class="import-progress" role="status" data-phase={state.phase}>
          <ProgressBar part="import-progress" label={label} value={current >= 0 ? current / IMPORT_PHASES.length : 0} detail={state.file} />
          <ol class="import-phases">
            {IMPORT_PHASES.map((step, index) => (
              <li key={step.phase} data-phase={step.phase} data-state={index < current ? 'done' : index === current ? 'current' : 'pending'}>
                {step.label()}
              </li>
            ))}
          </ol>
        </div>
      );
    }
    case 'confirm':
      return (
        <div class="confirm-box" role="alertdialog" aria-labelledby="import-confirm-title" data-part="import-confirm-unsigned">
          <p id="import-confirm-title">
            <strong>{i18n.t('import.untrusted', [state.request.name])}</strong>
          </p>
          <p>{i18n.t('import.untrustedExplained')}</p>
          {state.reasons.length > 0 && (
            <ul class="reasons">
              {state.reasons.map((reason, index) => (
                <li key={index}>{reason}</li>
              ))}
            </ul>
          )}
          <div class="buttons">
            <button type="button" class="primary" data-part="import-confirm" onClick={() => onConfirm(state.request)}>
              {i18n.t('import.installAnyway')}
            </button>
            <button type="button" data-part="import-cancel" onClick={() => onCancel(state.request.name)}>
              {i18n.t('common.cancel')}
            </button>
          </div>
        </div>
      );
    case 'cancelled':
      return (
        <p class="muted" role="status" data-part="import-cancelled">
          {i18n.t('import.cancelled', [state.file])}
        </p>
      );
    case 'installed':
      return (
        <p class="ok" role="status" data-part="import-result">
          {packMessage((slot) =>
            i18n.t('import.installed', [slot(state.title), String(state.version), state.signedBy ? i18n.t('packs.signedBy', [state.signedBy]) : i18n.t('packs.unsigned')]),
          )}
          {state.unchanged && ` ${i18n.t('import.unchanged')}`}
        </p>
      );
    case 'failed':
      return (
        <div class="error" role="alert" data-part="import-errors">
          <p>{i18n.t('import.failed')}</p>
          <ul>
            {state.errors.map((error, index) => (
              <li key={index}>{error}</li>
            ))}
          </ul>
        </div>
      );
  }
}

/**
 * The "Updates" section of the options page: which pack server and channel to follow, how often to check, a
 * "Check for updates" button, and what the last check did.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { SyncPhase, SyncReport, SyncStatus } from '@/lib/messages';
import { formatDateTime } from '@/utils/format';
import { sendToBackground } from '@/utils/messaging';
import { SYNC_INTERVAL_CHOICES, type Setting } from '@/utils/settings';
import { syncResultLabel } from './PackTable';
import { useSetting } from './use-setting';

export interface SyncSettings {
  server: Setting<string>;
  channel: Setting<string>;
  intervalHours: Setting<number>;
}

export interface SyncPanelProps {
  settings: SyncSettings;
  /** Called after a check, so the pack list can be reloaded. */
  onSynced?: () => void | Promise<unknown>;
  /** How often the status is asked for while a check runs (ms). */
  pollMs?: number;
}

/** Undefined when `value` may be saved as the pack server URL; otherwise why not. Empty means the build default. */
export function packServerError(value: string): string | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return i18n.t('sync.serverNotUrl');
  }
  if (url.username || url.password) return i18n.t('sync.serverCredentials');
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]')) return undefined;
  if (url.protocol === 'http:') return i18n.t('sync.serverHttp');
  return i18n.t('sync.serverHttps');
}

/** Undefined when `value` may be saved as the channel name. */
export function channelError(value: string): string | undefined {
  const text = value.trim();
  if (text === '') return i18n.t('sync.channelEmpty');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(text)) return i18n.t('sync.channelInvalid');
  return undefined;
}

function phaseLabel(phase: SyncPhase): string {
  switch (phase) {
    case 'catalogue':
      return i18n.t('sync.phaseCatalogue');
    case 'downloading':
      return i18n.t('sync.phaseDownloading');
    case 'validating':
      return i18n.t('sync.phaseValidating');
    case 'applying':
      return i18n.t('sync.phaseApplying');
    default:
      return phase;
  }
}

export function syncPhaseText(running: NonNullable<SyncStatus['running']>): string {
  const label = phaseLabel(running.phase);
  return running.pack ? `${label} ${running.pack}…` : `${label}…`;
}

export function syncOutcomeText(outcome: SyncReport['outcome']): string {
  switch (outcome) {
    case 'updated':
      return i18n.t('sync.outcomeUpdated');
    case 'up-to-date':
      return i18n.t('sync.outcomeUpToDate');
    case 'partial':
      return i18n.t('sync.outcomePartial');
    case 'failed':
      return i18n.t('sync.outcomeFailed');
    case 'stale':
      return i18n.t('sync.outcomeStale');
    case 'not-configured':
      return i18n.t('sync.outcomeNotConfigured');
    default:
      return outcome;
  }
}

/** "Every 6 hours", "Daily", "Weekly", "Only when I ask". */
export function intervalLabel(hours: number): string {
  if (hours === 0) return i18n.t('sync.intervalNever');
  if (hours === 24) return i18n.t('sync.intervalDaily');
  if (hours === 168) return i18n.t('sync.intervalWeekly');
  return i18n.t('sync.intervalHours', hours);
}

/** The newer of two reports (by when they finished). */
function newest(a?: SyncReport, b?: SyncReport): SyncReport | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b.finishedAt) > Date.parse(a.finishedAt) ? b : a;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function SyncPanel({ settings, onSynced, pollMs = 500 }: SyncPanelProps) {
  const [status, setStatus] = useState<SyncStatus | 'error'>();
  const [report, setReport] = useState<SyncReport>();
  const [syncing, setSyncing] = useState(false);
  const [syncError, setSyncError] = useState<string>();

  const loadStatus = () =>
    sendToBackground('syncStatus', {}).then(
      (next) => setStatus(next),
      () => setStatus((previous) => (previous && previous !== 'error' ? previous : 'error')),
    );

  useEffect(() => {
    void loadStatus();
  }, []);

  const runningElsewhere = status !== undefined && status !== 'error' && status.running !== undefined;
  const polling = syncing || runningElsewhere;
  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(() => void loadStatus(), pollMs);
    return () => clearInterval(timer);
  }, [polling, pollMs]);

  const syncNow = async () => {
    setSyncing(true);
    setSyncError(undefined);
    try {
      setReport(await sendToBackground('syncNow', {}));
    } catch (error) {
      setSyncError(message(error));
    } finally {
      setSyncing(false);
      await loadStatus();
      await Promise.resolve(onSynced?.()).catch(() => undefined);
    }
  };

  const known = status !== undefined && status !== 'error' ? status : undefined;
  const last = newest(known?.last, report);
  const running = known?.running;

  return (
    <div class="sync-panel">
      <form class="sync-settings" onSubmit={(event) => event.preventDefault()}>
        <TextSetting
          setting={settings.server}
          part="pack-server"
          label={i18n.t('sync.server')}
          inputMode="url"
          placeholder={known?.server ?? i18n.t('sync.noServer')}
          hint={i18n.t('sync.serverHint')}
          validate={packServerError}
          onSaved={loadStatus}
        />
        <TextSetting
          setting={settings.channel}
          part="pack-channel"
          label={i18n.t('sync.channel')}
          placeholder="stable"
          hint={i18n.t('sync.channelHint')}
          validate={channelError}
          onSaved={loadStatus}
        />
        <IntervalSetting setting={settings.intervalHours} onSaved={loadStatus} />
      </form>

      <div class="sync-actions">
        <button type="button" class="primary" data-part="sync-now" disabled={syncing || runningElsewhere} onClick={() => void syncNow()}>
          {syncing || runningElsewhere ? i18n.t('notice.checking') : i18n.t('notice.checkNow')}
        </button>
        {(syncing || running) && (
          <span class="muted" role="status" data-part="sync-phase">
            {running ? syncPhaseText(running) : i18n.t('sync.starting')}
          </span>
        )}
      </div>

      <div class="sync-status" data-part="sync-status" data-outcome={last?.outcome} aria-live="polite">
        {status === undefined && <p class="muted">{i18n.t('common.loading')}</p>}
        {status === 'error' && <p class="error">{i18n.t('sync.statusFailed')}</p>}
        {syncError && (
          <p class="error" role="alert" data-part="sync-error">
            {i18n.t('notice.checkFailed', [syncError])}
          </p>
        )}
        {known && <StatusDetails status={known} last={last} />}
      </div>
    </div>
  );
}

function StatusDetails({ status, last }: { status: SyncStatus; last?: SyncReport }) {
  return (
    <>
      {last ? (
        <div class="last-check">
          <p>
            {i18n.t('sync.lastCheck')} <span data-part="sync-last-time">{formatDateTime(last.finishedAt)}</span> —{' '}
            <strong class={OUTCOME_CLASS[last.outcome]} data-part="sync-outcome">
              {syncOutcomeText(last.outcome)}
            </strong>
          </p>
          {last.error && (
            <p class="error" data-part="sync-last-error">
              {last.error}
            </p>
          )}
          {last.packs.length > 0 && (
            <ul class="sync-packs" data-part="sync-pack-results">
              {last.packs.map((pack) => (
                <li key={pack.id} data-pack-id={pack.id} data-status={pack.status}>
                  <span class="pack-id">{pack.id}</span>: {syncResultLabel(pack.status)}
                  {pack.offeredVersion !== undefined &&
                    (pack.installedVersion !== undefined && pack.installedVersion !== pack.offeredVersion
                      ? ` (v${pack.installedVersion} → v${pack.offeredVersion})`
                      : ` (v${pack.offeredVersion})`)}
                  {pack.message && <span class="muted"> — {pack.message}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <p class="muted">{i18n.t('sync.noCheckYet')}</p>
      )}
      {status.stale && (
        <p class="error" data-part="sync-stale">
          {i18n.t('sync.stale')}
        </p>
      )}
      <p class="muted" data-part="sync-last-success">
        {i18n.t('sync.lastSuccess', [status.lastSuccessAt ? formatDateTime(status.lastSuccessAt) : i18n.t('sync.never')])}
      </p>
      <p class="muted" data-part="sync-persisted" data-persisted={status.persisted === undefined ? 'unknown' : String(status.persisted)}>
        {status.persisted === true && i18n.t('sync.persisted')}
        {status.persisted === false && i18n.t('sync.notPersisted')}
        {status.persisted === undefined && i18n.t('sync.persistedUnknown')}
      </p>
    </>
  );
}

const OUTCOME_CLASS: Record<SyncReport['outcome'], string | undefined> = {
  updated: 'ok',
  'up-to-date': 'ok',
  partial: 'error',
  failed: 'error',
  stale: 'error',
  'not-configured': undefined,
};

/** A text field bound to a string setting: saved on change or blur once valid, with the error inline otherwise. */
function TextSetting({
  setting,
  part,
  label,
  hint,
  placeholder,
  inputMode = 'text',
  validate,
  onSaved,
}: {
  setting: Setting<string>;
  part: string;
  label: string;
  hint: string;
  placeholder?: string;
  inputMode?: 'text' | 'url';
  validate: (value: string) => string | undefined;
  onSaved?: () => void | Promise<unknown>;
}) {
  const [saved, setSavedState] = useState<string>();
  const [draft, setDraft] = useState<string>();
  const [error, setError] = useState<string>();
  // Change and blur both commit: the ref sees the first save before the next render.
  const savedRef = useRef<string>();
  const setSaved = (value: string | undefined) => {
    savedRef.current = value;
    setSavedState(value);
  };

  useEffect(() => {
    let live = true;
    setting.getValue().then(
      (value) => {
        if (!live) return;
        setSaved(value);
        setDraft((current) => current ?? value);
      },
      () => live && setError(i18n.t('sync.readFailed')),
    );
    const unwatch = setting.watch((value) => {
      if (!live) return;
      setSaved(value);
      setDraft(value);
      setError(undefined);
    });
    return () => {
      live = false;
      unwatch();
    };
  }, [setting]);

  const commit = (raw: string) => {
    const value = raw.trim();
    const problem = validate(value);
    setError(problem);
    if (problem || savedRef.current === undefined || value === savedRef.current) return;
    const previous = savedRef.current;
    setSaved(value);
    setDraft(value);
    setting.setValue(value).then(
      () => onSaved?.(),
      () => {
        setSaved(previous);
        setError(i18n.t('sync.saveFailed'));
      },
    );
  };

  const errorId = `${part}-error`;
  return (
    <div class="field">
      <label>
        <span class="field-label">{label}</span>
        <input
          type="text"
          inputMode={inputMode}
          data-part={part}
          value={draft ?? ''}
          disabled={saved === undefined && error === undefined}
          placeholder={placeholder}
          spellcheck={false}
          autocomplete="off"
          aria-invalid={error !== undefined}
          aria-describedby={error ? errorId : `${part}-hint`}
          onInput={(event) => setDraft(event.currentTarget.value)}
          onChange={(event) => commit(event.currentTarget.value)}
          onBlur={(event) => commit(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commit(event.currentTarget.value);
          }}
        />
      </label>
      {error ? (
        <p class="error field-error" role="alert" id={errorId} data-part={errorId}>
          {error}
        </p>
      ) : (
        <p class="hint muted" id={`${part}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

function IntervalSetting({ setting, onSaved }: { setting: Setting<number>; onSaved?: () => void | Promise<unknown> }) {
  const [value, change, problem] = useSetting(setting, onSaved);
  const error = problem && (problem === 'read' ? i18n.t('sync.readFailed') : i18n.t('sync.saveFailed'));

  const choices = value === undefined || SYNC_INTERVAL_CHOICES.includes(value) ? SYNC_INTERVAL_CHOICES : [...SYNC_INTERVAL_CHOICES, value];

  return (
    <div class="field">
      <label>
        <span class="field-label">{i18n.t('sync.interval')}</span>
        <select
          data-part="sync-interval"
          value={value === undefined ? '' : String(value)}
          disabled={value === undefined}
          onChange={(event) => change(Number(event.currentTarget.value))}
        >
          {choices.map((hours) => (
            <option key={hours} value={String(hours)}>
              {intervalLabel(hours)}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p class="error field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

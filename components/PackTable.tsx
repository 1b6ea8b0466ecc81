/**
 * The installed knowledge packs, with what the reader can do to each: turn it off and on, remove an imported or
 * synced pack, or go back to the version bundled with the extension. Every action asks the background, shows
 * its refusal next to the table, and then reloads the list.
 */
import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { PackActionResult, PackInfo, PackSyncResult } from '@/lib/messages';
import { formatBytes, formatCount, formatDateTime, formatPartialDate } from '@/utils/format';
import { sendToBackground } from '@/utils/messaging';
import { PackText, packMessage } from './PackText';

export interface PackTableProps {
  /** The list from `listPacks`: undefined while loading, 'error' when it could not be read. */
  packs: PackInfo[] | 'error' | undefined;
  /** Reload the list (called after every action, whatever its outcome). */
  onChanged: () => void | Promise<unknown>;
}

type Action = 'enable' | 'disable' | 'remove' | 'revert';

/** "Bundled with Backstory", "Imported from my-pack.json (signed by key ab12…)", "Updated from the pack server". */
export function packSourceText(pack: PackInfo): string {
  switch (pack.origin) {
    case 'bundled':
      return i18n.t('packs.bundled');
    case 'imported': {
      const from = pack.sourceLabel ? i18n.t('packs.importedFrom', [pack.sourceLabel]) : i18n.t('packs.importedFromFile');
      return `${from} (${pack.signedBy ? i18n.t('packs.signedBy', [pack.signedBy]) : i18n.t('packs.unsigned')})`;
    }
    case 'synced':
      return i18n.t('packs.synced');
  }
}

export function syncResultLabel(status: PackSyncResult['status']): string {
  switch (status) {
    case 'updated':
      return i18n.t('packs.checkUpdated');
    case 'up-to-date':
      return i18n.t('packs.checkUpToDate');
    case 'refused':
      return i18n.t('packs.checkRefused');
    case 'failed':
      return i18n.t('packs.checkFailed');
    case 'stale':
      return i18n.t('packs.checkStale');
    case 'skipped':
      return i18n.t('packs.checkSkipped');
  }
}

export function PackTable({ packs, onChanged }: PackTableProps) {
  const [busy, setBusy] = useState<string>();
  const [failure, setFailure] = useState<{ id: string; title: string; action: Action; error: string }>();

  if (packs === undefined) return <p class="muted">{i18n.t('common.loading')}</p>;
  if (packs === 'error') return <p class="error">{i18n.t('packs.listFailed')}</p>;
  if (packs.length === 0) return <p class="empty">{i18n.t('packs.none')}</p>;

  const titles = new Map(packs.map((pack) => [pack.manifest.id, pack.manifest.title]));
  const nameOf = (id: string) => titles.get(id) ?? id;

  const run = async (pack: PackInfo, action: Action) => {
    const { id, title } = pack.manifest;
    setBusy(id);
    setFailure(undefined);
    let result: PackActionResult;
    try {
      if (action === 'enable' || action === 'disable') result = await sendToBackground('setPackEnabled', { id, enabled: action === 'enable' });
      else if (action === 'remove') result = await sendToBackground('removePack', { id });
      else result = await sendToBackground('revertPack', { id });
    } catch (error) {
      result = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (!result.ok) setFailure({ id, title, action, error: result.error });
    try {
      await onChanged();
    } finally {
      setBusy(undefined);
    }
  };

  const remove = (pack: PackInfo) => {
    const question =
      pack.origin === 'synced'
        ? i18n.t('packs.removeSynced', [pack.manifest.title])
        : i18n.t('packs.removeImported', [pack.manifest.title]);
    if (!confirm(question)) return;
    void run(pack, 'remove');
  };

  return (
    <div class="pack-table">
      {failure && (
        <div class="error action-error" role="alert" data-part="pack-action-error" data-pack-id={failure.id}>
          {packMessage((slot) => ACTION_FAILED[failure.action](slot(failure.title)))}: {failure.error}
        </div>
      )}
      <table class="packs">
        <thead>
          <tr>
            <th scope="col">{i18n.t('packs.colPack')}</th>
            <th scope="col">{i18n.t('packs.colVersion')}</th>
            <th scope="col">{i18n.t('packs.colKnowledge')}</th>
            <th scope="col">{i18n.t('packs.colEntities')}</th>
            <th scope="col">{i18n.t('packs.colSize')}</th>
            <th scope="col">{i18n.t('packs.colSource')}</th>
            <th scope="col">{i18n.t('packs.colLastCheck')}</th>
            <th scope="col">{i18n.t('packs.colEnabled')}</th>
            <th scope="col">
              <span class="visually-hidden">{i18n.t('packs.colActions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {packs.map((pack) => {
            const { manifest } = pack;
            const working = busy !== undefined;
            const required = pack.requiredBy.length > 0;
            const requiredBy = (names: (title: string) => string) => i18n.t('packs.requiredBy', [pack.requiredBy.map((id) => names(nameOf(id))).join(', ')]);
            const requiredText = required ? requiredBy((title) => title) : undefined;
            const lockedOn = required && pack.enabled;
            return (
              <tr key={manifest.id} data-pack-id={manifest.id} class={pack.enabled ? undefined : 'disabled'} aria-busy={busy === manifest.id}>
                <th scope="row">
                  <PackText text={manifest.title} />
                  <span class="pack-id">{manifest.id}</span>
                  {manifest.description && (
                    <span class="description">
                      <PackText text={manifest.description} />
                    </span>
                  )}
                </th>
                <td data-part="pack-version">{manifest.version}</td>
                <td data-part="pack-knowledge-date">{formatPartialDate(manifest.knowledgeDate)}</td>
                <td>{formatCount(manifest.entityCount)}</td>
                <td data-part="pack-size">{formatBytes(pack.sizeBytes)}</td>
                <td data-part="pack-source" title={pack.origin === 'synced' ? pack.sourceLabel : undefined}>
                  {packSourceText(pack)}
                  {pack.origin === 'synced' && pack.signedBy && <span class="description">{i18n.t('packs.signedBy', [pack.signedBy])}</span>}
                </td>
                <td data-part="pack-last-check" data-status={pack.lastCheck?.status}>
                  {pack.lastCheck ? (
                    <>
                      <span class={CHECK_CLASS[pack.lastCheck.status]}>{syncResultLabel(pack.lastCheck.status)}</span>
                      {pack.lastCheck.message && <span class="description">{pack.lastCheck.message}</span>}
                      <span class="description">{formatDateTime(pack.lastCheck.at)}</span>
                    </>
                  ) : (
                    <span class="muted">{i18n.t('packs.notChecked')}</span>
                  )}
                </td>
                <td>
                  <label class="enabled" title={lockedOn ? i18n.t('packs.turnThoseOffFirst', [requiredText ?? '']) : undefined}>
                    <input
                      type="checkbox"
                      data-part="pack-enabled"
                      checked={pack.enabled}
                      disabled={working || lockedOn}
                      aria-label={i18n.t('packs.enableLabel', [manifest.title])}
                      aria-describedby={lockedOn ? `required-${manifest.id}` : undefined}
                      onChange={(event) => {
                        const next = event.currentTarget.checked;
                        // Stay controlled: show the stored state until the list is reloaded.
                        event.currentTarget.checked = pack.enabled;
                        void run(pack, next ? 'enable' : 'disable');
                      }}
                    />
                  </label>
                  {requiredText && (
                    <span class="description" id={`required-${manifest.id}`} data-part="pack-required-by">
                      {packMessage(requiredBy)}
                    </span>
                  )}
                </td>
                <td class="actions">
                  {pack.origin !== 'bundled' && pack.bundledVersion === undefined && (
                    <button
                      type="button"
                      data-part="pack-remove"
                      disabled={working || required}
                      title={required ? i18n.t('packs.removeThoseFirst', [requiredText ?? '']) : undefined}
                      onClick={() => remove(pack)}
                    >
                      {i18n.t('packs.remove')}
                    </button>
                  )}
                  {pack.origin !== 'bundled' && pack.bundledVersion !== undefined && (
                    <button type="button" data-part="pack-revert" disabled={working} onClick={() => void run(pack, 'revert')}>
                      {i18n.t('packs.revert', [String(pack.bundledVersion)])}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const ACTION_FAILED: Record<Action, (title: string) => string> = {
  enable: (title) => i18n.t('packs.enableFailed', [title]),
  disable: (title) => i18n.t('packs.disableFailed', [title]),
  remove: (title) => i18n.t('packs.removeFailed', [title]),
  revert: (title) => i18n.t('packs.revertFailed', [title]),
};

const CHECK_CLASS: Record<PackSyncResult['status'], string | undefined> = {
  updated: 'ok',
  'up-to-date': 'ok',
  refused: 'error',
  failed: 'error',
  stale: 'error',
  skipped: 'muted',
};

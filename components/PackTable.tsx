/**
 * The installed knowledge packs, with what the reader can do to each: turn it off and on, remove an imported or
 * synced pack, or go back to the version bundled with the extension. Every action asks the background, shows
 * its refusal next to the table, and then reloads the list.
 */
import { useState } from 'preact/hooks';
import type { PackActionResult, PackInfo, PackSyncResult } from '@/lib/messages';
import { formatBytes, formatCount, formatDateTime, formatPartialDate } from '@/lib/page/format';
import { sendToBackground } from '@/utils/messaging';

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
      return 'Bundled with Backstory';
    case 'imported': {
      const from = pack.sourceLabel ? `Imported from ${pack.sourceLabel}` : 'Imported from a file';
      return `${from} (${pack.signedBy ? `signed by key ${pack.signedBy}` : 'unsigned'})`;
    }
    case 'synced':
      return 'Updated from the pack server';
  }
}

const CHECK_LABELS: Record<PackSyncResult['status'], string> = {
  updated: 'Updated',
  'up-to-date': 'Up to date',
  refused: 'Update refused',
  failed: 'Update failed',
  stale: 'Offer expired',
  skipped: 'Skipped',
};

export function syncResultLabel(status: PackSyncResult['status']): string {
  return CHECK_LABELS[status];
}

export function PackTable({ packs, onChanged }: PackTableProps) {
  const [busy, setBusy] = useState<string>();
  const [failure, setFailure] = useState<{ id: string; title: string; action: Action; error: string }>();

  if (packs === undefined) return <p class="muted">Loading…</p>;
  if (packs === 'error') return <p class="error">The installed packs could not be listed.</p>;
  if (packs.length === 0) return <p class="empty">No pack is installed: Backstory has nothing to mark.</p>;

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
        ? `Remove ${pack.manifest.title}? Its knowledge will no longer be marked on pages. The pack server may offer it again at the next check.`
        : `Remove ${pack.manifest.title}? Its knowledge will no longer be marked on pages. You can import the file again later.`;
    if (!confirm(question)) return;
    void run(pack, 'remove');
  };

  return (
    <div class="pack-table">
      {failure && (
        <div class="error action-error" role="alert" data-part="pack-action-error" data-pack-id={failure.id}>
          {ACTION_FAILED[failure.action](failure.title)}: {failure.error}
        </div>
      )}
      <table class="packs">
        <thead>
          <tr>
            <th scope="col">Pack</th>
            <th scope="col">Version</th>
            <th scope="col">Knowledge as of</th>
            <th scope="col">Entities</th>
            <th scope="col">Size</th>
            <th scope="col">Source</th>
            <th scope="col">Last check</th>
            <th scope="col">Enabled</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {packs.map((pack) => {
            const { manifest } = pack;
            const working = busy !== undefined;
            const required = pack.requiredBy.length > 0;
            const requiredText = required ? `Required by ${pack.requiredBy.map(nameOf).join(', ')}` : undefined;
            const lockedOn = required && pack.enabled;
            return (
              <tr key={manifest.id} data-pack-id={manifest.id} class={pack.enabled ? undefined : 'disabled'} aria-busy={busy === manifest.id}>
                <th scope="row">
                  {manifest.title}
                  <span class="pack-id">{manifest.id}</span>
                  {manifest.description && <span class="description">{manifest.description}</span>}
                </th>
                <td data-part="pack-version">{manifest.version}</td>
                <td data-part="pack-knowledge-date">{formatPartialDate(manifest.knowledgeDate)}</td>
                <td>{formatCount(manifest.entityCount)}</td>
                <td data-part="pack-size">{formatBytes(pack.sizeBytes)}</td>
                <td data-part="pack-source" title={pack.origin === 'synced' ? pack.sourceLabel : undefined}>
                  {packSourceText(pack)}
                  {pack.origin === 'synced' && pack.signedBy && <span class="description">signed by key {pack.signedBy}</span>}
                </td>
                <td data-part="pack-last-check" data-status={pack.lastCheck?.status}>
                  {pack.lastCheck ? (
                    <>
                      <span class={CHECK_CLASS[pack.lastCheck.status]}>{syncResultLabel(pack.lastCheck.status)}</span>
                      {pack.lastCheck.message && <span class="description">{pack.lastCheck.message}</span>}
                      <span class="description">{formatDateTime(pack.lastCheck.at)}</span>
                    </>
                  ) : (
                    <span class="muted">Not checked</span>
                  )}
                </td>
                <td>
                  <label class="enabled" title={lockedOn ? `${requiredText}: turn those off first` : undefined}>
                    <input
                      type="checkbox"
                      data-part="pack-enabled"
                      checked={pack.enabled}
                      disabled={working || lockedOn}
                      aria-label={`Enable ${manifest.title}`}
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
                      {requiredText}
                    </span>
                  )}
                </td>
                <td class="actions">
                  {pack.origin !== 'bundled' && pack.bundledVersion === undefined && (
                    <button
                      type="button"
                      data-part="pack-remove"
                      disabled={working || required}
                      title={required ? `${requiredText}: remove those first` : undefined}
                      onClick={() => remove(pack)}
                    >
                      Remove
                    </button>
                  )}
                  {pack.origin !== 'bundled' && pack.bundledVersion !== undefined && (
                    <button type="button" data-part="pack-revert" disabled={working} onClick={() => void run(pack, 'revert')}>
                      Revert to bundled v{pack.bundledVersion}
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
  enable: (title) => `${title} could not be enabled`,
  disable: (title) => `${title} could not be disabled`,
  remove: (title) => `${title} could not be removed`,
  revert: (title) => `${title} could not be reverted to its bundled version`,
};

const CHECK_CLASS: Record<PackSyncResult['status'], string | undefined> = {
  updated: 'ok',
  'up-to-date': 'ok',
  refused: 'error',
  failed: 'error',
  stale: 'error',
  skipped: 'muted',
};

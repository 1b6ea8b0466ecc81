/**
 * Pack management: enabling, disabling and removing installed packs. Each change and the matcher index
 * rebuilt for it are one transaction, queued behind any install, so the reader sees the packs before or
 * after the change, never between.
 */
import type { PackActionResult } from '../messages';
import { isEnabled, type KnowledgeBase, type StoredPack } from './db';
import { matcherIndexFor, storeMatcherIndex } from './matcher-index';
import { deletePackEntities } from './pack-storage';
import { describeError, queueWrite, writeAtomically } from './write-queue';

/** Ids of the installed packs whose manifest requires `id`, optionally only the enabled ones. */
export function dependentsOf(packs: readonly StoredPack[], id: string, onlyEnabled: boolean): string[] {
  return packs
    .filter((record) => (record.manifest.requires ?? []).includes(id) && (!onlyEnabled || isEnabled(record)))
    .map((record) => record.manifest.id);
}

export function setPackEnabled(kb: KnowledgeBase, id: string, enabled: boolean): Promise<PackActionResult> {
  return queueWrite(kb, () =>
    change(kb, id, (record, packs) => {
      if (enabled) {
        const off = (record.manifest.requires ?? []).filter((required) => {
          const dependency = packs.find((p) => p.manifest.id === required);
          return dependency !== undefined && !isEnabled(dependency);
        });
        if (off.length > 0) return `"${record.manifest.title}" needs ${list(off)}: enable ${off.length > 1 ? 'them' : 'it'} first.`;
      } else {
        const needing = dependentsOf(packs, id, true);
        if (needing.length > 0) return `${list(needing)} ${needing.length > 1 ? 'need' : 'needs'} "${record.manifest.title}": disable ${needing.length > 1 ? 'them' : 'it'} first.`;
      }
      return { put: { ...record, enabled } };
    }),
  );
}

/**
 * Remove a pack and its entities. `bundledIds` are refused: the packs shipped with the extension are the
 * floor of what Backstory knows (they can be disabled, or reverted to, but not removed).
 */
export function removePack(kb: KnowledgeBase, id: string, bundledIds: ReadonlySet<string>): Promise<PackActionResult> {
  return queueWrite(kb, () =>
    change(kb, id, (record, packs) => {
      if (bundledIds.has(id)) return `"${record.manifest.title}" ships with Backstory and cannot be removed; disable it instead.`;
      const needing = dependentsOf(packs, id, false);
      if (needing.length > 0) return `${list(needing)} ${needing.length > 1 ? 'need' : 'needs'} "${record.manifest.title}": remove ${needing.length > 1 ? 'them' : 'it'} first.`;
      return { remove: true };
    }),
  );
}

type Change = string | { put: StoredPack } | { remove: true };

async function change(kb: KnowledgeBase, id: string, plan: (record: StoredPack, packs: StoredPack[]) => Change): Promise<PackActionResult> {
  const packs = await kb.getAll('packs');
  const record = packs.find((p) => p.manifest.id === id);
  if (!record) return { ok: false, error: `No pack "${id}" is installed.` };
  const decision = plan(record, packs);
  if (typeof decision === 'string') return { ok: false, error: decision };

  const after = 'put' in decision ? packs.map((p) => (p.manifest.id === id ? decision.put : p)) : packs.filter((p) => p.manifest.id !== id);
  try {
    const matcherIndex = await matcherIndexFor(kb, after);
    await writeAtomically(kb, (tx, track) => {
      if ('put' in decision) {
        track(tx.objectStore('packs').put(decision.put, id));
      } else {
        deletePackEntities(tx, track, id);
        track(tx.objectStore('packs').delete(id));
      }
      track(storeMatcherIndex(tx, matcherIndex));
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, error: `Could not change "${id}" (${describeError(error)}); nothing was changed.` };
  }
}

function list(ids: readonly string[]): string {
  return ids.map((id) => `"${id}"`).join(', ');
}

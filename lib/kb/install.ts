/**
 * Installs one pack into the knowledge base. Everything a reader could see (manifest, entities, matcher
 * index) is written in ONE readwrite transaction, so any reader sees exactly the old or the new pack, and
 * a failure half-way (quota, a value that cannot be stored) changes nothing.
 */
import { validatePack } from '../pack/validate';
import { buildMatcherIndex } from '../matcher/index';
import type { Pack, PackManifest } from '../pack/types';
import { toStoredEntity, type KnowledgeBase, type StoredPack } from './db';

export type InstallOrigin = 'bundled' | 'imported';

export type InstallResult =
  | { status: 'installed' | 'unchanged'; manifest: PackManifest }
  | { status: 'rejected'; errors: string[] };

/** At most this many duplicate-id errors are listed one by one. */
const MAX_LISTED_CONFLICTS = 20;

/** Installs on one knowledge base run one after another: each checks against what the previous wrote. */
const installQueues = new WeakMap<KnowledgeBase, Promise<unknown>>();

/**
 * Validate and install a pack (the parsed JSON of a compiled pack). Never throws for bad input: it
 * answers 'rejected' with the reasons, and the installed knowledge is left as it was.
 */
export function installPack(kb: KnowledgeBase, input: unknown, origin: InstallOrigin): Promise<InstallResult> {
  const previous = installQueues.get(kb) ?? Promise.resolve();
  const run = previous.then(() => installNow(kb, input, origin));
  installQueues.set(kb, run.catch(() => undefined));
  return run;
}

async function installNow(kb: KnowledgeBase, input: unknown, origin: InstallOrigin): Promise<InstallResult> {
  const declaredId = declaredPackId(input);
  const { otherIds, installed } = await readInstallContext(kb, declaredId);

  const validation = validatePack(input, { knownIds: otherIds });
  if (!validation.ok) return { status: 'rejected', errors: validation.errors };
  const pack = validation.pack;
  if (pack.manifest.id !== declaredId) {
    return { status: 'rejected', errors: [`manifest.id: could not read the pack id before validation`] };
  }

  const conflicts = await describeConflicts(kb, pack, otherIds);
  if (conflicts.length > 0) return { status: 'rejected', errors: conflicts };

  const hash = await sha256Hex(JSON.stringify(pack));
  if (installed) {
    const current = installed.manifest;
    if (current.version === pack.manifest.version && installed.hash === hash) {
      return { status: 'unchanged', manifest: current };
    }
    if (pack.manifest.version < current.version) {
      return {
        status: 'rejected',
        errors: [
          `Pack "${pack.manifest.id}" version ${pack.manifest.version} is older than the installed version ${current.version}; the installed version is kept.`,
        ],
      };
    }
  }

  const record: StoredPack = { manifest: pack.manifest, installedAt: new Date().toISOString(), origin, hash };
  try {
    await writePack(kb, pack, record);
  } catch (error) {
    return {
      status: 'rejected',
      errors: [`Could not store pack "${pack.manifest.id}" (${describeError(error)}); nothing was changed.`],
    };
  }
  return { status: 'installed', manifest: pack.manifest };
}

/** The pack id the input claims, read defensively: needed before validation to know which ids are "other packs'". */
function declaredPackId(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const manifest = (input as { manifest?: unknown }).manifest;
  if (typeof manifest !== 'object' || manifest === null) return undefined;
  const id = (manifest as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

async function readInstallContext(
  kb: KnowledgeBase,
  packId: string | undefined,
): Promise<{ otherIds: Set<string>; installed: StoredPack | undefined }> {
  const tx = kb.transaction(['packs', 'entities'], 'readonly');
  const entities = tx.objectStore('entities');
  const [allIds, ownIds, installed] = await Promise.all([
    entities.getAllKeys(),
    packId === undefined ? Promise.resolve([]) : entities.index('pack').getAllKeys(packId),
    packId === undefined ? Promise.resolve(undefined) : tx.objectStore('packs').get(packId),
  ]);
  const own = new Set(ownIds);
  return { otherIds: new Set(allIds.filter((id) => !own.has(id))), installed };
}

/** An entity id belongs to exactly one pack: name the pack that already defines each clashing id. */
async function describeConflicts(kb: KnowledgeBase, pack: Pack, otherIds: ReadonlySet<string>): Promise<string[]> {
  const clashing = pack.entities.map((entity) => entity.id).filter((id) => otherIds.has(id));
  if (clashing.length === 0) return [];
  const tx = kb.transaction('entities', 'readonly');
  const listed = clashing.slice(0, MAX_LISTED_CONFLICTS);
  const owners = await Promise.all(listed.map((id) => tx.store.get(id)));
  const errors = listed.map(
    (id, i) =>
      `entities["${id}"].id: already defined by installed pack "${owners[i]?.pack ?? '?'}"; an entity id can belong to only one pack.`,
  );
  if (clashing.length > listed.length) errors.push(`...and ${clashing.length - listed.length} more ids already defined by other packs.`);
  return errors;
}

/**
 * The one readwrite transaction: drop the pack's old entities, store the new ones and the manifest, and
 * store the matcher index rebuilt from the other packs' entities (read inside this transaction) plus the
 * new ones. Any error aborts the transaction explicitly: a synchronous throw (DataCloneError) would
 * otherwise let the requests already queued commit.
 */
async function writePack(kb: KnowledgeBase, pack: Pack, record: StoredPack): Promise<void> {
  const tx = kb.transaction(['packs', 'entities', 'meta'], 'readwrite');
  const done = tx.done;
  done.catch(() => undefined); // awaited below; this only stops an early abort from counting as unhandled
  const pending: Promise<unknown>[] = [];
  const track = (request: Promise<unknown>) => {
    request.catch(() => undefined);
    pending.push(request);
  };
  try {
    const entities = tx.objectStore('entities');
    const oldIds = await entities.index('pack').getAllKeys(record.manifest.id);
    for (const id of oldIds) track(entities.delete(id));
    // Requests run in order, so this sees the store without the deleted entities: the other packs'.
    // Later optimisation: keep per-pack matcher indexes instead of reading every entity on each install.
    const others = await entities.getAll();
    const matcherIndex = buildMatcherIndex([...others.map((stored) => stored.entity), ...pack.entities]);
    for (const entity of pack.entities) track(entities.put(toStoredEntity(entity, record.manifest.id)));
    track(tx.objectStore('packs').put(record, record.manifest.id));
    track(tx.objectStore('meta').put(matcherIndex, 'matcherIndex'));
    await Promise.all(pending);
    await done;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failing request, or already finished.
    }
    await done.catch(() => undefined);
    throw error;
  }
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}

/**
 * Installs packs into the knowledge base. Everything a reader could see (manifests, entities, matcher
 * index) is written in ONE readwrite transaction per call, also when a call installs several packs (a
 * sync that updates a pack and the pack requiring it): any reader sees exactly the old set or the new
 * one, and a failure half-way (quota, a value that cannot be stored, the service worker stopped)
 * changes nothing, because IndexedDB only commits a transaction whole.
 */
import { validatePack } from '../pack/validate';
import type { Pack, PackManifest } from '../pack/types';
import type { PackOrigin } from '../messages';
import { sha256Hex } from '../sync/bytes';
import type { KnowledgeBase, StoredPack } from './db';
import { entityOwners, writeCompiled, writePackLayout } from './pack-storage';
import { layOutPack } from './layout';
import { compileEntities } from '../matcher/index-data';
import { assembleIndex, readCompiledPacks, storeMatcherIndex } from './matcher-index';
import { describeError, queueWrite, writeAtomically } from './write-queue';

export type InstallOrigin = PackOrigin;

/** Where a pack being installed comes from, kept with it and shown on the options page. */
export interface InstallSource {
  origin: InstallOrigin;
  /** The file name of an import, or the catalogue URL of a sync. */
  sourceLabel?: string;
  /** The id of the trusted key whose signature was verified. */
  signedBy?: string;
  /** SHA-256 of the files a sync downloaded: the same version offered later with other files is refused. */
  fileHashes?: string[];
  /** Going back to the bundled pack on purpose: a lower version than installed is accepted. */
  revert?: boolean;
}

export type InstallResult =
  | { status: 'installed' | 'unchanged'; manifest: PackManifest }
  | { status: 'rejected'; errors: string[] };

/** At most this many duplicate-id errors are listed one by one. */
const MAX_LISTED_CONFLICTS = 20;

/**
 * Validate and install one pack (the parsed JSON of a compiled pack). Never throws for bad input: it
 * answers 'rejected' with the reasons, and the installed knowledge is left as it was.
 */
export async function installPack(kb: KnowledgeBase, input: unknown, source: InstallOrigin | InstallSource): Promise<InstallResult> {
  const [result] = await installPacks(kb, [{ input, source: typeof source === 'string' ? { origin: source } : source }]);
  return result as InstallResult;
}

export interface InstallRequest {
  input: unknown;
  source: InstallSource;
}

/**
 * Install several packs all or nothing: each is validated against the installed packs and the ones
 * before it in dependency order; if any is rejected, none is written and the others answer 'rejected'
 * saying why. Results are in the order of `requests`.
 */
export function installPacks(kb: KnowledgeBase, requests: readonly InstallRequest[], hooks: InstallHooks = {}): Promise<InstallResult[]> {
  return queueWrite(kb, () => installNow(kb, requests, hooks));
}

export interface InstallHooks {
  /** Called once everything is validated, as the write transaction opens (for progress reports). */
  onWrite?: () => void;
}

interface Candidate {
  index: number;
  pack: Pack;
  record: StoredPack;
}

async function installNow(kb: KnowledgeBase, requests: readonly InstallRequest[], hooks: InstallHooks): Promise<InstallResult[]> {
  const began = performance.now();
  const results: Array<InstallResult | undefined> = requests.map(() => undefined);
  const declared = requests.map(({ input }) => declaredPackId(input));
  const context = await readInstallContext(kb, declared.filter((id): id is string => id !== undefined));

  // Validate in dependency order, each pack seeing the ids of the packs validated before it.
  const known = new Set(context.owners.keys());
  const owners = new Map(context.owners);
  const candidates: Candidate[] = [];
  for (const index of dependencyOrder(requests.map(({ input }) => input), declared)) {
    const { input, source } = requests[index] as InstallRequest;
    const outcome = await prepare(input, source, declared[index], known, owners, context.installed);
    if ('result' in outcome) {
      results[index] = outcome.result;
      continue;
    }
    for (const entity of outcome.pack.entities) {
      known.add(entity.id);
      owners.set(entity.id, outcome.pack.manifest.id);
    }
    candidates.push({ index, ...outcome });
  }

  const rejected = requests.flatMap((_, i) => (results[i]?.status === 'rejected' ? [declared[i] ?? `#${i + 1}`] : []));
  if (rejected.length > 0) {
    for (const { index, pack } of candidates) {
      results[index] = {
        status: 'rejected',
        errors: [`Pack "${pack.manifest.id}" was not installed because ${rejected.map((id) => `"${id}"`).join(', ')} could not be; nothing was changed.`],
      };
    }
    return results as InstallResult[];
  }

  if (candidates.length > 0) {
    hooks.onWrite?.();
    // User Timing entries, read by the measurements (scripts/measure-apply.ts) from the service worker.
    const writing = performance.now();
    performance.measure('backstory:install:validate', { start: began, end: writing });
    try {
      await writePacks(kb, candidates, context.installed);
      performance.measure('backstory:install:write', { start: writing, end: performance.now() });
    } catch (error) {
      for (const { index, pack } of candidates) {
        results[index] = {
          status: 'rejected',
          errors: [`Could not store pack "${pack.manifest.id}" (${describeError(error)}); nothing was changed.`],
        };
      }
      return results as InstallResult[];
    }
    for (const { index, pack } of candidates) results[index] = { status: 'installed', manifest: pack.manifest };
  }
  return results as InstallResult[];
}

type Prepared = { result: InstallResult } | { pack: Pack; record: StoredPack };

/** Validate one pack and decide, against the installed one, whether it is written, kept out or refused. */
async function prepare(
  input: unknown,
  source: InstallSource,
  declaredId: string | undefined,
  knownIds: ReadonlySet<string>,
  owners: ReadonlyMap<string, string>,
  installedById: ReadonlyMap<string, StoredPack>,
): Promise<Prepared> {
  const validation = validatePack(input, { knownIds });
  if (!validation.ok) return { result: { status: 'rejected', errors: validation.errors } };
  const pack = validation.pack;
  if (pack.manifest.id !== declaredId) {
    return { result: { status: 'rejected', errors: ['manifest.id: could not read the pack id before validation'] } };
  }
  const conflicts = describeConflicts(pack, owners);
  if (conflicts.length > 0) return { result: { status: 'rejected', errors: conflicts } };

  const json = JSON.stringify(pack);
  const hash = await sha256Hex(json);
  const installed = installedById.get(pack.manifest.id);
  const decision = decide(pack.manifest, hash, source, installed);
  if (decision !== 'write') return { result: decision };

  const record: StoredPack = {
    manifest: pack.manifest,
    installedAt: new Date().toISOString(),
    origin: source.origin,
    hash,
    enabled: installed?.enabled ?? true,
    sizeBytes: new TextEncoder().encode(json).length,
  };
  if (source.sourceLabel !== undefined) record.sourceLabel = source.sourceLabel;
  if (source.signedBy !== undefined) record.signedBy = source.signedBy;
  if (source.fileHashes !== undefined) record.fileHashes = source.fileHashes;
  return { pack, record };
}

/**
 * The version rules. A published version never changes, and knowledge never goes back by accident:
 * - the same content is 'unchanged' whatever its origin;
 * - a bundled pack (an extension update) never replaces a newer or reader-chosen pack, which is kept
 *   silently, but does replace a bundled pack of the same version (a rebuild during development);
 * - an import or a sync must bring a higher version: a lower one is a rollback, the same one with other
 *   content is refused;
 * - a revert to the bundled pack is accepted whatever the versions.
 */
function decide(
  manifest: PackManifest,
  hash: string,
  source: InstallSource,
  installed: StoredPack | undefined,
): 'write' | InstallResult {
  if (!installed) return 'write';
  const current = installed.manifest;
  if (current.version === manifest.version && installed.hash === hash) {
    return source.revert && installed.origin !== 'bundled' ? 'write' : { status: 'unchanged', manifest: current };
  }
  if (source.revert) return 'write';
  if (source.origin === 'bundled') {
    const replaceable = installed.origin === 'bundled' && manifest.version >= current.version;
    return replaceable ? 'write' : { status: 'unchanged', manifest: current };
  }
  if (manifest.version < current.version) {
    return reject(`Pack "${manifest.id}" version ${manifest.version} is older than the installed version ${current.version}; the installed version is kept.`);
  }
  if (manifest.version === current.version) {
    return reject(
      `Pack "${manifest.id}" version ${manifest.version} is already installed with other content; a changed pack needs a higher version. The installed pack is kept.`,
    );
  }
  return 'write';
}

function reject(message: string): InstallResult {
  return { status: 'rejected', errors: [message] };
}

/** The pack id the input claims, read defensively: needed before validation to know which ids are "other packs'". */
export function declaredPackId(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const manifest = (input as { manifest?: unknown }).manifest;
  if (typeof manifest !== 'object' || manifest === null) return undefined;
  const id = (manifest as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

/** Indexes of `inputs` with each pack after the packs of the same call it requires (stable otherwise). */
function dependencyOrder(inputs: readonly unknown[], ids: ReadonlyArray<string | undefined>): number[] {
  const requires = inputs.map((input) => {
    const list = (input as { manifest?: { requires?: unknown } } | null)?.manifest?.requires;
    return Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : [];
  });
  const order: number[] = [];
  const placed = new Set<number>();
  const visit = (index: number, path: Set<number>) => {
    if (placed.has(index) || path.has(index)) return; // a cycle is left to validation to report
    path.add(index);
    for (const required of requires[index] ?? []) {
      const dependency = ids.indexOf(required);
      if (dependency >= 0) visit(dependency, path);
    }
    placed.add(index);
    order.push(index);
  };
  inputs.forEach((_, index) => visit(index, new Set()));
  return order;
}

interface InstallContext {
  /** Entity ids defined by installed packs other than the ones being installed, with the pack defining each. */
  owners: Map<string, string>;
  installed: Map<string, StoredPack>;
}

async function readInstallContext(kb: KnowledgeBase, packIds: readonly string[]): Promise<InstallContext> {
  // The write queue runs one write at a time, so these two reads see the same state.
  const [packs, owners] = await Promise.all([kb.getAll('packs'), entityOwners(kb, new Set(packIds))]);
  return { owners, installed: new Map(packs.map((stored) => [stored.manifest.id, stored])) };
}

/** An entity id belongs to exactly one pack: name the pack that already defines each clashing id. */
function describeConflicts(pack: Pack, owners: ReadonlyMap<string, string>): string[] {
  const clashing = pack.entities.map((entity) => entity.id).filter((id) => owners.has(id));
  if (clashing.length === 0) return [];
  return [
    ...clashing
      .slice(0, MAX_LISTED_CONFLICTS)
      .map((id) => `entities["${id}"].id: already defined by installed pack "${owners.get(id)}"; an entity id can belong to only one pack.`),
    ...(clashing.length > MAX_LISTED_CONFLICTS ? [`...and ${clashing.length - MAX_LISTED_CONFLICTS} more ids already defined by other packs.`] : []),
  ];
}

/**
 * The one readwrite transaction: each pack's chunks and directory replace its old ones, and the manifests
 * and the new matcher index are stored. The chunks are queued first; compiling the new entities and
 * assembling the index then run (synchronously, so the transaction stays active) while IndexedDB writes them.
 */
async function writePacks(kb: KnowledgeBase, candidates: readonly Candidate[], installed: ReadonlyMap<string, StoredPack>): Promise<void> {
  const after = new Map(installed);
  for (const { record } of candidates) after.set(record.manifest.id, record);
  const replaced = new Set(candidates.map(({ record }) => record.manifest.id));
  const others = await readCompiledPacks(kb, [...after.values()], replaced);
  const layouts = candidates.map(({ record, pack }) => ({ id: record.manifest.id, record, pack, layout: layOutPack(record.manifest.id, pack.entities) }));
  await writeAtomically(kb, (tx, track) => {
    for (const { id, record, layout } of layouts) {
      writePackLayout(tx, track, id, layout);
      track(tx.objectStore('packs').put(record, id));
    }
    const compiled = new Map(layouts.map(({ id, pack }) => [id, compileEntities(pack.entities)]));
    for (const [id, entities] of compiled) writeCompiled(tx, track, id, entities);
    track(storeMatcherIndex(tx, assembleIndex(others, compiled)));
  });
}

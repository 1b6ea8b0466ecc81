/** Reading the compiled packs (`npm run packs` output) from Node scripts. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Entity, Pack } from '../lib/pack/types';

export const DEFAULT_PACKS_DIR = 'public/packs';

/** Every entity of the packs listed in `<dir>/index.json`, or an Error saying how to build them. */
export function loadCompiledEntities(packsDir: string): Entity[] | Error {
  const indexPath = join(packsDir, 'index.json');
  if (!existsSync(indexPath)) {
    return new Error(`No compiled packs at ${resolve(indexPath)}. Run \`npm run packs\` first (or pass --packs <dir>).`);
  }
  const index = JSON.parse(readFileSync(indexPath, 'utf8')) as { packs: string[] };
  return index.packs.flatMap((name) => (JSON.parse(readFileSync(join(packsDir, name), 'utf8')) as Pack).entities);
}

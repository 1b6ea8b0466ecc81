/**
 * The generator of the world gazetteer pack, run by `npm run pack -- build` (see docs/pack-format.md,
 * "Generated packs"): the entities come from npm data packages and the curated files under `curated/`;
 * the logic is in scripts/gazetteer/.
 */
import { generateGazetteer } from '../../scripts/gazetteer/generate';
import { loadCurated, loadGazetteerData } from '../../scripts/gazetteer/load';

export default async function generate({ dir }: { dir: string }): Promise<unknown[]> {
  const result = generateGazetteer(await loadGazetteerData(), loadCurated(dir));
  if (process.env.GAZETTEER_REPORT) console.error(JSON.stringify(result.report, null, 2));
  return result.entities;
}

/** Stand-ins shared by the content script's unit tests. */
import type { Annotate } from '@/entrypoints/content/page-marks';
import type { EntitySummary, Mention } from '@/lib/messages';
import type { EntityKind } from '@/lib/pack/types';

/** The names the stand-in background knows, with the entity each names. */
export const NAMES: Record<string, [string, EntityKind]> = {
  'Vladimir Putin': ['person:vladimir-putin', 'person'],
  Putin: ['person:vladimir-putin', 'person'],
  Belgorod: ['place:belgorod', 'place'],
  Kremlin: ['organization:kremlin', 'organization'],
  Kyiv: ['place:kyiv', 'place'],
};

/**
 * A stand-in for the background's `annotate`: finds `names` in each text (in the order listed, a mention
 * overlapping one already found left out, as the matcher prefers the longest), and records each call.
 */
export function fakeBackground(names: Record<string, [string, EntityKind]> = NAMES) {
  const calls: string[][] = [];
  const annotate: Annotate = async (texts) => {
    calls.push(texts);
    const entities: Record<string, EntitySummary> = {};
    const results = texts.map((text) => {
      const found: Mention[] = [];
      for (const [name, [id, kind]] of Object.entries(names)) {
        for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
          if (found.some((m) => at < m.end && m.start < at + name.length)) continue;
          found.push({ start: at, end: at + name.length, id, kind });
          entities[id] = { id, kind, name: id.split(':')[1]!, description: `About ${name}` };
        }
      }
      return found.sort((a, b) => a.start - b.start);
    });
    return { results, figures: texts.map(() => []), entities };
  };
  return { annotate, calls };
}

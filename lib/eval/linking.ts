/**
 * Judging links against gold mentions that name their entity by its English canonical name (and a
 * Wikidata id where certain): whether the knowledge base holds the gold entity at all, and whether a
 * detected mention links to it.
 */
import type { Entity, EntityKind } from '../pack/types';

/** Case, accents, punctuation and spacing do not make two names different. */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface GoldEntityRef {
  canonical: string;
  wikidata: string | null;
  kind: EntityKind;
}

/** Looks entities up by folded name or alias and by Wikidata id. */
export class EntityNames {
  private readonly byName = new Map<string, Entity[]>();
  private readonly byWikidata = new Map<string, Entity>();

  constructor(entities: Iterable<Entity>) {
    for (const entity of entities) {
      for (const form of new Set([entity.name, ...entity.aliases].map(foldName))) {
        const list = this.byName.get(form) ?? [];
        list.push(entity);
        this.byName.set(form, list);
      }
      if (entity.wikidata) this.byWikidata.set(entity.wikidata, entity);
    }
  }

  /** The entities of that kind the gold mention may mean: by Wikidata id when both have one, else by name. */
  candidates(gold: GoldEntityRef): Entity[] {
    const byId = gold.wikidata ? this.byWikidata.get(gold.wikidata) : undefined;
    if (byId) return byId.kind === gold.kind ? [byId] : [];
    return (this.byName.get(foldName(gold.canonical)) ?? []).filter((entity) => entity.kind === gold.kind);
  }

  /** The knowledge base holds the gold entity. */
  holds(gold: GoldEntityRef): boolean {
    return this.candidates(gold).length > 0;
  }

  /** The detected entity is (one of) the gold entity's matches; unknown gold entities cannot be judged. */
  linksTo(gold: GoldEntityRef, entityId: string): boolean | undefined {
    const candidates = this.candidates(gold);
    if (candidates.length === 0) return undefined;
    return candidates.some((entity) => entity.id === entityId);
  }
}

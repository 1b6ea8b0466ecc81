/**
 * Pack format v1: the shapes of a knowledge pack, shared by the pack build, the validator,
 * the installer and the UI. The schema that checks them at run time is `lib/pack/schema.ts`;
 * `docs/pack-format.md` is the human description. Keep the three in step.
 */

/** A calendar date, as precise as it is known: "2024", "2024-05" or "2024-05-12". */
export type PartialDate = string;

export type EntityKind = 'person' | 'place' | 'organization' | 'event';
export const ENTITY_KINDS: readonly EntityKind[] = ['person', 'place', 'organization', 'event'];

/** Every fact says where it comes from, e.g. "GeoNames", "2021 Russian census", "editorial, as of 2025-06". */
export interface Sourced {
  source: string;
}

/** A fact that holds for a period; an open end means "still holds as of the pack's knowledge date". */
export interface Dated {
  from?: PartialDate;
  to?: PartialDate;
}

/** A generic dated fact for anything the kind-specific fields do not cover ("status", "capital"...). */
export interface Fact extends Sourced, Dated {
  label: string;
  value: string;
}

export interface EntityBase {
  /** Stable and global across packs: "<kind>:<slug>", e.g. "person:sergei-shoigu". */
  id: string;
  kind: EntityKind;
  /** Display name. */
  name: string;
  /** Every other form a news text uses: surnames, transliterations, forms with/without diacritics, other languages. */
  aliases: string[];
  /**
   * Aliases (or the name) that collide with common words or other entities ("Nice", "Georgia").
   * The matcher demands exact capitalisation for them and the resolver demands context.
   */
  ambiguous?: string[];
  /** One or two sentences written by the pack's authors, never pasted from elsewhere. */
  description: string;
  /** Only where certain, e.g. "Q7747". */
  wikidata?: string;
  /** Exact title of the English Wikipedia article, where certain. */
  wikipedia?: string;
  /** 0..100, used to break ties between entities sharing an alias. */
  prominence?: number;
  facts?: Fact[];
  /** Source label of the entity as a whole (name, description). */
  source: string;
}

export interface Role extends Sourced, Dated {
  /** e.g. "President of Russia", "Minister of Defence". */
  title: string;
  /** The organization or place the role belongs to (entity id), when there is one. */
  of?: string;
}

export interface Person extends EntityBase {
  kind: 'person';
  roles: Role[];
  /** Entity ids of countries the person is associated with. */
  countries?: string[];
  born?: PartialDate;
  /** Date of death, for people who have died. */
  died?: PartialDate;
}

export type PlaceType =
  | 'country'
  | 'territory'
  | 'region'
  | 'city'
  | 'town'
  | 'village'
  | 'capital-district'
  | 'sea'
  | 'river'
  | 'site'
  | 'other';

export interface Coordinates extends Sourced {
  lat: number;
  lon: number;
}

export interface Population extends Sourced {
  value: number;
  year: number;
}

export interface Place extends EntityBase {
  kind: 'place';
  placeType: PlaceType;
  /** Entity id of the country the place lies in (absent for countries themselves). */
  country?: string;
  /** Entity id of the first-level region, where known. */
  region?: string;
  coordinates?: Coordinates;
  /** Oldest first; each value with its year. */
  population?: Population[];
}

export interface Organization extends EntityBase {
  kind: 'organization';
  /** e.g. "government body", "armed forces", "intergovernmental organization", "private military company". */
  orgType?: string;
  /** Entity id of the country it belongs to, when it belongs to one. */
  country?: string;
  founded?: PartialDate;
}

export interface EventEntity extends EntityBase {
  kind: 'event';
  /** Start date (or the only date). */
  start: PartialDate;
  /** End date, for events that span time. */
  end?: PartialDate;
  /** Entity ids. */
  places: string[];
  /** Entity ids (people, organizations, countries). */
  participants: string[];
}

export type Entity = Person | Place | Organization | EventEntity;

export interface PackManifest {
  /** e.g. "backstory.starter"; lowercase letters, digits, dots and dashes. */
  id: string;
  title: string;
  /** Integer, increases with every published change. */
  version: number;
  /** The date the knowledge is current as of. */
  knowledgeDate: PartialDate;
  licence: string;
  attribution: string;
  /** Must equal entities.length. */
  entityCount: number;
  description?: string;
  /**
   * Ids of the packs this one builds on: its references may point into them (and into the packs they
   * require in turn). The build compiles and the background installs packs in this dependency order.
   */
  requires?: string[];
}

/** The compiled pack: what ships in the extension and what the installer accepts. */
export interface Pack {
  format: 'backstory-pack';
  formatVersion: 1;
  manifest: PackManifest;
  entities: Entity[];
}

/**
 * Entity ids of the gazetteer. Countries and territories: `place:<slug of the common name>`; cities,
 * towns and first-level regions: `place:<slug>-<iso country code>`; a second place of the same name in
 * the same country adds a distinguishing word: `place:<slug>-<cc>-<region slug or admin code>`.
 */

/** Lowercase ASCII words joined by single dashes: diacritics stripped, "&" read as "and". */
export function slugify(name: string): string {
  return name
    .replace(/[\u0141\u0142]/g, (c) => (c === '\u0141' ? 'L' : 'l')) // Ł, ł do not decompose
    .replace(/[øØ]/g, 'o')
    .replace(/[đĐ]/g, 'd')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[ıİ]/g, 'i')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/&/g, ' and ')
    .toLowerCase()
    .replace(/['’ʼ‘`ʻʹ]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `place:<slug>` of a country or territory, from its common English name. */
export function countryId(commonName: string): string {
  return `place:${slugify(commonName)}`;
}

/** `place:<slug>-<cc>` of a city, town or region; `qualifier` tells apart two places of one name. */
export function localPlaceId(name: string, countryCode: string, qualifier?: string): string {
  const parts = [slugify(name), countryCode.toLowerCase()];
  if (qualifier !== undefined && slugify(qualifier) !== '') parts.push(slugify(qualifier));
  return `place:${parts.join('-')}`;
}

// @vitest-environment happy-dom
/**
 * The interface's two languages: French has every English key with the same substitutions and plural forms,
 * every message the code asks for exists, and a card and the popup's texts render in French.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseMessagesText, type ParsedMessage } from '@wxt-dev/i18n/build';
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Card } from '@/components/Card';
import { syncOutcomeText } from '@/components/SyncPanel';
import type { EntityCard } from '@/lib/messages';
import { formatDateTime, formatPeriod, kindLabel } from '@/utils/format';
import { useLocale } from '../support/i18n';

function parsed(locale: string): Map<string, ParsedMessage> {
  const messages = parseMessagesText(readFileSync(join('locales', `${locale}.yml`), 'utf8'), 'YAML');
  return new Map(messages.map((message) => [message.key.join('.'), message]));
}

/** Every `i18n.t('key'` the interface's source asks for. */
function keysInSource(): Set<string> {
  const keys = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) {
        for (const match of readFileSync(path, 'utf8').matchAll(/i18n\.t\(\s*'([A-Za-z0-9_.]+)'/g)) keys.add(match[1]!);
      }
    }
  };
  for (const dir of ['components', 'entrypoints', 'utils']) walk(dir);
  return keys;
}

describe('locales', () => {
  const en = parsed('en');
  const fr = parsed('fr');

  it('French has exactly the English keys, with the same substitutions and plural forms', () => {
    expect([...fr.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, message] of en) {
      const french = fr.get(key)!;
      expect({ key, type: french.type, substitutions: french.substitutions }).toEqual({ key, type: message.type, substitutions: message.substitutions });
    }
  });

  it('has every message the code asks for', () => {
    const used = keysInSource();
    expect(used.size).toBeGreaterThan(200);
    expect([...used].filter((key) => !en.has(key))).toEqual([]);
  });

  it('keeps message names Chrome accepts (letters, digits and underscores once dots are joined)', () => {
    for (const key of en.keys()) if (!key.startsWith('@@')) expect(key.replaceAll('.', '_')).toMatch(/^[A-Za-z0-9_]+$/);
  });
});

describe('the French interface', () => {
  let container: HTMLElement;
  beforeEach(() => {
    useLocale('fr');
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => {
    render(null, container);
    container.remove();
    useLocale('en');
  });

  it('writes words, dates and numbers in French', () => {
    expect(kindLabel('organization')).toBe('Organisation');
    expect(formatPeriod('2024-05')).toBe('depuis mai 2024');
    expect(formatDateTime('2024-05-12T14:05:00', new Date('2024-05-12T20:00:00'))).toBe('aujourd’hui, 14:05');
    expect(syncOutcomeText('up-to-date')).toBe('Tout est à jour');
  });

  it('renders a place card in French', () => {
    const card: EntityCard = {
      entity: {
        id: 'place:kharkiv',
        kind: 'place',
        name: 'Kharkiv',
        aliases: [],
        description: 'City in north-eastern Ukraine.',
        source: 'GeoNames',
        placeType: 'city',
        country: 'place:ukraine',
        population: [{ value: 1_421_125, year: 2022, source: 'GeoNames' }],
        coordinates: { lat: 49.9935, lon: 36.2304, source: 'GeoNames' },
      },
      refs: { 'place:ukraine': { id: 'place:ukraine', kind: 'place', name: 'Ukraine', description: '' } },
      events: [],
      pack: { id: 'world-gazetteer', title: 'World gazetteer', knowledgeDate: '2024-06' },
    } as unknown as EntityCard;
    render(<Card card={card} articleDate="2024-05-09" />, container);
    const text = container.textContent ?? '';
    expect(container.querySelector('[data-part="kind"]')?.textContent).toBe('Lieu · Ville');
    expect(container.querySelector('.card')?.getAttribute('aria-label')).toBe('Kharkiv : fiche Backstory');
    expect(text).toContain('Date de l’article : 9 mai 2024');
    expect(text).toContain('Population1\u202f421\u202f125');
    expect(text).toContain('49,99° N, 36,23° E');
    expect(text).toContain('Du paquet « World gazetteer » ; état des connaissances : juin 2024');
  });
});

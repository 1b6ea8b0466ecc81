/**
 * The design tokens (assets/tokens.css): every text colour reads at 4.5:1 or more (WCAG AA) on the
 * background and the surface, light and dark; the file declares custom properties only (it is loaded into
 * the pages Backstory marks, and must change nothing there).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SOURCE = readFileSync(fileURLToPath(new URL('../../assets/tokens.css', import.meta.url)), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** Every `--name: value;` of the file. */
function declarations(css: string): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const [, name, value] of css.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) tokens.set(name!, value!.trim());
  return tokens;
}

const TOKENS = declarations(SOURCE);
type Scheme = 'light' | 'dark';

/** A token's value in a scheme: var() followed, light-dark() picked. */
function resolve(name: string, scheme: Scheme, seen: string[] = []): string {
  const value = TOKENS.get(name);
  if (value === undefined) throw new Error(`no token ${name}${seen.length ? ` (from ${seen.join(' → ')})` : ''}`);
  return resolveValue(value, scheme, [...seen, name]);
}

function resolveValue(value: string, scheme: Scheme, seen: string[]): string {
  const lightDark = /^light-dark\((.+)\)$/.exec(value);
  if (lightDark) {
    const [light, dark] = splitTopLevel(lightDark[1]!);
    return resolveValue((scheme === 'light' ? light : dark)!.trim(), scheme, seen);
  }
  const reference = /^var\((--[\w-]+)\)$/.exec(value);
  if (reference) return resolve(reference[1]!, scheme, seen);
  return value;
}

/** "a, rgba(0, 0, 0, 0.5)" -> ["a", "rgba(0, 0, 0, 0.5)"]: split on commas outside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** "#1d2129" or "#fff" -> [r, g, b], 0-255. */
function rgb(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex);
  if (!match) throw new Error(`not a hex colour: ${hex}`);
  const digits = match[1]!.length === 3 ? [...match[1]!].map((d) => d + d).join('') : match[1]!;
  return [0, 2, 4].map((i) => Number.parseInt(digits.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG 2 relative luminance. */
function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const KINDS = ['person', 'place', 'organization', 'event', 'figure'];
/** The colours text is set in, on the page's background or a surface. */
const TEXT = ['--bs-text', '--bs-muted', '--bs-accent', '--bs-error', '--bs-ok', '--bs-note', ...KINDS.map((kind) => `--bs-${kind}`)];
const BACKGROUNDS = ['--bs-bg', '--bs-surface'];
/** Text on a filled background: [text, background]. */
const PAIRS: Array<[string, string]> = [
  ['--bs-badge-fg', '--bs-badge-bg'],
  ['--bs-selected-fg', '--bs-selected-bg'],
  ['--bs-bg', '--bs-accent'], // a primary button
  ...KINDS.map((kind): [string, string] => ['--bs-bg', `--bs-${kind}`]), // a portrait's initials
];

describe('the design tokens', () => {
  it('define the type scale, spacing, radii, colours, the entity kinds and the map', () => {
    for (const name of [
      '--bs-font-size-xs', '--bs-font-size-md', '--bs-line-height', '--bs-space-1', '--bs-space-4', '--bs-radius-md',
      '--bs-border', '--bs-map-sea', '--bs-map-land', '--bs-map-country', ...TEXT, ...BACKGROUNDS,
      ...KINDS.map((kind) => `--bs-${kind}-on-light`),
    ]) {
      expect(TOKENS.has(name), name).toBe(true);
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`give every text colour at least 4.5:1 on the background and the surface (${scheme})`, () => {
      const failures: string[] = [];
      for (const text of TEXT) {
        for (const background of BACKGROUNDS) {
          const ratio = contrast(resolve(text, scheme), resolve(background, scheme));
          if (ratio < 4.5) failures.push(`${text} on ${background}: ${ratio.toFixed(2)}`);
        }
      }
      for (const [text, background] of PAIRS) {
        const ratio = contrast(resolve(text, scheme), resolve(background, scheme));
        if (ratio < 4.5) failures.push(`${text} on ${background}: ${ratio.toFixed(2)}`);
      }
      expect(failures).toEqual([]);
    });
  }

  it('give the light and the dark value of every colour', () => {
    for (const [name, value] of TOKENS) {
      if (/^(#|rgb|light-dark)/.test(value) && !/-on-(light|dark)$/.test(name)) expect(value, name).toMatch(/^light-dark\(/);
    }
  });

  it('computes contrast the WCAG way', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('declare custom properties only, on :root and :host (safe to load into any page)', () => {
    const rules = [...SOURCE.matchAll(/([^{}]+)\{([^{}]*)\}/g)];
    expect(rules.length).toBeGreaterThan(0);
    for (const [, selector, body] of rules) {
      expect(selector!.trim().split(/\s*,\s*/)).toEqual([':root', ':host']);
      const properties = body!.split(';').map((declaration) => declaration.trim()).filter(Boolean);
      for (const declaration of properties) expect(declaration).toMatch(/^--bs-[\w-]+\s*:/);
    }
    expect(SOURCE.replace(/([^{}]+)\{([^{}]*)\}/g, '').trim()).toBe('');
  });
});

/**
 * The marks' stylesheet (entrypoints/content/style.css) declares the few design tokens the marks use on the
 * marks themselves rather than importing the whole set into every page: they must stay the tokens' values.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const read = (path: string) => readFileSync(resolve(process.cwd(), path), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

function declarations(css: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [, name, value] of css.matchAll(/(--bs-[\w-]+)\s*:\s*([^;]+);/g)) found.set(name!, value!.trim());
  return found;
}

describe("the marks' stylesheet", () => {
  const marks = read('entrypoints/content/style.css');
  const tokens = declarations(read('assets/tokens.css'));

  it('declares the tokens it uses, with the design tokens’ values', () => {
    const declared = declarations(marks);
    const used = new Set([...marks.matchAll(/var\((--bs-[\w-]+)\)/g)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThan(0);
    for (const name of used) {
      expect(declared.get(name), name).toBeDefined();
      expect(declared.get(name), name).toBe(tokens.get(name));
    }
  });

  it('puts nothing on the page’s own elements: no import, no :root, every token on the marks', () => {
    expect(marks).not.toMatch(/@import/);
    expect(marks).not.toMatch(/:root/);
    const block = /backstory-mention\s*\{([^}]*)\}/.exec(marks)?.[1] ?? '';
    for (const name of declarations(marks).keys()) expect(block, name).toContain(`${name}:`);
  });
});

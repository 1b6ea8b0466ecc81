/**
 * `#i18n` for the unit tests: the same `t` as @wxt-dev/i18n, reading locales/<lang>.yml through the module's
 * own build functions instead of `browser.i18n.getMessage` (there is no extension in Node). English unless a
 * test picks another language with `useLocale`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { createI18n } from '@wxt-dev/i18n';
import { generateChromeMessages, parseMessagesText } from '@wxt-dev/i18n/build';
import type { GeneratedI18nStructure } from '../../.wxt/i18n/structure';
import { forgetInterfaceLocale } from '@/utils/format';

type Messages = Record<string, { message: string }>;

const cache = new Map<string, Messages>();
let current = 'en';

export function messagesOf(locale: string): Messages {
  let messages = cache.get(locale);
  if (!messages) {
    // The tests run from the repository root (package.json's scripts); DOM environments rewrite import.meta.url.
    const file = resolve(process.cwd(), 'locales', `${locale}.yml`);
    messages = generateChromeMessages(parseMessagesText(readFileSync(file, 'utf8'), 'YAML')) as Messages;
    cache.set(locale, messages);
  }
  return messages;
}

/** Switch the language `i18n.t` answers in (restore 'en' after the test). */
export function useLocale(locale: string): void {
  current = locale;
  forgetInterfaceLocale();
}

/** What `browser.i18n.getMessage` does with a message: $1..$9 replaced, $$ kept as one $. */
function getMessage(name: string, substitutions: string[]): string {
  const entry = messagesOf(current)[name];
  if (!entry) return '';
  return entry.message.replace(/\$(\$|[1-9])/g, (_, which: string) => (which === '$' ? '$' : substitutions[Number(which) - 1] ?? ''));
}

type Key = keyof GeneratedI18nStructure;

/** The same argument handling as @wxt-dev/i18n's createI18n: a count picks the plural form and is $1 by default. */
function t(key: Key, ...args: Array<number | string[] | Record<string, string> | undefined>): string {
  let substitutions: string[] | undefined;
  let count: number | undefined;
  for (const arg of args) {
    if (typeof arg === 'number') count = arg;
    else if (Array.isArray(arg)) substitutions = arg.map(String);
  }
  if (count !== undefined && substitutions === undefined) substitutions = [String(count)];
  let message = getMessage(key.replaceAll('.', '_'), substitutions ?? []);
  if (!message) throw new Error(`[i18n] Message not found: "${key}" (${current})`);
  if (count !== undefined) {
    const forms = message.split(' | ');
    if (forms.length === 2) message = forms[count === 1 ? 0 : 1]!;
    else if (forms.length === 3) message = forms[count === 0 || count === 1 ? count : 2]!;
  }
  return message;
}

/** Typed like the real one, so components compile against either. */
export const i18n = { t } as unknown as ReturnType<typeof createI18n<GeneratedI18nStructure>>;

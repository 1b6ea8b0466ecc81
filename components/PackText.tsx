/**
 * How text from a pack goes into the interface, everywhere: as a text child (Preact escapes it, so
 * markup stays text), inside a <bdi> (a right-to-left name or a bidi mark cannot reorder the words around
 * it: the browser isolates the element and picks its direction from its own first letter), bounded in
 * length. <bdi> adds no character, so the text reads and copies as before.
 */
import { Fragment, h, type ComponentChildren, type VNode } from 'preact';
import { displayText } from '@/lib/pack/display-text';

export function PackText({ text, max }: { text: string; max?: number }) {
  return <bdi>{displayText(text, max)}</bdi>;
}

/** Private-use characters stand for the values in a message while it is built; no message holds one. */
const SLOT_BASE = 0xe000;
const SLOT_COUNT = 0x1900;

/**
 * A message with pack text in it, as children: `format` builds the message with `slot(value)` where each
 * value goes (a string becomes a <PackText>, a node is put as it is). The message's own words stay
 * plain text; plural forms and word order come from the translation as usual.
 *
 *   packMessage((slot) => i18n.t('card.fromPack', [slot(pack.title)]))
 */
export function packMessage(format: (slot: (value: string | VNode) => string) => string): VNode {
  const values: Array<string | VNode> = [];
  const text = format((value) => {
    if (values.length >= SLOT_COUNT) throw new Error('packMessage: too many values');
    values.push(value);
    return String.fromCharCode(SLOT_BASE + values.length - 1);
  });
  const children: ComponentChildren[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const index = text.charCodeAt(i) - SLOT_BASE;
    if (index < 0 || index >= values.length) continue;
    if (i > start) children.push(text.slice(start, i));
    const value = values[index]!;
    children.push(typeof value === 'string' ? <PackText text={value} /> : value);
    start = i + 1;
  }
  if (start < text.length) children.push(text.slice(start));
  return h(Fragment, null, ...children);
}

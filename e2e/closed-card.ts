/**
 * Reading a card in a closed shadow root from outside the page, through the DevTools protocol: the DOM
 * domain pierces closed roots (`DOM.getDocument` with `pierce`), which neither page scripts nor
 * Playwright's locators do. Node ids are fresh for each lookup (the card re-renders).
 */
import type { CDPSession, Page } from 'playwright-core';

interface DomNode {
  nodeId: number;
  nodeName: string;
  localName?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: Array<DomNode & { shadowRootType?: string }>;
  contentDocument?: DomNode;
}

export interface CardHost {
  hostId: number;
  /** The host's tag name (`backstory-popover`, or another when the page took that one). */
  tag: string;
  rootId: number;
  /** "open" or "closed". */
  mode: string;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class CardInspector {
  private constructor(readonly cdp: CDPSession) {}

  static async attach(page: Page): Promise<CardInspector> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    return new CardInspector(cdp);
  }

  private current?: CardHost;

  /**
   * Read the document again (pierced) and find Backstory's card host: the element marked
   * `data-backstory-ui` that has a shadow root. Node ids from before are no longer valid.
   */
  async host(): Promise<CardHost | undefined> {
    const { root } = (await this.cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    this.current = undefined;
    const stack: DomNode[] = [root];
    while (stack.length > 0 && !this.current) {
      const node = stack.pop()!;
      const shadow = node.shadowRoots?.[0];
      if (shadow && (node.attributes ?? []).includes('data-backstory-ui')) {
        this.current = { hostId: node.nodeId, tag: node.localName ?? node.nodeName.toLowerCase(), rootId: shadow.nodeId, mode: shadow.shadowRootType ?? '' };
      }
      stack.push(...(node.children ?? []));
    }
    return this.current;
  }

  /** The first node matching `selector` in the card's shadow root, as last read (0 when none). */
  async query(selector: string): Promise<number> {
    const host = this.current ?? (await this.host());
    if (!host) return 0;
    const { nodeId } = (await this.cdp.send('DOM.querySelector', { nodeId: host.rootId, selector })) as { nodeId: number };
    return nodeId;
  }

  /** Wait until `selector` is in the card's shadow root; its node id (valid until the next read). */
  async waitFor(selector: string, timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.host();
      const id = await this.query(selector);
      if (id) return id;
      if (Date.now() > deadline) throw new Error(`no ${selector} in the card after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Wait until nothing matches `selector` in the card (or there is no host). */
  async waitGone(selector: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.host();
      if (!(await this.query(selector))) return;
      if (Date.now() > deadline) throw new Error(`${selector} still in the card after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async text(nodeId: number): Promise<string> {
    const { outerHTML } = (await this.cdp.send('DOM.getOuterHTML', { nodeId })) as { outerHTML: string };
    // Markup we made (never page text): tags out, entities of the text in.
    return outerHTML
      .replace(/<[^>]*>/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ')
      .trim();
  }

  /** The computed values of `names` for a node. */
  async style(nodeId: number, names: readonly string[]): Promise<Record<string, string>> {
    const { computedStyle } = (await this.cdp.send('CSS.getComputedStyleForNode', { nodeId })) as { computedStyle: Array<{ name: string; value: string }> };
    const all = new Map(computedStyle.map((p) => [p.name, p.value]));
    return Object.fromEntries(names.map((name) => [name, all.get(name) ?? '(none)']));
  }

  /** The node's border box in CSS pixels of the viewport. */
  async box(nodeId: number): Promise<Box> {
    const { model } = (await this.cdp.send('DOM.getBoxModel', { nodeId })) as { model: { border: number[] } };
    const xs = [model.border[0]!, model.border[2]!, model.border[4]!, model.border[6]!];
    const ys = [model.border[1]!, model.border[3]!, model.border[5]!, model.border[7]!];
    return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}

import { browser } from 'wxt/browser';

/**
 * The tab the popup reports on: `?tab=<id>` when given (tests and pinned views open the popup
 * page in a normal tab), else the active tab of the current window.
 */
export async function resolveTargetTab(search: string): Promise<number | undefined> {
  const fromQuery = Number.parseInt(new URLSearchParams(search).get('tab') ?? '', 10);
  if (Number.isInteger(fromQuery) && fromQuery >= 0) return fromQuery;
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id;
}

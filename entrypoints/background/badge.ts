/**
 * The toolbar badge: how many entities the page in a tab names, as its content script reports them
 * (`pageStats`). Set per tab, so each tab shows its own page's count; the browser clears it when the
 * tab navigates. 0 (nothing found, not scanned, Backstory off there) clears it.
 */
import { browser } from 'wxt/browser';

/** A neutral grey: the badge counts, it does not warn. */
export const BADGE_BACKGROUND = '#5f6368';

/** The part of the action API the badge uses (`browser.action`, or `browserAction` in Firefox MV2). */
export interface BadgeApi {
  setBadgeText(details: { tabId?: number; text: string | null }): Promise<void> | void;
  setBadgeBackgroundColor(details: { tabId?: number; color: string }): Promise<void> | void;
}

/** The badge's text for a count: '' for none, at most four characters. */
export function badgeText(entities: number): string {
  if (!Number.isFinite(entities) || entities < 1) return '';
  const count = Math.floor(entities);
  return count > 999 ? '999+' : String(count);
}

function actionApi(): BadgeApi | undefined {
  const api = browser as unknown as { action?: BadgeApi; browserAction?: BadgeApi };
  return api.action ?? api.browserAction;
}

/** Show the count on the badge of the tab whose page reported it (nothing without a tab). */
export async function setPageBadge(tabId: number | undefined, entities: number, action: BadgeApi | undefined = actionApi()): Promise<null> {
  if (tabId === undefined || !action) return null;
  const text = badgeText(entities);
  try {
    if (text) await action.setBadgeBackgroundColor({ tabId, color: BADGE_BACKGROUND });
    await action.setBadgeText({ tabId, text });
  } catch {
    // The tab closed or navigated while the page was reporting: there is no badge to set.
  }
  return null;
}

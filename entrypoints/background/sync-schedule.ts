/** The scheduled pack sync: one repeating alarm whose period follows the reader's setting. */
import { browser } from 'wxt/browser';

export const SYNC_ALARM = 'backstory-pack-sync';

/** Create, change or clear the alarm for a check every `hours` (0: only on demand). Idempotent. */
export async function scheduleSync(hours: number): Promise<void> {
  const existing = await browser.alarms.get(SYNC_ALARM);
  if (!(hours > 0)) {
    if (existing) await browser.alarms.clear(SYNC_ALARM);
    return;
  }
  const period = Math.round(hours * 60);
  if (existing?.periodInMinutes === period) return; // keep its next time: a restart must not postpone checks
  // The first check comes a few minutes after install or a change, not during the first page load.
  await browser.alarms.create(SYNC_ALARM, { delayInMinutes: Math.min(period, 5), periodInMinutes: period });
}

/** The sync alarm follows the reader's interval setting (fake browser from wxt/testing). */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

vi.mock('wxt/browser', () => ({ browser: fakeBrowser }));
const { scheduleSync, SYNC_ALARM } = await import('../../entrypoints/background/sync-schedule');

beforeEach(() => {
  fakeBrowser.reset();
});

describe('scheduleSync', () => {
  it('creates a repeating alarm with the interval, first a few minutes later', async () => {
    await scheduleSync(24);
    const alarm = await fakeBrowser.alarms.get(SYNC_ALARM);
    expect(alarm?.periodInMinutes).toBe(24 * 60);
    expect(alarm!.scheduledTime - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    expect(alarm!.scheduledTime - Date.now()).toBeGreaterThan(4 * 60_000);
  });

  it('keeps an alarm of the same period (a restart must not postpone the check), changes one of another', async () => {
    await scheduleSync(24);
    const first = await fakeBrowser.alarms.get(SYNC_ALARM);
    await scheduleSync(24);
    expect((await fakeBrowser.alarms.get(SYNC_ALARM))?.scheduledTime).toBe(first?.scheduledTime);
    await scheduleSync(6);
    expect((await fakeBrowser.alarms.get(SYNC_ALARM))?.periodInMinutes).toBe(360);
  });

  it('clears the alarm when checks are only on demand', async () => {
    await scheduleSync(24);
    await scheduleSync(0);
    expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toBeUndefined();
  });
});

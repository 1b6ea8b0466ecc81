/**
 * The background: owns the knowledge base (all IndexedDB access happens here), answers the requests of
 * `BackgroundRequests`, runs pack imports and the scheduled pack sync. The logic lives in lib/kb and
 * lib/sync; this file only wires it to the browser.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { openKnowledgeBase } from '@/lib/kb/db';
import { createKnowledgeService } from '@/lib/kb/service';
import { handleBackgroundRequests, handleImportPort } from '@/utils/messaging';
import { packChannel, packServer, syncIntervalHours } from '@/utils/settings';
import { setPageBadge } from './badge';
import { bundledPackSource } from './bundled-packs';
import { buildPackServer, trustedKeys } from './sync-config';
import { scheduleSync, SYNC_ALARM } from './sync-schedule';

export default defineBackground(() => {
  const knowledge = createKnowledgeService({
    open: () => openKnowledgeBase(indexedDB),
    bundled: bundledPackSource(),
    sync: {
      fetch: (input, init) => fetch(input, init),
      trustedKeys,
      extensionVersion: browser.runtime.getManifest().version,
      target: async () => {
        const [server, channel, intervalHours] = await Promise.all([packServer.getValue(), packChannel.getValue(), syncIntervalHours.getValue()]);
        return { server: server.trim() || buildPackServer, channel: channel.trim() || 'stable', intervalHours };
      },
    },
    // persist() is for windows only (the options page asks); a worker can still read the answer.
    persisted: async () => navigator.storage?.persisted?.(),
  });

  // Listeners are registered synchronously so the event that woke the service worker is not missed.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason !== 'install' && reason !== 'update') return;
    knowledge.refreshBundled().catch((error: unknown) => console.warn('Backstory: the knowledge base could not be opened:', error));
  });

  /**
   * Chromium stops an idle worker after 30 s even while a download runs; an extension API call resets
   * that timer. A sync killed anyway changes nothing (one write transaction) and is retried later.
   */
  const sync = (trigger: 'schedule' | 'manual') => {
    const keepAlive = setInterval(() => void browser.runtime.getPlatformInfo(), 20_000);
    return knowledge.sync(trigger).finally(() => clearInterval(keepAlive));
  };

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== SYNC_ALARM) return;
    sync('schedule').catch((error: unknown) => console.warn('Backstory: scheduled pack sync failed:', error));
  });
  syncIntervalHours.watch((hours) => void scheduleSync(hours));
  void syncIntervalHours.getValue().then(scheduleSync);

  handleBackgroundRequests({
    annotate: ({ texts, articleDate }) => knowledge.annotate(texts, articleDate),
    figureCard: (request) => knowledge.figureCard(request),
    entityCard: ({ id }) => knowledge.entityCard(id),
    timeline: ({ ids }) => knowledge.timeline(ids),
    listPacks: () => knowledge.listPacks(),
    installPack: (request) => knowledge.importPack(request),
    setPackEnabled: ({ id, enabled }) => knowledge.setPackEnabled(id, enabled),
    removePack: ({ id }) => knowledge.removePack(id),
    revertPack: ({ id }) => knowledge.revertPack(id),
    pageStats: ({ entities }, sender) => setPageBadge(sender.tabId, entities),
    syncNow: () => sync('manual'),
    syncStatus: () => knowledge.syncStatus(),
    knowledgeStatus: ({ ids }) => knowledge.knowledgeStatus(ids),
  });
  handleImportPort((request, onPhase) => knowledge.importPack(request, onPhase));

  // Open the database (and install the bundled packs if this version has not yet) without waiting for a request.
  knowledge.ready().catch((error: unknown) => console.warn('Backstory: the knowledge base could not be opened:', error));
});

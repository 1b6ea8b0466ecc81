/**
 * The background: owns the knowledge base (all IndexedDB access happens here) and answers the requests
 * of `BackgroundRequests`. The logic lives in lib/kb/service.ts; this file only wires it to the browser.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { openKnowledgeBase } from '@/lib/kb/db';
import { createKnowledgeService } from '@/lib/kb/service';
import { handleBackgroundRequests } from '@/utils/messaging';
import { bundledPackSource } from './bundled-packs';

export default defineBackground(() => {
  const knowledge = createKnowledgeService({
    open: () => openKnowledgeBase(indexedDB),
    bundled: bundledPackSource(),
  });

  // Listeners are registered synchronously so the event that woke the service worker is not missed.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason !== 'install' && reason !== 'update') return;
    knowledge.refreshBundled().catch((error: unknown) => console.warn('Backstory: the knowledge base could not be opened:', error));
  });

  handleBackgroundRequests({
    annotate: ({ texts, articleDate }) => knowledge.annotate(texts, articleDate),
    figureCard: (request) => knowledge.figureCard(request),
    entityCard: ({ id }) => knowledge.entityCard(id),
    timeline: ({ ids }) => knowledge.timeline(ids),
    listPacks: () => knowledge.listPacks(),
    installPack: ({ json }) => knowledge.installPackJson(json),
  });

  // Open the database (and install the bundled packs if this version has not yet) without waiting for a request.
  knowledge.ready().catch((error: unknown) => console.warn('Backstory: the knowledge base could not be opened:', error));
});

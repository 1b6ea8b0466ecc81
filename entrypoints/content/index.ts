import './style.css';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { installCardKeyGuard } from '@/utils/card-key-guard';
import { BackstoryPage } from './backstory-page';
import { watchExtensionLifecycle } from './lifecycle';

/** Run `start` once the document is parsed, after the page's own DOMContentLoaded handlers (as at document_idle). */
function whenParsed(start: () => void): void {
  const later = () => setTimeout(start, 0);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', later, { once: true });
  else later();
}

export default defineContentScript({
  matches: ['<all_urls>'],
  // At document_start only to put the card's key guard first on the window, before any page script
  // (utils/card-key-guard.ts); the page itself is read once it is parsed.
  runAt: 'document_start',
  main(ctx) {
    installCardKeyGuard(window);
    whenParsed(() => {
      if (ctx.isInvalid) return;
      // First: its input listeners must run before BackstoryPage's, to tear down before those reach a dead API.
      watchExtensionLifecycle(ctx, window);
      new BackstoryPage(ctx, document).start();
    });
  },
});

import './style.css';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { BackstoryPage } from './backstory-page';
import { watchExtensionLifecycle } from './lifecycle';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  main(ctx) {
    // First: its input listeners must run before BackstoryPage's, to tear down before those reach a dead API.
    watchExtensionLifecycle(ctx, window);
    new BackstoryPage(ctx, document).start();
  },
});

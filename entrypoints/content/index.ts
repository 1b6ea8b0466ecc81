import './style.css';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { BackstoryPage } from './backstory-page';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  main(ctx) {
    new BackstoryPage(ctx, document).start();
  },
});

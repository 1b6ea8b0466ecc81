import { render } from 'preact';
import '@/components/ui.css';
import { followDocumentTheme } from '@/utils/document-theme';
import './popup.css';
import { PopupApp } from './PopupApp';
import { resolveTargetTab } from './target-tab';

followDocumentTheme();
render(<PopupApp tabId={resolveTargetTab(location.search)} />, document.getElementById('app') as HTMLElement);

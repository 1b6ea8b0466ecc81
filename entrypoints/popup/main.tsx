import { render } from 'preact';
import '@/components/ui.css';
import './popup.css';
import { PopupApp } from './PopupApp';
import { resolveTargetTab } from './target-tab';

render(<PopupApp tabId={resolveTargetTab(location.search)} />, document.getElementById('app') as HTMLElement);

import { render } from 'preact';
import '@/components/ui.css';
import { followDocumentTheme } from '@/utils/document-theme';
import './options.css';
import { OptionsApp } from './OptionsApp';

followDocumentTheme();
render(<OptionsApp />, document.getElementById('app') as HTMLElement);

// Ask the browser to keep the knowledge base under storage pressure. persist() exists in windows only, so
// the options page asks; the background reports the answer (SyncStatus.persisted).
void navigator.storage?.persist?.().catch(() => undefined);

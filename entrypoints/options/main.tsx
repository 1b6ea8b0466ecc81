import { render } from 'preact';
import '@/components/ui.css';
import './options.css';
import { OptionsApp } from './OptionsApp';

render(<OptionsApp />, document.getElementById('app') as HTMLElement);

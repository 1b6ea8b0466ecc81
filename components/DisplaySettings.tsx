/**
 * The "On the page" section of the options page: Backstory on or off, what is marked and how it looks,
 * when and how cards open, figures, and the sites where the reader turned Backstory off. Every control
 * stores its setting at once; open pages follow the change without a reload.
 */
import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { withSite } from '@/lib/page/sites';
import { formatCount, kindPlural } from '@/utils/format';
import {
  backstoryEnabled,
  disabledSites,
  firstMentionOnly,
  highlightKinds,
  highlightStyle,
  hoverDelayMs,
  showFigures,
  theme,
  type BooleanSetting,
  type HighlightKind,
  type HighlightStyle,
  type Setting,
  type Theme,
} from '@/utils/settings';
import { SettingToggle } from './SettingToggle';
import { useSetting, type SettingProblem } from './use-setting';

/** The settings the section edits; tests pass stand-ins. */
export interface DisplaySettingItems {
  enabled: Setting<boolean>;
  disabledSites: Setting<string[]>;
  highlightKinds: Setting<HighlightKind[]>;
  highlightStyle: Setting<HighlightStyle>;
  firstMentionOnly: Setting<boolean>;
  hoverDelayMs: Setting<number>;
  theme: Setting<Theme>;
  showFigures: BooleanSetting;
}

const BROWSER_SETTINGS: DisplaySettingItems = {
  enabled: backstoryEnabled,
  disabledSites,
  highlightKinds,
  highlightStyle,
  firstMentionOnly,
  hoverDelayMs,
  theme,
  showFigures,
};

// Labels are read when shown (functions), so every one comes from the interface's language.
export const KIND_CHOICES: ReadonlyArray<{ kind: HighlightKind; label: () => string }> = [
  { kind: 'person', label: () => kindPlural('person') },
  { kind: 'place', label: () => kindPlural('place') },
  { kind: 'organization', label: () => kindPlural('organization') },
  { kind: 'event', label: () => kindPlural('event') },
];

export const STYLE_CHOICES: ReadonlyArray<{ style: HighlightStyle; label: () => string; hint: () => string }> = [
  { style: 'underline', label: () => i18n.t('display.underline'), hint: () => i18n.t('display.underlineHint') },
  { style: 'background', label: () => i18n.t('display.background'), hint: () => i18n.t('display.backgroundHint') },
  { style: 'hover', label: () => i18n.t('display.hover'), hint: () => i18n.t('display.hoverHint') },
];

export const HOVER_DELAY_CHOICES: readonly number[] = [0, 150, 300, 500, 800];

export const THEME_CHOICES: ReadonlyArray<{ theme: Theme; label: () => string }> = [
  { theme: 'system', label: () => i18n.t('display.themeSystem') },
  { theme: 'light', label: () => i18n.t('display.themeLight') },
  { theme: 'dark', label: () => i18n.t('display.themeDark') },
  { theme: 'page', label: () => i18n.t('display.themePage') },
];

const delayLabel = (ms: number) => (ms === 0 ? i18n.t('display.delayNone') : i18n.t('display.delayAfter', [formatCount(ms)]));

function SettingError({ problem }: { problem: SettingProblem | undefined }) {
  if (!problem) return null;
  return (
    <p class="error" role="alert">
      {i18n.t('display.settingFailed')}
    </p>
  );
}

export function DisplaySettings({ settings = BROWSER_SETTINGS }: { settings?: DisplaySettingItems }) {
  return (
    <div class="display-settings">
      <SettingToggle
        setting={settings.enabled}
        part="setting-enabled"
        label={i18n.t('display.enabled')}
        hint={i18n.t('display.enabledHint')}
      />
      <KindsSetting setting={settings.highlightKinds} />
      <StyleSetting setting={settings.highlightStyle} />
      <SettingToggle
        setting={settings.firstMentionOnly}
        part="setting-first-mention"
        label={i18n.t('display.firstMention')}
        hint={i18n.t('display.firstMentionHint')}
      />
      <SettingToggle
        setting={settings.showFigures}
        part="show-figures"
        label={i18n.t('display.figures')}
        hint={i18n.t('display.figuresHint')}
      />
      <HoverDelaySetting setting={settings.hoverDelayMs} />
      <ThemeSetting setting={settings.theme} />
      <p class="hint muted shortcut-hint">
        {i18n.t('display.shortcutBefore')} <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>B</kbd> {i18n.t('display.shortcutAfter')}
      </p>
      <DisabledSites setting={settings.disabledSites} />
    </div>
  );
}

function KindsSetting({ setting }: { setting: Setting<HighlightKind[]> }) {
  const [kinds, setKinds, error] = useSetting(setting);
  const toggle = (kind: HighlightKind, on: boolean) => {
    const current = new Set(kinds ?? []);
    if (on) current.add(kind);
    else current.delete(kind);
    // Stored in a fixed order, so the same choice is always the same value.
    setKinds(KIND_CHOICES.map((choice) => choice.kind).filter((k) => current.has(k)));
  };
  return (
    <fieldset class="setting-group">
      <legend>{i18n.t('display.kinds')}</legend>
      <div class="choices">
        {KIND_CHOICES.map(({ kind, label }) => (
          <label key={kind}>
            <input
              type="checkbox"
              data-part={`setting-kind-${kind}`}
              checked={kinds?.includes(kind) ?? false}
              disabled={kinds === undefined}
              onChange={(event) => toggle(kind, event.currentTarget.checked)}
            />{' '}
            {label()}
          </label>
        ))}
      </div>
      <SettingError problem={error} />
    </fieldset>
  );
}

function StyleSetting({ setting }: { setting: Setting<HighlightStyle> }) {
  const [style, setStyle, error] = useSetting(setting);
  return (
    <fieldset class="setting-group">
      <legend>{i18n.t('display.style')}</legend>
      <div class="choices">
        {STYLE_CHOICES.map((choice) => (
          <label key={choice.style} title={choice.hint()}>
            <input
              type="radio"
              name="backstory-highlight-style"
              value={choice.style}
              data-part={`setting-style-${choice.style}`}
              checked={style === choice.style}
              disabled={style === undefined}
              onChange={(event) => event.currentTarget.checked && setStyle(choice.style)}
            />{' '}
            <span class={`style-sample style-${choice.style}`}>{choice.label()}</span>
          </label>
        ))}
      </div>
      <SettingError problem={error} />
    </fieldset>
  );
}

function HoverDelaySetting({ setting }: { setting: Setting<number> }) {
  const [delay, setDelay, error] = useSetting(setting);
  const choices = delay === undefined || HOVER_DELAY_CHOICES.includes(delay) ? HOVER_DELAY_CHOICES : [...HOVER_DELAY_CHOICES, delay].sort((a, b) => a - b);
  return (
    <div class="field">
      <label>
        <span class="field-label">{i18n.t('display.delay')}</span>
        <select
          data-part="setting-hover-delay"
          value={delay === undefined ? '' : String(delay)}
          disabled={delay === undefined}
          onChange={(event) => setDelay(Number(event.currentTarget.value))}
        >
          {choices.map((ms) => (
            <option key={ms} value={String(ms)}>
              {delayLabel(ms)}
            </option>
          ))}
        </select>
      </label>
      <p class="hint muted">{i18n.t('display.delayHint')}</p>
      <SettingError problem={error} />
    </div>
  );
}

function ThemeSetting({ setting }: { setting: Setting<Theme> }) {
  const [value, setValue, error] = useSetting(setting);
  return (
    <div class="field">
      <label>
        <span class="field-label">{i18n.t('display.theme')}</span>
        <select
          data-part="setting-theme"
          value={value ?? ''}
          disabled={value === undefined}
          onChange={(event) => setValue(event.currentTarget.value as Theme)}
        >
          {THEME_CHOICES.map((choice) => (
            <option key={choice.theme} value={choice.theme}>
              {choice.label()}
            </option>
          ))}
        </select>
      </label>
      <p class="hint muted">{i18n.t('display.themeHint')}</p>
      <SettingError problem={error} />
    </div>
  );
}

function DisabledSites({ setting }: { setting: Setting<string[]> }) {
  const [sites, setSites, error] = useSetting(setting);
  return (
    <div class="disabled-sites" data-part="disabled-sites">
      <h3 id="disabled-sites-heading">{i18n.t('display.offSites')}</h3>
      {sites === undefined ? null : sites.length === 0 ? (
        <p class="muted">{i18n.t('display.offSitesNone')}</p>
      ) : (
        <ul aria-labelledby="disabled-sites-heading">
          {sites.map((site) => (
            <li key={site} data-site={site}>
              <span class="site">{site}</span>
              <button type="button" data-part="site-enable" aria-label={i18n.t('display.siteOnLabel', [site])} onClick={() => setSites(withSite(sites, site, false))}>
                {i18n.t('site.turnBackOn')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <SettingError problem={error} />
    </div>
  );
}

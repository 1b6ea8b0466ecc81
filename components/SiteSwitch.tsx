/**
 * The popup's on/off switches: "Don't run on <site>" for the page's site in one click, and, when Backstory is
 * off (on this site or everywhere), why, with the button that turns it back on.
 */
import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { isSiteDisabled, siteOf, withSite } from '@/lib/page/sites';
import { backstoryEnabled, disabledSites, type Setting } from '@/utils/settings';

/** The site of an http(s) page ("www.lapresse.ca" → "lapresse.ca"); undefined for other pages. */
export function pageSite(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return siteOf(parsed.hostname) || undefined;
  } catch {
    return undefined;
  }
}

/** The entries of `disabledSites` that turn Backstory off on `site` (the site itself, or a parent domain). */
export function entriesFor(sites: readonly string[], site: string): string[] {
  return sites.filter((entry) => isSiteDisabled([entry], site));
}

/**
 * Why Backstory does not run on the page:
 * - disabled: off everywhere;
 * - site-disabled: off on `site` (the disabled entry that covers the page);
 * - reload: on again, but the page was loaded while it was off, so it has not been read.
 * Undefined when it runs. The settings decide; what the page reported (`pageDisabled`) stands in for a
 * setting that could not be read.
 */
export type OffState = { reason: 'disabled' } | { reason: 'site-disabled'; site: string } | { reason: 'reload' };

export function offState(
  url: string,
  enabled: boolean | undefined,
  sites: readonly string[] | undefined,
  pageDisabled?: 'everywhere' | 'site',
): OffState | undefined {
  if (enabled === false || (enabled === undefined && pageDisabled === 'everywhere')) return { reason: 'disabled' };
  const site = pageSite(url);
  if (site && sites) {
    const [entry] = entriesFor(sites, site);
    if (entry) return { reason: 'site-disabled', site: entry };
  }
  if (site && sites === undefined && pageDisabled === 'site') return { reason: 'site-disabled', site };
  // The settings now say "on", but the page was left alone when it loaded.
  if ((pageDisabled === 'everywhere' && enabled !== undefined) || (pageDisabled === 'site' && sites !== undefined)) return { reason: 'reload' };
  return undefined;
}

export interface SiteSwitchProps {
  /** The page's URL. */
  url: string;
  /** `backstoryEnabled` (undefined while unknown). */
  enabled?: boolean;
  /** `disabledSites` (undefined while unknown). */
  sites?: readonly string[];
  /** What the page's content script reported: it left the page as published. */
  pageDisabled?: 'everywhere' | 'site';
  /** Whether the page was marked when the popup opened (default: it is marked unless `pageDisabled`). */
  pageRead?: boolean;
  /** The popup is asking the page again after a switch. */
  checking?: boolean;
  /** Called with the values this component wrote. */
  onEnabledChange?: (enabled: boolean) => void;
  onSitesChange?: (sites: string[]) => void;
  /** The settings written (defaults: the reader's). */
  settings?: { enabled: Setting<boolean>; sites: Setting<string[]> };
}

export function SiteSwitch({ url, enabled, sites, pageDisabled, pageRead, checking, onEnabledChange, onSitesChange, settings }: SiteSwitchProps) {
  const enabledSetting = settings?.enabled ?? backstoryEnabled;
  const sitesSetting = settings?.sites ?? disabledSites;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const site = pageSite(url);
  const off = offState(url, enabled, sites, pageDisabled);

  const write = async (change: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await change();
    } catch (failure) {
      setError(i18n.t('site.saveFailed', [failure instanceof Error ? failure.message : String(failure)]));
    } finally {
      setBusy(false);
    }
  };
  const turnOffSite = () =>
    write(async () => {
      if (!site) return;
      const next = withSite(await sitesSetting.getValue(), site, true);
      await sitesSetting.setValue(next);
      onSitesChange?.(next);
    });
  const turnOnSite = () =>
    write(async () => {
      if (!site) return;
      const current = await sitesSetting.getValue();
      const next = entriesFor(current, site).reduce((list, entry) => withSite(list, entry, false), current);
      await sitesSetting.setValue(next);
      onSitesChange?.(next);
    });
  const turnOnEverywhere = () =>
    write(async () => {
      await enabledSetting.setValue(true);
      onEnabledChange?.(true);
    });

  // The page was changed (marked) before the switch: only a reload gives it back exactly as published.
  const marked = pageRead ?? pageDisabled === undefined;
  const problem = error && (
    <p class="error" role="alert" data-part="site-switch-error">
      {error}
    </p>
  );

  if (off?.reason === 'disabled') {
    return (
      <div class="empty switch-off" data-part="empty" data-reason="disabled">
        <p>
          {i18n.t('site.offEverywhere')}{' '}
          {marked ? i18n.t('site.reloadToRestore') : i18n.t('site.leavesEveryPage')}
        </p>
        <button type="button" class="primary" data-part="enable" disabled={busy} onClick={() => void turnOnEverywhere()}>
          {i18n.t('site.turnOn')}
        </button>
        {problem}
      </div>
    );
  }
  if (off?.reason === 'site-disabled') {
    return (
      <div class="empty switch-off" data-part="empty" data-reason="site-disabled">
        <p>
          {i18n.t('site.offOn', [off.site])}{' '}
          {marked ? i18n.t('site.reloadToRestore') : i18n.t('site.leavesSite')}
        </p>
        <button type="button" class="primary" data-part="site-on" disabled={busy || !site} onClick={() => void turnOnSite()}>
          {i18n.t('site.turnBackOn')}
        </button>
        {problem}
      </div>
    );
  }
  return (
    <>
      {site && (
        <div class="site-switch" data-part="site-switch">
          <button
            type="button"
            class="small"
            data-part="site-off"
            title={i18n.t('site.offTitle', [site])}
            disabled={busy}
            onClick={() => void turnOffSite()}
          >
            {i18n.t('site.dontRunOn', [site])}
          </button>
        </div>
      )}
      {problem}
      {off?.reason === 'reload' && checking && (
        <p class="muted" data-part="site-checking" role="status">
          {i18n.t('site.readingAgain')}
        </p>
      )}
      {off?.reason === 'reload' && !checking && (
        <p class="empty" data-part="empty" data-reason="reload">
          {i18n.t('site.reloadToRead')}
        </p>
      )}
    </>
  );
}

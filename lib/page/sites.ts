/** Per-site switches: which site a page belongs to, and whether the reader turned Backstory off there. */

/** The site a hostname belongs to, as the reader names it: "www.lapresse.ca" and "lapresse.ca" are one site. */
export function siteOf(hostname: string): string {
  return hostname.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
}

/** True when `hostname` is one of the disabled sites or a subdomain of one ("montreal.lapresse.ca"). */
export function isSiteDisabled(disabledSites: readonly string[], hostname: string): boolean {
  const site = siteOf(hostname);
  return disabledSites.some((disabled) => site === disabled || site.endsWith(`.${disabled}`));
}

/** The list with `site` added or removed, without repeats, sorted. */
export function withSite(disabledSites: readonly string[], site: string, disabled: boolean): string[] {
  const rest = disabledSites.filter((s) => s !== site);
  return (disabled ? [...rest, site] : rest).sort();
}

import { describe, expect, it } from 'vitest';
import { isSiteDisabled, siteOf, withSite } from '@/lib/page/sites';

describe('siteOf', () => {
  it('names a site without www., case or a trailing dot', () => {
    expect(siteOf('www.lapresse.ca')).toBe('lapresse.ca');
    expect(siteOf('WWW.LaPresse.CA.')).toBe('lapresse.ca');
    expect(siteOf('montreal.lapresse.ca')).toBe('montreal.lapresse.ca');
    expect(siteOf('127.0.0.1')).toBe('127.0.0.1');
    expect(siteOf('')).toBe('');
  });
});

describe('isSiteDisabled', () => {
  const off = ['lapresse.ca', 'news.example.org'];

  it('matches the site itself, its www. form and its subdomains', () => {
    expect(isSiteDisabled(off, 'lapresse.ca')).toBe(true);
    expect(isSiteDisabled(off, 'www.lapresse.ca')).toBe(true);
    expect(isSiteDisabled(off, 'montreal.lapresse.ca')).toBe(true);
    expect(isSiteDisabled(off, 'a.news.example.org')).toBe(true);
  });

  it('does not match other sites that merely end with the same letters, or parent domains', () => {
    expect(isSiteDisabled(off, 'notlapresse.ca')).toBe(false);
    expect(isSiteDisabled(off, 'example.org')).toBe(false);
    expect(isSiteDisabled(off, 'lapresse.ca.evil.com')).toBe(false);
    expect(isSiteDisabled([], 'lapresse.ca')).toBe(false);
    expect(isSiteDisabled(off, '')).toBe(false);
  });
});

describe('withSite', () => {
  it('adds a site once and keeps the list sorted', () => {
    expect(withSite(['b.org'], 'a.org', true)).toEqual(['a.org', 'b.org']);
    expect(withSite(['a.org', 'b.org'], 'a.org', true)).toEqual(['a.org', 'b.org']);
  });

  it('removes a site, and leaves the list alone when it is not there', () => {
    expect(withSite(['a.org', 'b.org'], 'a.org', false)).toEqual(['b.org']);
    expect(withSite(['b.org'], 'a.org', false)).toEqual(['b.org']);
  });

  it('does not change the list it was given', () => {
    const sites = ['b.org'];
    withSite(sites, 'a.org', true);
    expect(sites).toEqual(['b.org']);
  });
});

// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KnowledgeNotice, knowledgeOlderText } from '@/components/KnowledgeNotice';
import { PackImport, pairImportFiles } from '@/components/PackImport';
import { PackTable, packSourceText } from '@/components/PackTable';
import { SyncPanel, packServerError, type SyncSettings } from '@/components/SyncPanel';
import type { ImportRequest, ImportResult, KnowledgeStatus, PackInfo, SyncReport, SyncStatus } from '@/lib/messages';
import type { PackManifest } from '@/lib/pack/types';
import { formatBytes, partialDateStart } from '@/lib/page/format';
import { fromBase64 } from '@/lib/sync/bytes';
import type { Setting } from '@/utils/settings';

const messaging = vi.hoisted(() => ({
  sendToBackground: vi.fn(),
  importPackWithProgress: vi.fn(),
}));
vi.mock('@/utils/messaging', () => messaging);

/** Answers for `sendToBackground`, by request type. */
type Answers = Partial<Record<string, (payload: never) => unknown>>;
function answer(answers: Answers) {
  messaging.sendToBackground.mockImplementation(async (type: string, payload: never) => {
    const handler = answers[type];
    if (!handler) throw new Error(`unexpected request ${type}`);
    return handler(payload);
  });
}
const calls = (type: string) => messaging.sendToBackground.mock.calls.filter(([t]) => t === type).map(([, payload]) => payload);

function manifest(id: string, title: string, version = 1): PackManifest {
  return { id, title, version, knowledgeDate: '2024-06', licence: 'CC BY 4.0', attribution: 'Backstory editors', entityCount: 1234 };
}

function pack(id: string, title: string, extra: Partial<PackInfo> = {}): PackInfo {
  return {
    manifest: manifest(id, title),
    installedAt: '2025-01-01T10:00:00Z',
    origin: 'bundled',
    enabled: true,
    sizeBytes: 48_213,
    requiredBy: [],
    ...extra,
  };
}

function memorySetting<T>(initial: T): Setting<T> & { set: ReturnType<typeof vi.fn> } {
  let value = initial;
  const set = vi.fn(async (next: T) => {
    value = next;
  });
  return { getValue: async () => value, setValue: set, watch: () => () => {}, set };
}

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
  messaging.sendToBackground.mockReset();
  messaging.importPackWithProgress.mockReset();
});
afterEach(() => {
  render(null, container);
  container.remove();
  vi.restoreAllMocks();
});

const $ = <E extends Element = HTMLElement>(selector: string, root: ParentNode = container) => root.querySelector<E>(selector);
const part = (name: string, root: ParentNode = container) => $(`[data-part="${name}"]`, root);
const row = (id: string) => $(`[data-pack-id="${id}"]`)!;
/** Let promises settle and Preact re-render. */
const settle = async (times = 5) => {
  for (let i = 0; i < times; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};
const until = (check: () => unknown) => vi.waitFor(() => expect(check()).toBeTruthy(), { timeout: 2000, interval: 5 });

function pickFiles(input: HTMLInputElement, files: File[]) {
  Object.defineProperty(input, 'files', { configurable: true, value: files });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('PackTable', () => {
  const packs: PackInfo[] = [
    pack('world.gazetteer', 'World gazetteer', { requiredBy: ['war.russia-ukraine'], lastCheck: { id: 'world.gazetteer', status: 'up-to-date', at: '2025-03-01T08:00:00Z' } }),
    pack('war.russia-ukraine', 'Russia–Ukraine war', {
      origin: 'synced',
      bundledVersion: 1,
      signedBy: 'a1b2c3d4e5f60718',
      sourceLabel: 'https://packs.example.org/v1/stable/index.json',
      lastCheck: { id: 'war.russia-ukraine', status: 'refused', message: 'version 2 is older than the installed 3', at: '2025-03-01T08:00:00Z' },
    }),
    pack('my.notes', 'My notes', { origin: 'imported', sourceLabel: 'notes.json', enabled: false }),
  ];

  it('shows each pack with its version, knowledge date, size, source and last check', () => {
    render(<PackTable packs={packs} onChanged={() => {}} />, container);
    expect(container.querySelectorAll('tbody tr')).toHaveLength(3);
    const gazetteer = row('world.gazetteer');
    expect(gazetteer.textContent).toContain('World gazetteer');
    expect(gazetteer.textContent).toContain('world.gazetteer');
    expect(part('pack-version', gazetteer)?.textContent).toBe('1');
    expect(part('pack-knowledge-date', gazetteer)?.textContent).toBe('June 2024');
    expect(gazetteer.textContent).toContain('48.2 kB');
    expect(gazetteer.textContent).toContain('1,234');
    expect(part('pack-source', gazetteer)?.textContent).toBe('Bundled with Backstory');
    expect(part('pack-last-check', gazetteer)?.textContent).toContain('Up to date');
    expect(part('pack-source', row('war.russia-ukraine'))?.textContent).toContain('Updated from the pack server');
    const refused = part('pack-last-check', row('war.russia-ukraine'))!;
    expect(refused.getAttribute('data-status')).toBe('refused');
    expect(refused.textContent).toContain('version 2 is older than the installed 3');
    expect(part('pack-source', row('my.notes'))?.textContent).toBe('Imported from notes.json (unsigned)');
    expect(packSourceText({ ...packs[2]!, signedBy: 'feedface00112233' })).toBe('Imported from notes.json (signed by key feedface00112233)');
    expect(part('pack-last-check', row('my.notes'))?.textContent).toBe('Not checked');
  });

  it('toggles a pack through setPackEnabled and reloads the list; a required pack cannot be turned off', async () => {
    answer({ setPackEnabled: () => ({ ok: true }) });
    const onChanged = vi.fn();
    render(<PackTable packs={packs} onChanged={onChanged} />, container);

    const required = part('pack-enabled', row('world.gazetteer')) as HTMLInputElement;
    expect(required.checked).toBe(true);
    expect(required.disabled).toBe(true);
    expect(required.closest('label')?.getAttribute('title')).toContain('Required by Russia–Ukraine war');
    expect(part('pack-required-by', row('world.gazetteer'))?.textContent).toBe('Required by Russia–Ukraine war');

    const notes = part('pack-enabled', row('my.notes')) as HTMLInputElement;
    expect(notes.checked).toBe(false);
    expect(notes.disabled).toBe(false);
    notes.click();
    await until(() => onChanged.mock.calls.length > 0);
    expect(calls('setPackEnabled')).toEqual([{ id: 'my.notes', enabled: true }]);
    expect(part('pack-action-error')).toBeNull();
  });

  it('offers Remove only for packs that are neither bundled nor shipped, and asks first', async () => {
    answer({ removePack: () => ({ ok: true }) });
    const onChanged = vi.fn();
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    render(<PackTable packs={packs} onChanged={onChanged} />, container);

    expect(part('pack-remove', row('world.gazetteer'))).toBeNull();
    expect(part('pack-remove', row('war.russia-ukraine'))).toBeNull();
    const remove = part('pack-remove', row('my.notes')) as HTMLButtonElement;
    expect(remove.textContent).toBe('Remove');

    remove.click();
    await settle();
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(confirm.mock.calls[0]![0]).toContain('My notes');
    expect(calls('removePack')).toEqual([]);

    remove.click();
    await until(() => onChanged.mock.calls.length > 0);
    expect(calls('removePack')).toEqual([{ id: 'my.notes' }]);
  });

  it('offers Revert to the bundled version when there is one, and shows a refusal in an alert', async () => {
    answer({ revertPack: () => ({ ok: false, error: 'the bundled pack could not be read' }) });
    const onChanged = vi.fn();
    render(<PackTable packs={packs} onChanged={onChanged} />, container);

    expect(part('pack-revert', row('world.gazetteer'))).toBeNull();
    expect(part('pack-revert', row('my.notes'))).toBeNull();
    const revert = part('pack-revert', row('war.russia-ukraine')) as HTMLButtonElement;
    expect(revert.textContent).toBe('Revert to bundled v1');
    revert.click();
    await until(() => part('pack-action-error'));
    expect(calls('revertPack')).toEqual([{ id: 'war.russia-ukraine' }]);
    const alert = part('pack-action-error')!;
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('the bundled pack could not be read');
    expect(alert.textContent).toContain('Russia–Ukraine war');
    // The list is reloaded even after a refusal.
    await until(() => onChanged.mock.calls.length > 0);
  });
});

describe('PackImport', () => {
  const packJson = JSON.stringify({ format: 'backstory-pack', formatVersion: 1, manifest: manifest('my.notes', 'My notes', 2), entities: [] });

  it('pairs a pack file with its detached signature by name', () => {
    const f = (name: string) => ({ name });
    expect(pairImportFiles([f('a.json'), f('a.json.sig')])).toEqual({ pack: f('a.json'), signature: f('a.json.sig') });
    expect(pairImportFiles([f('b.json.sig'), f('a.json.gz'), f('a.json.gz.sig')])).toEqual({ pack: f('a.json.gz'), signature: f('a.json.gz.sig') });
    expect(pairImportFiles([f('a.json'), f('other.sig')])).toEqual({ pack: f('a.json'), signature: f('other.sig') });
    expect(pairImportFiles([f('a.json')])).toEqual({ pack: f('a.json') });
    expect(pairImportFiles([f('a.json.sig')])).toHaveProperty('error');
    expect(pairImportFiles([f('a.json'), f('b.json')])).toHaveProperty('error');
    expect(pairImportFiles([f('a.json'), f('b.sig'), f('c.sig')])).toHaveProperty('error');
  });

  it('reads the file, reports the phases, asks before installing an unsigned pack, then resends with allowUnsigned', async () => {
    const requests: ImportRequest[] = [];
    let finishFirst!: (result: ImportResult) => void;
    messaging.importPackWithProgress.mockImplementation((request: ImportRequest, onPhase: (phase: string) => void) => {
      requests.push(request);
      if (requests.length === 1) {
        onPhase('verifying');
        return new Promise<ImportResult>((resolve) => (finishFirst = resolve));
      }
      onPhase('writing');
      return Promise.resolve<ImportResult>({ ok: true, manifest: manifest('my.notes', 'My notes', 2), status: 'installed' });
    });
    const onChanged = vi.fn();
    render(<PackImport onChanged={onChanged} />, container);

    const input = part('import') as HTMLInputElement;
    expect(input.multiple).toBe(true);
    expect(input.accept).toBe('.json,.gz,.sig');
    pickFiles(input, [new File([packJson], 'notes.json', { type: 'application/json' })]);

    // The background reports the phase in the progress area.
    await until(() => container.textContent?.includes('Verifying signature'));
    const progress = part('import-progress') as HTMLProgressElement;
    expect(progress.tagName).toBe('PROGRESS');
    expect(progress.getAttribute('aria-labelledby')).toBeTruthy();
    expect(document.getElementById(progress.getAttribute('aria-labelledby')!)?.textContent).toContain('Verifying signature');

    finishFirst({ ok: false, errors: ['the pack has no signature'], needsConfirmation: 'unsigned' });
    await until(() => part('import-confirm-unsigned'));
    const box = part('import-confirm-unsigned')!;
    expect(box.textContent).toContain('not signed by a key Backstory trusts');
    expect(box.textContent).toContain('installed as is');
    expect(part('import-errors')).toBeNull();
    expect(requests[0]).toMatchObject({ name: 'notes.json' });
    expect(requests[0]!.allowUnsigned).toBeUndefined();
    expect(new TextDecoder().decode(fromBase64(requests[0]!.data))).toBe(packJson);
    expect(input.value).toBe('');

    (part('import-confirm') as HTMLButtonElement).click();
    await until(() => part('import-result'));
    expect(requests).toHaveLength(2);
    expect(requests[1]).toEqual({ ...requests[0], allowUnsigned: true });
    expect(part('import-result')?.textContent).toBe('Installed My notes v2, unsigned');
    expect(part('import-confirm-unsigned')).toBeNull();
    await until(() => onChanged.mock.calls.length > 0);
  });

  it('sends the picked signature with the pack and names the key that signed it', async () => {
    messaging.importPackWithProgress.mockResolvedValue({ ok: true, manifest: manifest('my.notes', 'My notes', 2), signedBy: 'a1b2c3d4e5f60718', status: 'installed' });
    render(<PackImport />, container);
    pickFiles(part('import') as HTMLInputElement, [new File(['{"sig":1}'], 'notes.json.sig'), new File([packJson], 'notes.json')]);
    await until(() => part('import-result'));
    expect(messaging.importPackWithProgress.mock.calls[0]![0]).toMatchObject({ name: 'notes.json', signature: '{"sig":1}' });
    expect(part('import-result')?.textContent).toBe('Installed My notes v2, signed by key a1b2c3d4e5f60718');
  });

  it('lists every error of a refused pack, and cancelling the confirmation installs nothing', async () => {
    messaging.importPackWithProgress.mockResolvedValueOnce({
      ok: false,
      errors: ['place:belgorod: coordinates.lat must be at most 90', 'manifest.entityCount must equal entities.length'],
    });
    render(<PackImport />, container);
    const input = part('import') as HTMLInputElement;
    pickFiles(input, [new File([packJson], 'bad.json')]);
    await until(() => part('import-errors'));
    const items = [...container.querySelectorAll('[data-part="import-errors"] li')].map((li) => li.textContent);
    expect(items).toEqual(['place:belgorod: coordinates.lat must be at most 90', 'manifest.entityCount must equal entities.length']);
    expect(input.value).toBe('');

    // A signature alone is refused before anything is sent.
    pickFiles(input, [new File(['{}'], 'bad.json.sig')]);
    await until(() => container.querySelectorAll('[data-part="import-errors"] li').length === 1);
    expect(part('import-errors')?.textContent).toContain('signature alone');
    expect(messaging.importPackWithProgress).toHaveBeenCalledTimes(1);

    messaging.importPackWithProgress.mockResolvedValueOnce({ ok: false, errors: [], needsConfirmation: 'unsigned' });
    pickFiles(input, [new File([packJson], 'notes.json')]);
    await until(() => part('import-confirm-unsigned'));
    const cancel = [...container.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')!;
    cancel.click();
    await until(() => part('import-cancelled'));
    expect(part('import-confirm-unsigned')).toBeNull();
    expect(messaging.importPackWithProgress).toHaveBeenCalledTimes(2);
  });

  it('shows the error when the background goes away', async () => {
    messaging.importPackWithProgress.mockRejectedValue(new Error('The background stopped before the import finished; nothing was changed.'));
    render(<PackImport />, container);
    pickFiles(part('import') as HTMLInputElement, [new File([packJson], 'notes.json')]);
    await until(() => part('import-errors'));
    expect(container.querySelector('[data-part="import-errors"] li')?.textContent).toContain('nothing was changed');
  });
});

describe('KnowledgeNotice', () => {
  it('says when the article is newer than the knowledge, comparing partial dates by their first day', () => {
    expect(knowledgeOlderText('2024-06', '2025-02-10')).toBe('Knowledge from 2024-06; article from 2025-02');
    expect(knowledgeOlderText('2024-06', '2024-06-01')).toBeUndefined();
    expect(knowledgeOlderText('2024-06', '2024-05-30')).toBeUndefined();
    expect(knowledgeOlderText('2024', '2024-03-01')).toBe('Knowledge from 2024; article from 2024-03');
    expect(knowledgeOlderText(undefined, '2025-02-10')).toBeUndefined();
    expect(knowledgeOlderText('2024-06', undefined)).toBeUndefined();
    expect(partialDateStart('2024-06')).toBe('2024-06-01');
  });

  it('shows the knowledge date against the article date for the page’s entities', async () => {
    answer({ knowledgeStatus: () => ({ knowledgeDate: '2024-06', stale: false }) satisfies KnowledgeStatus });
    render(<KnowledgeNotice ids={['place:belgorod-ru']} articleDate="2025-02-14" />, container);
    await until(() => part('knowledge-older'));
    expect(part('knowledge-older')?.textContent).toBe('Knowledge from 2024-06; article from 2025-02');
    expect(calls('knowledgeStatus')).toEqual([{ ids: ['place:belgorod-ru'] }]);
    expect(part('sync-problem')).toBeNull();
  });

  it('says nothing but offers a check when the knowledge is as new as the article and the last sync went well', async () => {
    answer({ knowledgeStatus: () => ({ knowledgeDate: '2025-06', stale: false }) });
    render(<KnowledgeNotice ids={[]} articleDate="2025-02-14" />, container);
    await settle();
    expect(calls('knowledgeStatus')).toEqual([{ ids: [] }]);
    expect(container.querySelector('[data-part="knowledge-older"]')).toBeNull();
    expect(container.querySelector('[data-part="sync-problem"]')).toBeNull();
    expect(container.querySelector('[data-part="knowledge-notice"]')?.className).toContain('quiet');
    expect(container.querySelector('[data-part="popup-sync-now"]')?.textContent).toBe('Check for updates');
  });

  it('reports a failed update check with a button that checks again', async () => {
    let status: KnowledgeStatus = {
      knowledgeDate: '2025-06',
      lastSyncProblem: { at: '2025-03-01T08:00:00Z', outcome: 'failed', error: 'the catalogue signature does not verify' },
      stale: false,
    };
    answer({
      knowledgeStatus: () => status,
      syncNow: () => {
        status = { knowledgeDate: '2025-06', stale: false };
        return {} as SyncReport;
      },
    });
    render(<KnowledgeNotice ids={['place:belgorod-ru']} articleDate="2025-02-14" />, container);
    await until(() => part('sync-problem'));
    expect(part('sync-problem')?.textContent).toBe('Last update check failed: the catalogue signature does not verify');
    expect(part('knowledge-older')).toBeNull();
    (part('popup-sync-now') as HTMLButtonElement).click();
    await until(() => calls('knowledgeStatus').length === 2 && !part('sync-problem'));
    expect(calls('syncNow')).toHaveLength(1);
  });

  it('calls an expired catalogue out of date', async () => {
    answer({ knowledgeStatus: () => ({ lastSyncProblem: { at: '2025-03-01T08:00:00Z', outcome: 'stale', error: 'expired' }, stale: true }) });
    render(<KnowledgeNotice ids={[]} />, container);
    await until(() => part('sync-problem'));
    expect(part('sync-problem')?.textContent).toBe('Updates are out of date');
  });
});

describe('SyncPanel', () => {
  const failed: SyncReport = {
    startedAt: '2025-03-01T08:00:00Z',
    finishedAt: '2025-03-01T08:00:02Z',
    trigger: 'schedule',
    catalogue: 'https://packs.example.org/v1/stable/index.json',
    channel: 'stable',
    outcome: 'failed',
    error: 'the catalogue signature does not verify with any pinned key',
    packs: [{ id: 'war.russia-ukraine', status: 'failed', installedVersion: 1, offeredVersion: 2, message: 'download failed: HTTP 404' }],
  };
  const status: SyncStatus = {
    server: 'https://packs.example.org/v1/',
    channel: 'stable',
    intervalHours: 24,
    last: failed,
    lastSuccessAt: '2025-02-20T08:00:00Z',
    stale: true,
    persisted: true,
  };

  function settings(): SyncSettings & { server: ReturnType<typeof memorySetting<string>> } {
    return { server: memorySetting(''), channel: memorySetting('stable'), intervalHours: memorySetting(24) };
  }

  it('shows the last check’s outcome and why it failed, the per-pack results, staleness and storage', async () => {
    answer({ syncStatus: () => status });
    render(<SyncPanel settings={settings()} />, container);
    await until(() => part('sync-outcome'));
    const block = part('sync-status')!;
    expect(block.getAttribute('data-outcome')).toBe('failed');
    expect(block.textContent).toContain('The check failed');
    expect(part('sync-last-error')?.textContent).toBe('the catalogue signature does not verify with any pinned key');
    const result = $('[data-part="sync-pack-results"] li[data-pack-id="war.russia-ukraine"]')!;
    expect(result.getAttribute('data-status')).toBe('failed');
    expect(result.textContent).toContain('download failed: HTTP 404');
    expect(part('sync-stale')?.textContent).toContain('Knowledge may be out of date');
    expect(part('sync-last-success')?.textContent).toContain('2025');
    expect(part('sync-persisted')?.textContent).toContain('Storage is persistent');
    // With the field empty, the build default shows as the placeholder.
    const server = part('pack-server') as HTMLInputElement;
    expect(server.value).toBe('');
    expect(server.placeholder).toBe('https://packs.example.org/v1/');
    const interval = part('sync-interval') as HTMLSelectElement;
    expect([...interval.options].map((o) => o.textContent)).toEqual(['Every 6 hours', 'Daily', 'Weekly', 'Only when I ask']);
    expect(interval.value).toBe('24');
  });

  it('says no pack server is configured when there is no build default', async () => {
    answer({ syncStatus: () => ({ channel: 'stable', intervalHours: 24, stale: false }) });
    render(<SyncPanel settings={settings()} />, container);
    await until(() => part('sync-last-success'));
    expect((part('pack-server') as HTMLInputElement).placeholder).toBe('No pack server configured');
    expect(part('sync-persisted')?.textContent).toContain('not known');
  });

  it('refuses a plain http:// server URL and saves an https:// one', async () => {
    expect(packServerError('http://example.com/packs/')).toBeTruthy();
    expect(packServerError('ftp://example.com/')).toBeTruthy();
    expect(packServerError('not a url')).toBeTruthy();
    expect(packServerError('https://packs.example.org/v1/')).toBeUndefined();
    expect(packServerError('http://127.0.0.1:8765/')).toBeUndefined();
    expect(packServerError('http://localhost:8765/v1/')).toBeUndefined();
    expect(packServerError('')).toBeUndefined();

    answer({ syncStatus: () => status });
    const config = settings();
    render(<SyncPanel settings={config} />, container);
    await until(() => !(part('pack-server') as HTMLInputElement).disabled);
    const server = part('pack-server') as HTMLInputElement;

    server.value = 'http://example.com/packs/';
    server.dispatchEvent(new Event('input', { bubbles: true }));
    server.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => part('pack-server-error'));
    expect(part('pack-server-error')?.textContent).toContain('https://');
    expect(server.getAttribute('aria-invalid')).toBe('true');
    expect(config.server.set).not.toHaveBeenCalled();

    server.value = 'https://mirror.example.net/v1/';
    server.dispatchEvent(new Event('input', { bubbles: true }));
    server.dispatchEvent(new Event('change', { bubbles: true }));
    server.dispatchEvent(new Event('blur'));
    await until(() => config.server.set.mock.calls.length > 0);
    await settle();
    expect(config.server.set.mock.calls).toEqual([['https://mirror.example.net/v1/']]);
    expect(part('pack-server-error')).toBeNull();
  });

  it('checks for updates, shows the running phase while it polls, then the report', async () => {
    let finish!: (report: SyncReport) => void;
    let current: SyncStatus = { ...status, last: undefined, stale: false };
    answer({
      syncStatus: () => current,
      syncNow: () => {
        current = { ...current, running: { phase: 'downloading', pack: 'war.russia-ukraine' } };
        return new Promise<SyncReport>((resolve) => (finish = resolve));
      },
    });
    const onSynced = vi.fn();
    render(<SyncPanel settings={settings()} onSynced={onSynced} pollMs={10} />, container);
    await until(() => part('sync-last-success'));
    const button = part('sync-now') as HTMLButtonElement;
    expect(button.textContent).toBe('Check for updates');
    button.click();
    await until(() => part('sync-phase')?.textContent === 'Downloading war.russia-ukraine…');
    expect((part('sync-now') as HTMLButtonElement).disabled).toBe(true);

    const report: SyncReport = { ...failed, trigger: 'manual', outcome: 'updated', error: undefined, packs: [{ id: 'war.russia-ukraine', status: 'updated', installedVersion: 1, offeredVersion: 2 }] };
    current = { ...current, running: undefined, last: report };
    finish(report);
    await until(() => part('sync-status')?.getAttribute('data-outcome') === 'updated');
    expect(part('sync-status')?.textContent).toContain('Packs updated');
    expect(part('sync-status')?.textContent).toContain('v1 → v2');
    expect((part('sync-now') as HTMLButtonElement).disabled).toBe(false);
    expect(part('sync-phase')).toBeNull();
    await until(() => onSynced.mock.calls.length > 0);
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect(formatBytes(532)).toBe('532 bytes');
    expect(formatBytes(48_213)).toBe('48.2 kB');
    expect(formatBytes(3_456_789)).toBe('3.5 MB');
    expect(formatBytes(250_000)).toBe('250 kB');
  });
});

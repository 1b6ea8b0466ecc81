/** The options page: what is marked on pages, installed packs, importing a pack file, and what Backstory is. */
import { useEffect, useState } from 'preact/hooks';
import { SettingToggle } from '@/components/SettingToggle';
import type { PackInfo } from '@/lib/messages';
import { formatCount, formatPartialDate } from '@/lib/page/format';
import { sendToBackground } from '@/utils/messaging';
import { showFigures } from '@/utils/settings';

type ImportState =
  | { status: 'idle' }
  | { status: 'working'; file: string }
  | { status: 'installed'; title: string; version: number }
  | { status: 'failed'; errors: string[] };

export function OptionsApp() {
  const [packs, setPacks] = useState<PackInfo[] | 'error'>();
  const [importState, setImportState] = useState<ImportState>({ status: 'idle' });

  const refresh = () =>
    sendToBackground('listPacks', {}).then(
      (list) => setPacks(list),
      () => setPacks('error'),
    );

  useEffect(() => {
    void refresh();
  }, []);

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setImportState({ status: 'working', file: file.name });
    try {
      const answer = await sendToBackground('installPack', { json: await file.text() });
      setImportState(
        answer.ok
          ? { status: 'installed', title: answer.manifest.title, version: answer.manifest.version }
          : { status: 'failed', errors: answer.errors },
      );
    } catch (error) {
      setImportState({ status: 'failed', errors: [error instanceof Error ? error.message : String(error)] });
    } finally {
      // Let the reader pick the same file again after fixing it.
      input.value = '';
      void refresh();
    }
  };

  return (
    <main class="options">
      <h1>Backstory</h1>

      <section aria-labelledby="marks-heading">
        <h2 id="marks-heading">On the page</h2>
        <SettingToggle
          setting={showFigures}
          part="show-figures"
          label="Show figures (numbers and dates)"
          hint="Marks the numbers and dates an article quotes. Their card gives the date they resolve to, unit conversions, and the knowledge packs’ own figures for comparison. Open pages follow the change at once."
        />
      </section>

      <section aria-labelledby="packs-heading">
        <h2 id="packs-heading">Installed knowledge packs</h2>
        <PackTable packs={packs} />
      </section>

      <section aria-labelledby="import-heading">
        <h2 id="import-heading">Import a pack file</h2>
        <p class="muted">
          A pack is a JSON file in Backstory’s pack format. It is checked before anything changes: an invalid
          file leaves your installed packs as they were.
        </p>
        <label class="import">
          <span>Pack file</span>
          <input
            type="file"
            accept=".json,application/json"
            data-part="import"
            onChange={(event) => void importFile(event.currentTarget)}
          />
        </label>
        <ImportResult state={importState} />
      </section>

      <section aria-labelledby="about-heading" class="about">
        <h2 id="about-heading">About</h2>
        <p>
          Backstory marks the people, places, organizations and events a news article names, and shows who and what
          they were on the article’s date: roles held then, the events around it, and where each fact comes from.
        </p>
        <p>
          Everything happens in your browser. The text of the pages you read is matched against the packs installed
          here; nothing about those pages is sent anywhere.
        </p>
        <h3>Data credits</h3>
        <DataCredits packs={packs} />
      </section>
    </main>
  );
}

/** Each installed pack's attribution and licence, as its manifest states them (open data keeps its licence). */
function DataCredits({ packs }: { packs: PackInfo[] | 'error' | undefined }) {
  if (!Array.isArray(packs) || packs.length === 0) return <p class="muted">The credits are listed with the installed packs.</p>;
  return (
    <ul class="credits" data-part="credits">
      {packs.map(({ manifest }) => (
        <li key={manifest.id}>
          <strong>{manifest.title}</strong>: {manifest.attribution}. Licence: {manifest.licence}.
        </li>
      ))}
    </ul>
  );
}

function PackTable({ packs }: { packs: PackInfo[] | 'error' | undefined }) {
  if (packs === undefined) return <p class="muted">Loading…</p>;
  if (packs === 'error') return <p class="error">The installed packs could not be listed.</p>;
  if (packs.length === 0) return <p class="empty">No pack is installed: Backstory has nothing to mark.</p>;
  return (
    <table class="packs">
      <thead>
        <tr>
          <th scope="col">Pack</th>
          <th scope="col">Version</th>
          <th scope="col">Knowledge as of</th>
          <th scope="col">Entities</th>
          <th scope="col">Licence</th>
          <th scope="col">Attribution</th>
          <th scope="col">Origin</th>
        </tr>
      </thead>
      <tbody>
        {packs.map(({ manifest, origin }) => (
          <tr key={manifest.id} data-pack-id={manifest.id}>
            <th scope="row">
              {manifest.title}
              {manifest.description && <span class="description">{manifest.description}</span>}
            </th>
            <td>{manifest.version}</td>
            <td>{formatPartialDate(manifest.knowledgeDate)}</td>
            <td>{formatCount(manifest.entityCount)}</td>
            <td>{manifest.licence}</td>
            <td>{manifest.attribution}</td>
            <td>{origin === 'bundled' ? 'Bundled with Backstory' : 'Imported from a file'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ImportResult({ state }: { state: ImportState }) {
  switch (state.status) {
    case 'idle':
      return null;
    case 'working':
      return (
        <p class="muted" role="status">
          Checking {state.file}…
        </p>
      );
    case 'installed':
      return (
        <p class="ok" role="status" data-part="import-result">
          Installed {state.title} v{state.version}
        </p>
      );
    case 'failed':
      return (
        <div class="error" role="alert" data-part="import-errors">
          <p>The pack was not installed:</p>
          <ul>
            {state.errors.map((error, index) => (
              <li key={index}>{error}</li>
            ))}
          </ul>
        </div>
      );
  }
}

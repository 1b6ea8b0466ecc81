/**
 * The options page: what is marked on pages, the installed knowledge packs and what can be done to them,
 * importing a pack file, updates from the pack server, and what Backstory is.
 */
import { useEffect, useState } from 'preact/hooks';
import { DisplaySettings } from '@/components/DisplaySettings';
import { PackImport } from '@/components/PackImport';
import { PackTable } from '@/components/PackTable';
import { SyncPanel, type SyncSettings } from '@/components/SyncPanel';
import type { PackInfo } from '@/lib/messages';
import { sendToBackground } from '@/utils/messaging';
import { packChannel, packServer, syncIntervalHours } from '@/utils/settings';

const syncSettings: SyncSettings = { server: packServer, channel: packChannel, intervalHours: syncIntervalHours };

export function OptionsApp() {
  const [packs, setPacks] = useState<PackInfo[] | 'error'>();

  const refresh = () =>
    sendToBackground('listPacks', {}).then(
      (list) => setPacks(list),
      // Keep showing the last list when a reload fails; only say so when there was none.
      () => setPacks((previous) => (Array.isArray(previous) ? previous : 'error')),
    );

  useEffect(() => {
    void refresh();
  }, []);

  return (
    <main class="options">
      <h1>Backstory</h1>

      <section aria-labelledby="marks-heading">
        <h2 id="marks-heading">On the page</h2>
        <DisplaySettings />
      </section>

      <section aria-labelledby="packs-heading">
        <h2 id="packs-heading">Knowledge packs</h2>
        <p class="muted intro">
          What Backstory knows comes from these packs. A disabled pack stays installed but marks nothing and adds
          nothing to cards or timelines. Packs bundled with Backstory cannot be removed.
        </p>
        <PackTable packs={packs} onChanged={refresh} />
      </section>

      <section aria-labelledby="import-heading">
        <h2 id="import-heading">Import a pack file</h2>
        <p class="muted intro">
          A pack is a JSON file (or a gzipped one) in Backstory’s pack format. It is checked before anything changes:
          an invalid file leaves your installed packs as they were. A pack that is not signed by a key Backstory
          trusts is only installed after you confirm.
        </p>
        <PackImport onChanged={refresh} />
      </section>

      <section aria-labelledby="updates-heading">
        <h2 id="updates-heading">Updates</h2>
        <p class="muted intro">
          Backstory can ask a pack server for newer versions of the installed packs. Only packs signed by a key
          pinned in the extension are installed, and only newer versions: nothing about the pages you read is sent.
        </p>
        <SyncPanel settings={syncSettings} onSynced={refresh} />
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
        <p class="credits" data-part="map-credits">
          Maps: country outlines from Natural Earth (public domain), 1:110m admin-0 countries, via world-atlas by Mike
          Bostock (ISC licence), drawn with d3-geo and topojson-client (ISC licence). Crimea is drawn as part of Ukraine.
        </p>
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

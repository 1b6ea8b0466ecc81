/**
 * The options page: what is marked on pages, the installed knowledge packs and what can be done to them,
 * importing a pack file, updates from the pack server, and what Backstory is.
 */
import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { DisplaySettings } from '@/components/DisplaySettings';
import { PackImport } from '@/components/PackImport';
import { PackTable } from '@/components/PackTable';
import { SyncPanel, type SyncSettings } from '@/components/SyncPanel';
import type { PackInfo } from '@/lib/messages';
import { sendToBackground } from '@/utils/messaging';
import { packChannel, packServer, syncIntervalHours } from '@/utils/settings';
import { PackText, packMessage } from '@/components/PackText';

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
        <h2 id="marks-heading">{i18n.t('options.onThePage')}</h2>
        <DisplaySettings />
      </section>

      <section aria-labelledby="packs-heading">
        <h2 id="packs-heading">{i18n.t('options.packs')}</h2>
        <p class="muted intro">
          {i18n.t('options.packsIntro')}
        </p>
        <PackTable packs={packs} onChanged={refresh} />
      </section>

      <section aria-labelledby="import-heading">
        <h2 id="import-heading">{i18n.t('options.import')}</h2>
        <p class="muted intro">
          {i18n.t('options.importIntro')}
        </p>
        <PackImport onChanged={refresh} />
      </section>

      <section aria-labelledby="updates-heading">
        <h2 id="updates-heading">{i18n.t('options.updates')}</h2>
        <p class="muted intro">
          {i18n.t('options.updatesIntro')}
        </p>
        <SyncPanel settings={syncSettings} onSynced={refresh} />
      </section>

      <section aria-labelledby="about-heading" class="about">
        <h2 id="about-heading">{i18n.t('options.about')}</h2>
        <p>{i18n.t('options.aboutWhat')}</p>
        <p>{i18n.t('options.aboutPrivacy')}</p>
        <h3>{i18n.t('options.credits')}</h3>
        <DataCredits packs={packs} />
        <p class="credits" data-part="map-credits">
          {i18n.t('options.mapCredits')}
        </p>
      </section>
    </main>
  );
}

/** Each installed pack's attribution and licence, as its manifest states them (open data keeps its licence). */
function DataCredits({ packs }: { packs: PackInfo[] | 'error' | undefined }) {
  if (!Array.isArray(packs) || packs.length === 0) return <p class="muted">{i18n.t('options.creditsPending')}</p>;
  return (
    <ul class="credits" data-part="credits">
      {packs.map(({ manifest }) => (
        <li key={manifest.id}>
          <strong>
            <PackText text={manifest.title} />
          </strong>
          : {packMessage((slot) => i18n.t('options.packCredit', [slot(manifest.attribution.replace(/\.\s*$/, '')), slot(manifest.licence)]))}
        </li>
      ))}
    </ul>
  );
}

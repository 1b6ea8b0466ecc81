/** The entities found on a page, grouped by kind, each with its mention count. */
import type { EntitySummary } from '@/lib/messages';
import { ENTITY_KINDS } from '@/lib/pack/types';
import { i18n } from '#i18n';
import { kindPlural } from '@/utils/format';
import { displayText } from '@/lib/pack/display-text';
import { PackText } from './PackText';

export interface EntityListProps {
  entities: ReadonlyArray<EntitySummary & { count: number }>;
  onSelect: (id: string) => void;
}

export function EntityList({ entities, onSelect }: EntityListProps) {
  return (
    <div class="entity-list">
      {ENTITY_KINDS.map((kind) => {
        const ofKind = entities.filter((e) => e.kind === kind);
        if (ofKind.length === 0) return null;
        return (
          <section key={kind} class="entity-group" data-kind={kind} aria-label={kindPlural(kind)}>
            <h2>{kindPlural(kind)}</h2>
            <ul>
              {ofKind.map((entity) => (
                <li key={entity.id} data-entity-id={entity.id}>
                  <button type="button" class="row" title={displayText(entity.description)} onClick={() => onSelect(entity.id)}>
                    <span class="name">
                      <PackText text={entity.name} />
                    </span>
                    <span class="count" aria-label={i18n.t('popup.mentions', entity.count)}>
                      {entity.count}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

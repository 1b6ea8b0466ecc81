/**
 * Chips that narrow the popup's timeline to the events involving some of the page's entities: one chip per
 * entity (name and mention count), grouped by kind with the kind's count, toggled on and off, and a "Clear".
 * The chips only filter; jumping to a mention is the entity list's job.
 */
import type { EntitySummary } from '@/lib/messages';
import { ENTITY_KINDS } from '@/lib/pack/types';
import { groupByKind } from '@/lib/page/timeline';
import { i18n } from '#i18n';
import { kindPlural } from '@/utils/format';
import { PackText } from './PackText';

export interface FilterChipsProps {
  entities: ReadonlyArray<EntitySummary & { count: number }>;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onClear: () => void;
  /** How many events each id is linked to: chips of entities no event involves are shown muted. */
  eventCounts?: ReadonlyMap<string, number>;
}

export function FilterChips({ entities, selected, onToggle, onClear, eventCounts }: FilterChipsProps) {
  const groups = groupByKind(entities, ENTITY_KINDS);
  return (
    <div class="filter-chips" data-part="filter-chips" role="group" aria-label={i18n.t('popup.filterLabel')}>
      {groups.map(({ kind, items }) => (
        <div key={kind} class="chip-group" data-kind={kind}>
          <span class="chip-kind">
            {kindPlural(kind)} <span class="chip-kind-count">{items.length}</span>
          </span>
          {items.map((entity) => {
            const pressed = selected.has(entity.id);
            const events = eventCounts?.get(entity.id) ?? 0;
            return (
              <button
                key={entity.id}
                type="button"
                class={eventCounts && events === 0 ? 'chip no-events' : 'chip'}
                data-part="filter-chip"
                data-filter-id={entity.id}
                aria-pressed={pressed ? 'true' : 'false'}
                title={
                  eventCounts
                    ? events === 0
                      ? i18n.t('popup.noEventInvolves', [entity.name])
                      : i18n.t('popup.eventsInvolve', events, [String(events), entity.name])
                    : undefined
                }
                onClick={() => onToggle(entity.id)}
              >
                <span class="name">
                  <PackText text={entity.name} />
                </span>
                <span class="count" aria-label={i18n.t('popup.mentions', entity.count)}>
                  {entity.count}
                </span>
              </button>
            );
          })}
        </div>
      ))}
      <button type="button" class="small" data-part="filter-clear" disabled={selected.size === 0} onClick={onClear}>
        {i18n.t('popup.clear')}
      </button>
    </div>
  );
}

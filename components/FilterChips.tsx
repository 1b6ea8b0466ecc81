/**
 * Chips that narrow the popup's timeline to the events involving some of the page's entities: one chip per
 * entity (name and mention count), grouped by kind with the kind's count, toggled on and off, and a "Clear".
 * The chips only filter; jumping to a mention is the entity list's job.
 */
import type { EntitySummary } from '@/lib/messages';
import { ENTITY_KINDS } from '@/lib/pack/types';
import { kindPlural } from '@/lib/page/format';
import { groupByKind } from '@/lib/page/timeline';

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
    <div class="filter-chips" data-part="filter-chips" role="group" aria-label="Show only the events involving">
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
                      ? `No known event involves ${entity.name}`
                      : `${events} ${events === 1 ? 'event involves' : 'events involve'} ${entity.name}`
                    : undefined
                }
                onClick={() => onToggle(entity.id)}
              >
                <span class="name">{entity.name}</span>
                <span class="count" aria-label={`${entity.count} ${entity.count === 1 ? 'mention' : 'mentions'}`}>
                  {entity.count}
                </span>
              </button>
            );
          })}
        </div>
      ))}
      <button type="button" class="small" data-part="filter-clear" disabled={selected.size === 0} onClick={onClear}>
        Clear
      </button>
    </div>
  );
}

/**
 * The popover card: one entity as it stood on the article's date. Everything from packs is rendered
 * as Preact text children, never as HTML, each string isolated in a <PackText> (bidi) and bounded in
 * length; the one link is built by the card and checked against the allow-list of `safeLinkHref`.
 */
import type { ComponentChildren } from 'preact';
import type { EntityCard, EntitySummary } from '@/lib/messages';
import type { Dated, Entity, EventEntity, Fact, Organization, Person, Place } from '@/lib/pack/types';
import { populationOn, standingOn, thenAndNow, type DatedStanding } from '@/lib/page/at-article-date';
import { i18n } from '#i18n';
import { humanize } from '@/lib/page/format';
import { safeLinkHref, wikipediaUrl } from '@/lib/pack/safe-url';
import { formatCoordinates, formatCount, formatPartialDate, formatPeriod, kindLabel, placeTypeLabel } from '@/utils/format';
import { Candidates, type CandidateChoice } from './Candidates';
import { DateText, EventDates } from './DateText';
import { LocatorMap } from './LocatorMap';
import { MiniTimeline } from './MiniTimeline';
import { PackText, packMessage } from './PackText';
import { Portrait } from './Portrait';

export { wikipediaUrl };

export interface CardProps {
  card: EntityCard;
  /** The date the card is read against ("YYYY-MM-DD"). */
  articleDate: string;
  /** False when the page states no date and `articleDate` is today. */
  articleDateStated?: boolean;
  /** The other entities the mention may name (the uncertain notice, or the "Also:" line). */
  choice?: CandidateChoice;
  /** Opens a related entity's card (a role's organization, a place's country...); without it they are plain text. */
  onRelated?: (id: string) => void;
  /** The card is pinned (stays open until closed). */
  pinned?: boolean;
  /** Pins or unpins the card; without it there is no pin button. */
  onPin?: () => void;
  /** Closes the card; without it there is no close button. */
  onClose?: () => void;
}

type Refs = Record<string, EntitySummary>;
type OnRelated = ((id: string) => void) | undefined;

/**
 * A referenced entity: a button opening its card when the knowledge base knows it and the card can
 * open one, else its name as text.
 */
function Ref({ refs, id, onRelated }: { refs: Refs; id: string; onRelated: OnRelated }) {
  const known = refs[id];
  if (!known || !onRelated) return <PackText text={refName(refs, id)} />;
  return (
    <button type="button" class="link related" data-part="related" data-entity-id={id} data-kind={known.kind} onClick={() => onRelated(id)}>
      <PackText text={known.name} />
    </button>
  );
}

/** "A, B, C" with each a Ref. */
function RefList({ refs, ids, onRelated }: { refs: Refs; ids: readonly string[]; onRelated: OnRelated }) {
  return (
    <>
      {ids.map((id, index) => (
        <span key={id}>
          {index > 0 && ', '}
          <Ref refs={refs} id={id} onRelated={onRelated} />
        </span>
      ))}
    </>
  );
}

/** A referenced entity's name; an unknown id reads as its slug rather than as nothing. */
export function refName(refs: Refs, id: string): string {
  return refs[id]?.name ?? humanize(id.replace(/^[a-z]+:/, ''));
}

function Row({ label, children }: { label: ComponentChildren; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Marks what held on the article date and notes what changed after it. */
function Standing({ standing }: { standing: DatedStanding<Dated> }) {
  const { status, endedAfterArticle, item } = standing;
  return (
    <>
      {status === 'held' && <span class="badge">{i18n.t('card.heldThen')}</span>}
      {endedAfterArticle && item.to && (
        <span class="note">{i18n.t('card.endedAfter', [formatPartialDate(item.to)])}</span>
      )}
      {status === 'later' && <span class="note">{i18n.t('card.beganAfter')}</span>}
    </>
  );
}

/**
 * "Minister of Defence of Russia at the time; since 12 May 2024: Secretary of the Security Council of Russia."
 * Only when something changed after the article: otherwise the role list says it all. `title` puts a
 * role title in (the card passes packMessage's slot, to isolate each one).
 */
export function roleSummary(roles: Person['roles'], articleDate: string, title: (text: string) => string = (text) => text): string | undefined {
  const { then, since, endedSince } = thenAndNow(roles, articleDate);
  if (since.length === 0 && endedSince.length === 0) return undefined;
  const parts = [then.length > 0 ? i18n.t('card.rolesThen', [then.map((role) => title(role.title)).join(', ')]) : i18n.t('card.noRoleThen')];
  for (const role of since) parts.push(i18n.t('card.roleSince', [formatPartialDate(role.from ?? ''), title(role.title)]));
  if (since.length === 0) {
    for (const role of endedSince) parts.push(i18n.t('card.leftOffice', [formatPartialDate(role.to ?? '')]));
  }
  return `${parts.join('; ')}.`;
}

function PersonFacts({ person, refs, articleDate, onRelated }: { person: Person; refs: Refs; articleDate: string; onRelated: OnRelated }) {
  const roles = standingOn(person.roles, articleDate);
  const changedSince = roleSummary(person.roles, articleDate) !== undefined;
  return (
    <>
      {changedSince && <Row label={i18n.t('card.thenAndNow')}>{packMessage((slot) => roleSummary(person.roles, articleDate, slot) ?? '')}</Row>}
      {roles.length > 0 && (
        <Row label={i18n.t('card.roles')}>
          <ul class="roles">
            {roles.map((standing) => {
              const { item: role } = standing;
              const of = role.of ? refName(refs, role.of) : undefined;
              const period = formatPeriod(role.from, role.to);
              return (
                <li key={`${role.title}@${role.from ?? ''}`} data-status={standing.status}>
                  <span class="role-title">
                    <PackText text={role.title} />
                    {role.of && of && !role.title.includes(of) && (
                      <>
                        {' ('}
                        <Ref refs={refs} id={role.of} onRelated={onRelated} />
                        {')'}
                      </>
                    )}
                  </span>
                  {period && <span class="period">{period}</span>}
                  <Standing standing={standing} />
                </li>
              );
            })}
          </ul>
        </Row>
      )}
      {person.born && (
        <Row label={i18n.t('card.born')}>
          <DateText date={person.born} />
        </Row>
      )}
      {person.died && (
        <Row label={i18n.t('card.died')}>
          <DateText date={person.died} />
        </Row>
      )}
      {person.countries && person.countries.length > 0 && (
        <Row label={i18n.t('card.countries', person.countries.length)}>
          <RefList refs={refs} ids={person.countries} onRelated={onRelated} />
        </Row>
      )}
    </>
  );
}

function PlaceFacts({ place, refs, articleDate, onRelated }: { place: Place; refs: Refs; articleDate: string; onRelated: OnRelated }) {
  const population = populationOn(place.population, articleDate);
  return (
    <>
      <Row label={i18n.t('card.type')}>{placeTypeLabel(place.placeType)}</Row>
      {place.region && (
        <Row label={i18n.t('card.region')}>
          <Ref refs={refs} id={place.region} onRelated={onRelated} />
        </Row>
      )}
      {place.country && (
        <Row label="Country">
          <Ref refs={refs} id={place.country} onRelated={onRelated} />
        </Row>
      )}
      {population && (
        <Row label={i18n.t('card.population')}>
          {formatCount(population.value)}{' '}
          <span class="period">
            ({!population.source.includes(String(population.year)) && `${population.year}, `}
            <PackText text={population.source} />)
          </span>
        </Row>
      )}
      {place.coordinates && (
        <Row label={i18n.t('card.coordinates')}>{formatCoordinates(place.coordinates.lat, place.coordinates.lon)}</Row>
      )}
    </>
  );
}

function OrganizationFacts({ organization, refs, onRelated }: { organization: Organization; refs: Refs; onRelated: OnRelated }) {
  return (
    <>
      {organization.orgType && (
        <Row label={i18n.t('card.type')}>
          <PackText text={humanize(organization.orgType)} />
        </Row>
      )}
      {organization.country && (
        <Row label="Country">
          <Ref refs={refs} id={organization.country} onRelated={onRelated} />
        </Row>
      )}
      {organization.founded && (
        <Row label={i18n.t('card.founded')}>
          <DateText date={organization.founded} />
        </Row>
      )}
    </>
  );
}

function EventFacts({ event, refs, onRelated }: { event: EventEntity; refs: Refs; onRelated: OnRelated }) {
  return (
    <>
      <Row label={i18n.t(event.end ? 'card.dates' : 'card.date')}>
        <EventDates start={event.start} end={event.end} />
      </Row>
      {event.places.length > 0 && (
        <Row label={i18n.t('card.places', event.places.length)}>
          <RefList refs={refs} ids={event.places} onRelated={onRelated} />
        </Row>
      )}
      {event.participants.length > 0 && (
        <Row label={i18n.t('card.participants')}>
          <RefList refs={refs} ids={event.participants} onRelated={onRelated} />
        </Row>
      )}
    </>
  );
}

function OtherFacts({ facts, articleDate }: { facts: Fact[]; articleDate: string }) {
  return (
    <>
      {standingOn(facts, articleDate).map((standing) => {
        const period = formatPeriod(standing.item.from, standing.item.to);
        return (
          <Row key={`${standing.item.label}@${standing.item.from ?? ''}`} label={<PackText text={standing.item.label} />}>
            <PackText text={standing.item.value} />
            {period && <span class="period">{period}</span>}
            {(standing.item.from || standing.item.to) && <Standing standing={standing} />}
          </Row>
        );
      })}
    </>
  );
}

function KindFacts({ entity, refs, articleDate, onRelated }: { entity: Entity; refs: Refs; articleDate: string; onRelated: OnRelated }) {
  switch (entity.kind) {
    case 'person':
      return <PersonFacts person={entity} refs={refs} articleDate={articleDate} onRelated={onRelated} />;
    case 'place':
      return <PlaceFacts place={entity} refs={refs} articleDate={articleDate} onRelated={onRelated} />;
    case 'organization':
      return <OrganizationFacts organization={entity} refs={refs} onRelated={onRelated} />;
    case 'event':
      return <EventFacts event={entity} refs={refs} onRelated={onRelated} />;
  }
}

/** Every distinct source label the card's facts cite, the entity's own first. */
export function sourcesOf(entity: Entity): string[] {
  const sources = [entity.source, ...(entity.facts ?? []).map((f) => f.source)];
  if (entity.kind === 'person') sources.push(...entity.roles.map((r) => r.source));
  if (entity.kind === 'place') {
    if (entity.coordinates) sources.push(entity.coordinates.source);
    sources.push(...(entity.population ?? []).map((p) => p.source));
  }
  return [...new Set(sources.filter((s) => s.trim() !== ''))];
}

/** "Person", "Place · City", "Organization · Armed forces". `text` puts the pack's own words (an orgType) in. */
export function kindLine(entity: Entity, text: (words: string) => string = (words) => words): string {
  const subtype =
    entity.kind === 'place' ? entity.placeType : entity.kind === 'organization' ? entity.orgType : undefined;
  const subtypeLabel = entity.kind === 'place' ? placeTypeLabel(entity.placeType) : subtype ? text(humanize(subtype)) : undefined;
  return subtypeLabel ? `${kindLabel(entity.kind)} · ${subtypeLabel}` : kindLabel(entity.kind);
}

/** "Map: Kyiv in Ukraine"; a country or territory is named alone. */
export function mapLabel(place: Place, refs: Refs): string {
  const isCountry = place.placeType === 'country' || place.placeType === 'territory';
  if (isCountry || !place.country) return i18n.t('card.mapOf', [place.name]);
  return i18n.t('card.mapOfIn', [place.name, refName(refs, place.country)]);
}

/** "Minister of Defence" (the offices held on the article date), for the line under a person's name. */
export function rolesThen(person: Person, articleDate: string, title: (text: string) => string = (text) => text): string | undefined {
  const { then } = thenAndNow(person.roles, articleDate);
  const titles = [...new Set(then.map((role) => role.title))];
  return titles.length > 0 ? titles.map(title).join(' · ') : undefined;
}

/** The header's buttons: pin (keeps the card open; it can then be moved by its header) and close. */
export function CardControls({ name, pinned, onPin, onClose }: { name: string; pinned?: boolean; onPin?: () => void; onClose?: () => void }) {
  if (!onPin && !onClose) return null;
  return (
    <span class="controls">
      {onPin && (
        <button
          type="button"
          class="control pin"
          data-part="pin"
          aria-pressed={pinned === true}
          aria-label={pinned ? i18n.t('card.unpinLabel', [name]) : i18n.t('card.pinLabel', [name])}
          title={pinned ? i18n.t('card.unpinTitle') : i18n.t('card.pinTitle')}
          onClick={onPin}
        >
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
            <path d="M10.5 1.5l4 4-2 1-2.5 2.5.5 3-1.5 1.5-2.8-2.8L3 14.5 1.5 13l3.8-3.2L2.5 7 4 5.5l3 .5L9.5 3.5z" />
          </svg>
        </button>
      )}
      {onClose && (
        <button type="button" class="control close" data-part="close" aria-label={i18n.t('card.closeLabel', [name])} title={i18n.t('card.closeTitle')} onClick={onClose}>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
            <path d="M3.5 3.5l9 9M12.5 3.5l-9 9" />
          </svg>
        </button>
      )}
    </span>
  );
}

export function Card({ card, articleDate, articleDateStated = true, choice, onRelated, pinned, onPin, onClose }: CardProps) {
  const { entity, refs, events, pack, map } = card;
  const wikipedia = entity.wikipedia ? safeLinkHref(wikipediaUrl(entity.wikipedia)) : undefined;
  const roleLine =
    entity.kind === 'person' && rolesThen(entity, articleDate) !== undefined
      ? packMessage((slot) => rolesThen(entity, articleDate, slot) ?? '')
      : undefined;
  return (
    <div
      class="card"
      role="dialog"
      aria-modal="false"
      aria-label={i18n.t('card.label', [entity.name])}
      data-entity-id={entity.id}
      data-kind={entity.kind}
      data-pinned={pinned ? '' : undefined}
      tabIndex={-1}
    >
      <header data-part="header">
        {entity.kind === 'person' && <Portrait name={entity.name} />}
        <span class="title">
          <h2 tabIndex={-1}>
            <PackText text={entity.name} />
          </h2>
          <span class="kind" data-part="kind" data-kind={entity.kind}>
            {packMessage((slot) => kindLine(entity, slot))}
          </span>
          {roleLine && (
            <span class="role-line" data-part="role-then">
              {roleLine}
            </span>
          )}
        </span>
        <CardControls name={entity.name} pinned={pinned} onPin={onPin} onClose={onClose} />
      </header>
      {choice?.uncertain && <Candidates choice={choice} />}
      {entity.description && (
        <p class="description">
          <PackText text={entity.description} />
        </p>
      )}
      {choice && !choice.uncertain && <Candidates choice={choice} />}
      {entity.kind === 'place' && map && (
        <figure class="map">
          <LocatorMap map={map} label={mapLabel(entity, refs)} />
        </figure>
      )}
      <p class="as-of">
        {articleDateStated ? i18n.t('card.articleDate') : i18n.t('card.noArticleDate')}{' '}
        <DateText date={articleDate} />
      </p>
      <dl class="facts" data-part="facts">
        <KindFacts entity={entity} refs={refs} articleDate={articleDate} onRelated={onRelated} />
        {entity.facts && entity.facts.length > 0 && <OtherFacts facts={entity.facts} articleDate={articleDate} />}
      </dl>
      <MiniTimeline events={events} heading={i18n.t('card.relatedEvents')} onSelect={onRelated} />
      <footer data-part="source">
        <p data-part="sources">{packMessage((slot) => i18n.t('card.sources', [sourcesOf(entity).map(slot).join('; ')]))}</p>
        <p>
          {packMessage((slot) => i18n.t('card.fromPack', [slot(pack.title)]))} <DateText date={pack.knowledgeDate} />
        </p>
        {entity.kind === 'place' && map && <p class="map-credit">{i18n.t('card.mapCredit')}</p>}
        {wikipedia && (
          <p>
            <a data-part="wikipedia" href={wikipedia} target="_blank" rel="noopener noreferrer">
              {packMessage((slot) => i18n.t('card.onWikipedia', [slot(entity.wikipedia ?? '')]))}
            </a>
          </p>
        )}
      </footer>
    </div>
  );
}

/** What the popover shows before the card arrives, or when there is none (with the candidates, if any). */
export function CardStatus({ message, choice }: { message: string; choice?: CandidateChoice }) {
  return (
    <div class="card-status" tabIndex={-1}>
      {choice && <Candidates choice={choice} />}
      <p role="status">{message}</p>
    </div>
  );
}

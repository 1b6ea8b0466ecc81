/**
 * The popover card: one entity as it stood on the article's date. Everything from packs is rendered
 * as Preact text children, never as HTML.
 */
import type { ComponentChildren } from 'preact';
import type { EntityCard, EntitySummary } from '@/lib/messages';
import type { Dated, Entity, EventEntity, Fact, Organization, Person, Place } from '@/lib/pack/types';
import { populationOn, standingOn, thenAndNow, type DatedStanding } from '@/lib/page/at-article-date';
import { formatCoordinates, formatCount, formatPartialDate, formatPeriod, humanize, kindLabel } from '@/lib/page/format';
import { Candidates, type CandidateChoice } from './Candidates';
import { DateText, EventDates } from './DateText';
import { MiniTimeline } from './MiniTimeline';

export interface CardProps {
  card: EntityCard;
  /** The date the card is read against ("YYYY-MM-DD"). */
  articleDate: string;
  /** False when the page states no date and `articleDate` is today. */
  articleDateStated?: boolean;
  /** The other entities the mention may name (the uncertain notice, or the "Also:" line). */
  choice?: CandidateChoice;
}

type Refs = Record<string, EntitySummary>;

/** A referenced entity's name; an unknown id reads as its slug rather than as nothing. */
export function refName(refs: Refs, id: string): string {
  return refs[id]?.name ?? humanize(id.replace(/^[a-z]+:/, ''));
}

function Row({ label, children }: { label: string; children: ComponentChildren }) {
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
      {status === 'held' && <span class="badge">at the time of the article</span>}
      {endedAfterArticle && item.to && (
        <span class="note">ended {formatPartialDate(item.to)}, after the article</span>
      )}
      {status === 'later' && <span class="note">began after the article</span>}
    </>
  );
}

/**
 * "Minister of Defence of Russia at the time; since 12 May 2024: Secretary of the Security Council of Russia."
 * Only when something changed after the article: otherwise the role list says it all.
 */
export function roleSummary(roles: Person['roles'], articleDate: string): string | undefined {
  const { then, since, endedSince } = thenAndNow(roles, articleDate);
  if (since.length === 0 && endedSince.length === 0) return undefined;
  const parts = [then.length > 0 ? `${then.map((role) => role.title).join(', ')} at the time` : 'No listed office at the time'];
  for (const role of since) parts.push(`since ${formatPartialDate(role.from ?? '')}: ${role.title}`);
  if (since.length === 0) {
    for (const role of endedSince) parts.push(`left that office ${formatPartialDate(role.to ?? '')}`);
  }
  return `${parts.join('; ')}.`;
}

function PersonFacts({ person, refs, articleDate }: { person: Person; refs: Refs; articleDate: string }) {
  const roles = standingOn(person.roles, articleDate);
  const summary = roleSummary(person.roles, articleDate);
  return (
    <>
      {summary && <Row label="Then and now">{summary}</Row>}
      {roles.length > 0 && (
        <Row label="Roles">
          <ul class="roles">
            {roles.map((standing) => {
              const { item: role } = standing;
              const of = role.of ? refName(refs, role.of) : undefined;
              const period = formatPeriod(role.from, role.to);
              return (
                <li key={`${role.title}@${role.from ?? ''}`} data-status={standing.status}>
                  <span class="role-title">
                    {role.title}
                    {of && !role.title.includes(of) ? ` (${of})` : ''}
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
        <Row label="Born">
          <DateText date={person.born} />
        </Row>
      )}
      {person.died && (
        <Row label="Died">
          <DateText date={person.died} />
        </Row>
      )}
      {person.countries && person.countries.length > 0 && (
        <Row label={person.countries.length > 1 ? 'Countries' : 'Country'}>
          {person.countries.map((id) => refName(refs, id)).join(', ')}
        </Row>
      )}
    </>
  );
}

function PlaceFacts({ place, refs, articleDate }: { place: Place; refs: Refs; articleDate: string }) {
  const population = populationOn(place.population, articleDate);
  return (
    <>
      <Row label="Type">{humanize(place.placeType)}</Row>
      {place.country && <Row label="Country">{refName(refs, place.country)}</Row>}
      {place.region && <Row label="Region">{refName(refs, place.region)}</Row>}
      {population && (
        <Row label="Population">
          {formatCount(population.value)}{' '}
          <span class="period">
            ({population.source.includes(String(population.year)) ? population.source : `${population.year}, ${population.source}`})
          </span>
        </Row>
      )}
      {place.coordinates && (
        <Row label="Coordinates">{formatCoordinates(place.coordinates.lat, place.coordinates.lon)}</Row>
      )}
    </>
  );
}

function OrganizationFacts({ organization, refs }: { organization: Organization; refs: Refs }) {
  return (
    <>
      {organization.orgType && <Row label="Type">{humanize(organization.orgType)}</Row>}
      {organization.country && <Row label="Country">{refName(refs, organization.country)}</Row>}
      {organization.founded && (
        <Row label="Founded">
          <DateText date={organization.founded} />
        </Row>
      )}
    </>
  );
}

function EventFacts({ event, refs }: { event: EventEntity; refs: Refs }) {
  return (
    <>
      <Row label={event.end ? 'Dates' : 'Date'}>
        <EventDates start={event.start} end={event.end} />
      </Row>
      {event.places.length > 0 && (
        <Row label={event.places.length > 1 ? 'Places' : 'Place'}>{event.places.map((id) => refName(refs, id)).join(', ')}</Row>
      )}
      {event.participants.length > 0 && (
        <Row label="Participants">{event.participants.map((id) => refName(refs, id)).join(', ')}</Row>
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
          <Row key={`${standing.item.label}@${standing.item.from ?? ''}`} label={standing.item.label}>
            {standing.item.value}
            {period && <span class="period">{period}</span>}
            {(standing.item.from || standing.item.to) && <Standing standing={standing} />}
          </Row>
        );
      })}
    </>
  );
}

function KindFacts({ entity, refs, articleDate }: { entity: Entity; refs: Refs; articleDate: string }) {
  switch (entity.kind) {
    case 'person':
      return <PersonFacts person={entity} refs={refs} articleDate={articleDate} />;
    case 'place':
      return <PlaceFacts place={entity} refs={refs} articleDate={articleDate} />;
    case 'organization':
      return <OrganizationFacts organization={entity} refs={refs} />;
    case 'event':
      return <EventFacts event={entity} refs={refs} />;
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

/** "Person", "Place · City", "Organization · Armed forces". */
export function kindLine(entity: Entity): string {
  const subtype =
    entity.kind === 'place' ? entity.placeType : entity.kind === 'organization' ? entity.orgType : undefined;
  return subtype ? `${kindLabel(entity.kind)} · ${humanize(subtype)}` : kindLabel(entity.kind);
}

export function Card({ card, articleDate, articleDateStated = true, choice }: CardProps) {
  const { entity, refs, events, pack } = card;
  return (
    <div class="card" role="dialog" aria-label={`${entity.name}: backstory`} data-entity-id={entity.id} tabIndex={-1}>
      <header>
        <h2>{entity.name}</h2>
        <span class="kind" data-part="kind" data-kind={entity.kind}>
          {kindLine(entity)}
        </span>
      </header>
      {choice?.uncertain && <Candidates choice={choice} />}
      {entity.description && <p class="description">{entity.description}</p>}
      {choice && !choice.uncertain && <Candidates choice={choice} />}
      <p class="as-of">
        {articleDateStated ? 'Article date: ' : 'No article date found; read as of today, '}
        <DateText date={articleDate} />
      </p>
      <dl class="facts" data-part="facts">
        <KindFacts entity={entity} refs={refs} articleDate={articleDate} />
        {entity.facts && entity.facts.length > 0 && <OtherFacts facts={entity.facts} articleDate={articleDate} />}
      </dl>
      <MiniTimeline events={events} heading="Related events" />
      <footer data-part="source">
        <p>Source: {sourcesOf(entity).join('; ')}</p>
        <p>
          From the pack “{pack.title}”, knowledge as of <DateText date={pack.knowledgeDate} />
        </p>
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

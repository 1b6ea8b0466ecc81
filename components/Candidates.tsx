/**
 * The other entities a mention's words may name. When the background was not sure which one the
 * page means, the card says so and lists the candidates; otherwise a discreet "Also:" line, and a
 * "Why this match?" disclosure that explains the pick and lists every candidate. Every candidate is a
 * button that switches the card to it (the popover remembers the choice for the site).
 */
import type { EntitySummary } from '@/lib/messages';
import { i18n } from '#i18n';
import { kindLabel } from '@/utils/format';
import { PackText, packMessage } from './PackText';

export interface CandidateChoice {
  /** The mention's candidates, best first (the entity the mention was linked to first). */
  candidates: EntitySummary[];
  /** The entity the card shows now. */
  selected: string;
  /** The background's margin was too small to be sure. */
  uncertain: boolean;
  onSelect: (id: string) => void;
  /** The mention's words as the page writes them ("Georgia"). */
  mentionText?: string;
  /** The entity the background linked the words to (the first candidate when absent). */
  linked?: string;
  /** The reader chose `selected` on this site before (it is applied again). */
  remembered?: boolean;
}

/** How many candidates the notice lists, and how many the "Also:" line names. */
export const MAX_CANDIDATES = 4;
export const MAX_ALSO = 2;

/** The first sentence (or clause) of a description, at most `max` characters, cut at a word. */
export function shortDescription(description: string, max = 60): string {
  // The first sentence, or its first clause when a semicolon ends one.
  const sentence = description.trim().split(/(?<=[.!?;])\s/)[0] ?? '';
  const text = sentence.replace(/[.!?;]$/, '');
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1).replace(/\s+\S*$/, '');
  return `${cut || text.slice(0, max)}…`;
}

/** "Place · Country in the South Caucasus": what tells two same-named candidates apart. `text` puts the pack's words in. */
function about(candidate: EntitySummary, text: (words: string) => string = (words) => words): string {
  const description = shortDescription(candidate.description);
  return description ? `${kindLabel(candidate.kind)} · ${text(description)}` : kindLabel(candidate.kind);
}

/** The candidates as buttons, the one showing pressed. */
function CandidateButtons({ choice, part }: { choice: CandidateChoice; part?: string }) {
  const { candidates, selected, onSelect } = choice;
  return (
    <ul class="candidates" data-part={part}>
      {candidates.slice(0, MAX_CANDIDATES).map((candidate) => (
        <li key={candidate.id}>
          <button type="button" data-candidate-id={candidate.id} aria-pressed={candidate.id === selected} onClick={() => onSelect(candidate.id)}>
            <span class="candidate-name">
              <PackText text={candidate.name} />
            </span>
            <span class="candidate-about">{packMessage((slot) => about(candidate, slot))}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Why the card shows what it shows: the words, how many entities they may name, and who chose. */
export function whyText(choice: CandidateChoice): string {
  const { candidates, selected, uncertain, mentionText, remembered } = choice;
  const linked = choice.linked ?? candidates[0]?.id;
  const count = Math.min(candidates.length, MAX_CANDIDATES);
  const may = mentionText ? i18n.t('why.wordsMayName', count, [mentionText, String(count)]) : i18n.t('why.theseWordsMayName', count);
  if (remembered && selected !== linked) return `${may} ${i18n.t('why.chosenBefore')}`;
  if (selected !== linked) return `${may} ${i18n.t('why.chosenNow')}`;
  return `${may} ${uncertain ? i18n.t('why.unsettled') : i18n.t('why.settled')}`;
}

export function Candidates({ choice }: { choice: CandidateChoice }) {
  const { candidates, selected, uncertain, onSelect } = choice;
  if (uncertain) {
    return (
      <div class="uncertain" data-part="uncertain" role="note">
        <p class="uncertain-title">{i18n.t('why.notSure')}</p>
        <div class="why" data-part="why">
          <p class="why-text">{whyText(choice)}</p>
          <CandidateButtons choice={choice} part="candidates" />
        </div>
      </div>
    );
  }
  const others = candidates.filter((c) => c.id !== selected).slice(0, MAX_ALSO);
  if (others.length === 0) return null;
  const sharesName = (c: EntitySummary) => candidates.some((other) => other.id !== c.id && other.name === c.name);
  return (
    <>
    <p class="also" data-part="also">
      {i18n.t('why.also')}{' '}
      {others.map((candidate, index) => (
        <span key={candidate.id}>
          {index > 0 && ', '}
          <button type="button" class="link" data-candidate-id={candidate.id} title={about(candidate)} onClick={() => onSelect(candidate.id)}>
            {packMessage((slot) =>
              sharesName(candidate)
                ? `${slot(candidate.name)} (${shortDescription(candidate.description, 40) ? slot(shortDescription(candidate.description, 40)) : kindLabel(candidate.kind)})`
                : slot(candidate.name),
            )}
          </button>
        </span>
      ))}
    </p>
    <details class="why" data-part="why">
      <summary>{i18n.t('why.title')}</summary>
      <p class="why-text">{whyText(choice)}</p>
      <CandidateButtons choice={choice} />
    </details>
    </>
  );
}

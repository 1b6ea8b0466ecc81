/**
 * The few English words the resolver reads around a mention, as folded tokens (lower case, no
 * diacritics). They are cues, not grammar: each list says what its words are evidence of.
 */

const words = (list: string): ReadonlySet<string> => new Set(list.trim().split(/\s+/));

/**
 * Titles and roles written right before a person's name ("President Biden", "Gov. Gladkov", "Kremlin
 * spokesman Peskov", "his counterpart Xi"): evidence that the name is a person's, and a capitalised
 * word that is not part of an unknown name.
 */
export const PERSON_TITLES = words(`
  president vice premier chancellor minister secretary king queen prince princess crown pope emperor empress
  emir sheikh sheik sultan patriarch cardinal archbishop bishop rabbi imam ayatollah cleric duke duchess
  mr mrs ms miss dr prof professor sir dame lord lady gov governor sen senator rep representative
  congressman congresswoman lawmaker mayor gen general lt lieutenant col colonel maj major capt captain
  adm admiral marshal sgt sergeant commander cmdr judge justice ambassador envoy spokesman spokeswoman
  spokesperson speaker chairman chairwoman chair chief leader director commissioner deputy counterpart
  successor predecessor candidate nominee challenger rival opponent elect coach officer
  official adviser advisor aide attorney prosecutor
`);

/** Titles written with a capital only ("General Burhan", but "a major Georgia port", "the general public"). */
export const CAPITALISED_ONLY_TITLES = words('general major chief leader officer official');

/**
 * Titles that lead a person mention in some aliases ("King Abdullah II", "Pope Francis") but are not
 * part of the name as news annotates it: the mention is trimmed to start after them.
 */
export const LEADING_TITLES = words(`
  king queen prince princess crown pope emperor empress emir sheikh sultan patriarch cardinal ayatollah
  grand duke duchess president general gen sir dame dr mr mrs ms captain capt colonel col lieutenant lt
  major maj admiral adm field marshal commander sergeant sgt
`);

/** Titles that are trimmed even when the entity's display name starts with them ("Pope Francis" → "Francis"). */
export const ALWAYS_TRIMMED_TITLES = words('pope patriarch cardinal');

/** Prepositions that put a place after them ("in Reading", "near Donetsk", "at the White House"). */
export const PLACE_PREPOSITIONS = words('in at near outside inside into across throughout around within towards toward');

/** "the city of X", "the state of X", "the Republic of X": which kind of place the words before "of" name. */
export const CITY_WORDS = words('city town village port capital');
export const REGION_WORDS = words('region oblast province state county governorate district prefecture krai');
export const COUNTRY_WORDS = words('country nation kingdom republic');
/** Plural forms closing a list of regions ("the Sumy and Odesa regions"). */
export const PLURAL_REGION_WORDS = words('regions oblasts provinces states counties governorates districts');

/** The region forms tried, in order, when a bare name in such a list is to be read as a region. */
export const REGION_ALIAS_SUFFIXES = ['region', 'Oblast', 'oblast', 'province', 'state', 'State'];

/** Offices written after the place they belong to ("Mykolaiv Governor", "Georgia President", "Jordan King"). */
export const OFFICES = words('governor mayor president king queen emir premier prime foreign defense defence interior');

/**
 * Nouns after a name that make it an institution's ("White House spokesman", "Pentagon officials") or a
 * venue's ("White House talks", "Kremlin lawn"): what tells a building from the body housed in it.
 */
export const ROLE_NOUNS = words(`
  spokesman spokeswoman spokesperson spokespeople press secretary official officials adviser advisers
  aide aides staff counsel statement readout chief chiefs source sources
`);
export const VENUE_NOUNS = words('talks meeting meetings lunch dinner visit lawn grounds ceremony residence gates gate garden');

/** Verbs of speech right after a name: evidence of a person (or an organization), never of a town. */
export const SPEECH_VERBS = words(`
  said says told tells added stated wrote writes warned warns argued insisted noted explained tweeted
  posted announced declared replied responded asked urged
`);

/**
 * Capitalised words that are not part of a name even though they stand next to one: sentence openers,
 * days, months, compass words. "On Monday Putin said" is not a person called "Monday Putin".
 */
export const NOT_NAME_WORDS = words(`
  the a an this that these those but and or nor so yet then thus hence when while where whereas after
  before as if though although because since until unless once now today tonight yesterday tomorrow
  meanwhile however also still even only just both neither either many most some all each every other
  another such last next first later earlier here there what which who whom whose why how in on at by
  for from with without to of under over about against between among amid during despite including
  according unlike like near via per into onto upon through across behind beyond inside outside
  instead indeed perhaps maybe overall moreover furthermore nevertheless nonetheless otherwise
  similarly likewise separately additionally again already elsewhere it its he she they we you i his
  her their our my your there's it's
  monday tuesday wednesday thursday friday saturday sunday
  january february march april may june july august september october november december
  north south east west northern southern eastern western central northeast northwest southeast
  southwest northeastern northwestern southeastern southwestern upper lower greater former late
  soviet
`);

/**
 * Capitalised words that may follow a name without making it part of a longer unknown name:
 * "Georgia President ...", "Jordan King Abdullah", "Paris Agreement", "Washington Monday".
 */
export const HARMLESS_FOLLOWERS = words(`
  president king queen prime minister foreign defense defence interior finance army navy military police
  government parliament embassy ministry officials official forces troops region province state county
  city oblast governor mayor border capital agreement agreements accord accords summit talks conference
  declaration peace deal administration regime cabinet era doctrine plan formula authorities leader
  leaders
  monday tuesday wednesday thursday friday saturday sunday
  january february march april may june july august september october november december
`);

/**
 * Last words of organization names: a place followed by capitalised words ending in one of them is part
 * of an organization's name the knowledge base does not hold ("Kherson Regional Council", "Kyiv Post").
 */
export const ORGANIZATION_HEADS = words(`
  council ministry committee university institute party agency service court bank company corporation
  group front army brigade battalion regiment police guard command directorate department office
  commission assembly parliament government administration authority association union foundation
  center centre school academy hospital church club times post news radio television tv airlines
  railways chamber federation league movement network fleet
`);

/**
 * Last words of the names of places and buildings: "Piedmont Park", "Kharkiv Airport", "Washington
 * County" name something else than the place their first word names.
 */
export const FACILITY_HEADS = words(`
  park square street avenue road boulevard bridge airport station stadium arena hall tower palace
  museum cathedral mosque temple amphitheatre amphitheater theatre theater plaza mall market hotel
  county township borough river lake bay beach island islands valley hills mountains dam canal
  port harbour harbor prison camp base plant refinery factory
`);

/**
 * Capitalised words before "of" that make "X of Jordan" a title or a state, not the name of an
 * institution: "King Abdullah II of Jordan", "the Republic of Georgia" keep the place;
 * "Voice of America", "University of Georgia" do not.
 */
export const OF_HEADS = words(`
  republic kingdom government embassy people city state province region capital emirate sultanate
  principality federation commonwealth
`);

/** Particles inside names ("Rania Al Abdullah", "Ursula von der Leyen"): their short forms vary too much to guess. */
export const NAME_PARTICLES = words('al el bin ibn abu bint von van der den de da del della di le la');

/** Roman numerals and suffixes that end a name but are not its surname ("Abdullah II", "Marcos Jr"). */
export const NAME_SUFFIXES = words('i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi jr sr');

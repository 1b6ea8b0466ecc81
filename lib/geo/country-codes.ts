/**
 * The gazetteer's country and territory ids (`place:<slug of the common English name>`, see
 * scripts/gazetteer/slug.ts) to the ISO 3166-1 numeric codes world-atlas uses as feature ids. Generated once
 * from world-countries (`name.common` -> `ccn3`), keeping the codes world-atlas countries-110m draws;
 * Kosovo has no ISO code and is matched by the atlas's name. A place whose country is not listed gets a
 * map without a country outline.
 */
export const ATLAS_CODES: Readonly<Record<string, string>> = {
  afghanistan: '004', albania: '008', algeria: '012', angola: '024', antarctica: '010', argentina: '032',
  armenia: '051', australia: '036', austria: '040', azerbaijan: '031', bahamas: '044', bangladesh: '050',
  belarus: '112', belgium: '056', belize: '084', benin: '204', bhutan: '064', bolivia: '068',
  'bosnia-and-herzegovina': '070', botswana: '072', brazil: '076', brunei: '096', bulgaria: '100',
  'burkina-faso': '854', burundi: '108', cambodia: '116', cameroon: '120', canada: '124',
  'central-african-republic': '140', chad: '148', chile: '152', china: '156', colombia: '170', 'costa-rica': '188',
  croatia: '191', cuba: '192', cyprus: '196', czechia: '203', denmark: '208', djibouti: '262',
  'dominican-republic': '214', 'dr-congo': '180', ecuador: '218', egypt: '818', 'el-salvador': '222',
  'equatorial-guinea': '226', eritrea: '232', estonia: '233', eswatini: '748', ethiopia: '231',
  'falkland-islands': '238', fiji: '242', finland: '246', france: '250', 'french-southern-and-antarctic-lands': '260',
  gabon: '266', gambia: '270', georgia: '268', germany: '276', ghana: '288', greece: '300', greenland: '304',
  guatemala: '320', guinea: '324', 'guinea-bissau': '624', guyana: '328', haiti: '332', honduras: '340',
  hungary: '348', iceland: '352', india: '356', indonesia: '360', iran: '364', iraq: '368', ireland: '372',
  israel: '376', italy: '380', 'ivory-coast': '384', jamaica: '388', japan: '392', jordan: '400', kazakhstan: '398',
  kenya: '404', kuwait: '414', kyrgyzstan: '417', laos: '418', latvia: '428', lebanon: '422', lesotho: '426',
  liberia: '430', libya: '434', lithuania: '440', luxembourg: '442', madagascar: '450', malawi: '454',
  malaysia: '458', mali: '466', mauritania: '478', mexico: '484', moldova: '498', mongolia: '496', montenegro: '499',
  morocco: '504', mozambique: '508', myanmar: '104', namibia: '516', nepal: '524', netherlands: '528',
  'new-caledonia': '540', 'new-zealand': '554', nicaragua: '558', niger: '562', nigeria: '566', 'north-korea': '408',
  'north-macedonia': '807', norway: '578', oman: '512', pakistan: '586', palestine: '275', panama: '591',
  'papua-new-guinea': '598', paraguay: '600', peru: '604', philippines: '608', poland: '616', portugal: '620',
  'puerto-rico': '630', qatar: '634', 'republic-of-the-congo': '178', romania: '642', russia: '643', rwanda: '646',
  'saudi-arabia': '682', senegal: '686', serbia: '688', 'sierra-leone': '694', slovakia: '703', slovenia: '705',
  'solomon-islands': '090', somalia: '706', 'south-africa': '710', 'south-korea': '410', 'south-sudan': '728',
  spain: '724', 'sri-lanka': '144', sudan: '729', suriname: '740', sweden: '752', switzerland: '756', syria: '760',
  taiwan: '158', tajikistan: '762', tanzania: '834', thailand: '764', 'timor-leste': '626', togo: '768',
  'trinidad-and-tobago': '780', tunisia: '788', turkiye: '792', turkmenistan: '795', uganda: '800', ukraine: '804',
  'united-arab-emirates': '784', 'united-kingdom': '826', 'united-states': '840', uruguay: '858', uzbekistan: '860',
  vanuatu: '548', venezuela: '862', vietnam: '704', 'western-sahara': '732', yemen: '887', zambia: '894',
  zimbabwe: '716',
};

/** Atlas features without an id, matched by their name. */
export const ATLAS_NAMES: Readonly<Record<string, string>> = { kosovo: 'Kosovo' };

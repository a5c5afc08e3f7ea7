// Package redact removes identifiers from Discord chat messages before any of their text
// reaches a language model, and replaces the authors of a summary with stable pseudonyms.
// It uses the standard library only and does no I/O.
//
// # Use
//
//	r := redact.New(members)                 // once per member list; immutable, share it (New is cheap: the gazetteer is embedded)
//	clean := r.Redact("call me at 555-234-5678") // "call me at [phone]"
//
//	p := r.NewPseudonymizer(authorIDs...)    // once per summary, authors in order of first message
//	for _, m := range messages {             // in the order they were written
//		who := p.Author(m.AuthorID)          // "Member A"
//		text := p.RedactMessage(m.AuthorID, m.Text)
//	}
//
// Find returns the spans Redact replaces, with their kinds; the labelled test uses it.
//
// # What is redacted
//
// Every identifier the HIPAA Safe Harbor method lists that can occur in chat, each replaced
// by a placeholder naming its kind:
//
//   - [name]: names of the members passed to New (username, display name, nickname, and
//     each word of a display name or nickname), matched as whole words, ignoring case and
//     accents ("Maria", "MARÍA", "Maria's", "maria_lopez85", "@maria_lopez85", "maria#4821");
//     any "@handle" typed by hand; user mentions <@123> and <@!123>; names of people who are
//     not members: after a cue (titles "Dr. Okonkwo-Bale", "dr van der Berg", "ms. hargreaves";
//     relations and roles in English, Spanish, French, German, Italian and Portuguese: "my
//     nephew Rory", "my bf dan", "nurse Delphine", "Nana Ruth", "mi sobrino Mateo", "ma fille
//     Chloé", "minha tia Graça"; introductions "they call me Ngozi", "me llamo Ximena";
//     apposition "Oskar (my neighbour)") and without one, from a gazetteer of given names
//     and surnames (see Gazetteer); accounts that are not members': "u/throwaway_t1d",
//     gamer tags "Insulinator#11873", "SugarCrash#EUW", and whatever follows "gamertag",
//     "psn", "insta", "snap", "venmo", "friend code" ….
//   - [place]: towns and cities (from the gazetteer: "tacoma", "Glasgow", "Salt Lake City",
//     "münchen"), counties ("Harris County") and care facilities by their shape ("St. Jude's",
//     "Lakeside Baptist", "Harbor County General", "Mercy Medical Center", "Maple Grove Care
//     Home", "Hospital Clínico San Carlos", "Klinikum Augsburg", "CHU de Rennes"). States,
//     provinces and countries stay ("in Georgia", "Texas"): Safe Harbor allows them.
//   - [address]: "123 Main St", "45 Elm Street Apt 4B", "742 Evergreen Terrace, Springfield,
//     OR 97403", "Calle Mayor 12", "C/ Alcalá 45, 3º B", "14 avenue Jean Jaurès", "Via Roma 10",
//     "Hauptstraße 5", "on Willow Court", "3rd Avenue", PO boxes, rural routes ("RR 2 Box 118",
//     "HC 64 Box 2210"), UK postcodes.
//   - [zip]: ZIP codes after "zip", "in", "near" or a state ("MI 49007"), ZIP+4 anywhere. The
//     first three digits stay ("974[zip]") unless the three-digit area holds 20,000 people or
//     fewer (the 17 restricted prefixes of the HHS guidance), when the whole code goes; postal
//     codes of other countries ("código postal 28013", "PLZ 80331", "M5V 2T6") go whole.
//   - [date]: dates tied to a person. A full date (day, month, year) is always redacted; a day
//     and month ("March 14th", "7/4", "am 12. März", "23 de setembro") near "born",
//     "birthday", "DOB", "admitted", "surgery" … or in a sentence about someone; a month and
//     year, a year alone or a holiday ("Christmas Day 1952") only near "born"/"birthday"/"DOB".
//     Discord timestamps <t:…> too.
//   - [age 90+]: ages over 89, in digits and words and six languages ("94", "100th birthday",
//     "ninety-three", "noventa y dos años", "quatre-vingt-douze ans", "neunzig",
//     "novantaquattro anni", "noventa e um anos") when something makes them an age: a unit
//     ("years old", "yo", "años"), "turned"/"aged"/"tiene", "is"/"'s" after a person ("my
//     grandma is 94", "she's 92"), apposition ("my great aunt, 96,"). A birth date revealing
//     such an age is a [date]. "Her sugar was 95", "95% better", "a 90 day supply" stay.
//   - [phone]: North American numbers in every common punctuation, international numbers
//     after "+" or "00", national numbers with a trunk "0" (UK, Germany, France, Australia …),
//     Spanish grouping, Brazilian "(11) 91234-5678", extensions, any 7 to 15 digits after
//     "call", "cell", "fax", "my #" …, and numbers spelled in words ("five five five, zero one
//     …").
//   - [email]: addresses, also spelled out ("priya dot nair at gmail dot com", "sam(at)x(dot)net").
//   - [id]: SSNs and national numbers (DNI, NIR, codice fiscale, CPF, NI number), card and
//     account numbers (IBAN, sort codes), whatever follows "MRN", "NHS number", "member ID",
//     "policy #", "Medicare number", "licence", "NPI", "DEA", "certificate no.",
//     "confirmation code", "booking reference", "tracking number", "case number" …, words
//     mixing letters with five or more digits, and runs of six or more digits.
//   - [vehicle]: plates after "plate", "reg", "matrícula", "Kennzeichen" …, UK plates
//     ("AB12 CDE") and VINs without a cue.
//   - [device]: serial numbers and device IDs after "serial", "S/N", "IMEI", "transmitter ID"
//     …, and MAC addresses.
//   - [ip]: IPv4 and IPv6 addresses.
//   - [photo]: photo, video and voice-note file names as cameras and phones name them
//     ("IMG_4471.HEIC", "PXL_20240312_101522.jpg", "WhatsApp Image 2024-03-02 at
//     09.14.55.jpeg", "selfie_week3.png"), links to image files and to Discord's attachment
//     store. (Biometric data itself, a fingerprint or a voice print, does not occur in text.)
//   - [url]: links with a scheme, "www." links, bare domains with a known top-level domain
//     ("example.com/path", "mysugr.com"), Discord invites.
//   - [role], [channel]: role and channel mentions <@&123>, <#123>.
//
// Custom emoji and slash-command mentions carry IDs but name nobody; they are kept. So are
// placeholders and the pseudonyms a Pseudonymizer writes ("Member A", "Person 3", "Place 12"),
// so that text written about pseudonymised messages (an LLM's summary) can be redacted again
// and keep them.
//
// A Pseudonymizer names authors "Member A" … "Member Z", "Member AA" … in order of first
// appearance; other people "Person 1", "Person 2" …, and places "Place 1", "Place 2" …, each
// the same every time it comes back within the summary ("Maria" after "Maria Gomez" is the
// same Person). A mention or name of an author becomes their pseudonym. It also remembers
// names introduced in earlier messages ("I'm Fatima", "my son Noah") and redacts them when
// they come back without a cue; a name the author gives for themselves maps to their
// pseudonym.
//
// # Clinical values are kept
//
// Numbers only become phone numbers, dates or IDs when they take those shapes; a unit after
// a number makes it a quantity ("100000 IU"); colons and commas never join numbers ("18:00",
// "10,000"). Medication lot and batch numbers ("lot 4KX9921", "LOT: 2F7761A", "Ch.-B.
// HB4471"), national drug codes ("NDC 0002-8215-01", and the bare 4-4-2, 5-3-2, 5-4-1 and
// 5-4-2 shapes when no ID or phone word comes before), trial numbers ("NCT04281213") and
// expiry dates ("exp 03/2026") are marked before the spans are merged and nothing inside them
// is replaced. ICD codes ("E11.9", "J45.909"), ratios ("70/30", "1:12"), blood pressures
// ("142/91"), drug names and strengths, lab values and relative dates ("last Tuesday", "3
// months ago") take no identifier's shape. Drug names, conditions and tests are never names
// or places (the gazetteer's medical list), nor are all-capital words of up to four letters
// ("ANA", "TIA", "ED"), eponyms before "disease"/"syndrome" ("Addison's disease"), months
// and weekdays. The labelled tests check that none of the marked clinical values is touched.
//
// # Gazetteer
//
// internal/gazetteer holds about 129,000 folded keys: 39,000 given names (US Social Security
// baby names 1880–2024 with 100 births or more; public domain), 48,000 surnames (1990 US
// Census; public domain), 47,000 towns (GeoNames, CC BY 4.0: 1,000 people or more in English-
// speaking countries, 5,000 in Spanish-, French-, German-, Italian- and Portuguese-speaking
// ones, 15,000 elsewhere), and the word lists that keep ordinary words out (SCOWL English
// words, stopwords-iso, and the project's own lists of everyday words in five more languages,
// chat slang, drugs and conditions). Each name is sorted by how often it is also a word:
// strong names ("okonkwo", "jake") are taken on their own, in lower case when common enough;
// cap names ("ella", "hazel", "dolores") only written as names; word names ("grace", "will",
// "hope", "may") only after a cue or beside another name ("Grace Hall"). Places likewise,
// where "in"/"from"/"moving to" count as a cue. The table is a hash table compiled by
// internal/gengazetteer from the raw files (sources, licences and dates in
// internal/gazetteer/data/README.md), embedded and read in place: no start-up cost, no
// allocation per lookup. TestGazetteerUpToDate keeps it in step with the raw files.
//
// # How
//
// One pass cuts the text into words (runs of letters and digits) and looks each one up in a
// single map of word lists (months, street types, ID words, units, everyday words …) and in
// the gazetteer; the detectors then read the words and the few characters between them.
// There are no regular expressions. Spans the detectors claim are merged (the union is
// replaced, so nothing any detector claimed survives), and the result is read again until
// nothing new turns up, so redacting twice is the same as redacting once. Most detectors
// start only from words the lexicon flags for them (a facility word, a number word, the last
// word of a cue), so the rest of a message costs them one bit test. What it costs is in
// docs/benchmarks.md; BenchmarkRedactCPU reports CPU time, which stays meaningful on a busy
// machine where wall-clock ns/op does not.
//
// # Limits
//
//   - Names: a given name that is also a common word ("Hope", "Will") is found only after a
//     cue or beside another name; a rare name in no list without a cue ("Xochitl said") is
//     missed unless it is capitalised after a relation or in apposition; a sentence-initial
//     name that is a foreign word is taken only when a verb-like word follows. The gazetteer
//     is US-heavy (SSA and Census): names of other origins are covered as far as they occur
//     in the US.
//   - Places: a town that is also an everyday word ("Reading", "Nice", "Como") needs "in"/
//     "from" and a capital; towns under the population thresholds, neighbourhoods and
//     facilities without a facility word ("the blue house behind the Tesco in Leeds" keeps
//     "the Tesco") are missed.
//   - When in doubt the rules redact: every full date is removed, even "the guideline update
//     of 2023-06-01"; a day and month in any sentence with "I", "my", "you" … goes; a number
//     chunk with a phone number in it goes whole; a capitalised surname at the start of a
//     sentence is taken for a name.
//   - Codes without a cue word and in no fixed shape ("K7Q2ZP" on its own) are missed: a rule
//     for "random-looking" codes would also take gene names and lot numbers.
//   - Free-text identifiers (a rare diagnosis with a town and an age can identify someone)
//     are beyond a rule-based redactor; the summary pipeline must still treat its output as
//     sensitive.
package redact

// Package redact removes identifiers from Discord chat messages before any of their text
// reaches a language model, and replaces the authors of a summary with stable pseudonyms.
// It uses the standard library only and does no I/O.
//
// # Use
//
//	r := redact.New(members)                 // once per member list; immutable, share it
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
// Each identifier is replaced by a placeholder naming its kind:
//
//   - [name]: names of the members passed to New (username, display name, nickname, and
//     each word of a display name or nickname), matched as whole words, ignoring case and
//     accents ("Maria", "MARÍA", "Maria's", "maria_lopez85", "@maria_lopez85", "maria#4821");
//     any "@handle" typed by hand; user mentions <@123> and <@!123>; and names of people who
//     are not members where a cue says a name follows: a title ("Dr. Okonkwo"), a relation
//     ("my son Jake") or an introduction ("I'm Gabriela", "my name is …").
//   - [role], [channel]: role and channel mentions <@&123>, <#123>.
//   - [email]: addresses, also spelled out ("priya dot nair at gmail dot com", "sam(at)x(dot)net").
//   - [phone]: North American numbers in every common punctuation, international numbers
//     after "+" or "00", national numbers with a trunk "0" (UK, Germany, France, Australia …),
//     Spanish grouping, extensions, and any 7 to 15 digits after "call", "cell", "text" ….
//   - [address]: "123 Main St", "45 Elm Street Apt 4B", "742 Evergreen Terrace, Springfield,
//     OR 97403", "Calle Mayor 12", "C/ Alcalá 45, 3º B", "12 rue de la Paix", "Via Roma 10",
//     "Hauptstraße 5", "Kerkstraat 12", "on Willow Court", PO boxes, UK postcodes.
//   - [date]: dates tied to a person. A full date (day, month, year) is always redacted; a day
//     and month ("March 14th", "7/4") near "born", "birthday", "DOB", "admitted", "surgery" …
//     or in a sentence about someone ("my", "her", "my son"); a month and year, a year alone
//     or a holiday only near "born"/"birthday"/"DOB". Discord timestamps <t:…> too.
//   - [id]: SSN-shaped numbers, card numbers, whatever follows "MRN", "SSN", "NHS number",
//     "member ID", "policy #", "claim number" …, words mixing letters with five or more digits
//     ("XJ4-88213", "A1234567"), and runs of six or more digits.
//   - [url]: links with a scheme, "www." links, bare domains with a known top-level domain
//     ("example.com/path", "mysugr.com"), Discord invites.
//
// Custom emoji and slash-command mentions carry IDs but name nobody; they are kept.
//
// A Pseudonymizer names authors "Member A" … "Member Z", "Member AA" … in order of first
// appearance. A mention or name of an author of the same summary becomes their pseudonym,
// so the conversation still reads; anyone else stays [name]. It also remembers names
// introduced in earlier messages of the summary ("I'm Fatima", "my son Noah") and redacts
// them when they come back without a cue; a name the author gives for themselves maps to
// their pseudonym.
//
// # How
//
// One pass cuts the text into words (runs of letters and digits) and looks each one up in a
// single map of word lists (months, street types, ID words, units, everyday words …); the
// detectors then read the words and the few characters between them. There are no regular
// expressions. Spans the detectors claim are merged (the union is replaced, so nothing any
// detector claimed survives), and the result is read again until nothing new turns up, so
// redacting twice is the same as redacting once. With 200 known members a 300-character
// message costs about 6 µs of CPU when it holds no identifier and about 17 µs when it does
// (the second reading), and a 5,000-message summary about 0.1 s; BenchmarkRedactCPU reports CPU time, which stays meaningful on
// a busy machine where wall-clock ns/op does not.
//
// Medical content is kept by construction: numbers only become phone numbers, dates or IDs
// when they take those shapes, a unit after a number makes it a quantity ("100000 IU"),
// colons and commas never join numbers ("18:00", "10,000"), and a member name made only of
// everyday or medical words ("Hope", "Sugar Free") only matches when written as a name
// (capitalised mid-sentence, capitalised and followed by "said"/"," at the start of one,
// after "@", or with "_"/"." between its words). The labelled test checks "A1C 7.2",
// "took 20 units", "45 mg/dL", "800mg", "2.2 mmol", "at 18:00", "3 times a day" and many
// more survive.
//
// # Limits
//
//   - Names of people who are not members and come without a cue ("Jake had a low") are not
//     found by Redactor; a Pseudonymizer finds them only if an earlier message of the summary
//     introduced them. There is no statistical name recogniser.
//   - A member whose name is an everyday word is missed when written in lower case ("ask
//     hope") and, at the start of a sentence, unless a verb like "said" or a comma follows.
//     Usernames that are one everyday word are matched only as "@word".
//   - When in doubt the rules redact: every full date is removed, even "the guideline update
//     of 2023-06-01"; a day and month in any sentence with "I", "my", "you" … goes; a number
//     chunk with a phone number in it goes whole.
//   - Phone formats outside the ones above (e.g. local numbers of 5 or 6 digits, Spanish
//     "612 345 678" without a word like "call" before it) and addresses without a number,
//     street type or known pattern ("the blue house behind the Tesco in Leeds") are missed.
//     Towns, counties and countries are not redacted.
//   - Free-text identifiers that are not in any fixed shape (a rare diagnosis with a town and
//     an age can identify someone) are beyond a rule-based redactor; the summary pipeline
//     must still treat its output as sensitive.
//   - Word lists are English-first, with Spanish, German, French, Italian, Dutch and
//     Portuguese street and date words.
package redact

package triage

import "slices"

// backstopKeywords are the phrases Discord's AutoMod watches for on
// peerhours' behalf (/setup backstop:True), so that moderators hear of the
// plainest emergencies even while no peerhours process is running. AutoMod
// matches a keyword as a whole word or phrase, case-insensitively, with no
// notion of negation, tense or who is speaking, so only statements that are
// emergencies almost whatever surrounds them belong here: first-person
// intent, the act, an overdose. Each is one triage itself calls an
// emergency (TestBackstopKeywordsAreEmergencies), in every language triage
// reads. An AutoMod alert pings nobody and goes only to the alert channel,
// so a false one costs a moderator a glance.
var backstopKeywords = []string{
	// en
	"kill myself", "killing myself", "end my life", "ending my life", "take my own life", "taking my own life",
	"want to die", "wanna die", "want to be dead", "better off dead", "don't want to live", "dont want to live",
	"no reason to live", "unalive myself", "hang myself", "slit my wrists", "end it all", "suicide note",
	"commit suicide", "goodbye forever", "overdosed", "took all my pills", "took all my meds", "took a whole bottle",
	"swallowed all my pills",
	// es
	"quiero morir", "quitarme la vida", "matarme", "suicidarme", "no quiero vivir", "me tomé todas las pastillas",
	"sobredosis",
	// pt
	"quero morrer", "me matar", "tirar minha vida", "me suicidar", "não quero viver", "nao quero viver",
	"tomei todos os comprimidos",
	// fr
	"me suicider", "je vais me tuer", "mettre fin à mes jours", "je veux mourir", "envie de mourir", "surdose",
	// de
	"mich umbringen", "will sterben", "mir das leben nehmen", "will nicht mehr leben", "selbstmord", "suizid",
	"überdosis", "habe alle tabletten genommen",
	// it
	"uccidermi", "togliermi la vita", "voglio morire", "suicidarmi", "non voglio più vivere",
	"ho preso tutte le pillole", "overdose",
}

// BackstopKeywords returns the phrases for Discord's AutoMod backstop rule
// (see backstopKeywords), lower-case, each at most 60 characters, at most
// 1,000 of them: Discord's limits for a keyword rule.
func BackstopKeywords() []string { return slices.Clone(backstopKeywords) }

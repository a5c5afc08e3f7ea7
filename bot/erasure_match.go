package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// echoCheck decides whether a statement of a draft repeats what an erased
// message said, whatever it cites: an LLM may quote one member while
// citing another's message, and its words must go with the message.
//
// A statement echoes an erased message when it shares with it
//   - a distinctive word (four letters or more, or with a digit, and not a
//     common word or a word summaries use of themselves: "members",
//     "discussed" …) that none of the summary's remaining messages holds,
//     or
//   - a run of four words that none of them holds.
//
// The words the remaining messages hold explain a statement without the
// erased one; whatever only the erased message said does not, so the
// statement goes. This errs towards erasing: a statement that happens to
// use a word only the erased message had is dropped too.
type echoCheck struct {
	erased    [][]string      // each erased message's words
	kept      map[string]bool // words of the summary's remaining messages
	keptGrams map[string]bool // their runs of four words
}

const echoGram = 4

func (c *echoCheck) keep(ws []string) {
	for _, w := range ws {
		c.kept[w] = true
	}
	for i := 0; i+echoGram <= len(ws); i++ {
		c.keptGrams[strings.Join(ws[i:i+echoGram], " ")] = true
	}
}

// echoes reports whether text repeats an erased message.
func (c echoCheck) echoes(text string) bool {
	if len(c.erased) == 0 {
		return false
	}
	ws := words(text)
	have := make(map[string]bool, len(ws))
	for _, w := range ws {
		have[w] = true
	}
	grams := map[string]bool{}
	for i := 0; i+echoGram <= len(ws); i++ {
		grams[strings.Join(ws[i:i+echoGram], " ")] = true
	}
	for _, ew := range c.erased {
		for _, w := range ew {
			if have[w] && distinctive(w) && !c.kept[w] {
				return true
			}
		}
		for i := 0; i+echoGram <= len(ew); i++ {
			g := strings.Join(ew[i:i+echoGram], " ")
			if grams[g] && !c.keptGrams[g] {
				return true
			}
		}
	}
	return false
}

// words splits text into lower-case words: runs of letters and digits
// (apostrophes inside a word are dropped: "don't" is "dont").
func words(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’':
		default:
			flush()
		}
	}
	flush()
	return out
}

// distinctive reports a word that can carry what one message said.
func distinctive(w string) bool {
	if commonWords[w] {
		return false
	}
	if utf8.RuneCountInString(w) >= 4 {
		return true
	}
	return strings.IndexFunc(w, unicode.IsDigit) >= 0
}

// commonWords are everyday English words of four letters or more, and the
// words summaries and pseudonyms use of themselves, which say nothing of
// any one message.
var commonWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		about above across actually after again against almost along already also although always among
		another anyone anything anyway around asked asking asks away back because become been before
		being below best better between both bring came cannot come comes coming could didnt does doesnt
		doing done dont down during each either else enough even ever every everyone everything feel
		feeling feels felt find first from further gets getting give given gives going gone good got
		gotten great guess have having hear heard hello help helped helps here hers herself hers highly
		himself into isnt itself just keep kind know knows known last least less like liked likes little
		long look looked looking lots made make makes making many maybe mean means might more most much
		must myself need needed needs never next nice none nothing often once only other others ours
		over people perhaps please pretty quite rather really right same said says seem seemed seems
		several should since some someone something sometimes soon still such sure take taken takes
		taking tell than thank thanks that thats their theirs them themselves then there these they thing
		things think thinks this those though thought through time times today told tomorrow together
		tried tries trying very want wanted wants week weeks well went were what whatever when where
		whether which while will with within without wont would yeah year years yesterday your yours
		yourself yourselves days month months hours minutes morning evening night
		member members person persons people place places participant participants group groups
		discussed discuss discusses discussing discussion discussions shared share shares sharing
		mentioned mention mentions mentioning reported report reports reporting described describe
		describes describing asked question questions concern concerns concerned experience experiences
		experienced experiencing several multiple suggested suggest suggests suggesting recommended
		recommend noted note notes raised raise expressed express advice clinician clinicians doctor
		theme themes overview safety possible possibly misinformation thread channel message messages
		wrote posted post posts wondering wondered including include includes regarding related
		their other some many others involving about topic topics summary including different various
		name address date phone email link removed vehicle device photo`) {
		m[w] = true
	}
	return m
}()

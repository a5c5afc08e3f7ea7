package redact

import (
	"strings"

	gz "github.com/peerhours/peerhours/bot/redact/internal/gazetteer"
)

// Names of people who are not members (a doctor, a child, a new member introducing
// themselves) are found where the words around them say a name follows: a title ("Dr.
// Okonkwo", "dr van der Berg"), a relation in one of six languages ("my son Jake", "mi
// sobrino Mateo"), an introduction ("my name is Gabriela") or apposition ("Oskar (my
// neighbour)"). After a cue a name need be in no list; without one, the gazetteer
// (places.go) finds the names it knows.

// notNameFlags are lexicon flags of words that cannot be the name after a cue.
const notNameFlags = fFunc | fMonth | fStreetSuffix | fStreetAbbrev | fStreetPrefix | fUnit |
	fTime | fTitle | fPersonal | fDirection | fUnitDesig | fHoliday | fIDStrong

func (s *scan) findCuedNames() {
	for k := 0; k < len(s.toks); k++ {
		t := &s.toks[k]
		if s.appositionName(k) || s.addressedName(k) {
			s.add(t.start, t.end, KindName, "")
			continue
		}
		if t.flags&(fTitle|fRelation|fIntro) == 0 {
			continue
		}
		var next int // index of the first name word
		strict := true
		switch {
		case t.has(fTitle) && s.titleCue(k):
			next, strict = k+1, false
		case t.has(fRelation) && k > 0 && s.possessive(k-1) && (s.gap(k) == " " || s.gap(k) == ", "):
			next = k + 1
		case s.keyIs(k, "m") && k > 0 && s.keyIs(k-1, "i") && (s.gapBefore(k) == "'" || s.gapBefore(k) == "’"),
			s.keyIs(k, "im") && !t.upper,
			s.keyIs(k, "am") && k > 0 && s.keyIs(k-1, "i"):
			next = k + 1
		case s.keyIs(k, "is") && k > 1 && s.keyIs(k-1, "name") && s.possessive(k-2),
			s.keyIs(k, "s") && k > 1 && s.keyIs(k-1, "name") && s.possessive(k-2),
			s.keyIs(k, "me") && k > 0 && s.keyIs(k-1, "call"),
			s.keyIs(k, "llamo") && k > 0 && s.keyIs(k-1, "me"):
			next, strict = k+1, false
		default:
			continue
		}
		if t.has(fTitle) && next+1 < len(s.toks) && s.particle(next) && s.gap(k) != "" {
			// "Dr. van der Berg": the particles and the name after them
			j := next
			for j+1 < len(s.toks) && s.particle(j+1) && s.gap(j) == " " {
				j++
			}
			if j+1 < len(s.toks) && s.gap(j) == " " && s.toks[j+1].isAlpha() && !s.toks[j+1].has(fFunc) &&
				(s.toks[j+1].upper || !s.toks[next].upper) {
				end := s.nameTail(j+1, true)
				s.add(s.toks[next].start, s.toks[end].end, KindName, "")
				k = end
				continue
			}
		}
		if next >= len(s.toks) || !s.nameWord(next, strict, !strict && !t.has(fTitle)) {
			continue
		}
		if g := s.gapBefore(next); len(g) > 2 || g == "" && !t.has(fTitle) {
			continue
		}
		end := s.nameTail(next, t.has(fTitle))
		intro := !t.has(fTitle | fRelation)
		user := ""
		if intro {
			user = s.author // "I'm Fatima", written by Fatima
		}
		s.add(s.toks[next].start, s.toks[end].end, KindName, user)
		if s.learned != nil {
			c := cuedName{intro: intro}
			for i := next; i <= end; i++ {
				c.words = append(c.words, s.key(i))
			}
			s.cued = append(s.cued, c)
		}
		k = end
	}
}

// titleCue: "Dr", "dr.", "Prof."… always; the everyday titles ("Nurse", "Miss", "Doctor",
// "Ms", which is also multiple sclerosis) only when capitalised and not shouted.
func (s *scan) titleCue(k int) bool {
	switch s.key(k) {
	case "dr", "dra", "prof", "mr", "mrs":
		return true
	}
	t := &s.toks[k]
	if k+1 < len(s.toks) && s.gap(k) == " " && !t.allUpper {
		if n := &s.toks[k+1]; n.upper && !n.allUpper && n.isAlpha() && !weekday(s.key(k+1)) {
			return true // "le docteur Benali", "auntie Funmi"
		}
	}
	if strings.HasPrefix(s.gap(k), ".") && k+1 < len(s.toks) && !s.toks[k].allUpper {
		return true // "ms. hargreaves", "Nurse. …" is rare
	}
	return t.upper && !t.allUpper
}

func (s *scan) possessive(k int) bool {
	switch s.key(k) {
	case "my", "his", "her", "our", "your", "their", "mi", "mis", "tu", "su", "nuestro", "nuestra",
		"mein", "meine", "meinem", "meiner", "meinen", "dein", "deine", "sein", "seine", "ihr", "ihre",
		"unser", "unsere", "ma", "mon", "mes", "sa", "son", "notre", "mia", "mio", "tua", "tuo", "sua",
		"suo", "nostra", "nostro", "minha", "meu", "seu", "nossa", "nosso", "ur":
		return true
	}
	return false
}

// nameWord says whether token k can be a name after a cue. strict cues (relations,
// "I'm") need a capitalised word that is not a known word at all; the others accept a
// capitalised everyday word ("Dr. Bell"), and lowerOK also a lower-case unknown word
// ("my name is yusuf").
func (s *scan) nameWord(k int, strict, lowerOK bool) bool {
	t := &s.toks[k]
	givenCap := t.upper && !t.allUpper && t.gaz&gz.AnyGiven != 0 && t.gaz&gz.Medical == 0
	if weekday(s.key(k)) {
		return false
	}
	if !t.isAlpha() || t.end-t.start < 2 || t.flags&notNameFlags != 0 && !givenCap {
		return false
	}
	if strict {
		return t.upper && !t.allUpper && (t.flags == 0 || t.gaz&(gz.AnyGiven|gz.AnySurname) != 0 && t.gaz&gz.Medical == 0)
	}
	if t.upper {
		return true
	}
	return t.flags == 0 && (lowerOK || s.toks[k-1].has(fTitle))
}

// nameTail extends a name after a cue over a second name ("Helena Costa"), hyphenated parts
// ("Okafor-Bale", "okafor-bale", "Hye-jin"), particles ("van der Berg", "de la Cruz", "Le
// Goff") and "O'"/"Mc" forms. It returns the last token.
func (s *scan) nameTail(k int, titled bool) int {
	end := k
	for end+1 < len(s.toks) && end-k < 4 {
		g := s.gap(end)
		nt := &s.toks[end+1]
		switch {
		case g == "-" && nt.isAlpha() && !nt.has(fFunc):
			end++ // hyphenated, whatever the case
		case (g == "'" || g == "’") && nt.upper && nt.isAlpha():
			end++ // "O'Neill", "D'Angelo"
		case g == " " && nt.upper && nt.isAlpha() && s.nameWord(end+1, false, false) && !nt.has(fTitle):
			end++
		case g == " " && titled && s.particle(end+1) && end+2 < len(s.toks) && s.gap(end+1) == " ":
			// "van der Berg"
			j := end + 1
			for j+1 < len(s.toks) && s.particle(j+1) && s.gap(j) == " " {
				j++
			}
			if j+1 < len(s.toks) && s.gap(j) == " " && s.toks[j+1].isAlpha() && (s.toks[j+1].upper || !s.toks[k].upper) &&
				!facilityPrefix(s.key(j+1)) && facilityWord(s.key(j+1)) == 0 {
				end = j + 1
				continue
			}
			return end
		default:
			return end
		}
	}
	return end
}

func (s *scan) particle(k int) bool {
	switch s.key(k) {
	case "van", "von", "der", "den", "de", "del", "della", "di", "da", "la", "le", "du", "dos", "das", "ter", "ten", "mac", "st", "bin", "al", "el", "ben", "ibn":
		return true
	}
	return false
}

// appositionName: a capitalised word no list knows, followed by a bracket that says who it
// is: "Oskar (my neighbour)", "Wojciech (he's on here sometimes)".
func (s *scan) appositionName(k int) bool {
	t := &s.toks[k]
	if !t.upper || t.allUpper || !t.isAlpha() || t.flags != 0 || k+1 >= len(s.toks) || t.gaz&gz.Medical != 0 {
		return false
	}
	if g := s.gap(k); g != " (" && g != " - " && g != ", " {
		return false
	}
	switch s.key(k + 1) {
	case "my", "his", "her", "our", "he", "she", "mi", "su", "mon", "ma", "mein", "meine", "la", "il", "o", "a", "the":
		if s.gap(k) == ", " {
			// "Ingrid, my old roommate, …": a relation must follow
			for j := k + 2; j < len(s.toks) && j <= k+4; j++ {
				if s.toks[j].has(fRelation) {
					return true
				}
			}
			return false
		}
		return true
	}
	return false
}

// addressedName: a capitalised word no list knows, or a given name in lower case, after an
// English verb that takes a person ("spoke to Fenella", "told Bronwyn", "texted obi", "asked
// sean").
func (s *scan) addressedName(k int) bool {
	t := &s.toks[k]
	if k == 0 || !t.isAlpha() || t.allUpper || t.gaz&(gz.Medical|gz.Region) != 0 || s.gapBefore(k) != " " || t.letters < 3 {
		return false
	}
	switch {
	case t.upper && t.flags == 0 && t.gaz&gz.AnyPlace == 0 && !s.sentenceInitial(k):
		// "spoke to Fenella": a capitalised word no list knows
	case !t.upper && t.gaz&(gz.GivenStrong|gz.GivenCap) != 0 && t.flags&(fFunc|fCommon) == 0:
		// "told sean", "asked ella": a given name in lower case
	default:
		return false
	}
	switch s.key(k - 1) {
	case "told", "asked", "texted", "messaged", "emailed", "met", "thank", "thanks", "ty", "tell", "ask", "dm", "pinged":
		return true
	case "to", "with":
		if k >= 2 {
			switch s.key(k - 2) {
			case "spoke", "speak", "speaking", "talked", "talk", "talking", "chatted", "chatting", "wrote", "write", "writing":
				return true
			}
		}
	}
	return false
}

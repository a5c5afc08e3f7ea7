package redact

// Names of people who are not members (a doctor, a child, a new member introducing
// themselves) are not on any list. They are found only where the words around them say a
// name follows: a title ("Dr. Okonkwo"), a relation ("my son Jake") or an introduction
// ("my name is Gabriela"). A name without such a cue is a known gap; see doc.go.

// notNameFlags are lexicon flags of words that cannot be the name after a cue.
const notNameFlags = fFunc | fMonth | fStreetSuffix | fStreetAbbrev | fStreetPrefix | fUnit |
	fTime | fTitle | fPersonal | fDirection | fUnitDesig | fHoliday | fIDStrong

func (s *scan) findCuedNames() {
	for k := 0; k < len(s.toks); k++ {
		t := &s.toks[k]
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
		if next >= len(s.toks) || !s.nameWord(next, strict, !strict && !t.has(fTitle)) {
			continue
		}
		if g := s.gapBefore(next); len(g) > 2 || g == "" && !t.has(fTitle) {
			continue
		}
		end := next
		if end+1 < len(s.toks) && (s.gap(end) == " " || s.gap(end) == "-") && s.toks[end+1].upper && s.nameWord(end+1, false, false) {
			end++
		}
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
	return t.upper && !t.allUpper
}

func (s *scan) possessive(k int) bool {
	switch s.key(k) {
	case "my", "his", "her", "our", "your", "their", "mi", "mein", "meine":
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
	if !t.isAlpha() || t.end-t.start < 2 || t.flags&notNameFlags != 0 {
		return false
	}
	if strict {
		return t.upper && t.flags == 0
	}
	if t.upper {
		return true
	}
	return t.flags == 0 && (lowerOK || s.toks[k-1].has(fTitle))
}

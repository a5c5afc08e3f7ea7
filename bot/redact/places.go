package redact

import (
	"strings"

	gz "github.com/peerhours/peerhours/bot/redact/internal/gazetteer"
)

// Names and places from the gazetteer (internal/gazetteer: SSA given names, Census surnames,
// GeoNames towns), and care facilities by their shape.
//
// Every entry has a strength (see the gazetteer package): strong entries are in no word list
// and are taken on their own; cap entries are also ordinary words somewhere and must be
// written as a name (capitalised, not at the start of a sentence); word entries ("Grace",
// "Will", "Reading") are taken only beside another name, after a cue, or for places after
// "in"/"from"… and capitalised. States and countries ("in Georgia") stay.

func (s *scan) findGazetteer() {
	for k := 0; k < len(s.toks); k++ {
		t := &s.toks[k]
		g := t.gaz
		if g == 0 || g&gz.Medical != 0 {
			if end := s.apostropheName(k); end > k {
				s.add(s.toks[k].start, s.toks[end].end, KindName, "")
				k = end
			}
			continue
		}
		if g&gz.PlaceStart != 0 {
			if end, fl := s.longestPlace(k); end > k {
				if fl&gz.Region != 0 {
					k = end // "New York", "Costa Rica": may stay
					continue
				}
				if s.multiPlaceOK(k, end, fl) {
					s.add(t.start, s.toks[end].end, KindPlace, "")
					k = end
					continue
				}
			}
		}
		if s.eponym(k) {
			continue // "Addison's disease", "Parkinson's nurse"
		}
		loc := s.locativeBefore(k)
		if g&gz.Region != 0 {
			// "Italy", "Georgia", "Victoria": a state or country may stay (a person so named
			// needs a cue), unless a surname follows ("Victoria Beckham")
			if g&gz.AnyGiven != 0 && t.upper && !loc {
				if end := s.nameRun(k); end > k {
					s.add(t.start, s.toks[end].end, KindName, "")
					k = end
				}
			}
			continue
		}
		placeOK := s.placeOK(k, loc)
		nameOK := s.nameOK(k)
		switch {
		case placeOK && (loc || !nameOK || g&gz.PlaceMajor != 0 && g&(gz.GivenStrong|gz.GivenCap) == 0):
			s.add(t.start, t.end, KindPlace, "")
		case nameOK:
			end := s.nameRun(k)
			start := t.start
			if k > 0 && s.gapBefore(k) == "-" && s.toks[k-1].upper && s.toks[k-1].isAlpha() {
				start = s.toks[k-1].start // "Hye-jin": the whole of a hyphenated name
			}
			s.add(start, s.toks[end].end, KindName, "")
			k = end
		case g&gz.AnyGiven != 0 && t.upper && !s.acronym(k):
			// "Grace Hall", "Will Becker": a word-like given name beside a surname
			if end := s.nameRun(k); end > k {
				s.add(t.start, s.toks[end].end, KindName, "")
				k = end
			}
		}
	}
}

// acronym: "ANA", "TIA", "ED" are tests and wards, not Ana, Tia and Ed.
func (s *scan) acronym(k int) bool {
	t := &s.toks[k]
	return t.allUpper && t.letters <= 4
}

// nameOK decides whether token k, on its own, is a given name or surname from the gazetteer.
func (s *scan) nameOK(k int) bool {
	t := &s.toks[k]
	g := t.gaz
	if s.acronym(k) || s.eponym(k) || t.has(fMonth|fHoliday) || weekday(s.key(k)) {
		return false
	}
	if k > 0 && s.professionalTitle(k-1) && !s.toks[k-1].upper && s.gapBefore(k) == " " && g&(gz.AnyGiven|gz.AnySurname) != 0 && !t.has(fFunc) {
		return true // "dr okafor"
	}
	surnameOnly := g&gz.AnyGiven == 0
	if surnameOnly && k > 0 && s.possessive(k-1) {
		return false // "my Graves", "her Crohn's": a condition, not a person
	}
	switch {
	case g&gz.GivenStrong != 0 && (t.upper || g&gz.GivenLower != 0):
		return true
	case g&gz.SurnameStrong != 0 && t.upper:
		return true
	case g&(gz.GivenCap|gz.SurnameCap) != 0 && t.upper:
		return !s.sentenceInitial(k) || s.nameFollows(k) || g&gz.Stop == 0 && g&gz.GivenCap != 0 && s.contentFollows(k)
	case g&gz.GivenCap != 0 && g&gz.Stop == 0:
		return s.coordinated(k)
	}
	return false
}

// contentFollows: a sentence-initial word is followed by a word that can follow a subject
// ("Dolores me dijo", "Esperanza trajo"), not by a preposition ("Dolores de cabeza").
func (s *scan) contentFollows(k int) bool {
	if k+1 >= len(s.toks) || s.gap(k) != " " {
		return false
	}
	nt := &s.toks[k+1]
	if nt.upper || !nt.isAlpha() || s.linkWord(k+1) {
		return false
	}
	switch s.key(k + 1) {
	case "of", "and", "y", "e", "et", "und", "in", "en", "a", "con", "with", "para", "per", "por", "sin",
		"is", "are", "was", "es", "est", "ist", "eyes", "tea", "oil", "flower", "flowers":
		return false
	}
	return true
}

// coordinated: a name-like word joined by "and" to a name ("gabby and Marisol").
func (s *scan) coordinated(k int) bool {
	for _, d := range []int{2, -2} {
		j, c := k+d, k+d/2
		if j < 0 || j >= len(s.toks) || s.toks[j].upper != s.toks[k].upper {
			continue
		}
		switch s.key(c) {
		case "and", "y", "e", "et", "und":
		default:
			continue
		}
		if g := s.toks[j].gaz; g&(gz.GivenStrong|gz.SurnameStrong) != 0 && g&gz.Medical == 0 && !s.acronym(j) {
			return true
		}
	}
	return false
}

// nameFollows: what comes after a sentence-initial word shows it is a name ("Sara said",
// "Ella, …", "Dan's").
func (s *scan) nameFollows(k int) bool {
	g := s.gap(k)
	if strings.HasPrefix(g, ",") || strings.HasPrefix(g, "'s") || strings.HasPrefix(g, "’s") {
		return true
	}
	if k+1 < len(s.toks) && g == " " {
		nt := &s.toks[k+1]
		return nt.has(fNameVerb) && !nt.upper && !nt.has(fFunc) || nt.upper && nt.gaz&gz.AnySurname != 0
	}
	return false
}

// eponym: "Addison's disease", "Graves disease", "enfermedad de Crohn", "Morbus Bechterew",
// and the names of diseases that stand for the disease with "'s" alone ("Parkinson's nurse").
func (s *scan) eponym(k int) bool {
	if g := s.gap(k); (g == "'" || g == "’") && k+1 < len(s.toks) && s.keyIs(k+1, "s") {
		switch s.key(k) {
		case "parkinson", "alzheimer", "crohn", "hashimoto", "addison", "graves", "cushing", "huntington",
			"hodgkin", "raynaud", "sjogren", "meniere", "tourette", "asperger", "kawasaki", "marfan",
			"behcet", "kaposi", "lyme", "dupuytren", "peyronie", "wernicke", "korsakoff":
			return true
		}
	}
	j := k + 1
	if g := s.gap(k); g == "'" || g == "’" || g == "'s " || g == "’s " {
		if g == "'" || g == "’" {
			if j < len(s.toks) && s.keyIs(j, "s") {
				j++
			}
		}
	}
	if j < len(s.toks) {
		switch s.key(j) {
		case "disease", "diseases", "syndrome", "palsy", "sarcoma", "lymphoma", "phenomenon",
			"thyroiditis", "ulcer", "esophagus", "oesophagus", "sign", "reflex", "cyst", "neuroma",
			"contracture", "chorea", "ataxia", "anomaly", "disorder", "encephalopathy", "dystrophy":
			return true
		}
	}
	if k >= 2 {
		switch s.key(k - 2) {
		case "enfermedad", "sindrome", "maladie", "syndrome", "malattia", "doenca", "morbus", "sindrom":
			return s.keyIs(k-1, "de") || s.keyIs(k-1, "di") || s.keyIs(k-1, "da")
		}
	}
	return k >= 1 && s.keyIs(k-1, "morbus")
}

// nameRun extends a name at token k over the given names and surnames written after it in the
// same way ("Rosalind Whitaker", "maria gomez", "Mary-Kate Olsen"), and over a capitalised
// word no list knows after a capitalised given name ("Rahul Mehta"). It returns the last
// token of the name.
func (s *scan) nameRun(k int) int {
	end := k
	first := &s.toks[k]
	for end+1 < len(s.toks) && end-k < 3 {
		g := s.gap(end)
		if g != " " && g != "-" {
			break
		}
		nt := &s.toks[end+1]
		if g == "-" && nt.isAlpha() && !nt.upper && first.upper && nt.letters <= 5 && !nt.has(fFunc) {
			end++ // "Hye-jin"
			continue
		}
		if !nt.isAlpha() || nt.gaz&gz.Medical != 0 || s.acronym(end+1) || nt.upper != first.upper {
			break
		}
		ng := nt.gaz
		switch {
		case ng&(gz.AnySurname|gz.GivenStrong|gz.GivenCap) != 0 && (nt.upper || ng&(gz.SurnameStrong|gz.GivenStrong) != 0):
		case ng&gz.AnyGiven != 0 && nt.upper:
		case nt.upper && nt.flags == 0 && ng&gz.AnyPlace == 0 && first.gaz&gz.AnyGiven != 0 && s.lexicon(end+1):
		default:
			return end
		}
		end++
	}
	return end
}

// lexicon: token k is no known word of the redactor's own lists either.
func (s *scan) lexicon(k int) bool { return s.toks[k].flags&(fCommon|fFunc) == 0 }

// apostropheName: "O'Brien", "D'Angelo", "O’Connor" written as two words.
func (s *scan) apostropheName(k int) int {
	if k+1 >= len(s.toks) || !s.toks[k].upper || !s.toks[k+1].upper {
		return k
	}
	if g := s.gap(k); g != "'" && g != "’" {
		return k
	}
	p := s.key(k)
	if p != "o" && p != "d" {
		return k
	}
	key := append([]byte(p), s.fold[s.toks[k+1].fs:s.toks[k+1].fe]...)
	if gz.Default.Lookup(key)&gz.AnySurname != 0 {
		return k + 1
	}
	return k
}

// locativeBefore: token k follows a word that places something ("in", "from", "near",
// "en", "à", "aus", "em" …).
func (s *scan) locativeBefore(k int) bool {
	if k == 0 {
		return false
	}
	if g := s.gapBefore(k); g != " " {
		return false
	}
	switch s.key(k - 1) {
	case "in", "from", "to", "near", "outside", "around", "at", "into", "en", "desde", "hacia",
		"a", "al", "au", "aux", "dans", "vers", "pres", "aus", "nach", "bei", "im", "da", "di",
		"em", "no", "na", "do", "de", "del", "du", "von", "zu", "nel", "nella", "para", "por",
		"cerca", "moved", "visiting", "towards", "via", "2":
		return true
	}
	return false
}

// placeOK decides whether token k, on its own, is a town from the gazetteer.
func (s *scan) placeOK(k int, loc bool) bool {
	t := &s.toks[k]
	g := t.gaz
	if g&gz.AnyPlace == 0 || s.acronym(k) && t.letters < 4 {
		return false
	}
	if k > 0 && s.toks[k-1].has(fTitle|fRelation) {
		return false // "Dr. Lyon", "my son Austin"
	}
	upper := t.upper
	switch {
	case g&gz.PlaceStrong != 0:
		return upper || loc // lower case needs "in"/"from"…: "me quitó" is not Quito
	case g&gz.PlaceCap != 0:
		return upper && (loc || !s.sentenceInitial(k)) || loc && g&gz.PlaceMajor != 0 && s.movementBefore(k)
	case g&gz.PlaceWord != 0:
		return upper && loc || loc && g&gz.PlaceMajor != 0 && s.movementBefore(k)
	}
	return false
}

// movementBefore: "moving to", "live in", "flying from" before the word before token k.
func (s *scan) movementBefore(k int) bool {
	if k < 2 {
		return false
	}
	switch s.key(k - 2) {
	case "move", "moving", "moved", "live", "living", "lives", "lived", "fly", "flying", "flew", "drive",
		"driving", "drove", "going", "went", "visit", "visiting", "based", "born", "raised", "grew", "stay",
		"staying", "relocate", "relocating", "back", "vivo", "vive", "moro", "mora", "habite", "wohne", "abito":
		return true
	}
	return false
}

// longestPlace finds the longest place name of several words starting at token k; it returns
// its last token and flags, or k.
func (s *scan) longestPlace(k int) (int, uint16) {
	var buf [128]byte
	key := append(buf[:0], s.fold[s.toks[k].fs:s.toks[k].fe]...)
	best, flags := k, uint16(0)
	for j := k + 1; j < len(s.toks) && j-k < 6; j++ {
		g := s.gapBefore(j)
		if !(g == " " || g == "-" || g == "'" || g == "’" || g == ". " && j == k+1 && s.toks[k].end-s.toks[k].start <= 3) {
			break
		}
		if s.toks[j].letters == 0 {
			break
		}
		key = append(key, ' ')
		key = append(key, s.fold[s.toks[j].fs:s.toks[j].fe]...)
		if f := gz.Default.Lookup(key); f&(gz.AnyPlace|gz.Region) != 0 {
			best, flags = j, f
		}
	}
	return best, flags
}

// multiPlaceOK: a place of several words is taken in title case ("Salt Lake City", "Fort
// Worth"), or in lower case after "in"/"from"… when it is a large one or no word list knows
// its words.
func (s *scan) multiPlaceOK(k, end int, fl uint16) bool {
	title := true
	for i := k; i <= end; i++ {
		if !s.toks[i].upper && !s.toks[i].has(fFunc|fDateLink) && !s.linkWord(i) {
			title = false
		}
	}
	if title && s.toks[k].upper {
		return true
	}
	return s.locativeBefore(k) && (fl&gz.PlaceStrong != 0 || fl&gz.PlaceMajor != 0)
}

// Care facilities: a name and a word that says what it is ("Lakeside Baptist", "Harbor County
// General", "Mercy Medical Center", "Maple Grove Care Home"), "St. Jude's", a facility word
// and a name in other languages ("Hospital Clínico San Carlos", "Klinikum Augsburg", "CHU de
// Rennes"), and "X County".

// facilityWord says how a folded word names a facility: 2 ends a facility name on its own
// ("Hospital", "Baptist", "General"), 1 only after another facility word or with a second
// word following ("Medical Center", "Care Home", "Senior Living").
func facilityWord(w string) int {
	switch w {
	case "hospital", "hospitals", "clinic", "infirmary", "hospice", "memorial", "general",
		"methodist", "baptist", "presbyterian", "lutheran", "episcopal", "adventist", "samaritan",
		"sanatorium", "manor", "rehab", "rehabilitation", "surgery", "county", "parish", "borough",
		"township", "childrens", "children":
		return 2
	case "medical", "health", "care", "nursing", "senior", "assisted", "retirement", "cancer",
		"center", "centre", "home", "living", "practice", "regional", "community", "university",
		"institute", "village":
		return 1
	}
	return 0
}

// facilityEnd: words of class 1 that end a facility name after another facility word
// ("Medical Center", "Care Home", "Senior Living").
func facilityEnd(w string) bool {
	switch w {
	case "center", "centre", "home", "living", "practice", "institute", "village":
		return true
	}
	return false
}

// denomination: a facility word that is a name on its own ("Baptist Memorial").
func denomination(w string) bool {
	switch w {
	case "baptist", "methodist", "presbyterian", "lutheran", "episcopal", "adventist", "samaritan", "mercy":
		return true
	}
	return false
}

// facilityPrefix: words that come before the name in the languages of the set.
func facilityPrefix(w string) bool {
	switch w {
	case "hospital", "hopital", "clinica", "clinique", "klinikum", "uniklinik", "universitatsklinikum",
		"ospedale", "policlinico", "chu", "sanatorio", "hospitalario", "centre", "centro", "residencia",
		"ehpad", "klinik":
		return true
	}
	return false
}

func (s *scan) findFacilities() {
	for k := 0; k < len(s.toks); k++ {
		t := &s.toks[k]
		if !t.isAlpha() || t.flags&fFacility == 0 && !(t.upper && t.flags == 0) {
			continue
		}
		w := s.key(k)
		switch {
		case (w == "st" || w == "saint" || w == "sainte" || w == "san" || w == "santa" || w == "sao" || w == "sant") && s.saintFacility(k):
		case facilityPrefix(w) && s.prefixFacility(k):
		case facilityWord(w) == 2 && s.suffixFacility(k):
		case facilityEnd(w) && k > 0 && facilityWord(s.key(k-1)) == 1 && s.suffixFacility(k):
		case len(w) >= 7 && t.upper && t.flags == 0 && t.gaz == 0 && !s.sentenceInitial(k) && placeLikeEnding(w) &&
			(s.locativeBefore(k) || k > 0 && s.keyIs(k-1, "the")):
			s.add(t.start, t.end, KindPlace, "") // "at Harborview", "from Oakbrook"
		case len(w) >= 5 && t.upper && t.flags == 0 && t.gaz&gz.AnyGiven == 0 && k > 0 && s.keyIs(k-1, "at") && s.gapBefore(k) == " " &&
			k+1 < len(s.toks) && s.keyIs(k+1, "s") && (s.gap(k) == "'" || s.gap(k) == "’"):
			s.add(t.start, s.toks[k+1].end, KindPlace, "") // "at Addenbrooke's": a place named after its founder
		}
	}
}

// placeLikeEnding: English place-name endings, for a capitalised word no list knows.
func placeLikeEnding(w string) bool {
	for _, e := range []string{"view", "wood", "side", "dale", "field", "brook", "ridge", "crest",
		"haven", "ville", "burg", "borough", "ford", "mont", "vale", "hurst", "stead", "worth"} {
		if strings.HasSuffix(w, e) && len(w) > len(e)+2 {
			return true
		}
	}
	return false
}

// saintFacility: "St. Jude's", "St Mary's Hospital", "Saint Luke's", "st jude" (a saint's
// name after "st" in lower case too).
func (s *scan) saintFacility(k int) bool {
	if k+1 >= len(s.toks) {
		return false
	}
	g := s.gap(k)
	if g != " " && g != ". " && g != "." && g != "-" {
		return false
	}
	n := &s.toks[k+1]
	if !n.isAlpha() || n.has(fFunc) {
		return false
	}
	if !(n.upper || n.gaz&(gz.GivenStrong|gz.GivenCap) != 0 && !s.toks[k].upper) {
		return false
	}
	// "123 Main St" is a street: St after a name, not before one
	if k > 0 && s.gapBefore(k) == " " && s.toks[k-1].upper && s.keyIs(k, "st") && !s.locativeBefore(k) {
		return false
	}
	end := k + 1
	poss := false
	if g := s.gap(end); strings.HasPrefix(g, "'") || strings.HasPrefix(g, "’") {
		if end+1 < len(s.toks) && s.keyIs(end+1, "s") {
			end++
			poss = true
		}
	}
	end2 := s.facilityTail(end)
	if !poss && end2 == end && s.toks[k].upper && !(s.locativeBefore(k) || k > 0 && s.keyIs(k-1, "the")) {
		return false // "St. Louis" is a town (the gazetteer's), "St Patrick" a saint
	}
	s.add(s.toks[k].start, s.toks[end2].end, KindPlace, "")
	return true
}

// facilityTail extends a facility name over the facility words after token k ("Hospital",
// "Medical Center", "Care Home").
func (s *scan) facilityTail(k int) int {
	end := k
	for end+1 < len(s.toks) && end-k < 3 && s.gap(end) == " " && facilityWord(s.key(end+1)) > 0 && (s.toks[end+1].upper || !s.toks[k].upper) {
		end++
	}
	return end
}

// suffixFacility: token k is a facility word ending a name: walk back over the name.
func (s *scan) suffixFacility(k int) bool {
	t := &s.toks[k]
	start := k
	names := 0
	for j := k - 1; j >= 0 && k-j <= 4; j-- {
		g := s.gap(j)
		if g != " " && !(g == "'" || g == "’") {
			break
		}
		pt := &s.toks[j]
		if s.keyIs(j, "s") && (g == " ") && j > 0 && (s.gapBefore(j) == "'" || s.gapBefore(j) == "’") {
			continue // "Children's Hospital": the "s" of the possessive
		}
		if !pt.isAlpha() || pt.has(fFunc|fPersonal|fMonth) || !(pt.upper || !t.upper) || pt.has(fTitle) ||
			pt.gaz&gz.Medical != 0 || specialty(s.key(j)) {
			break // "Long COVID clinic", "Pain Clinic": a department, not a name
		}
		if facilityWord(s.key(j)) == 0 {
			if !pt.upper && (pt.flags != 0 && pt.gaz == 0 || !s.locativeBefore(j)) {
				break // "in general", "at home": lower-case facility names need "at X general"
			}
			names++
		}
		start = j
	}
	if names == 0 && start < k && denomination(s.key(start)) && s.toks[start].upper {
		names = 1 // "Baptist Memorial", "Methodist Hospital"
	}
	if names == 0 && start == k && denomination(s.key(k)) && t.upper && k+1 < len(s.toks) && s.gap(k) == " " && facilityWord(s.key(k+1)) > 0 && s.toks[k+1].upper {
		names, start = 1, k
		end := s.facilityTail(k)
		s.add(t.start, s.toks[end].end, KindPlace, "")
		return true
	}
	if names == 0 || start == k {
		return false
	}
	if w := s.key(k); (w == "county" || w == "parish" || w == "borough" || w == "township") && !t.upper {
		return false
	}
	if (s.keyIs(k, "surgery") || s.keyIs(k, "general") || s.keyIs(k, "memorial")) && !t.upper && !s.locativeBefore(start) {
		return false
	}
	end := k
	if g := s.gap(k); (g == "'" || g == "’") && k+1 < len(s.toks) && s.keyIs(k+1, "s") {
		end = k + 1 // "Valley Children's"
	}
	end = s.facilityTail(end)
	s.add(s.toks[start].start, s.toks[end].end, KindPlace, "")
	return true
}

// prefixFacility: "Hospital Clínico San Carlos", "Klinikum Augsburg", "CHU de Rennes",
// "Ospedale Niguarda".
func (s *scan) prefixFacility(k int) bool {
	t := &s.toks[k]
	if !t.upper {
		return false // "historia clínica", "el hospital de mi pueblo": no name follows
	}
	end := k
	words := 0
	for j := k + 1; j < len(s.toks) && j-k <= 5; j++ {
		g := s.gapBefore(j)
		if g != " " && g != "-" && g != "'" && g != "’" {
			break
		}
		n := &s.toks[j]
		if s.linkWord(j) && !n.upper {
			continue
		}
		if !n.isAlpha() || !n.upper || n.has(fMonth) || weekday(s.key(j)) {
			break
		}
		end = j
		words++
	}
	for end > k && s.linkWord(end) {
		end--
	}
	if words == 0 {
		return false
	}
	s.add(t.start, s.toks[end].end, KindPlace, "")
	return true
}

func weekday(w string) bool {
	switch w {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lunes",
		"martes", "miercoles", "jueves", "viernes", "sabado", "domingo", "lundi", "mardi",
		"mercredi", "jeudi", "vendredi", "samedi", "dimanche", "montag", "dienstag", "mittwoch",
		"donnerstag", "freitag", "samstag", "sonntag":
		return true
	}
	return false
}

// professionalTitle: titles after which even a lower-case word is a name ("dr okafor").
func (s *scan) professionalTitle(k int) bool {
	switch s.key(k) {
	case "dr", "dra", "doc", "doctor", "docteur", "dott", "dottore", "dottoressa", "doutor", "doutora",
		"prof", "professor", "nurse", "mr", "mrs", "ms", "miss", "mx":
		return true
	}
	return false
}

// specialty: words that make a clinic a department rather than a named place.
func specialty(w string) bool {
	switch w {
	case "pain", "sleep", "eye", "dental", "urgent", "allergy", "fertility", "memory", "heart", "lung",
		"kidney", "liver", "skin", "foot", "breast", "bone", "weight", "travel", "mental", "diabetes",
		"asthma", "covid", "infusion", "dialysis", "walk", "free", "student", "family", "womens",
		"mens", "sexual", "stroke", "transplant", "cardiac", "cardiology", "neurology", "rheumatology",
		"endocrinology", "oncology", "pediatric", "paediatric", "respiratory", "vaccination", "flu":
		return true
	}
	return false
}

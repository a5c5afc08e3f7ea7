package redact

import "strings"

// Street addresses. Three shapes cover most of what patients write:
//   - number, street name, street type: "123 Main St", "45 Elm Street Apt 4B",
//     "742 Evergreen Terrace, Springfield, OR 97403", "88 Queen's Road";
//   - street type first, then name and number: "Calle Mayor 12", "Via Roma 10",
//     "C/ Alcalá 45, 3º B", "12 rue de la Paix";
//   - a compound street word and a number: "Hauptstraße 5", "Kerkstraat 12".
//
// A capitalised street without a number ("on Elm Street") is taken too; so are PO boxes and
// UK postcodes. A town or city alone is not.

func (s *scan) findAddresses() {
	for k := range s.toks {
		t := &s.toks[k]
		switch {
		case t.has(fStreetPrefix) && s.prefixStreet(k):
		case t.has(fStreetSuffix|fStreetAbbrev) && s.suffixStreet(k):
		case t.upper && t.isAlpha() && s.compoundStreet(k):
		case s.keyIs(k, "box") && s.poBox(k):
		case t.digits > 0 && t.letters > 0 && s.ukPostcode(k):
		case s.keyIs(k, "c") && t.upper && (s.gap(k) == "/ " || s.gap(k) == "/") && s.prefixStreet(k):
		}
	}
}

// addAddress records [s.toks[from].start, s.toks[to].end) plus what follows an address:
// unit, city, state, postcode.
func (s *scan) addAddress(from, to int) {
	to = s.addressTail(to)
	end := s.toks[to].end
	// "18 Maple Ave. the one with…": the full stop is the abbreviation's, not the sentence's
	if s.toks[to].has(fStreetAbbrev) && end < len(s.text) && s.text[end] == '.' {
		if g := s.gap(to); to+1 < len(s.toks) && (g == ". " && !s.toks[to+1].upper || g == ".,") {
			end++
		}
	}
	s.add(s.toks[from].start, end, KindAddress, "")
}

// houseNumber: "12", "221B", "3a", "12-14".
func (s *scan) houseNumber(k int) bool {
	t := &s.toks[k]
	if t.digits == 0 || t.digits > 5 || !isASCIIDigit(s.text[t.start]) {
		return false
	}
	if t.letters > 1 || t.letters == 1 && !isASCIILetter(s.text[t.end-1]) {
		return false
	}
	return t.isDigits() || t.digits < t.end-t.start
}

// streetWord: a word that can be part of a street name. Lower-case words are accepted
// ("45 elm street"), but never small words, units or times ("2 hour drive", "4 units on
// the way").
func (s *scan) streetWord(k int) bool {
	t := &s.toks[k]
	if t.flags&(fFunc|fUnit|fTime|fPersonal|fMonth|fTitle|fPhoneCtx|fIDNoun) != 0 && !t.has(fDirection) {
		return false
	}
	if t.digits > 0 { // ordinals: "3rd", "42nd", "5th"
		w := s.key(k)
		return t.digits <= 3 && (strings.HasSuffix(w, "st") || strings.HasSuffix(w, "nd") || strings.HasSuffix(w, "rd") || strings.HasSuffix(w, "th"))
	}
	return true
}

// strongSuffix: street types that are street types even written in lower case.
func (s *scan) strongSuffix(k int) bool {
	switch s.key(k) {
	case "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln",
		"drive", "parkway", "pkwy", "highway", "hwy", "terrace":
		return true
	}
	return false
}

func (s *scan) suffixStreet(k int) bool {
	t := &s.toks[k]
	if !t.upper && !s.strongSuffix(k) {
		return false
	}
	if s.keyIs(k, "dr") && !t.upper {
		return false
	}
	// walk back over the street name
	j := k - 1
	names := 0
	for j >= 0 && names < 4 {
		g := s.gap(j)
		if g != " " && !(s.keyIs(j+1, "s") && (g == "'" || g == "’")) {
			break
		}
		if !s.streetWord(j) || s.houseNumber(j) {
			break
		}
		j--
		names++
	}
	if names > 0 && j >= 0 && s.houseNumber(j) && s.gap(j) == " " && !s.numberContinues(j) {
		s.addAddress(s.unitBefore(j), k)
		return true
	}
	// no number: "on Elm Street", "Willow Court"
	if t.upper && !t.allUpper && names > 0 && !s.toks[k].has(fStreetAbbrev) {
		from := k - 1
		if !s.toks[from].upper && s.toks[from].digits == 0 || s.toks[from].has(fFunc) {
			return false
		}
		if from > 0 && s.gap(from-1) == " " && s.toks[from-1].upper && s.streetWord(from-1) && !s.sentenceInitial(from-1) {
			from--
		}
		s.addAddress(from, k)
		return true
	}
	return false
}

// numberContinues: the "house number" is really the end of another number ("3.5", "1,200").
func (s *scan) numberContinues(j int) bool {
	if j == 0 {
		return false
	}
	g := s.gapBefore(j)
	return s.toks[j-1].digits > 0 && (g == "." || g == "," || g == "-" || g == "/")
}

// linkWord: the small words inside street names in Romance and Germanic languages.
func (s *scan) linkWord(k int) bool {
	switch s.key(k) {
	case "de", "del", "la", "las", "los", "el", "da", "do", "dos", "das", "di", "della",
		"delle", "dei", "des", "du", "le", "les", "d", "l", "von", "van", "der", "den", "dels":
		return true
	}
	return false
}

func (s *scan) prefixStreet(k int) bool {
	t := &s.toks[k]
	switch s.key(k) {
	case "calle", "rue", "avenida", "c", "carrer", "rua", "avenue", "boulevard", "bd":
	default:
		if !t.upper {
			return false
		}
	}
	// number first: "12 rue de la Paix"
	numberFirst := k > 0 && s.houseNumber(k-1) && s.gap(k-1) == " " && !s.numberContinues(k-1)
	j := k
	words := 0
	for j+1 < len(s.toks) && j-k < 6 {
		g := s.gap(j)
		if g != " " && !(j == k && (g == "/ " || g == "/")) && g != "'" && g != "’" {
			break
		}
		n := &s.toks[j+1]
		if s.linkWord(j+1) && !n.upper {
			j++
			continue
		}
		if n.upper && n.isAlpha() && !n.has(fFunc|fMonth) || s.linkWord(j+1) {
			j++
			words++
			continue
		}
		break
	}
	for j > k && s.linkWord(j) { // do not end on "de"
		j--
	}
	from := k
	if words == 0 && k > 0 && s.gap(k-1) == " " && s.toks[k-1].upper && s.toks[k-1].isAlpha() && !s.toks[k-1].has(fFunc) {
		from, words = k-1, 1 // "Gran Vía 28"
		numberFirst = false
	}
	if words == 0 {
		return false
	}
	if numberFirst {
		s.addAddress(k-1, j)
		return true
	}
	if j+1 < len(s.toks) && (s.gap(j) == " " || s.gap(j) == ", ") && s.houseNumber(j+1) {
		s.addAddress(from, j+1)
		return true
	}
	return false
}

// compoundStreet: "Hauptstraße 5", "Lindenweg 3a", "Kerkstraat 12", "Berliner Straße 12".
func (s *scan) compoundStreet(k int) bool {
	w := s.key(k)
	last := k
	switch {
	case s.toks[k].flags == 0 && len(w) >= 5 && hasStreetEnding(w):
	case k+2 < len(s.toks) && s.gap(k) == " " && s.toks[k+1].upper && isStreetWord(s.key(k+1)):
		last = k + 1
	default:
		return false
	}
	if k > 0 && last == k && s.houseNumber(k-1) && s.gapBefore(k) == " " && !s.numberContinues(k-1) && strings.HasSuffix(w, "way") {
		s.addAddress(k-1, k) // "45 Kingsway": English puts the number first
		return true
	}
	if g := s.gap(last); g != " " && g != ". " { // "Str. 12"
		return false
	}
	if last+1 >= len(s.toks) || !s.houseNumber(last+1) {
		return false
	}
	s.addAddress(k, last+1)
	return true
}

func hasStreetEnding(w string) bool {
	for _, e := range []string{"strasse", "str", "weg", "platz", "allee", "gasse", "damm",
		"ufer", "ring", "straat", "laan", "gracht", "plein", "kade", "steeg", "singel", "dijk",
		"markt", "vej", "gade", "gatan", "vagen", "veien", "gata", "way"} {
		if strings.HasSuffix(w, e) && len(w) > len(e)+2 {
			return true
		}
	}
	return false
}

func isStreetWord(w string) bool {
	switch w {
	case "strasse", "str", "weg", "platz", "allee", "gasse", "damm", "ring", "ufer", "straat", "laan":
		return true
	}
	return false
}

// poBox: "PO Box 4471", "P.O. Box 1209".
func (s *scan) poBox(k int) bool {
	if k+1 >= len(s.toks) || !s.toks[k+1].isDigits() || s.gap(k) != " " {
		return false
	}
	from := -1
	switch {
	case k >= 1 && s.keyIs(k-1, "po"):
		from = k - 1
	case k >= 2 && s.keyIs(k-1, "o") && s.keyIs(k-2, "p"):
		from = k - 2
	default:
		return false
	}
	s.add(s.toks[from].start, s.toks[k+1].end, KindAddress, "")
	return true
}

// ukPostcode: "SW1A 1AA", "M1 1AE" in capitals. The second half's letters never include
// C, I, K, M, O or V, which keeps "B12 5MG" a vitamin and not a postcode.
func (s *scan) ukPostcode(k int) bool {
	if k+1 >= len(s.toks) || s.gap(k) != " " {
		return false
	}
	out, in := s.toks[k].text(s.text), s.toks[k+1].text(s.text)
	if !ukOutward(out) || !ukInward(in) {
		return false
	}
	s.add(s.toks[k].start, s.toks[k+1].end, KindAddress, "")
	return true
}

func ukOutward(w string) bool {
	if len(w) < 2 || len(w) > 4 {
		return false
	}
	i := 0
	for i < len(w) && 'A' <= w[i] && w[i] <= 'Z' {
		i++
	}
	if i < 1 || i > 2 || i == len(w) || !isASCIIDigit(w[i]) {
		return false
	}
	rest := w[i+1:]
	return rest == "" || len(rest) == 1 && ('A' <= rest[0] && rest[0] <= 'Z' || isASCIIDigit(rest[0]))
}

func ukInward(w string) bool {
	return len(w) == 3 && isASCIIDigit(w[0]) && strings.IndexByte("ABDEFGHJLNPQRSTUWXYZ", w[1]) >= 0 &&
		strings.IndexByte("ABDEFGHJLNPQRSTUWXYZ", w[2]) >= 0
}

// addressTail extends an address over what may follow the street: a direction ("NW"), a
// unit ("Apt 4B", "Suite 200", "#5", "3º B"), and a city with state and ZIP
// (", Springfield, OR 97403") or a postcode and town (", 10117 Berlin").
func (s *scan) addressTail(k int) int {
	if k+1 < len(s.toks) && s.gap(k) == " " && s.toks[k+1].has(fDirection) && s.toks[k+1].allUpper {
		k++
	}
	// unit
	if k+1 < len(s.toks) {
		g := s.gap(k)
		if k+2 < len(s.toks) && (g == " " || g == ", ") && s.toks[k+1].has(fUnitDesig) && len(s.gap(k+1)) <= 2 && s.unitValue(k+2) {
			k += 2
		} else if (g == " #" || g == ", #") && s.unitValue(k+1) {
			k++
		}
	}
	if k+1 < len(s.toks) && s.gap(k) == ", " && s.toks[k+1].digits > 0 && strings.ContainsAny(s.key(k+1), "ºª") {
		k++ // "3º"
		if k+1 < len(s.toks) && s.gap(k) == " " && s.toks[k+1].end-s.toks[k+1].start == 1 && s.toks[k+1].upper {
			k++ // "B"
		} else if k+1 < len(s.toks) && s.gap(k) == " " && floorSide(s.key(k+1)) {
			k++ // "izquierda"
		}
	}
	// ", 10117 Berlin"
	if k+2 < len(s.toks) && s.gap(k) == ", " && s.toks[k+1].isDigits() && (s.toks[k+1].digits == 5 || s.toks[k+1].digits == 4) &&
		s.gap(k+1) == " " && s.toks[k+2].upper && s.toks[k+2].isAlpha() {
		return k + 2
	}
	// ", Springfield, OR 97403" / ", Palo Alto, CA 94304" / ", Austin, TX"
	if k+2 < len(s.toks) && s.gap(k) == ", " && s.toks[k+1].upper && s.toks[k+1].isAlpha() {
		j := k + 1
		for j+1 < len(s.toks) && j-k < 3 && s.gap(j) == " " && s.toks[j+1].upper && s.toks[j+1].isAlpha() && !s.usState(j+1) {
			j++
		}
		if j+1 < len(s.toks) && (s.gap(j) == ", " || s.gap(j) == " ") && s.usState(j+1) {
			j++
			if j+1 < len(s.toks) && s.gap(j) == " " && s.toks[j+1].isDigits() && s.toks[j+1].digits == 5 {
				j++
				if j+1 < len(s.toks) && s.gap(j) == "-" && s.toks[j+1].isDigits() && s.toks[j+1].digits == 4 {
					j++
				}
			}
			return j
		}
	}
	return k
}

func (s *scan) unitValue(k int) bool {
	t := &s.toks[k]
	return t.end-t.start <= 6 && (t.digits > 0 || t.end-t.start == 1 && t.upper)
}

func (s *scan) usState(k int) bool {
	t := &s.toks[k]
	if t.end-t.start != 2 || !t.allUpper {
		return false
	}
	return strings.Contains(usStates, s.text[t.start:t.end])
}

const usStates = "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR"

// floorSide: the door on a Spanish landing ("2º izquierda").
func floorSide(w string) bool {
	switch w {
	case "izquierda", "izda", "izq", "derecha", "dcha", "der", "centro", "interior", "exterior":
		return true
	}
	return false
}

// unitBefore extends an address back over a unit written first: "Apartment 3, 27 Harbour
// View Terrace", "Flat 2 12 Mill Lane".
func (s *scan) unitBefore(j int) int {
	if j >= 2 && (s.gap(j-1) == ", " || s.gap(j-1) == " ") && s.unitValue(j-1) && s.toks[j-2].has(fUnitDesig) && s.gap(j-2) == " " {
		return j - 2
	}
	return j
}

package redact

import "strings"

// findKeywordIDs reads the value after an ID word: "MRN 00482913", "member ID: XJ4-88213",
// "policy #A1234567", "NHS number 943 476 5919". The value is one or more words with at
// least three digits between them, joined by "-", "/", "." or, for digit groups, spaces.
func (s *scan) findKeywordIDs() {
	for k := 0; k < len(s.toks); k++ {
		t := &s.toks[k]
		if t.digits == 0 && !(t.allUpper || t.upper && t.end-t.start == 1) {
			continue
		}
		if !s.idCueBefore(k) {
			continue
		}
		end, digits := k, t.digits
		for end+1 < len(s.toks) {
			g := s.gap(end)
			if end == k && strings.HasPrefix(g, ")") && t.start > 0 && s.text[t.start-1] == '(' {
				g = g[1:] // "(555) 123-4567" after an ID word: the brackets go too
			}
			nt := &s.toks[end+1]
			// digit groups may be spaced ("943 476 5919", "ZXW 448 2291")
			spaced := g == " " && nt.isDigits() && (s.toks[end].digits > 0 || end == k && s.toks[end].allUpper && s.toks[end].end-s.toks[end].start <= 4)
			if g == "-" || g == "/" || g == "." && nt.digits > 0 || spaced || g == " " && nt.digits > 0 && s.toks[end].digits > 0 && nt.allUpper {
				end++
				digits += nt.digits
				continue
			}
			break
		}
		if digits < 3 || t.digits == 0 && k == end || t.digits == 0 && s.toks[k+1].digits == 0 {
			continue
		}
		if s.unitAfter(end) && k == end {
			continue
		}
		kind := KindID
		if s.postcodeCue(k) {
			kind = KindAddress
		}
		start := t.start
		if start > 0 && s.text[start-1] == '(' && strings.HasPrefix(s.gap(k), ")") {
			start--
		}
		s.add(start, s.toks[end].end, kind, "")
		k = end
	}
}

// postcodeCue: "zip 90210" — the value is part of an address, not an ID.
func (s *scan) postcodeCue(k int) bool {
	for i := k - 1; i >= 0 && i >= k-3; i-- {
		if s.toks[i].has(fPostcodeCue) {
			return true
		}
	}
	return false
}

// findAlnumIDs: a word (or words joined by "-") mixing letters and at least five digits is
// a reference of some kind: "A1234567", "XJ4-88213", "1EG4-TE5-MK73", "12345678Z". Medical
// codes have fewer digits ("HbA1c", "COVID-19", "mRNA-1273"), and a unit after digits makes
// a quantity ("100000IU").
func (s *scan) findAlnumIDs() {
	for k := 0; k < len(s.toks); k++ {
		end := k
		digits, letters := s.toks[k].digits, s.toks[k].letters
		for end+1 < len(s.toks) && s.gap(end) == "-" && s.toks[end+1].start-s.toks[end].end == 1 {
			end++
			digits += s.toks[end].digits
			letters += s.toks[end].letters
		}
		if digits >= 5 && letters > 0 && !(k == end && s.quantityWord(k)) {
			s.add(s.toks[k].start, s.toks[end].end, KindID, "")
		}
		k = end
	}
}

// quantityWord: digits followed by a unit in one word ("800mg", "100000iu", "5000steps").
func (s *scan) quantityWord(k int) bool {
	w := s.key(k)
	i := 0
	for i < len(w) && (isASCIIDigit(w[i]) || w[i] == '.') {
		i++
	}
	if i == 0 || i == len(w) {
		return false
	}
	return lexicon[w[i:]]&fUnit != 0 || strings.HasPrefix(w[i:], "mg") || strings.HasPrefix(w[i:], "iu")
}

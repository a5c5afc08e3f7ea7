package redact

import "strings"

// Clinical codes that look like identifiers but name a batch, a product or a study, not a
// person, and that a clinician needs: medication lot and batch numbers ("lot 4KX9921"),
// national drug codes ("NDC 0002-8215-01", which has a phone number's shape), trial registry
// numbers ("NCT04281213") and expiry dates ("exp 2026-03-31"). They are marked before the
// detectors' spans are merged, and no span inside one survives.

func (s *scan) markClinicalCodes() {
	for k := 0; k < len(s.toks); k++ {
		t := &s.toks[k]
		if t.digits == 0 && t.flags&fCodeCue == 0 {
			continue
		}
		switch w := s.key(k); {
		case t.digits == 8 && t.letters == 3 && strings.HasPrefix(w, "nct"):
			s.keepSpan(k, k)
		case w == "lot" || w == "lote" || w == "lotto" || w == "batch" || w == "charge" || w == "chargenbezeichnung" ||
			w == "b" && k > 0 && s.keyIs(k-1, "ch"):
			if end, ok := s.lotCode(k); ok {
				s.keepSpan(k+1, end)
				k = end
			}
		case w == "ndc":
			if end, ok := s.ndcAfter(k); ok {
				s.keepSpan(k+1, end)
				k = end
			}
		case w == "exp" || w == "expiry" || w == "expires" || w == "expiration" || w == "caducidad" || w == "cad" ||
			w == "scadenza" || w == "verfallsdatum" || w == "validade":
			if end := s.expiryDate(k); end > k {
				s.keepSpan(k+1, end)
				k = end
			}
		case t.isDigits() && s.ndcShape(k) > k && !s.idCueBefore(k) && !s.phoneCueBefore(k):
			end := s.ndcShape(k)
			s.keepSpan(k, end)
			k = end
		}
	}
}

func (s *scan) keepSpan(from, to int) {
	s.keep = append(s.keep, span{start: s.toks[from].start, end: s.toks[to].end})
}

// lotCode: the code after "lot", "LOT:", "lot #", "lot no.", "batch", "Ch.-B.": one word with
// a digit in it, or words joined by "-". "a lot 555-0142" is not a lot number.
func (s *scan) lotCode(k int) (int, bool) {
	if k > 0 && (s.keyIs(k-1, "a") || s.keyIs(k-1, "whole") || s.keyIs(k-1, "parking")) {
		return 0, false
	}
	j := k + 1
	if j < len(s.toks) && (s.keyIs(j, "number") || s.keyIs(j, "no") || s.keyIs(j, "nr") || s.keyIs(j, "numero")) && len(s.gap(k)) <= 2 {
		j++
	}
	if j >= len(s.toks) {
		return 0, false
	}
	switch g := s.gapBefore(j); g {
	case " ", ": ", ":", " #", "#", "# ", ". ", " # ", ".: ", ".-", ": #":
	default:
		return 0, false
	}
	t := &s.toks[j]
	if t.digits == 0 || t.end-t.start > 14 {
		return 0, false
	}
	end := j
	for end+1 < len(s.toks) && s.gap(end) == "-" && s.toks[end+1].digits+s.toks[end+1].letters > 0 && end-j < 3 {
		end++
	}
	if s.toks[j].isDigits() && end == j && s.phoneCueBefore(j) {
		return 0, false
	}
	return end, true
}

// ndcAfter: "NDC 0002-8215-01", "NDC: 00002821501".
func (s *scan) ndcAfter(k int) (int, bool) {
	j := k + 1
	if j < len(s.toks) && s.keyIs(j, "code") {
		j++
	}
	if j >= len(s.toks) || !s.toks[j].isDigits() || len(s.gapBefore(j)) > 3 {
		return 0, false
	}
	if end := s.ndcShape(j); end > j {
		return end, true
	}
	if n := s.toks[j].digits; n == 10 || n == 11 {
		return j, true
	}
	return 0, false
}

// ndcShape: the three hyphenated parts of a national drug code, 4-4-2, 5-3-2, 5-4-1 or 5-4-2.
func (s *scan) ndcShape(k int) int {
	if k+2 >= len(s.toks) || s.gap(k) != "-" || s.gap(k+1) != "-" {
		return k
	}
	a, b, c := &s.toks[k], &s.toks[k+1], &s.toks[k+2]
	if !a.isDigits() || !b.isDigits() || !c.isDigits() {
		return k
	}
	switch [3]int{a.digits, b.digits, c.digits} {
	case [3]int{4, 4, 2}, [3]int{5, 3, 2}, [3]int{5, 4, 1}, [3]int{5, 4, 2}:
		return k + 2
	}
	return k
}

// expiryDate: the date after "exp", "expires", "caducidad": 03/2026, 2026-03-31, 03/26.
func (s *scan) expiryDate(k int) int {
	j := k + 1
	if j < len(s.toks) && (s.keyIs(j, "date") || s.keyIs(j, "on")) {
		j++
	}
	if j >= len(s.toks) || !s.toks[j].isDigits() || len(s.gapBefore(j)) > 3 {
		return k
	}
	end := j
	for end+1 < len(s.toks) && end-j < 2 && s.toks[end+1].isDigits() && (s.gap(end) == "/" || s.gap(end) == "-" || s.gap(end) == ".") {
		end++
	}
	if end == j && s.toks[j].digits != 4 {
		return k
	}
	return end
}

// isKept: sp lies inside a clinical code. A span reaching beyond one stays whole: an
// identifier next to a lot number still goes.
func (s *scan) isKept(sp span) bool {
	for _, k := range s.keep {
		if k.start <= sp.start && sp.end <= k.end {
			return true
		}
	}
	return false
}

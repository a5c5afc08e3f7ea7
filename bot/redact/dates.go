package redact

import "strings"

// Dates. A date is an identifier when it is tied to a person: a birth date, the day someone
// was admitted, operated on or diagnosed. The rules, from strict to loose:
//   - a full calendar date with day, month and year is always redacted (when in doubt);
//   - a day and month ("March 14th", "7/4") is redacted near "born", "birthday", "DOB",
//     "admitted", "surgery"…, or in a sentence about someone ("I", "my", "her", "my son");
//   - a month and year, a year alone or a holiday ("born on Halloween 1999") only near
//     "born"/"birthday"/"DOB".
//
// Relative dates ("next Monday", "in 2 weeks"), weekdays, months alone ("in March"), years
// alone ("since 2004") and times ("at 18:00") are kept: a clinician needs them and they do
// not point at anyone.

func (s *scan) findDates() {
	for k := 0; k < len(s.toks); k++ {
		t := &s.toks[k]
		switch {
		case t.has(fMonth):
			if end := s.monthDate(k); end > k {
				k = end
			}
		case t.has(fHoliday) && s.birthCue(k, k):
			end := k
			if k+1 < len(s.toks) && s.gap(k) == " " && (s.keyIs(k+1, "day") || s.keyIs(k+1, "eve")) {
				end = k + 1 // "Christmas Day"
			}
			if y := s.yearAfter(end); y > 0 {
				end = y
			}
			s.add(t.start, s.toks[end].end, KindDate, "")
			k = end
		case t.isDigits() && t.digits == 4 && s.yearValue(k) && s.birthYearCue(k) && !s.inChunk(k):
			s.add(t.start, t.end, KindDate, "")
		}
	}
}

// monthDate reads a date around the month name at token m and records it if the rules say
// so; it returns the last token used, or m when there is no date.
func (s *scan) monthDate(m int) int {
	start, end := m, m
	day, year := false, false
	ordinal := false
	// day before: "14 March", "14th of March", "3 de marzo", "14. März"
	if d := m - 1; d >= 0 && s.dayToken(d) {
		if g := s.gap(d); g == " " || g == ". " {
			start, day, ordinal = d, true, !s.toks[d].isDigits()
		}
	} else if d := m - 2; d >= 0 && s.toks[m-1].has(fDateLink) && s.dayToken(d) && s.gap(d) == " " && s.gap(m-1) == " " {
		start, day, ordinal = d, true, !s.toks[d].isDigits()
	}
	// day after: "March 14", "Sept. 9", "March 14th"
	if !day && m+1 < len(s.toks) && s.dayToken(m+1) {
		if g := s.gap(m); g == " " || g == ". " {
			end, day, ordinal = m+1, true, !s.toks[m+1].isDigits()
		}
	}
	// year after: "March 14, 1985", "14 March 1985", "3 de marzo de 1990", "March 1985"
	if y := s.yearAfter(end); y > 0 {
		end, year = y, true
	}
	t := &s.toks[m]
	if t.has(fMonthAmbig) && !t.upper && !ordinal && !year {
		return m // "you may 2x the dose"
	}
	if !day && !year {
		return m
	}
	switch {
	case day && year:
	case day && (s.dateCue(start, end) || s.personalSentence(m)):
	case s.birthCue(start, end):
	default:
		return m
	}
	s.add(s.toks[start].start, s.toks[end].end, KindDate, "")
	return end
}

// dayToken: 1–31, optionally with an ordinal suffix ("14th", "2nd", "1º").
func (s *scan) dayToken(k int) bool {
	t := &s.toks[k]
	w := s.key(k)
	n := t.digits
	if n == 0 || n > 2 || !isASCIIDigit(w[0]) {
		return false
	}
	v := int(w[0] - '0')
	if n == 2 {
		if !isASCIIDigit(w[1]) {
			return false
		}
		v = v*10 + int(w[1]-'0')
	}
	if v < 1 || v > 31 {
		return false
	}
	switch w[n:] {
	case "", "st", "nd", "rd", "th", "º", "o", "er", "e":
		return true
	}
	return false
}

// yearAfter finds a year right after token k: ", 1985", " 1985", " de 1990", " '85".
func (s *scan) yearAfter(k int) int {
	if k+1 >= len(s.toks) {
		return 0
	}
	g := s.gap(k)
	switch {
	case (g == " " || g == ", " || g == ". ") && s.yearValue(k+1):
		return k + 1
	case (g == " '" || g == " ’") && s.toks[k+1].isDigits() && s.toks[k+1].digits == 2:
		return k + 1
	case g == " " && k+2 < len(s.toks) && s.toks[k+1].has(fDateLink) && s.gap(k+1) == " " && s.yearValue(k+2):
		return k + 2
	}
	return 0
}

func (s *scan) yearValue(k int) bool {
	t := &s.toks[k]
	if !t.isDigits() || t.digits != 4 {
		return false
	}
	w := s.text[t.start:t.end]
	return w[:2] == "19" || w[:2] == "20"
}

// inChunk: token k is part of a longer number ("1985-03-14", "2024 1234"), which findNumbers
// has read already.
func (s *scan) inChunk(k int) bool {
	if k > 0 && s.toks[k-1].isDigits() && chunkSep(s.gapBefore(k)) {
		return true
	}
	return k+1 < len(s.toks) && s.toks[k+1].isDigits() && chunkSep(s.gap(k))
}

// birthTok: "born", "DOB", "birthday", "D.O.B.", "b-day".
func (s *scan) birthTok(i int) bool {
	if s.toks[i].has(fBirth) {
		return true
	}
	if i >= 2 && s.keyIs(i, "b") && s.keyIs(i-1, "o") && s.keyIs(i-2, "d") {
		return true
	}
	return i >= 1 && s.keyIs(i, "day") && s.keyIs(i-1, "b")
}

// birthYearCue: "born 1979", "born in 1979", "DOB: 1979" — the year right after the birth
// word, not "born 1979, T1D since 1990".
func (s *scan) birthYearCue(k int) bool {
	for i := k - 1; i >= 0 && i >= k-3; i-- {
		if s.birthTok(i) {
			return true
		}
		if strings.ContainsAny(s.gap(i), ",;") || s.toks[i].digits > 0 {
			return false
		}
	}
	return false
}

// birthCue: a birth word within six words before from, or five after to.
func (s *scan) birthCue(from, to int) bool {
	return s.cue(from, to, func(i int) bool { return s.birthTok(i) })
}

// dateCue: a birth word or a word for an event in someone's care ("admitted", "surgery").
func (s *scan) dateCue(from, to int) bool {
	return s.cue(from, to, func(i int) bool { return s.birthTok(i) || s.toks[i].has(fEvent) })
}

func (s *scan) cue(from, to int, is func(int) bool) bool {
	for i := from - 1; i >= 0 && i >= from-6; i-- {
		if s.toks[i].sent != s.toks[from].sent {
			break
		}
		if is(i) {
			return true
		}
	}
	for i := to + 1; i < len(s.toks) && i <= to+5; i++ {
		if s.toks[i].sent != s.toks[to].sent {
			break
		}
		if is(i) {
			return true
		}
	}
	return false
}

// personalSentence: the sentence of token k speaks about someone ("I", "my", "her", "my son").
func (s *scan) personalSentence(k int) bool {
	sent := s.toks[k].sent
	for i := k; i >= 0 && s.toks[i].sent == sent; i-- {
		if s.toks[i].has(fPersonal) {
			return true
		}
	}
	for i := k + 1; i < len(s.toks) && s.toks[i].sent == sent; i++ {
		if s.toks[i].has(fPersonal) {
			return true
		}
	}
	return false
}

package redact

import "strings"

// Numbers: phone numbers, numeric dates, SSNs, card numbers and long digit runs. The text is
// cut into chunks of digit words joined by one separator ("555-123-4567", "+44 20 7946 0958",
// "14.03.1985"), and each chunk is read against the shapes those identifiers take. Medical
// numbers survive because they do not take those shapes: "7.2", "120/80", "45 mg/dL", "18:00"
// (a colon never joins a chunk), "10,000" (nor does a comma), and a unit after a number
// ("100000 IU") marks it as a quantity.

type group struct {
	k     int // token index
	n     int // digits
	val   int // value (only meaningful for n <= 9)
	sep   string
	paren bool // written "(555)"
	first byte // first digit
}

// chunkSep says whether the text between two digit words keeps them in one chunk.
func chunkSep(g string) bool {
	switch g {
	case " ", "-", ".", "/", ") ", ")", " (", ")-", "-(", " - ", ") - ", "-)":
		return true
	}
	return false
}

func (s *scan) findNumbers() {
	var gs []group
	for k := 0; k < len(s.toks); k++ {
		if !s.toks[k].isDigits() {
			continue
		}
		gs = gs[:0]
		j := k
		for {
			t := &s.toks[j]
			g := group{k: j, n: t.digits, first: s.text[t.start]}
			if g.n <= 9 {
				for i := t.start; i < t.end; i++ {
					g.val = g.val*10 + int(s.text[i]-'0')
				}
			}
			if len(gs) > 0 {
				g.sep = s.gapBefore(j)
			}
			before := s.gapBefore(j)
			after := s.gap(j)
			g.paren = len(before) > 0 && before[len(before)-1] == '(' && len(after) > 0 && after[0] == ')'
			gs = append(gs, g)
			if j+1 < len(s.toks) && s.toks[j+1].isDigits() && chunkSep(s.gap(j)) {
				j++
				continue
			}
			break
		}
		s.classifyChunk(gs)
		k = j
	}
}

func (s *scan) classifyChunk(gs []group) {
	plus := s.plusBefore(gs[0].k)
	if !plus && s.idCueBefore(gs[0].k) {
		// "NHS number 943 476 5919" is an ID, not a phone: the whole chunk goes as one
		total := 0
		for _, g := range gs {
			total += g.n
		}
		if total >= 3 {
			first, last := gs[0], gs[len(gs)-1]
			start, end := s.toks[first.k].start, s.toks[last.k].end
			if first.paren {
				start--
			}
			if last.paren {
				end++
			}
			s.add(start, end, KindID, "")
			return
		}
	}
	// Once a phone number or ID is found in a chunk, the whole chunk goes: splitting
	// "01 1-800-555-0199 0" into the right pieces is guesswork, and a wrong guess would leave
	// digits of the number behind.
	var strong Kind
	strongEnd := 0
	defer func() {
		if strong != "" {
			first, last := gs[0], gs[len(gs)-1]
			start, end := s.toks[first.k].start, s.toks[last.k].end
			if plus {
				start--
			}
			if first.paren {
				start--
			}
			if last.paren {
				end++
			}
			s.add(start, max(end, strongEnd), strong, "")
		}
	}()
	for a := 0; a < len(gs); {
		var n int
		var kind Kind
		switch {
		case a == 0 && plus:
			n, kind = intlPhone(gs), KindPhone
		case ipv4Chunk(gs[a:]) > 0:
			n, kind = 4, KindIP
		case s.numericDate(gs[a:]) > 0:
			n, kind = 3, KindDate
		case ssn(gs[a:]):
			n, kind = 3, KindID
		case card(gs[a:]):
			n, kind = 4, KindID
		}
		if n == 0 {
			n, kind = s.phoneShape(gs[a:]), KindPhone
		}
		if n == 0 && a == 0 && len(gs) == 2 && s.shortDate(gs) {
			n, kind = 2, KindDate
		}
		if n == 0 {
			g := gs[a]
			if g.n >= 6 && !s.unitAfter(g.k) && !(a+1 < len(gs) && gs[a+1].sep == ".") && !(a > 0 && gs[a].sep == ".") {
				n, kind = 1, KindID
				if g.n >= 7 && g.n <= 15 && s.phoneCueBefore(g.k) {
					kind = KindPhone
				}
			} else {
				a++
				continue
			}
		}
		first, last := gs[a], gs[a+n-1]
		start := s.toks[first.k].start
		if a == 0 && plus {
			start-- // the "+"
		}
		if first.paren {
			start--
		}
		end := s.toks[last.k].end
		if last.paren {
			end++
		}
		if kind == KindPhone {
			end = s.extension(last.k, end)
		}
		s.add(start, end, kind, "")
		if strong == "" && (kind == KindPhone || kind == KindID) {
			strong = kind
		}
		strongEnd = max(strongEnd, end)
		a += n
	}
}

// plusBefore: "+44…", not "5+44".
func (s *scan) plusBefore(k int) bool {
	st := s.toks[k].start
	if st == 0 || s.text[st-1] != '+' {
		return false
	}
	return st == 1 || !isWordRune(rune(s.text[st-2]))
}

// intlPhone: "+" country code and the groups after it, up to the 15 digits E.164 allows.
func intlPhone(gs []group) int {
	total, n := 0, 0
	for _, g := range gs {
		if total+g.n > 15 {
			break
		}
		total += g.n
		n++
	}
	if total < 7 || n == 0 {
		return 0
	}
	return n
}

// numericDate: day, month and year, in any order people write them: 3/14/1985, 14.03.1985,
// 1985-03-14, 03/14/85. Returns 3 when gs starts with one.
func (s *scan) numericDate(gs []group) int {
	if len(gs) < 3 {
		return 0
	}
	a, b, c := gs[0], gs[1], gs[2]
	if b.sep != c.sep || (b.sep != "/" && b.sep != "-" && b.sep != ".") || a.paren {
		return 0
	}
	if len(gs) > 3 && gs[3].sep == b.sep { // 192.168.1.20, not a date
		return 0
	}
	dm := func(x, y group) bool {
		return x.n <= 2 && y.n <= 2 && x.val >= 1 && y.val >= 1 &&
			(x.val <= 12 && y.val <= 31 || x.val <= 31 && y.val <= 12)
	}
	year := func(g group) bool { return g.n == 2 || g.n == 4 && g.val >= 1900 && g.val <= 2099 }
	if dm(a, b) && year(c) {
		return 3
	}
	if a.n == 4 && year(a) && b.n <= 2 && c.n <= 2 && b.val >= 1 && b.val <= 12 && c.val >= 1 && c.val <= 31 {
		return 3
	}
	return 0
}

// shortDate: day and month without a year ("7/4", "14.03"), only where the text ties it
// to a person: near "born"/"birthday"/"admitted", or after "on" in a sentence about someone.
// "1/2 tab" and "3/4 cup" are fractions, not dates.
func (s *scan) shortDate(gs []group) bool {
	a, b := gs[0], gs[1]
	// "14.03." is German for a day and month, "6.4" is a decimal
	dotted := b.sep == "." && strings.HasPrefix(s.gap(b.k), ".")
	if b.sep != "/" && !dotted || a.n > 2 || b.n > 2 || a.val < 1 || b.val < 1 {
		return false
	}
	if !(a.val <= 12 && b.val <= 31 || a.val <= 31 && b.val <= 12) {
		return false
	}
	if a.val < b.val && (b.val == 2 || b.val == 3 || b.val == 4 || b.val == 8) {
		return false
	}
	if s.unitAfter(b.k) {
		return false
	}
	if s.dateCue(a.k, b.k) {
		return true
	}
	if a.k > 0 && s.toks[a.k].start-s.toks[a.k-1].end == 1 {
		switch s.key(a.k - 1) {
		case "on", "since", "el", "am", "le":
			return s.personalSentence(a.k)
		}
	}
	return false
}

func ssn(gs []group) bool {
	if len(gs) < 3 {
		return false
	}
	a, b, c := gs[0], gs[1], gs[2]
	return a.n == 3 && b.n == 2 && c.n == 4 && b.sep == c.sep && (b.sep == "-" || b.sep == " ") && !a.paren
}

func card(gs []group) bool {
	if len(gs) < 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if gs[i].n != 4 || i > 0 && gs[i].sep != gs[1].sep {
			return false
		}
	}
	return gs[1].sep == " " || gs[1].sep == "-"
}

// phoneShape recognises national phone numbers without a "+": North American
// (555) 123-4567 / 1-800-555-0199 / 555-0147, trunk-prefixed European numbers
// (07700 900123, 030 1234567, 06 12 34 56 78), international "00…", Spanish 612 34 56 78,
// and any 7 to 15 digits after a word like "call", "cell" or "text".
func (s *scan) phoneShape(gs []group) int {
	g0 := gs[0]
	cue := s.phoneCueBefore(g0.k)
	// 00 44 …: international access code
	if g0.first == '0' && g0.n >= 4 && s.text[s.toks[g0.k].start+1] == '0' {
		if n, total := upTo(gs, 15); total >= 11 && n >= 2 {
			return n
		}
	}
	// Brazil and others: (11) 91234-5678, an area code in brackets, then 4 or 5 and 4 digits
	if g0.paren && (g0.n == 2 || g0.n == 3) && len(gs) >= 3 && (gs[1].n == 4 || gs[1].n == 5) && gs[2].n == 4 {
		return 3
	}
	// North American: [1] 3-3-4, or 3-4 written with "-" or "."
	h := gs
	lead := 0
	if g0.n == 1 && g0.val == 1 && len(gs) >= 4 {
		h, lead = gs[1:], 1
	}
	if len(h) >= 3 && h[0].n == 3 && h[1].n == 3 && h[2].n == 4 {
		return lead + 3
	}
	// 3-4 and "any digits after 'call'" are loose enough that a unit after them means a
	// quantity ("100-1200 units")
	loose := !s.unitAfter(gs[len(gs)-1].k)
	if loose && len(gs) >= 2 && g0.n == 3 && gs[1].n == 4 && !g0.paren &&
		(gs[1].sep == "-" || gs[1].sep == "." || cue) && (len(gs) == 2 || gs[2].sep != gs[1].sep) {
		return 2
	}
	// trunk prefix 0: 2–5 digit area code, 9–12 digits in all
	if g0.first == '0' && g0.n >= 2 && g0.n <= 5 && len(gs) >= 2 && g0.val != 0 {
		if n, total := upTo(gs, 12); total >= 9 && n >= 2 {
			return n
		}
	}
	if len(gs) == 1 && g0.first == '0' && (g0.n == 10 || g0.n == 11) && s.text[s.toks[g0.k].start+1] != '0' {
		return 1
	}
	// Spanish and similar: 612 34 56 78, 933 12 34 56; 612 345 678 only with a cue
	if g0.n == 3 && g0.first >= '6' && g0.first <= '9' && len(gs) >= 4 && gs[1].n == 2 && gs[2].n == 2 && gs[3].n == 2 {
		return 4
	}
	if cue && loose {
		if n, total := upTo(gs, 15); total >= 7 {
			return n
		}
	}
	return 0
}

// upTo takes groups while their digits stay within max; it returns how many and the total.
func upTo(gs []group, max int) (int, int) {
	total, n := 0, 0
	for _, g := range gs {
		if total+g.n > max {
			break
		}
		total += g.n
		n++
	}
	return n, total
}

// extension extends a phone number over "ext. 204", "x204", "extension 12".
func (s *scan) extension(k, end int) int {
	if k+1 >= len(s.toks) {
		return end
	}
	g := s.gap(k)
	if g != " " && g != ", " {
		return end
	}
	w := s.key(k + 1)
	switch {
	case (w == "ext" || w == "extension" || w == "x") && k+2 < len(s.toks) && s.toks[k+2].isDigits() && len(s.gap(k+1)) <= 2:
		return s.toks[k+2].end
	case len(w) > 1 && (w[0] == 'x' || len(w) > 3 && w[:3] == "ext") && allDigits(trimLetters(w)):
		return s.toks[k+1].end
	}
	return end
}

func trimLetters(w string) string {
	i := 0
	for i < len(w) && !isASCIIDigit(w[i]) {
		i++
	}
	return w[i:]
}

// unitAfter: the number at token k is a quantity ("100000 IU", "5000 steps", "12%").
func (s *scan) unitAfter(k int) bool {
	g := s.gap(k)
	if len(g) > 0 && g[0] == '%' {
		return true
	}
	if k+1 >= len(s.toks) || len(g) > 1 || g != "" && g != " " && g != "-" {
		return false
	}
	return s.toks[k+1].has(fUnit)
}

// phoneCueBefore: a word like "call", "cell", "mobile", "number" in the few words before k,
// in the same sentence.
func (s *scan) phoneCueBefore(k int) bool {
	for i := k - 1; i >= 0 && i >= k-4; i-- {
		if s.toks[i].sent != s.toks[k].sent {
			return false
		}
		if strings.HasPrefix(s.gap(i), " #") && s.possessive(i) {
			return true // "my # is …"
		}
		if s.toks[i].has(fPhoneCtx) {
			return true
		}
	}
	return false
}

// idCueBefore: "MRN", "SSN", "ID", "member number", "policy #", … right before token k,
// with only small words ("is", "my", ":") between.
func (s *scan) idCueBefore(k int) bool {
	if k > 0 {
		g := strings.TrimRight(s.gapBefore(k), " ")
		if len(g) > 0 && g[len(g)-1] == '#' && s.toks[k-1].has(fIDContext|fIDStrong|fIDNoun) {
			return true
		}
	}
	for i := k - 1; i >= 0 && i >= k-4; i-- {
		t := &s.toks[i]
		if t.sent != s.toks[k].sent {
			return false
		}
		switch {
		case t.has(fIDStrong):
			return true
		case s.keyIs(i, "id"):
			return true
		case t.has(fIDNoun) && i > 0 && s.toks[i-1].has(fIDContext|fIDStrong):
			return true
		case t.has(fIDNoun) && i > 1 && s.toks[i-2].has(fIDContext) && s.toks[i-1].has(fIDContext|fFiller):
			return true
		case t.has(fFiller | fIDContext | fIDNoun):
			continue
		}
		return false
	}
	return false
}

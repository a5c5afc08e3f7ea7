package triage

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Pattern language. A pattern is a sequence of slots separated by spaces;
// the slots must match in order, within one sentence:
//
//	word         the word, after normalisation (so "can't" and "cannot" are
//	             "cant", "a1c" is "aic", and doubled letters do not matter)
//	stem*        any word starting with stem (at least 3 letters)
//	a_b          the words a then b, next to each other ("wont_go_away")
//	a|b|c        any of the alternatives (each a word, stem*, a_b, @class
//	             or a number)
//	@class       a named word list from vocab.go, e.g. @pills
//	#            any number;  #a..b  a number from a to b;  #a..  at least a;
//	#..b         at most b;   #n  exactly n;  #.a..b  as #a..b but written
//	             with a decimal point or comma (2.2, 2,2)
//	?            a question mark (also as an alternative: a|?)
//	$            the end of the sentence (matches no word)
//	!a|b         any one word that is none of the alternatives
//	slot?        the slot may be absent (not for the first slot)
//	~N           up to N other words may come before the next slot
//
// Examples: "took|swallowed ~2 #8.. @pills" matches "I took like 30 pills";
// "@glucose ~3 #34..53" matches "my sugar is at 38".

type numRange struct {
	lo, hi  float64
	needDec bool
}

type slot struct {
	words    []string   // exact words (normalised)
	prefixes []string   // stems (normalised)
	seqs     [][]string // runs of exact words
	nums     []numRange
	ids      []int32   // lexicon IDs of words and stems, sorted (see lexicon.go)
	seqIDs   [][]int32 // lexicon IDs of seqs
	// Quick answers to "is this ID in ids?", filled by lexicon.link: most
	// words tried against a slot are not in it, and the matcher asks this
	// for every word a gap lets it look at.
	wordSlot bool   // only words: no $, no numbers, no negation (see quickMiss)
	bloom    uint64 // bit id&63 of every ID in ids; a clear bit means "not in ids"
	seqBloom uint64 // the same for the first ID of each seq
	set      *idSet // for slots with many IDs: a bitset of ids (nil for small slots)
	end      bool   // $: end of sentence
	neg      bool   // !: one word that matches none of the alternatives
	opt      bool
	gap      int // words that may be skipped before this slot
}

type pattern struct {
	src   string
	slots []slot
	owner int // index of the rule (or cue) that owns it
	// need lists, for each mandatory later slot with few alternatives, the
	// lexicon IDs of those alternatives: if none of one group occurs in the
	// message, the pattern cannot match and is not tried (see present).
	need [][]int32
}

// maxLexicon bounds the lexicon so a message's present-word set fits in a
// fixed array on the stack.
const maxLexicon = 1 << 13

// present is the set of lexicon IDs (words and stems) in one message.
type present [maxLexicon / 64]uint64

func (p *present) add(id int32)      { p[id>>6] |= 1 << (id & 63) }
func (p *present) has(id int32) bool { return p[id>>6]&(1<<(id&63)) != 0 }

// mark records every word and stem ID of toks.
func (p *present) mark(toks []token) {
	for i := range toks {
		t := &toks[i]
		if t.id != 0 {
			p.add(t.id)
		}
		for k := uint8(0); k < t.nstem; k++ {
			p.add(t.stems[k])
		}
	}
}

// possible reports whether every need group of the pattern has a word in
// the message. The matcher's flat copy of the groups (see flatNeeds) is what
// find reads; this is the readable definition, and
// TestFlatNeedsAgreeWithPatternNeeds holds the two to the same answers.
func (p *pattern) possible(pr *present) bool {
groups:
	for _, g := range p.need {
		for _, id := range g {
			if pr.has(id) {
				continue groups
			}
		}
		return false
	}
	return true
}

// maxPatterns bounds the patterns of one matcher, so the per-message cache
// of possible() answers fits in a fixed array on the stack.
const maxPatterns = 1 << 11

// possibleCache remembers possible() for each pattern during one find: a
// pattern is a candidate at every occurrence of its first word.
type possibleCache struct {
	checked, ok [maxPatterns / 64]uint64
}

// computeNeeds fills p.need after linking (see lexicon.link).
func (p *pattern) computeNeeds() {
	p.need = nil
	for i := 1; i < len(p.slots); i++ {
		s := &p.slots[i]
		if s.opt || s.neg || s.end || len(s.nums) > 0 || len(s.ids)+len(s.seqIDs) == 0 || len(s.ids)+len(s.seqIDs) > 24 {
			continue
		}
		g := append([]int32(nil), s.ids...)
		for _, q := range s.seqIDs {
			g = append(g, q[0])
		}
		p.need = append(p.need, g)
	}
}

// match returns how many tokens from toks[j] the slot consumes, or -1.
// Only "$" consumes zero.
func (s *slot) match(toks []token, j int, sent int32) int {
	if j >= len(toks) || toks[j].sent != sent {
		if s.end {
			return 0
		}
		return -1
	}
	t := &toks[j]
	if t.masked {
		return -1
	}
	if s.neg {
		if s.pos(toks, j, sent) > 0 || t.ext == extQ {
			return -1
		}
		return 1
	}
	return s.pos(toks, j, sent)
}

// pos is match without negation, for a token known to be in the sentence.
func (s *slot) pos(toks []token, j int, sent int32) int {
	t := &toks[j]
	if t.isNum {
		for _, r := range s.nums {
			if t.num >= r.lo && t.num <= r.hi && (!r.needDec || t.dec) {
				return 1
			}
		}
		return -1
	}
	if s.end && t.ext == extQ {
		return 0
	}
	if t.id != 0 && s.mayHave(t.id) && s.has(t.id) {
		return 1
	}
	for k := uint8(0); k < t.nstem; k++ {
		if s.mayHave(t.stems[k]) && s.has(t.stems[k]) {
			return 1
		}
	}
	if t.id == 0 || s.seqBloom&(1<<(t.id&63)) == 0 {
		return -1 // no seq starts with this word
	}
seqs:
	for _, q := range s.seqIDs {
		if q[0] != t.id || t.id == 0 || j+len(q) > len(toks) {
			continue
		}
		for k := 1; k < len(q); k++ {
			u := &toks[j+k]
			if u.sent != sent || u.id != q[k] || u.masked || u.isNum {
				continue seqs
			}
		}
		return len(q)
	}
	return -1
}

// mayHave is a quick test of whether id is in s.ids: false is certain,
// true must be confirmed by has unless the slot has a bitset. It is small
// enough to be inlined where most answers are "no".
func (s *slot) mayHave(id int32) bool {
	bit := uint64(1) << (id & 63)
	if s.set != nil {
		return s.set[uint32(id)>>6%uint32(len(s.set))]&bit != 0
	}
	return s.bloom&bit != 0
}

// quickMiss reports that the slot certainly does not match t, a token of
// the sentence, without a call: for a word slot, the word, each of its
// stems and (for seqs) its first word all fail the quick tests. false
// means "ask match".
func (s *slot) quickMiss(t *token) bool {
	if !s.wordSlot || t.isNum {
		return false
	}
	if t.id != 0 && (s.mayHave(t.id) || s.seqBloom&(1<<(t.id&63)) != 0) {
		return false
	}
	for k := uint8(0); k < t.nstem; k++ {
		if s.mayHave(t.stems[k]) {
			return false
		}
	}
	return true
}

// has reports whether id is in s.ids.
func (s *slot) has(id int32) bool {
	if s.set != nil {
		return s.mayHave(id)
	}
	return hasID(s.ids, id)
}

// idSet is a set of lexicon IDs.
type idSet [maxLexicon / 64]uint64

// matchAt tries to match the pattern with its first slot at token i. It
// returns the index one past the last matched token.
func (p *pattern) matchAt(toks []token, i int) (int, bool) {
	n := p.slots[0].match(toks, i, toks[i].sent)
	if n <= 0 {
		return 0, false
	}
	return p.rest(toks, 1, i+n, toks[i].sent, 0)
}

// positions returns the tokens matched by the pattern's slots at i (not
// the words skipped by gaps), appended to buf. Masks use it so that a
// harmless idiom never blanks a danger phrase sitting inside its gaps.
func (p *pattern) positions(toks []token, i int, buf []int32) []int32 {
	n := p.slots[0].match(toks, i, toks[i].sent)
	if n <= 0 {
		return buf
	}
	start := len(buf)
	for k := 0; k < n; k++ {
		buf = append(buf, int32(i+k))
	}
	out, ok := p.restPos(toks, 1, i+n, toks[i].sent, 0, buf)
	if !ok {
		return buf[:start]
	}
	return out
}

func (p *pattern) restPos(toks []token, si, pos int, sent int32, extra int, buf []int32) ([]int32, bool) {
	if si == len(p.slots) {
		return buf, true
	}
	s := &p.slots[si]
	for k := 0; k <= s.gap+extra; k++ {
		j := pos + k
		if j > len(toks) || j < len(toks) && toks[j].sent != sent && !s.end {
			break
		}
		if n := s.match(toks, j, sent); n >= 0 {
			mark := len(buf)
			for q := 0; q < n; q++ {
				buf = append(buf, int32(j+q))
			}
			if out, ok := p.restPos(toks, si+1, j+n, sent, 0, buf); ok {
				return out, true
			}
			buf = buf[:mark]
		}
		if j == len(toks) || toks[j].sent != sent {
			break
		}
	}
	if s.opt {
		return p.restPos(toks, si+1, pos, sent, extra+s.gap, buf)
	}
	return buf, false
}

// rest matches slots si… from token pos on. extra is gap budget lent by
// optional slots that were skipped just before.
func (p *pattern) rest(toks []token, si, pos int, sent int32, extra int) (int, bool) {
	if si == len(p.slots) {
		return pos, true
	}
	s := &p.slots[si]
	for k := 0; k <= s.gap+extra; k++ {
		j := pos + k
		if j > len(toks) || j < len(toks) && toks[j].sent != sent && !s.end {
			break
		}
		if j < len(toks) && s.quickMiss(&toks[j]) {
			// most words a gap lets the slot look at are not in it
		} else if n := s.match(toks, j, sent); n >= 0 {
			if end, ok := p.rest(toks, si+1, j+n, sent, 0); ok {
				return end, true
			}
		}
		if j == len(toks) || toks[j].sent != sent {
			break
		}
	}
	if s.opt {
		return p.rest(toks, si+1, pos, sent, extra+s.gap)
	}
	return 0, false
}

// compilePattern parses one pattern. vocab resolves @class names. It
// panics on a malformed pattern: patterns are fixed at build time and a
// broken one must stop the program at start, not be silently skipped.
func compilePattern(src string, owner int, vocab map[string][]string) pattern {
	p := pattern{src: src, owner: owner}
	gap := 0
	for _, f := range strings.Fields(src) {
		if f[0] == '~' {
			n, err := strconv.Atoi(f[1:])
			if err != nil || n < 0 || n > 12 {
				panic(fmt.Sprintf("triage: bad gap %q in pattern %q", f, src))
			}
			gap += n
			continue
		}
		var s slot
		// a trailing "?" makes the slot optional, except in "a|?" and a
		// lone "?", where it is the question mark itself
		if len(f) > 1 && strings.HasSuffix(f, "?") && !strings.HasSuffix(f, "|?") {
			s.opt = true
			f = f[:len(f)-1]
		}
		if len(f) > 1 && f[0] == '!' {
			s.neg = true
			f = f[1:]
		}
		if f == "?" {
			s.words = []string{"?"}
		} else {
			for _, alt := range strings.Split(f, "|") {
				addAlternative(&s, alt, src, vocab, 0)
			}
		}
		s.gap = gap
		gap = 0
		p.slots = append(p.slots, s)
	}
	if len(p.slots) == 0 || gap != 0 {
		panic(fmt.Sprintf("triage: empty pattern or trailing gap in %q", src))
	}
	if first := p.slots[0]; first.opt || first.neg || first.end && len(first.words)+len(first.prefixes)+len(first.seqs)+len(first.nums) == 0 {
		panic(fmt.Sprintf("triage: first slot cannot be optional or $ in %q", src))
	}
	return p
}

func parseRange(r, src string) numRange {
	nr := numRange{lo: -1e18, hi: 1e18}
	if strings.HasPrefix(r, ".") {
		nr.needDec = true
		r = r[1:]
	}
	if r == "" {
		return nr
	}
	num := func(t string) float64 {
		v, err := strconv.ParseFloat(t, 64)
		if err != nil {
			panic(fmt.Sprintf("triage: bad number %q in %q", t, src))
		}
		return v
	}
	lo, hi, ok := strings.Cut(r, "..")
	if !ok {
		v := num(r)
		nr.lo, nr.hi = v, v
		return nr
	}
	if lo != "" {
		nr.lo = num(lo)
	}
	if hi != "" {
		nr.hi = num(hi)
	}
	return nr
}

func addAlternative(s *slot, alt, src string, vocab map[string][]string, depth int) {
	switch {
	case alt == "?":
		s.words = append(s.words, "?")
	case alt == "":
		panic(fmt.Sprintf("triage: empty alternative in %q", src))
	case alt == "$":
		s.end = true
	case alt[0] == '#':
		s.nums = append(s.nums, parseRange(alt[1:], src))
	case strings.Contains(alt, "_"):
		var q []string
		for _, part := range strings.Split(alt, "_") {
			q = append(q, normalWord(part, src))
		}
		s.seqs = append(s.seqs, q)
	case alt[0] == '@':
		words, ok := vocab[alt[1:]]
		if !ok || depth > 4 {
			panic(fmt.Sprintf("triage: unknown class %q in %q", alt, src))
		}
		for _, w := range words {
			addAlternative(s, w, src, vocab, depth+1)
		}
	case strings.HasSuffix(alt, "*"):
		stem := normalWord(alt[:len(alt)-1], src)
		if len(stem) < 3 {
			panic(fmt.Sprintf("triage: stem %q too short in %q", alt, src))
		}
		s.prefixes = append(s.prefixes, stem)
	default:
		s.words = append(s.words, normalWord(alt, src))
	}
}

// normalWord puts a pattern word through exactly the pipeline that message
// text goes through, so both sides always agree.
func normalWord(w, src string) string {
	norm := []byte(Normalize(w))
	toks := tokenize(norm, nil)
	if len(toks) != 1 || toks[0].isNum {
		panic(fmt.Sprintf("triage: %q in pattern %q is not one word after normalisation", w, src))
	}
	k := wordKey(string(toks[0].word(norm)))
	if a, ok := wordAliases[k]; ok {
		return a
	}
	return k
}

// matcher finds every pattern of a set in a token list. Patterns are
// indexed by the lexicon IDs of their first slot, so each token costs a
// slice index or two.
//
// The index and the need groups are stored flat (offsets into one array)
// rather than as slices of slices: find runs for every token of every
// message, and its cost is largely waiting for memory, so each candidate
// should touch as few, and as close, cache lines as possible.
type matcher struct {
	patterns []pattern
	bit      uint8    // this matcher's bit in lexicon.starts and token.starts
	candOff  []uint32 // lexicon ID → cands[candOff[id]:candOff[id+1]]
	cands    []cand   // patterns whose first slot has that ID
	byNumber []cand   // patterns whose first slot takes a number
	needs    []uint64 // need groups of all patterns, as words of present (see flatNeeds)
}

// cand is one entry of the first-slot index: a pattern and where its need
// groups are in matcher.needs (an empty range: no need).
type cand struct {
	pat            int32
	needLo, needHi uint32
}

type hit struct {
	pat        int32 // index into matcher.patterns
	start, end int32 // token span [start, end)
}

func newMatcher(ps []pattern, lex *lexicon, bit uint8) *matcher {
	if len(ps) > maxPatterns {
		panic("triage: more patterns than maxPatterns")
	}
	m := &matcher{patterns: ps, bit: bit}
	if lex.starts == nil {
		lex.starts = make([]uint8, lex.size)
	}
	entry := make([]cand, len(ps))
	for i := range ps {
		entry[i] = m.flatNeeds(int32(i))
	}
	byID := make([][]cand, lex.size)
	for i := range ps {
		first := &ps[i].slots[0]
		if len(first.nums) > 0 {
			m.byNumber = append(m.byNumber, entry[i])
		}
		add := func(id int32) {
			lex.starts[id] |= bit
			l := byID[id]
			if len(l) == 0 || l[len(l)-1].pat != int32(i) {
				byID[id] = append(l, entry[i])
			}
		}
		for _, id := range first.ids {
			add(id)
		}
		for _, q := range first.seqIDs {
			add(q[0])
		}
	}
	m.candOff = make([]uint32, len(byID)+1)
	for id, l := range byID {
		m.cands = append(m.cands, l...)
		m.candOff[id+1] = uint32(len(m.cands))
	}
	return m
}

// flatNeeds copies pattern pi's need groups to m.needs and returns its
// index entry. A group is stored the way present stores the message's
// words: as (word index, mask) pairs, one pair per 64 IDs it touches, after
// a count of pairs. The IDs of one class are numbered together, so a group
// of twenty words is usually one or two tests, not twenty. Groups with
// fewer pairs come first: a group that fails must be read to its end, so
// the cheap ones should reject an impossible pattern first; the order does
// not change the answer (all groups must pass).
func (m *matcher) flatNeeds(pi int32) cand {
	var groups [][]uint64
	for _, g := range m.patterns[pi].need {
		var pairs []uint64
		for _, id := range g {
			w, bit := uint64(id>>6), uint64(1)<<(id&63)
			k := 0
			for k < len(pairs) && pairs[k] != w {
				k += 2
			}
			if k == len(pairs) {
				pairs = append(pairs, w, 0)
			}
			pairs[k+1] |= bit
		}
		groups = append(groups, pairs)
	}
	sort.SliceStable(groups, func(a, b int) bool { return len(groups[a]) < len(groups[b]) })
	c := cand{pat: pi, needLo: uint32(len(m.needs))}
	for _, g := range groups {
		m.needs = append(m.needs, uint64(len(g)/2))
		m.needs = append(m.needs, g...)
	}
	c.needHi = uint32(len(m.needs))
	return c
}

// possible is pattern.possible on the flat copy of the need groups.
func (m *matcher) possible(c cand, pr *present) bool {
	needs := m.needs[c.needLo:c.needHi]
	for k := 0; k < len(needs); {
		end := k + 1 + 2*int(needs[k]) // this group is needs[k+1:end]
		k++
		for ; k+1 < end && pr[needs[k]%uint64(len(pr))]&needs[k+1] == 0; k += 2 {
		}
		if k+1 >= end {
			return false // no word of the group is in the message
		}
		k = end
	}
	return true
}

// candidates returns the patterns whose first slot has lexicon ID id.
func (m *matcher) candidates(id int32) []cand {
	return m.cands[m.candOff[id]:m.candOff[id+1]]
}

// find appends to hits every (pattern, start) that matches. A pattern
// reachable from a token both by its word and by a stem is tried twice at
// one position; the duplicate is dropped.
//
// It works in two passes: first it lists the (pattern, start) pairs whose
// need groups all occur in the message, then it matches those. Most
// candidates fail the need test, and a loop without calls in it keeps its
// variables in registers.
func (m *matcher) find(toks []token, pr *present, hits []hit) []hit {
	var pc possibleCache
	var tryBuf [64]hit
	tries := tryBuf[:0]
	for i := range toks {
		t := &toks[i]
		if t.masked {
			continue
		}
		if t.isNum {
			tries = m.filter(int32(i), m.byNumber, pr, &pc, tries)
			continue
		}
		// most words start no pattern of this set (annotate marked those
		// that do): skip them without touching the index
		if t.starts&m.bit == 0 {
			continue
		}
		if t.id != 0 {
			tries = m.filter(int32(i), m.candidates(t.id), pr, &pc, tries)
		}
		for k := uint8(0); k < t.nstem; k++ {
			tries = m.filter(int32(i), m.candidates(t.stems[k]), pr, &pc, tries)
		}
	}
	for _, h := range tries {
		end, ok := m.patterns[h.pat].matchAt(toks, int(h.start))
		if !ok || isDup(hits, h) {
			continue
		}
		h.end = int32(end)
		hits = append(hits, h)
	}
	return hits
}

// filter appends to tries the candidates starting at token i that are
// possible in this message. possible is asked once per pattern per message.
func (m *matcher) filter(i int32, cands []cand, pr *present, pc *possibleCache, tries []hit) []hit {
	for _, c := range cands {
		pi := c.pat
		if c.needLo != c.needHi {
			w, bit := pi>>6, uint64(1)<<(pi&63)
			if pc.checked[w]&bit == 0 {
				pc.checked[w] |= bit
				if m.possible(c, pr) {
					pc.ok[w] |= bit
				}
			}
			if pc.ok[w]&bit == 0 {
				continue
			}
		}
		tries = append(tries, hit{pat: pi, start: i})
	}
	return tries
}

// isDup reports whether hits already holds h's pattern at h's start (hits
// at one start are appended together, so only the tail is searched).
func isDup(hits []hit, h hit) bool {
	for k := len(hits) - 1; k >= 0 && hits[k].start == h.start; k-- {
		if hits[k].pat == h.pat {
			return true
		}
	}
	return false
}

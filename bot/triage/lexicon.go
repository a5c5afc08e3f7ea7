package triage

import (
	"fmt"
	"sort"
	"strings"
)

// The lexicon turns every word and stem used by any pattern into a small
// integer, once, at init. A message's tokens are looked up once each (one
// map access and a walk down a trie of stems); after that, matching a slot
// is an integer search instead of comparing strings against long word
// lists. This is what keeps a typical message within a few microseconds.

type lexicon struct {
	words map[string]lexEntry // exact word → what the matcher needs to know
	table []tableSlot         // the same, as an open-addressing table probed by hash (see freeze)
	trie  []trieNode          // stems; node 0 is the root
	size  int32               // number of IDs handed out, plus one
	// starts has, for each ID, one bit per matcher with a pattern whose
	// first slot has that word or stem (set by newMatcher). annotate copies
	// the bits to the token, so matchers skip other words at once.
	starts []uint8
	sets   map[string]*idSet // slot ID bitsets, shared by slots with the same IDs
}

// lexEntry is everything known about one word, so each token costs a single
// map lookup.
type lexEntry struct {
	id       int32  // ID used by patterns, 0 if none uses the word
	clause   bool   // starts a new clause ("but", "and", "pero")
	alias    string // canonical spelling ("cannot" → "cant")
	notForm  string // contracted form when followed by "not" ("can" → "cant")
	aliasB   []byte // the same two as bytes, for the stem walk
	notFormB []byte
	flags    uint8 // wordNegator, wordHedge, wordPronoun (context.go)
}

const (
	wordNegator uint8 = 1 << iota
	wordHedge
	wordPronoun
	wordNever
)

type tableSlot struct {
	hash uint64
	key  string
	e    *lexEntry
}

// FNV-1a, computed while a word is squeezed (see scan).
const (
	fnvOffset uint64 = 14695981039346656037
	fnvPrime  uint64 = 1099511628211
)

func fnvString(s string) uint64 {
	h := fnvOffset
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// freeze builds the hash table from words once every pattern is linked.
func (l *lexicon) freeze() {
	n := 1
	for n < 2*len(l.words) {
		n <<= 1
	}
	l.table = make([]tableSlot, n)
	for w, e := range l.words {
		e := e
		h := fnvString(w)
		i := h & uint64(n-1)
		for l.table[i].key != "" {
			i = (i + 1) & uint64(n-1)
		}
		l.table[i] = tableSlot{hash: h, key: w, e: &e}
	}
}

// noEntry is returned for words no pattern uses. Like every table here it
// is written only at init; callers only read through the pointers.
var noEntry lexEntry

// lookup finds the entry of a squeezed word with hash h.
func (l *lexicon) lookup(h uint64, w []byte) *lexEntry {
	mask := uint64(len(l.table) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &l.table[i]
		if s.key == "" {
			return &noEntry
		}
		if s.hash == h && s.key == string(w) {
			return s.e
		}
	}
}

type trieNode struct {
	next [26]int32 // child node index per letter, 0 = none
	stem int32     // ID of the stem ending here, 0 = none
}

func newLexicon() *lexicon {
	l := &lexicon{words: map[string]lexEntry{}, trie: make([]trieNode, 1), size: 1}
	for w := range clauseWords {
		e := l.words[w]
		e.clause = true
		l.words[w] = e
	}
	for from, to := range wordAliases {
		e := l.words[from]
		e.alias, e.aliasB = to, []byte(to)
		l.words[from] = e
	}
	for long, short := range notForms {
		e := l.words[long]
		e.notForm, e.notFormB = short, []byte(short)
		l.words[long] = e
	}
	for _, set := range []struct {
		words map[string]bool
		flag  uint8
	}{{negators, wordNegator}, {hedges, wordHedge}, {pronounStops, wordPronoun}, {wordSet("never"), wordNever}} {
		for w := range set.words {
			e := l.words[w]
			e.flags |= set.flag
			l.words[w] = e
		}
	}
	return l
}

func (l *lexicon) wordID(w string) int32 {
	e := l.words[w]
	if e.id == 0 {
		e.id = l.size
		l.size++
		l.words[w] = e
	}
	return e.id
}

func (l *lexicon) stemID(stem string) int32 {
	n := int32(0)
	for i := 0; i < len(stem); i++ {
		c := stem[i]
		if !isLetter(c) {
			panic("triage: stem with a non-letter: " + stem)
		}
		nx := l.trie[n].next[c-'a']
		if nx == 0 {
			nx = int32(len(l.trie))
			l.trie = append(l.trie, trieNode{})
			l.trie[n].next[c-'a'] = nx
		}
		n = nx
	}
	if l.trie[n].stem == 0 {
		l.trie[n].stem = l.size
		l.size++
	}
	return l.trie[n].stem
}

// link gives a compiled pattern's slots their IDs.
func (l *lexicon) link(p *pattern) {
	for i := range p.slots {
		s := &p.slots[i]
		s.ids = s.ids[:0]
		for _, w := range s.words {
			s.ids = append(s.ids, l.wordID(w))
		}
		for _, st := range s.prefixes {
			s.ids = append(s.ids, l.stemID(st))
		}
		sort.Slice(s.ids, func(a, b int) bool { return s.ids[a] < s.ids[b] })
		s.seqIDs = s.seqIDs[:0]
		for _, q := range s.seqs {
			ids := make([]int32, len(q))
			for k, w := range q {
				ids[k] = l.wordID(w)
			}
			s.seqIDs = append(s.seqIDs, ids)
		}
		if l.size >= maxLexicon {
			panic("triage: lexicon larger than maxLexicon")
		}
		l.index(s)
	}
	p.computeNeeds()
}

// bigSlot is the number of IDs above which a slot gets a bitset: a
// binary search of a long class such as @med costs more than one bit test,
// while a short list is scanned faster than a bitset is fetched.
const bigSlot = 16

// index fills the slot's quick membership answers (see slot.has).
func (l *lexicon) index(s *slot) {
	s.bloom, s.seqBloom, s.set = 0, 0, nil
	s.wordSlot = !s.neg && !s.end && len(s.nums) == 0
	for _, id := range s.ids {
		s.bloom |= 1 << (id & 63)
	}
	for _, q := range s.seqIDs {
		s.seqBloom |= 1 << (q[0] & 63)
	}
	if len(s.ids) <= bigSlot {
		return
	}
	set := new(idSet)
	for _, id := range s.ids {
		set[id>>6] |= 1 << (id & 63)
	}
	key := fmt.Sprint(s.ids)
	if l.sets == nil {
		l.sets = map[string]*idSet{}
	}
	if shared, ok := l.sets[key]; ok {
		set = shared
	} else {
		l.sets[key] = set
	}
	s.set = set
}

// annotate looks each word up once: it applies aliases ("cannot" →
// "cant"), contracts "can not" / "do not" …, starts a new clause at words
// such as "but", and fills in the word's ID and the IDs of the stems it
// starts with. Words no pattern uses get ID 0 and match only via stems. It
// returns toks, shortened when words were contracted.
func (l *lexicon) annotate(text []byte, toks []token) []token {
	out := toks[:0]
	var shift int32
	var buf [64]byte
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		t.clause += shift
		if !t.isNum {
			e := l.scan(&t, t.word(text), &buf)
			if e.alias != "" {
				t.nstem = 0
				e = l.scan(&t, e.aliasB, &buf)
			}
			if e.notForm != "" && i+1 < len(toks) && toks[i+1].sent == t.sent && !toks[i+1].isNum && string(toks[i+1].word(text)) == "not" {
				t.nstem = 0
				e = l.scan(&t, e.notFormB, &buf)
				i++
			}
			if e.clause && len(out) > 0 && out[len(out)-1].clause == t.clause {
				shift++
				t.clause++
			}
			t.id, t.flags = e.id, e.flags
			t.starts = l.starts[t.id]
			for k := uint8(0); k < t.nstem; k++ {
				t.starts |= l.starts[t.stems[k]]
			}
		}
		out = append(out, t)
	}
	return out
}

// scan reads one word in a single pass: it drops apostrophes and doubled
// letters (see wordKey), hashes what is left, and walks the stem trie,
// recording in t the stems the word starts with. It returns the word's
// entry (an empty one for words no pattern uses).
func (l *lexicon) scan(t *token, w []byte, buf *[64]byte) *lexEntry {
	n := 0        // bytes kept in buf
	var prev byte // the last byte kept
	h := fnvOffset
	trie := l.trie
	node, alive := int32(0), true
	for _, c := range w {
		if c == '\'' || n > 0 && prev == c {
			continue
		}
		if n == len(buf) {
			return &noEntry // longer than any word a pattern uses
		}
		buf[n], prev = c, c
		n++
		h = (h ^ uint64(c)) * fnvPrime
		if !alive {
			continue
		}
		if c < 'a' || c > 'z' {
			alive = false
			continue
		}
		if node = trie[node].next[c-'a']; node == 0 {
			alive = false
			continue
		}
		if s := trie[node].stem; s != 0 && t.nstem < uint8(len(t.stems)) {
			t.stems[t.nstem] = s
			t.nstem++
		}
	}
	return l.lookup(h, buf[:n])
}

// knows reports whether a pattern uses the word w (after the same squeezing
// as a message's words) or a stem w starts with.
func (l *lexicon) knows(w []byte) bool {
	var t token
	var buf [64]byte
	return l.scan(&t, w, &buf) != &noEntry || t.nstem > 0
}

// maxSplitWord is the longest word splitWords tries.
const maxSplitWord = 24

// splitWords finds the fewest words that spell w (lower-case letters, at
// most maxSplit of them): words that a pattern uses of three letters or
// more once doubled letters are squeezed, and the short words of
// shortSplitWords. It records where each word
// ends in ends and returns how many there are, or 0 when w is one such word
// or cannot be spelled so. Among splits of equal length it keeps the first
// found, so the result is always the same.
func (l *lexicon) splitWords(w []byte, ends *[maxSplit]uint8) int {
	const unreachable = 0xff
	n := len(w)
	var best, from [maxSplit + 1]uint8 // words needed to spell w[:k], and where the last starts
	for k := 1; k <= n; k++ {
		best[k] = unreachable
	}
	var key [maxSplitWord]byte
	for i := 0; i < n; i++ {
		if best[i] == unreachable {
			continue
		}
		// w[i:j+1], squeezed and hashed like a message's word (scan)
		h, m := fnvOffset, 0
		for j := i; j < n && j-i < maxSplitWord; j++ {
			c := w[j]
			if m == 0 || key[m-1] != c {
				key[m] = c
				m++
				h = (h ^ uint64(c)) * fnvPrime
			}
			if best[i]+1 >= best[j+1] {
				continue
			}
			if m < 3 && shortSplitWords[string(w[i:j+1])] || m >= 3 && l.lookup(h, key[:m]) != &noEntry {
				best[j+1], from[j+1] = best[i]+1, uint8(i)
			}
		}
	}
	if best[n] == unreachable || best[n] < 2 {
		return 0
	}
	k := int(best[n])
	for e := n; e > 0; e = int(from[e]) {
		k--
		ends[k] = uint8(e)
	}
	return int(best[n])
}

// shortSplitWords are the only words of one or two letters (once doubled
// letters are squeezed) that splitWords uses: common English and Spanish
// words, as written. Short abbreviations the rules know ("od", "er", "bp")
// would otherwise turn up inside ordinary words ("period" is "per i od").
var shortSplitWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("i a u y im to too my me it be do no so of off in on up go at if is " +
		"am an or we he us ok all ill see el la de se mi te lo su ya yo tu ni un") {
		m[w] = true
	}
	return m
}()

// hasID reports whether sorted ids contains id.
func hasID(ids []int32, id int32) bool {
	if len(ids) <= 8 {
		for _, x := range ids {
			if x == id {
				return true
			}
		}
		return false
	}
	lo, hi := 0, len(ids)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ids[m] < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(ids) && ids[lo] == id
}

package triage

import "sort"

// The lexicon turns every word and stem used by any pattern into a small
// integer, once, at init. A message's tokens are looked up once each (one
// map access and a walk down a trie of stems); after that, matching a slot
// is an integer search instead of comparing strings against long word
// lists. This is what keeps a typical message within a few microseconds.

type lexicon struct {
	words map[string]lexEntry // exact word → what the matcher needs to know
	trie  []trieNode          // stems; node 0 is the root
	size  int32               // number of IDs handed out, plus one
}

// lexEntry is everything known about one word, so each token costs a single
// map lookup.
type lexEntry struct {
	id      int32  // ID used by patterns, 0 if none uses the word
	clause  bool   // starts a new clause ("but", "and", "pero")
	alias   string // canonical spelling ("cannot" → "cant")
	notForm string // contracted form when followed by "not" ("can" → "cant")
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
		e.alias = to
		l.words[from] = e
	}
	for long, short := range notForms {
		e := l.words[long]
		e.notForm = short
		l.words[long] = e
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
	}
}

// annotate looks each word up once: it applies aliases ("cannot" →
// "cant"), contracts "can not" / "do not" …, starts a new clause at words
// such as "but", and fills in the word's ID and the IDs of the stems it
// starts with. Words no pattern uses get ID 0 and match only via stems. It
// returns toks, shortened when words were contracted.
func (l *lexicon) annotate(toks []token) []token {
	out := toks[:0]
	var shift int32
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		t.clause += shift
		if !t.isNum {
			e := l.words[t.w]
			if e.alias != "" {
				t.w = e.alias
				e = l.words[t.w]
			}
			if e.notForm != "" && i+1 < len(toks) && toks[i+1].w == "not" && toks[i+1].sent == t.sent {
				t.w = e.notForm
				e = l.words[t.w]
				i++
			}
			if e.clause && len(out) > 0 && out[len(out)-1].clause == t.clause {
				shift++
				t.clause++
			}
			t.id = e.id
			n := int32(0)
			for k := 0; k < len(t.w) && t.nstem < uint8(len(t.stems)); k++ {
				c := t.w[k]
				if !isLetter(c) {
					break
				}
				if n = l.trie[n].next[c-'a']; n == 0 {
					break
				}
				if s := l.trie[n].stem; s != 0 {
					t.stems[t.nstem] = s
					t.nstem++
				}
			}
		}
		out = append(out, t)
	}
	return out
}

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

package redact

import (
	"slices"
	"strings"
)

// nameEntry is one way a member can be written: a sequence of folded words.
type nameEntry struct {
	words []string
	user  string // "" when several members share this name: then it is only "[name]"
	full  bool   // a whole username, display name or nickname, not a part of one
	// weak names consist only of everyday words ("Hope", "Sugar Free"); they match only
	// when written like a name (capitalised, or after "@"), never as ordinary words.
	weak bool
}

// indexMembers records every name of every member: the whole username, display name and
// nickname; their words run together ("KateOConnor"); and, for display names and nicknames,
// each word on its own ("Maria" of "Maria Lopez") unless it is an everyday word.
func (r *Redactor) indexMembers(members []Member) {
	r.handles = map[string]string{}
	seen := map[string]*nameEntry{}
	var order []string
	put := func(words []string, user string, full bool) {
		if len(words) == 0 {
			return
		}
		k := strings.Join(words, " ")
		if e, ok := seen[k]; ok {
			switch {
			case e.user == user:
				e.full = e.full || full
			case full && !e.full: // a whole name outranks a part of someone else's
				e.user, e.full = user, true
			case full == e.full:
				e.user = "" // two members answer to it: don't guess which
			}
			return
		}
		seen[k] = &nameEntry{words: words, user: user, full: full, weak: weakName(words)}
		order = append(order, k)
	}
	for _, m := range members {
		if m.Username != "" {
			r.handles[strings.ToLower(m.Username)] = m.ID
		}
		for i, name := range []string{m.Username, m.GlobalName, m.Nick} {
			words := foldWords(name)
			if len(words) == 0 {
				continue
			}
			put(words, m.ID, true)
			if len(words) > 1 {
				put([]string{strings.Join(words, "")}, m.ID, true)
			}
			for _, w := range words {
				for _, part := range alphaParts(w) {
					// username parts are less name-like ("wheezy" of "wheezy_will"), so
					// they need more letters and must not be a known word
					minLen := 3
					if i == 0 {
						minLen = 4
					}
					// a part that is an everyday word ("Hope" of "Hope Rivera") is kept
					// as a weak name; small words and units never name anyone
					// (usernames are made of words like "type" in "type1tim" that are not
					// names at all, so their everyday-word parts are left out)
					flags := lexicon[part]
					ok := flags&notNameFlags&^fFunc == 0 && (i > 0 || flags == 0)
					if len([]rune(part)) >= minLen && ok && (len(words) > 1 || part != w) {
						put([]string{part}, m.ID, false)
					}
				}
			}
		}
	}
	for _, k := range order {
		e := seen[k]
		if len(e.words) == 1 && allDigits(e.words[0]) {
			continue // "2024" as a name would take every year; "@2024" still matches as a handle
		}
		r.names[e.words[0]] = append(r.names[e.words[0]], *e)
		b := nameBit(e.words[0])
		r.nameBits[b/64] |= 1 << (b % 64)
	}
	for _, list := range r.names {
		slices.SortFunc(list, func(a, b nameEntry) int { return len(b.words) - len(a.words) })
	}
}

// weakName says whether a name is made only of everyday words, digits or single letters.
func weakName(words []string) bool {
	for _, w := range words {
		if lexicon[w]&(fCommon|fFunc|fUnit|fMonth|fTitle) == 0 && len([]rune(w)) > 1 && !allDigits(w) {
			return false
		}
	}
	return true
}

// alphaParts splits a folded word at letter/digit boundaries and keeps the letter runs:
// "lopez85" → ["lopez"], "type1tim" → ["type", "tim"].
func alphaParts(w string) []string {
	var out []string
	start := -1
	for i, r := range w {
		letter := !('0' <= r && r <= '9')
		if letter && start < 0 {
			start = i
		}
		if !letter && start >= 0 {
			out = append(out, w[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, w[start:])
	}
	return out
}

func allDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isASCIIDigit(w[i]) {
			return false
		}
	}
	return w != ""
}

// findNames matches member names word by word. Words of a name may be joined by a space,
// "_", ".", "-" or an apostrophe ("Kate O'Connor", "maria_lopez85").
func (s *scan) findNames() {
	if len(s.learned) > 0 {
		s.findLearnedNames()
	}
	if len(s.r.names) == 0 {
		return
	}
	for k := 0; k < len(s.toks); k++ {
		t := &s.toks[k]
		if t.letters == 0 {
			continue
		}
		key := s.fold[t.fs:t.fe]
		if b := nameBit(key); s.r.nameBits[b/64]&(1<<(b%64)) == 0 {
			continue
		}
		list := s.r.names[string(key)]
		for _, e := range list {
			n := len(e.words)
			if k+n > len(s.toks) || !s.wordsMatch(k, e.words) {
				continue
			}
			start, end := s.toks[k].start, s.toks[k+n-1].end
			at := start > 0 && s.text[start-1] == '@'
			if e.weak && !at && !s.joinedLikeHandle(k, n) && !s.writtenAsName(k, n) {
				continue
			}
			if at {
				start--
			}
			s.add(start, discriminator(s.text, end), KindName, e.user)
			k += n - 1
			break
		}
	}
}

func (s *scan) wordsMatch(k int, words []string) bool {
	for i, w := range words {
		if !s.keyIs(k+i, w) {
			return false
		}
		if i > 0 && !nameJoin(s.gapBefore(k+i)) {
			return false
		}
	}
	return true
}

// nameJoin says whether the text between two words can be inside one name.
func nameJoin(g string) bool {
	switch g {
	case " ", "_", ".", "-", "'", "’", "", ". ":
		return true
	}
	return false
}

// writtenAsName decides for a weak name (everyday words) whether this occurrence is the
// name: it must be capitalised but not shouted, and at the start of a sentence it must be
// followed by something a name is followed by ("Hope said", "Will, …", "Grace's").
func (s *scan) writtenAsName(k, n int) bool {
	for i := k; i < k+n; i++ {
		t := &s.toks[i]
		if t.isAlpha() && (!t.upper || t.allUpper) {
			return false
		}
	}
	if !s.sentenceInitial(k) || n > 1 { // "Grace Hall" capitalised is a name anywhere
		return true
	}
	last := k + n - 1
	g := s.gap(last)
	if strings.HasPrefix(g, ",") || strings.HasPrefix(g, "'s") || strings.HasPrefix(g, "’s") || strings.HasPrefix(g, ":") {
		return true
	}
	if last+1 < len(s.toks) && g == " " {
		nt := &s.toks[last+1]
		if nt.has(fNameVerb) && !nt.upper {
			return true
		}
		w := s.key(last + 1)
		if len(w) > 3 && strings.HasSuffix(w, "ed") && !nt.upper {
			return true
		}
	}
	return false
}

// joinedLikeHandle: words of a name written with "_" or "." between them ("wheezy_will",
// "breathe.easy") are a username, even when each word is an everyday one.
func (s *scan) joinedLikeHandle(k, n int) bool {
	for i := k + 1; i < k+n; i++ {
		if g := s.gapBefore(i); g == "_" || g == "." {
			return true
		}
	}
	return false
}

// findLearnedNames matches names a Pseudonymizer learned from earlier messages. Like weak
// member names, a learned word that is also an everyday word must be written as a name.
func (s *scan) findLearnedNames() {
	for k := range s.toks {
		t := &s.toks[k]
		if !t.isAlpha() {
			continue
		}
		user, ok := s.learned[s.key(k)]
		if !ok || t.flags != 0 && !s.writtenAsName(k, 1) {
			continue
		}
		start := t.start
		if start > 0 && s.text[start-1] == '@' {
			start--
		}
		s.add(start, t.end, KindName, user)
	}
}

const nameBitsLen = 8192

// nameBit hashes a folded word for Redactor.nameBits (FNV-1a).
func nameBit[T string | []byte](w T) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	return h % nameBitsLen
}

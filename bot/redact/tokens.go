package redact

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/peerhours/peerhours/bot/redact/internal/gazetteer"
)

// token is one word of the text: a maximal run of letters and digits. Detectors work on
// tokens rather than on regular expressions because one pass over the text, a map lookup
// per word and a few local checks keep a 300-character message in the microseconds.
type token struct {
	start, end int    // bytes of the text
	fs, fe     int    // the folded form (lower case, accents removed) in scan.fold
	flags      uint64 // lexicon flags of the folded form
	gaz        uint16 // gazetteer flags of the folded form (names, places), for words
	digits     int    // ASCII digits in the token
	letters    int    // letters in the token
	sent       int    // sentence number, for "is this date in a sentence about a person"
	upper      bool   // first rune is upper case ("Hope" rather than "hope")
	allUpper   bool   // every letter is upper case and there are at least two ("HOPE")
}

func (t *token) isDigits() bool { return t.digits > 0 && t.letters == 0 && t.digits == t.end-t.start }
func (t *token) isAlpha() bool  { return t.digits == 0 && t.letters > 0 }
func (t *token) has(f uint64) bool {
	return t.flags&f != 0
}

// asciiClass classifies ASCII bytes for the tokenizer: 0 not part of a word, 'd' digit,
// 'U' upper-case letter, 'l' lower-case letter.
var asciiClass = func() (t [utf8.RuneSelf]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = 'd'
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = 'l'
		t[c-'a'+'A'] = 'U'
	}
	return t
}()

// isWordRune says which runes make up words. Combining marks belong to the letter before
// them, so "José" written with a combining accent stays one word.
func isWordRune(r rune) bool { return gazetteer.IsWordRune(r) }

// tokenize fills s.toks and s.fold from s.text.
//
// Discord markup ("<@123>", "<:emoji:123>") and placeholders ("[email]") become one opaque
// token each, with no letters, digits or flags: the words inside them must not act as
// context ("MRN [id], A1C 6.4" must not read "id" as a cue for "A1C"), and a mention must
// count as one word both before and after it is replaced, or redacting twice would differ
// from redacting once.
func (s *scan) tokenize() {
	text := s.text
	s.opaque = s.opaque[:0]
	s.opaque = append(s.opaque, s.protect...)
	for _, sp := range s.spans {
		if text[sp.start] == '<' {
			s.opaque = append(s.opaque, sp)
		}
	}
	slices.SortFunc(s.opaque, func(a, b span) int { return a.start - b.start })
	next := 0
	for i := 0; i < len(text); {
		for next < len(s.opaque) && s.opaque[next].end <= i {
			next++
		}
		if next < len(s.opaque) && s.opaque[next].start == i {
			s.toks = append(s.toks, token{start: i, end: s.opaque[next].end, fs: len(s.fold), fe: len(s.fold)})
			i = s.opaque[next].end
			continue
		}
		r, w := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(text[i:])
		}
		if !isWordRune(r) {
			i += w
			continue
		}
		t := token{start: i, fs: len(s.fold)}
		first := true
		upperLetters, letters := 0, 0
		for i < len(text) {
			// ASCII fast path: most chat is ASCII, and a table lookup beats the calls
			if c := text[i]; c < utf8.RuneSelf {
				k := asciiClass[c]
				if k == 0 {
					break
				}
				switch k {
				case 'd':
					t.digits++
				case 'U':
					upperLetters++
					if first {
						t.upper = true
					}
					c += 'a' - 'A'
					fallthrough
				default:
					letters++
				}
				first = false
				s.fold = append(s.fold, c)
				i++
				continue
			}
			r, w = utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				break
			}
			switch {
			case '0' <= r && r <= '9':
				t.digits++
			default:
				letters++
				if 'A' <= r && r <= 'Z' || r >= utf8.RuneSelf && unicode.IsUpper(r) {
					upperLetters++
					if first {
						t.upper = true
					}
				}
			}
			first = false
			s.fold = appendFoldRune(s.fold, r)
			i += w
		}
		t.end = i
		t.fe = len(s.fold)
		t.letters = letters
		t.allUpper = letters >= 2 && upperLetters == letters
		if letters > 0 && t.fe-t.fs <= maxWordLen { // digit runs and long words are in no list
			t.flags = lexicon[string(s.fold[t.fs:t.fe])]
		}
		// lower-case function words ("the", "and", "at") name no one and start no place
		if t.digits == 0 && t.fe-t.fs >= 2 && (t.upper || t.flags&fFunc == 0) {
			t.gaz = gazetteer.Default.Lookup(s.fold[t.fs:t.fe])
		}
		s.toks = append(s.toks, t)
	}
	s.markSentences()
}

// markSentences numbers sentences. A full stop after a title or a street abbreviation
// ("Dr.", "St.") does not end one.
func (s *scan) markSentences() {
	sent := 0
	for k := range s.toks {
		s.toks[k].sent = sent
		end := len(s.text)
		if k+1 < len(s.toks) {
			end = s.toks[k+1].start
		}
		gap := s.text[s.toks[k].end:end]
		for j := 0; j < len(gap); j++ {
			switch gap[j] {
			case '!', '?', '\n':
				sent++
			case '.':
				if s.toks[k].has(fTitle|fStreetAbbrev|fIDNoun|fAbbrev) || len(s.toks[k].text(s.text)) == 1 {
					continue
				}
				if s.toks[k].isDigits() && s.toks[k].digits <= 2 && k+1 < len(s.toks) && s.toks[k+1].has(fMonth) {
					continue // "am 12. März"
				}
				if j+1 == len(gap) || gap[j+1] == ' ' || gap[j+1] == '\n' {
					sent++
				}
			}
		}
	}
}

func (t *token) text(s string) string { return s[t.start:t.end] }

// key is the folded form of token k, for map lookups and comparisons.
func (s *scan) key(k int) string { return string(s.fold[s.toks[k].fs:s.toks[k].fe]) }

// keyIs compares the folded form of token k with w without allocating.
func (s *scan) keyIs(k int, w string) bool {
	t := &s.toks[k]
	return string(s.fold[t.fs:t.fe]) == w
}

// gap is the text between token k and token k+1 (to the end of the text for the last one).
func (s *scan) gap(k int) string {
	end := len(s.text)
	if k+1 < len(s.toks) {
		end = s.toks[k+1].start
	}
	return s.text[s.toks[k].end:end]
}

// gapBefore is the text between token k-1 and token k (from the start for the first one).
func (s *scan) gapBefore(k int) string {
	start := 0
	if k > 0 {
		start = s.toks[k-1].end
	}
	return s.text[start:s.toks[k].start]
}

// sentenceInitial says whether token k starts a sentence, ignoring quotes, brackets,
// bullets and emoji before it.
func (s *scan) sentenceInitial(k int) bool {
	if k == 0 {
		return true
	}
	if s.toks[k-1].sent != s.toks[k].sent {
		return true
	}
	g := s.gapBefore(k)
	for i := len(g) - 1; i >= 0; i-- {
		if g[i] == ':' {
			return true
		}
	}
	return false
}

func appendFoldRune(dst []byte, r rune) []byte { return gazetteer.AppendFold(dst, r) }

// foldWords splits s into folded words, the way tokenize does; used for member names.
func foldWords(s string) []string {
	var out []string
	var cur []byte
	for _, r := range s {
		if isWordRune(r) {
			cur = appendFoldRune(cur, r)
			continue
		}
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	if len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}

// splitFields is strings.Fields for the word lists, kept here so lexicon files read plainly.
func splitFields(s string) []string {
	var out []string
	start := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\n' || c == '\t' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}
